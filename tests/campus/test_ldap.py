"""Campus sign-in with a directory's password against a real LDAP server (Debian's slapd, in a
process of its own on loopback): the sign-in form's username and password bind to the
directory, and the entry's value names the one hezuo user signed in; nobody is created."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from hezuo.accounts.access import system_access
from hezuo.accounts.models import Role, User
from hezuo.accounts.services import member_add, school_update
from tests.campus.servers import PASSWORD, STRANGER, ZHANG, Server, ldap_server, ldap_settings
from tests.personas import Personas

LDAP_BACKEND = "hezuo.accounts.campus_ldap.LdapBackend"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with ldap_server(Path(tmp_path_factory.mktemp("ldap"))) as running:
        yield running


@pytest.fixture
def directory(server: Server, settings: object) -> Server:
    for name, value in ldap_settings(server).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [  # type: ignore[attr-defined]
        *settings.AUTHENTICATION_BACKENDS,  # type: ignore[attr-defined]
        LDAP_BACKEND,
    ]
    return server


def sign_in(client: Client, username: str, password: str = PASSWORD) -> str:
    answer = client.post("/accounts/login/", {"username": username, "password": password})
    return str(answer["Location"]) if answer.status_code == 302 else ""


def signed_in_as(client: Client) -> User | None:
    pk = client.session.get(SESSION_KEY)
    return None if pk is None else User.objects.get(pk=pk)


def test_a_member_signs_in_with_the_directorys_password(
    personas: Personas, directory: Server
) -> None:
    zhang = member_add(
        access=system_access(school=personas.alpha), username=ZHANG.account, role=Role.VIEWER
    ).user
    assert not zhang.has_usable_password(), "no hezuo password"
    users = User.objects.count()
    client = Client()
    assert sign_in(client, ZHANG.account) == "/"
    assert signed_in_as(client) == zhang
    assert User.objects.count() == users
    assert sign_in(Client(), ZHANG.account, "wrong password") == ""


def test_an_attribute_of_the_entry_can_be_the_value_matched(
    personas: Personas, directory: Server, settings: object
) -> None:
    settings.HEZUO_LDAP_ATTRIBUTE = "employeeNumber"  # type: ignore[attr-defined]
    access = system_access(school=personas.alpha)
    member_add(access=access, username=ZHANG.account, role=Role.VIEWER)
    by_number = member_add(access=access, username=ZHANG.staff_number, role=Role.VIEWER).user
    client = Client()
    sign_in(client, ZHANG.account)
    assert signed_in_as(client) == by_number


def test_a_right_password_for_someone_hezuo_does_not_know_says_whom_to_ask(
    personas: Personas, directory: Server
) -> None:
    users = User.objects.count()
    client = Client()
    assert sign_in(client, STRANGER.account) == "/accounts/campus/unknown/"
    assert signed_in_as(client) is None
    assert User.objects.count() == users
    page = client.get("/accounts/campus/unknown/").content.decode()
    assert STRANGER.account in page and "LDAP" in page
    # A wrong password says only that: nothing about who exists.
    wrong = Client().post(
        "/accounts/login/", {"username": STRANGER.account, "password": "wrong password"}
    )
    assert wrong.status_code == 200 and "campus" not in wrong.get("Location", "")


def test_the_directorys_password_works_where_hezuo_passwords_are_off(
    personas: Personas, directory: Server
) -> None:
    access = system_access(school=personas.alpha)
    zhang = member_add(
        access=access, username=ZHANG.account, role=Role.VIEWER, password="Local-pass-2031-x"
    ).user
    school_update(access=access, password_sign_in=False)
    refused = Client().post(
        "/accounts/login/", {"username": ZHANG.account, "password": "Local-pass-2031-x"}
    )
    assert "已停用 hezuo 密码登录" in refused.content.decode()
    client = Client()
    assert sign_in(client, ZHANG.account) == "/"
    assert signed_in_as(client) == zhang


def test_the_sign_in_page_says_the_campus_password_is_taken(directory: Server, db: None) -> None:
    page = Client().get("/accounts/login/").content.decode()
    assert 'data-testid="directory-hint"' in page
