"""Browser tests: Playwright drives Debian's Chromium against a live hezuo.

scripts/setup.sh installs Chromium; CI must have it. Screenshots of the main pages are saved
to artifacts/screenshots/ (kept by CI as artefacts). Every page any browser test opens is
watched for what the Content-Security-Policy refused (Chromium says so on the console): a test
fails when a page of hezuo's broke the policy.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls (loading
# the demo) are ordinary blocking code, which Django must be told is fine here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

CHROMIUM = os.environ.get("HEZUO_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# Flags for a headless Chromium on a machine with no network but loopback.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI ({CHROMIUM}); scripts/setup.sh installs it")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: run scripts/setup.sh as root")
    with sync_playwright() as playwright:
        yield playwright


VIOLATIONS: list[str] = []


def _watch(page: Page) -> None:
    def heard(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            VIOLATIONS.append(f"{page.url}: {message.text}")

    page.on("console", heard)


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
    new_context, new_page = browser.new_context, browser.new_page

    def watched_context(*args: Any, **kwargs: Any) -> BrowserContext:
        context = new_context(*args, **kwargs)
        context.on("page", _watch)
        return context

    def watched_page(*args: Any, **kwargs: Any) -> Page:
        page = new_page(*args, **kwargs)
        _watch(page)
        return page

    browser.new_context = watched_context  # type: ignore[method-assign]
    browser.new_page = watched_page  # type: ignore[method-assign]
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def no_policy_violation() -> Iterator[None]:
    VIOLATIONS.clear()
    yield
    assert not VIOLATIONS, "the Content-Security-Policy refused:\n" + "\n".join(VIOLATIONS)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
