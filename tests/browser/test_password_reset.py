"""A forgotten password, reset from the sign-in page through the mailed link, in a real Chromium."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from hezuo.demo.loader import load_demo
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "Fenghuang-2031-qiao"


@pytest.fixture
def site(live_server: object, settings: object) -> str:
    load_demo()
    url = str(live_server.url)  # type: ignore[attr-defined]
    settings.SITE_URL = url  # type: ignore[attr-defined]  # the mailed link's address
    return url


def test_a_forgotten_password_is_reset_from_the_sign_in_page(page: Page, site: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.click("[data-testid=forgot-password]")
    page.fill("#id_email", "torch-reviewer@hezuo.invalid")
    page.click("[data-testid=send-reset]")
    expect(page.locator("[data-testid=reset-sent]")).to_be_visible()

    (message,) = mail.outbox
    link = re.search(rf"{re.escape(site)}/accounts/password/reset/\S+/", str(message.body))
    assert link is not None, message.body
    page.goto(link.group(0))
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    screenshot(page, "password-reset")
    page.click("[data-testid=set-password]")
    expect(page.locator("[data-testid=reset-complete]")).to_be_visible()

    page.get_by_role("link", name="登录").click()
    page.fill("#id_username", "torch-reviewer")
    page.fill("#id_password", NEW_PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.click("[data-testid=login]")
    expect(page.locator("h1")).to_contain_text("工作台")
