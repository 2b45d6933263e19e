"""Behind the school's HTTPS proxy: the visitor's address comes from X-Forwarded-For only when
a trusted proxy sent it, HTTPS is known from the proxy's header, share links are built on the
site's own https:// address, no log line keeps a share token, and Django's deployment check is
clean with the production settings the README documents."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from hezuo.binders.models import Binder, BinderShareOpening
from hezuo.binders.tests.records import compiled_binder
from hezuo.core.logs import RedactingFormatter
from hezuo.web.clients import client_address
from tests.installation import HEZUO, environment
from tests.personas import Personas

PROXY = "10.0.0.5"


@pytest.fixture
def proxied(settings: object) -> None:
    settings.HEZUO_TRUSTED_PROXIES = ["10.0.0.0/24", "::1"]  # type: ignore[attr-defined]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("remote", "forwarded", "visitor"),
    [
        (PROXY, "203.0.113.7", "203.0.113.7"),  # one trusted proxy
        (PROXY, "203.0.113.7, 10.0.0.9", "203.0.113.7"),  # two trusted hops
        (PROXY, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # what the visitor wrote is not
        ("198.51.100.1", "203.0.113.7", "198.51.100.1"),  # no proxy: the header is a lie
        (PROXY, "", PROXY),  # a proxy that says nothing
        (PROXY, "not-an-address", PROXY),
        ("::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_visitor_is_named_by_trusted_proxies_only(
    proxied: None, remote: str, forwarded: str, visitor: str
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == visitor


def test_https_is_known_from_the_proxys_header(proxied: None) -> None:
    assert RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https").is_secure()
    assert not RequestFactory().get("/").is_secure()


@pytest.fixture
def binder(personas: Personas) -> Binder:
    return compiled_binder(personas)


def test_a_share_link_is_https_on_the_site_and_its_opening_names_the_visitor(
    personas: Personas,
    binder: Binder,
    proxied: None,
    settings: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.SITE_URL = "https://hezuo.example.edu.cn"  # type: ignore[attr-defined]
    settings.ALLOWED_HOSTS = ["hezuo.example.edu.cn", "testserver"]  # type: ignore[attr-defined]
    alice = Client()
    alice.force_login(personas.alice)
    alice.post(reverse("web:binder-freeze", args=["alpha", binder.pk]))
    made = alice.post(
        reverse("web:binder-share", args=["alpha", binder.pk]), {"label": "专家组", "days": "7"}
    )
    link = re.search(
        r'value="(https://hezuo\.example\.edu\.cn/share/([^"/]+)/)"', made.content.decode()
    )
    assert link is not None, "the link is on the site's own https:// address"
    token = link.group(2)

    expert = Client(REMOTE_ADDR=PROXY)
    opened = expert.get(
        f"/share/{token}/", HTTP_X_FORWARDED_FOR="203.0.113.7", HTTP_X_FORWARDED_PROTO="https"
    )
    assert opened.status_code == 200
    assert BinderShareOpening.objects.get().ip_address == "203.0.113.7"

    formatter = RedactingFormatter("%(message)s")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert Client().get(f"/share/{token}x/").status_code == 404
    lines = [formatter.format(record) for record in caplog.records]
    assert lines and all(token not in line for line in lines), lines
    assert any("/share/…/" in line for line in lines)


def test_the_deployment_check_is_clean_with_the_documented_settings(tmp_path: Path) -> None:
    env = environment(
        tmp_path,
        HEZUO_SECRET_KEY="x" * 12 + "-a-long-random-secret-of-fifty-or-more-characters-9f3k",
        HEZUO_ALLOWED_HOSTS="hezuo.example.edu.cn",
        HEZUO_SITE_URL="https://hezuo.example.edu.cn",
        HEZUO_CSRF_TRUSTED_ORIGINS="https://hezuo.example.edu.cn",
        HEZUO_SECURE_COOKIES="1",
        HEZUO_PROXY_HTTPS_HEADER="X-Forwarded-Proto",
        HEZUO_TRUSTED_PROXIES="127.0.0.1",
        HEZUO_SSL_REDIRECT="1",
        HEZUO_HSTS_SECONDS="31536000",
    )
    checked = subprocess.run(
        [*HEZUO, "manage", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues" in checked.stdout, checked.stdout + checked.stderr
