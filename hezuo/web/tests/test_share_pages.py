"""Freezing a binder and sharing it from its page; the expert's side of a link: no sign-in,
read-only, every opening logged, nothing once revoked."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import User
from hezuo.binders.models import Binder, BinderShare, BinderShareOpening
from hezuo.binders.tests.records import compiled_binder
from tests.personas import Personas


@pytest.fixture
def binder(personas: Personas) -> Binder:
    return compiled_binder(personas)


def url(name: str, *args: object) -> str:
    return reverse(f"web:{name}", args=["alpha", *args])


def test_freeze_share_open_and_revoke(
    personas: Personas, binder: Binder, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    page = alice.get(url("binder", binder.pk)).content.decode()
    assert 'data-testid="freeze"' in page and 'data-testid="shares"' not in page
    alice.post(url("binder-freeze", binder.pk))
    page = alice.get(url("binder", binder.pk)).content.decode()
    assert 'data-testid="frozen"' in page and 'data-testid="shares"' in page

    made = alice.post(url("binder-share", binder.pk), {"label": "省评审专家组", "days": "14"})
    html = made.content.decode()
    link = re.search(rf'value="({re.escape(settings.SITE_URL)}/share/[^"]+/)"', html)
    assert made.status_code == 200 and link is not None
    share = BinderShare.objects.get()
    assert share.label == "省评审专家组"
    assert link.group(1) not in alice.get(url("binder", binder.pk)).content.decode()  # once

    expert = Client()  # nobody signed in
    opened = expert.get(link.group(1), HTTP_USER_AGENT="ExpertBrowser")
    assert opened.status_code == 200 and binder.title in opened.content.decode()
    assert opened["Referrer-Policy"] == "no-referrer" and "noindex" in opened["X-Robots-Tag"]
    view = expert.get(link.group(1) + "view/")
    assert view["Content-Type"] == "application/pdf"
    assert view["Content-Disposition"].startswith("inline")
    download = expert.get(link.group(1) + "download/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    kinds = sorted(BinderShareOpening.objects.values_list("kind", flat=True))
    assert kinds == ["download", "page", "view"]
    assert "ExpertBrowser" in BinderShareOpening.objects.get(kind="page").user_agent
    assert expert.post(link.group(1)).status_code == 405  # read-only

    listed = alice.get(url("binder", binder.pk)).content.decode()
    assert ">3<" in listed.replace(" ", "")  # openings counted on the binder's page
    assert client_of(personas.victor).post(url("binder-share-revoke", share.pk)).status_code == 403
    alice.post(url("binder-share-revoke", share.pk))
    assert expert.get(link.group(1)).status_code == 404
    assert expert.get(link.group(1) + "download/").status_code == 404
    assert BinderShareOpening.objects.count() == 3


def test_bad_share_requests_get_messages_and_store_nothing(
    personas: Personas, binder: Binder, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    early = alice.post(url("binder-share", binder.pk), {"label": "专家", "days": "7"})
    assert "请先定稿" in early.content.decode()
    alice.post(url("binder-freeze", binder.pk))
    bad = alice.post(url("binder-share", binder.pk), {"label": "专家", "days": "999"})
    assert bad.status_code == 200 and "365" in bad.content.decode()
    assert not BinderShare.objects.exists()
    assert client_of(personas.oscar).post(url("binder-freeze", binder.pk)).status_code == 404
    assert Client().get("/share/unknown-link/").status_code == 404
