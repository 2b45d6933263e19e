"""Campus sign-in through a real CAS server (django-mama-cas, in a process of its own on
loopback): a person the server vouches for is signed in as the one hezuo user their value
matches, and nobody else is — nor created."""

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
from hezuo.accounts.services import member_add, school_create, school_update
from hezuo.core.models import School, SchoolStage
from tests.campus.servers import PASSWORD, STRANGER, ZHANG, Person, Server, cas_server
from tests.personas import Personas
from tests.stack import free_port

CAS_BACKEND = "hezuo.accounts.campus.CasBackend"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with cas_server(Path(tmp_path_factory.mktemp("cas"))) as running:
        yield running


@pytest.fixture
def cas(server: Server, settings: object) -> Server:
    settings.CAS_SERVER_URL = f"{server.url}/cas/"  # type: ignore[attr-defined]
    settings.AUTHENTICATION_BACKENDS = [  # type: ignore[attr-defined]
        *settings.AUTHENTICATION_BACKENDS,  # type: ignore[attr-defined]
        CAS_BACKEND,
    ]
    return server


def cas_sign_in(client: Client, person: Person, password: str = PASSWORD) -> str:
    """Through hezuo to the CAS server's sign-in form and back with its ticket, as a browser
    goes; where hezuo sends the person at the end."""
    start = client.get("/accounts/campus/cas/?next=/")
    assert start.status_code == 302, start.status_code
    login = start["Location"]
    assert "/cas/login?service=" in login, login
    browser = requests.Session()
    form = browser.get(login, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None, form.text[:500]
    answer = browser.post(
        login,
        data={
            "username": person.account,
            "password": password,
            "csrfmiddlewaretoken": token.group(1),
        },
        headers={"Referer": login},
        allow_redirects=False,
        timeout=10,
    )
    if answer.status_code != 302:
        return ""  # the CAS server refused the password: hezuo never hears of it
    back = urllib.parse.urlsplit(answer.headers["Location"])
    assert "ticket=ST-" in back.query, back
    done = client.get(f"{back.path}?{back.query}")
    assert done.status_code == 302, done.status_code
    return str(done["Location"])


def signed_in_as(client: Client) -> User | None:
    pk = client.session.get(SESSION_KEY)
    return None if pk is None else User.objects.get(pk=pk)


def test_a_member_is_signed_in_as_the_user_their_cas_account_names(
    personas: Personas, cas: Server
) -> None:
    zhang = member_add(
        access=system_access(school=personas.alpha), username=ZHANG.account, role=Role.VIEWER
    ).user
    users = User.objects.count()
    client = Client()
    assert cas_sign_in(client, ZHANG) == "/"
    assert signed_in_as(client) == zhang
    assert client.get("/").status_code == 302, "home leads to her school"
    assert User.objects.count() == users


def test_an_attribute_can_be_the_value_matched(
    personas: Personas, cas: Server, settings: object
) -> None:
    settings.HEZUO_CAS_ATTRIBUTE = "employeeNumber"  # type: ignore[attr-defined]
    access = system_access(school=personas.alpha)
    # The office made her username her 工号 (any case); her campus account's name is not one.
    member_add(access=access, username=ZHANG.account, role=Role.VIEWER)
    by_number = member_add(access=access, username="t20190017", role=Role.VIEWER).user
    client = Client()
    cas_sign_in(client, ZHANG)
    assert signed_in_as(client) == by_number


def test_e_mail_can_be_what_is_matched(personas: Personas, cas: Server, settings: object) -> None:
    settings.HEZUO_CAMPUS_MATCH = "email"  # type: ignore[attr-defined]
    settings.HEZUO_CAS_ATTRIBUTE = "mail"  # type: ignore[attr-defined]
    access = system_access(school=personas.alpha)
    zhang = member_add(
        access=access, username="zl", role=Role.VIEWER, email=ZHANG.email.upper()
    ).user
    client = Client()
    cas_sign_in(client, ZHANG)
    assert signed_in_as(client) == zhang

    # Two users with the address: neither is chosen.
    member_add(access=access, username="zl2", role=Role.VIEWER, email=ZHANG.email)
    client = Client()
    assert cas_sign_in(client, ZHANG) == "/accounts/campus/unknown/"
    assert signed_in_as(client) is None
    page = client.get("/accounts/campus/unknown/")
    assert "不止一个用户" in page.content.decode()


def test_someone_hezuo_does_not_know_is_told_whom_to_ask_and_nothing_is_made(
    db: None, cas: Server, settings: object
) -> None:
    settings.HEZUO_CAMPUS_SCHOOL = "torch"  # type: ignore[attr-defined]
    school = school_create(
        name="火炬职业技术学院", slug="torch", stage=SchoolStage.HIGHER, province="44"
    )
    admin = member_add(
        access=system_access(school=school),
        username="chen",
        role=Role.OFFICE_ADMIN,
        display_name="陈老师",
        email="chen@torch.edu.cn",
    ).user
    users = User.objects.count()
    client = Client()
    assert cas_sign_in(client, STRANGER) == "/accounts/campus/unknown/"
    assert signed_in_as(client) is None
    assert User.objects.count() == users
    page = client.get("/accounts/campus/unknown/")
    text = page.content.decode()
    assert page.status_code == 403
    assert STRANGER.account in text and "用户名填写" in text
    assert admin.display_name in text and "chen@torch.edu.cn" in text
    # Without a campus identity in the session, nobody's address is shown.
    assert "chen@torch.edu.cn" not in Client().get("/accounts/campus/unknown/").content.decode()


def test_an_inactive_user_a_wrong_password_and_a_forged_ticket_sign_nobody_in(
    personas: Personas, cas: Server
) -> None:
    zhang = member_add(
        access=system_access(school=personas.alpha), username=ZHANG.account, role=Role.VIEWER
    ).user
    client = Client()
    assert cas_sign_in(client, ZHANG, password="wrong") == ""
    assert signed_in_as(client) is None

    forged = client.get("/accounts/campus/cas/?next=/&ticket=ST-1-forged-by-hand")
    assert forged.status_code == 302 and forged["Location"] == "/accounts/campus/unknown/"
    assert signed_in_as(client) is None

    User.objects.filter(pk=zhang.pk).update(is_active=False)
    client = Client()
    cas_sign_in(client, ZHANG)
    assert signed_in_as(client) is None


def test_a_school_can_switch_its_passwords_off_once_campus_sign_in_is_there(
    personas: Personas, cas: Server, settings: object
) -> None:
    access = system_access(school=personas.alpha)
    member = member_add(
        access=access, username=ZHANG.account, role=Role.VIEWER, password="Local-pass-2031-x"
    ).user
    form = {"username": ZHANG.account, "password": "Local-pass-2031-x"}
    assert Client().post("/accounts/login/", form).status_code == 302, "the password works"

    school_update(access=access, password_sign_in=False)
    refused = Client().post("/accounts/login/", form)
    assert refused.status_code == 200
    assert "已停用 hezuo 密码登录" in refused.content.decode()
    client = Client()
    cas_sign_in(client, ZHANG)
    assert signed_in_as(client) == member, "the campus sign-in still works"
    # A member of the other school only, and the platform's operator, keep their passwords.
    User.objects.filter(username="oscar").update(is_superuser=True)
    oscar = User.objects.get(username="oscar")
    oscar.set_password("Operator-pass-2031")
    oscar.save()
    operator = Client().post(
        "/accounts/login/", {"username": "oscar", "password": "Operator-pass-2031"}
    )
    assert operator.status_code == 302


def test_passwords_stay_on_where_no_campus_sign_in_is_offered(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        school_update(access=system_access(school=personas.alpha), password_sign_in=False)
    assert "尚未配置统一身份认证" in str(refused.value)
    assert School.objects.get(pk=personas.alpha.pk).password_sign_in is True
    page = Client().get("/accounts/login/").content.decode()
    assert "campus-cas" not in page
    assert Client().get("/accounts/campus/cas/").status_code == 404
    assert Client().get("/accounts/campus/oidc/").status_code == 404


def test_the_sign_in_page_offers_the_campus_sign_in(cas: Server, db: None) -> None:
    page = Client().get("/accounts/login/?next=/s/alpha/").content.decode()
    assert 'data-testid="campus-cas"' in page
    assert "/accounts/campus/cas/?next=/s/alpha/" in page


def test_a_cas_server_that_cannot_be_reached_signs_nobody_in(db: None, settings: object) -> None:
    settings.CAS_SERVER_URL = f"http://127.0.0.1:{free_port()}/cas/"  # type: ignore[attr-defined]
    settings.AUTHENTICATION_BACKENDS = [  # type: ignore[attr-defined]
        *settings.AUTHENTICATION_BACKENDS,  # type: ignore[attr-defined]
        CAS_BACKEND,
    ]
    client = Client()
    answer = client.get("/accounts/campus/cas/?next=/&ticket=ST-1-nobody-checks-it")
    assert answer.status_code == 302 and answer["Location"] == "/accounts/campus/unknown/"
    assert signed_in_as(client) is None
