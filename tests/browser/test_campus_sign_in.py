"""Campus sign-in in a real Chromium: from hezuo's sign-in page through a CAS server and an
OpenID Connect provider and back, and with an LDAP directory's password on hezuo's own form
(each server in a process of its own on loopback), signed in as the member the server vouched
for; someone hezuo does not know is told whom to ask."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from hezuo.accounts.access import system_access
from hezuo.accounts.models import Role
from hezuo.accounts.services import member_add
from hezuo.demo.loader import load_demo
from tests.browser.conftest import screenshot
from tests.campus.servers import (
    PASSWORD,
    STRANGER,
    ZHANG,
    Person,
    Server,
    cas_server,
    ldap_server,
    ldap_settings,
    oidc_server,
    oidc_settings,
)

pytestmark = pytest.mark.django_db(transaction=True)
SCHOOL = "zhongshan-torch"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Server]]:
    with (
        cas_server(Path(tmp_path_factory.mktemp("cas"))) as cas,
        oidc_server(Path(tmp_path_factory.mktemp("oidc"))) as oidc,
        ldap_server(Path(tmp_path_factory.mktemp("ldap"))) as directory,
    ):
        yield {"cas": cas, "oidc": oidc, "ldap": directory}


@pytest.fixture
def site(live_server: object, settings: object, servers: dict[str, Server]) -> str:
    load_demo()
    member_add(
        access=system_access(school=SCHOOL),
        username=ZHANG.account,
        role=Role.VIEWER,
        display_name="张琳",
    )
    settings.CAS_SERVER_URL = f"{servers['cas'].url}/cas/"  # type: ignore[attr-defined]
    settings.HEZUO_CAS_LABEL = "统一身份认证登录（CAS）"  # type: ignore[attr-defined]
    settings.HEZUO_CAMPUS_SCHOOL = SCHOOL  # type: ignore[attr-defined]
    for name, value in {
        **oidc_settings(servers["oidc"]),
        **ldap_settings(servers["ldap"]),
    }.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [  # type: ignore[attr-defined]
        *settings.AUTHENTICATION_BACKENDS,  # type: ignore[attr-defined]
        "hezuo.accounts.campus_ldap.LdapBackend",
        "hezuo.accounts.campus.CasBackend",
        "hezuo.accounts.campus.OidcBackend",
    ]
    # By its loopback address: an OIDC provider accepts a loopback IP's redirect on any port
    # (RFC 8252), not a name's.
    return str(live_server.url).replace("//localhost:", "//127.0.0.1:")  # type: ignore[attr-defined]


def _through(page: Page, site: str, method: str, person: Person) -> None:
    page.goto(f"{site}/accounts/login/")
    if method != "ldap":  # the directory's password goes into hezuo's own form
        page.click(f"[data-testid=campus-{method}]")
    page.fill("#id_username", person.account)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation(url=f"{site}/**", wait_until="load"):
        page.click("[data-testid=login]" if method == "ldap" else "button[type=submit]")


@pytest.mark.parametrize("method", ["cas", "oidc", "ldap"])
def test_a_member_signs_in_through_the_campus_server(page: Page, site: str, method: str) -> None:
    _through(page, site, method, ZHANG)
    expect(page.locator("h1")).to_contain_text("工作台")
    expect(page.locator("body")).to_contain_text("张琳")


@pytest.mark.parametrize("method", ["cas", "oidc", "ldap"])
def test_someone_hezuo_does_not_know_is_told_whom_to_ask(
    page: Page, site: str, method: str
) -> None:
    _through(page, site, method, STRANGER)
    expect(page.locator("[data-testid=campus-unknown]")).to_contain_text(STRANGER.account)
    expect(page.locator("[data-testid=campus-admins]")).to_be_visible()
    if method == "cas":
        screenshot(page, "campus-unknown")


def test_the_sign_in_page_offers_both_ways_on_a_phone_and_a_desk(
    browser: Browser, site: str
) -> None:
    for language, width, height in (("zh-hans", 1440, 900), ("en", 390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        page = context.new_page()
        page.goto(f"{site}/accounts/login/")
        for method in ("cas", "oidc"):
            expect(page.locator(f"[data-testid=campus-{method}]")).to_be_visible()
        expect(page.locator("[data-testid=directory-hint]")).to_be_visible()
        expect(page.locator("[data-testid=login]")).to_be_visible()
        screenshot(page, f"sign-in-campus-{language}-{width}")
        context.close()
