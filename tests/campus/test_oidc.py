"""Campus sign-in through a real OpenID Connect provider (django-oauth-toolkit, in a process of
its own on loopback): its ID token is checked against its published keys, and the claim
configured names the one hezuo user signed in."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.test import Client

from hezuo.accounts.access import system_access
from hezuo.accounts.models import Role, User
from hezuo.accounts.services import member_add
from tests.campus.servers import (
    PASSWORD,
    STRANGER,
    ZHANG,
    Person,
    Server,
    oidc_server,
    oidc_settings,
)
from tests.personas import Personas

OIDC_BACKEND = "hezuo.accounts.campus.OidcBackend"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with oidc_server(Path(tmp_path_factory.mktemp("oidc"))) as running:
        yield running


@pytest.fixture
def oidc(server: Server, settings: object) -> Server:
    for name, value in oidc_settings(server).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [  # type: ignore[attr-defined]
        *settings.AUTHENTICATION_BACKENDS,  # type: ignore[attr-defined]
        OIDC_BACKEND,
    ]
    return server


def oidc_sign_in(client: Client, server: Server, person: Person) -> str:
    """Through hezuo to the provider, signed in there, and back with its code, as a browser
    goes; where hezuo sends the person at the end."""
    start = client.get("/accounts/campus/oidc/?next=/")
    assert start.status_code == 302, start.status_code
    authorize = start["Location"]
    assert authorize.startswith(f"{server.url}/o/authorize/"), authorize
    browser = requests.Session()
    login = browser.get(authorize, timeout=10)  # the provider asks who it is first
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
    following = re.search(r'name="next" value="([^"]+)"', login.text)
    assert token is not None and following is not None, login.text[:500]
    signed = browser.post(
        login.url,
        data={
            "username": person.account,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token.group(1),
            "next": following.group(1).replace("&amp;", "&"),
        },
        headers={"Referer": login.url},
        allow_redirects=False,
        timeout=10,
    )
    assert signed.status_code == 302, signed.text[:500]
    answer = browser.get(
        urllib.parse.urljoin(server.url, signed.headers["Location"]),
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]
    back = urllib.parse.urlsplit(answer.headers["Location"])
    assert back.path == "/accounts/campus/oidc/callback/" and "code=" in back.query, back
    done = client.get(f"{back.path}?{back.query}")
    assert done.status_code == 302, done.status_code
    return str(done["Location"])


def signed_in_as(client: Client) -> User | None:
    pk = client.session.get(SESSION_KEY)
    return None if pk is None else User.objects.get(pk=pk)


def test_a_member_is_signed_in_as_the_user_the_claim_names(
    personas: Personas, oidc: Server
) -> None:
    zhang = member_add(
        access=system_access(school=personas.alpha), username=ZHANG.account, role=Role.VIEWER
    ).user
    users = User.objects.count()
    client = Client()
    assert oidc_sign_in(client, oidc, ZHANG) == "/"
    assert signed_in_as(client) == zhang
    assert User.objects.count() == users
    assert zhang.first_name == User.objects.get(pk=zhang.pk).first_name, "nothing copied"


def test_another_claim_can_be_the_value_matched(
    personas: Personas, oidc: Server, settings: object
) -> None:
    settings.HEZUO_OIDC_CLAIM = "employee_number"  # type: ignore[attr-defined]
    access = system_access(school=personas.alpha)
    member_add(access=access, username=ZHANG.account, role=Role.VIEWER)
    by_number = member_add(access=access, username=ZHANG.staff_number, role=Role.VIEWER).user
    client = Client()
    oidc_sign_in(client, oidc, ZHANG)
    assert signed_in_as(client) == by_number


def test_someone_hezuo_does_not_know_signs_nobody_in(personas: Personas, oidc: Server) -> None:
    users = User.objects.count()
    client = Client()
    assert oidc_sign_in(client, oidc, STRANGER) == "/accounts/campus/unknown/"
    assert signed_in_as(client) is None
    assert User.objects.count() == users
    page = client.get("/accounts/campus/unknown/").content.decode()
    assert STRANGER.account in page and "OpenID Connect" in page


def test_a_callback_without_the_providers_code_signs_nobody_in(
    personas: Personas, oidc: Server
) -> None:
    member_add(
        access=system_access(school=personas.alpha), username=ZHANG.account, role=Role.VIEWER
    )
    client = Client()
    client.get("/accounts/campus/oidc/?next=/")  # a state is kept in the session
    state = next(iter(client.session["oidc_states"]))
    forged = client.get(f"/accounts/campus/oidc/callback/?code=made-up&state={state}")
    assert forged.status_code == 302 and forged["Location"] == "/accounts/campus/unknown/"
    assert signed_in_as(client) is None
