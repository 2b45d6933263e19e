"""Every page of a school that a GET opens, for its office admin, in a real Chromium — the list
the role matrix makes from the URL configuration (tests/test_role_matrix.py), so a page added
later is crawled too: none logs a Content-Security-Policy violation (conftest.py's watcher
fails the test on the first) or answers a server error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from hezuo.accounts.models import User
from tests.personas import build_personas
from tests.test_role_matrix import SCHOOL_PAGES, _addresses
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Crawl-every-page-2031"


def test_no_page_breaks_the_policy(browser: Browser, live_server: object) -> None:
    personas = build_personas()
    world = build_world(personas)
    alice = User.objects.get(username="alice")
    alice.set_password(PASSWORD)
    alice.save()
    site = str(live_server.url)  # type: ignore[attr-defined]
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.click("[data-testid=login]")
    crawled = 0
    for route, name in SCHOOL_PAGES:
        for address in _addresses(route, name, world):
            try:
                response = page.goto(site + address)
            except PlaywrightError:
                # A file, not a page (a download), or an answer with no page to show (a 405
                # to a page that only acts): asked for with the same session instead.
                status = page.request.get(site + address).status
                assert status < 500, (address, status)
                continue
            assert response is not None, address
            if response.status == 405:  # a page that only acts (POST)
                continue
            assert response.status < 500, (address, response.status)
            crawled += 1
    context.close()
    assert crawled > 100, crawled
