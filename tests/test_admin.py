"""The admin, in Chinese, opens every list, add and change page — it is the data-repair tool."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import User
from hezuo.core.models import School

MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label not in {"auth"}),
    key=lambda model: model._meta.label,
)


@pytest.fixture
def operator(demo: list[School]) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="platform-admin"))
    return client


def test_every_model_has_an_admin_page_or_inline() -> None:
    from django.apps import apps

    ours = {m for m in apps.get_models() if m.__module__.startswith("hezuo.")}
    inlines = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    assert ours <= set(admin.site._registry) | inlines


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_the_list_and_change_pages_open(operator: Client, model: type[models.Model]) -> None:
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    listing = operator.get(reverse(f"{prefix}_changelist"))
    assert listing.status_code == 200
    assert str(model._meta.verbose_name_plural) in listing.content.decode()
    first = model._default_manager.first()
    if first is not None:
        change = operator.get(reverse(f"{prefix}_change", args=[first.pk]))
        assert change.status_code == 200


def test_the_admin_speaks_chinese_by_default(operator: Client) -> None:
    page = operator.get(reverse("admin:index")).content.decode()
    assert "平台数据维护" in page
    assert "合作方" in page


def test_the_audit_trail_cannot_be_edited_in_the_admin(operator: Client) -> None:
    from hezuo.core.models import AuditEvent

    event = AuditEvent.objects.first()
    assert event is not None
    response = operator.post(
        reverse("admin:core_auditevent_change", args=[event.pk]), {"object_repr": "改"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.object_repr != "改"


def test_a_school_user_who_is_not_staff_cannot_enter_the_admin(operator: Client) -> None:
    client = Client()
    client.force_login(User.objects.get(username="torch-admin"))
    response = client.get(reverse("admin:partners_partner_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
