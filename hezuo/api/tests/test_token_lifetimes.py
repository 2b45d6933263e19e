"""A personal API token ends on its expiry date, and when its owner's membership of the school
ends — revoked then (audited), and not revived when the membership is; its life is chosen
within bounds on the token page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from hezuo.accounts.models import ApiToken, Membership, Role
from hezuo.accounts.services import (
    api_token_create,
    member_add,
    membership_remove,
    membership_set_active,
)
from hezuo.core.errors import HezuoError
from hezuo.core.models import AuditAction, AuditEvent
from tests.personas import Personas

pytestmark = pytest.mark.django_db
BASE = "/api/v1/schools/alpha"


def _status(raw: str) -> int:
    return Client().get(f"{BASE}/evidence/", headers={"Authorization": f"Bearer {raw}"}).status_code


def test_a_token_ends_on_its_expiry_date(
    personas: Personas, time_machine: TimeMachineFixture
) -> None:
    start = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    token, raw = api_token_create(access=personas.access(personas.tom), name="同步", days=30)
    assert token.expires_at == start + dt.timedelta(days=30)
    time_machine.move_to(start + dt.timedelta(days=30) - dt.timedelta(minutes=1), tick=False)
    assert _status(raw) == 200
    time_machine.move_to(start + dt.timedelta(days=30), tick=False)
    assert _status(raw) == 401
    page = Client()
    page.force_login(personas.tom)
    html = page.get(reverse("web:api-tokens", kwargs={"school": "alpha"})).content.decode()
    assert "已过期" in html and "2027-01-06" in html


def test_a_members_tokens_end_with_the_membership_and_are_not_revived(
    personas: Personas,
) -> None:
    admin = personas.access(personas.alice)
    tom = Membership.objects.get(user=personas.tom, school=personas.alpha)
    token, raw = api_token_create(access=personas.access(personas.tom), name="同步")
    assert _status(raw) == 200
    membership_set_active(access=admin, membership=tom, is_active=False)
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(ApiToken),
        object_id=token.pk,
        action=AuditAction.UPDATE,
    ).get()
    assert event.actor == personas.alice and "revoked_at" in event.changes
    membership_set_active(access=admin, membership=tom, is_active=True)
    assert _status(raw) == 401, "a revoked token stays revoked"

    lily = Membership.objects.get(user=personas.lily, school=personas.alpha)
    _token, lilys = api_token_create(access=personas.access(personas.lily), name="导入")
    membership_remove(access=admin, membership=lily)
    assert ApiToken.objects.get(user=personas.lily).revoked_at is not None
    assert _status(lilys) == 401


def test_a_token_of_a_member_with_another_role_stays(personas: Personas) -> None:
    """Taking one of two roles away leaves the member in the school, and their tokens."""
    admin = personas.access(personas.alice)
    second = member_add(access=admin, username="tom", role=Role.REVIEWER)
    _token, raw = api_token_create(access=personas.access(personas.tom), name="同步")
    membership_set_active(access=admin, membership=second, is_active=False)
    assert _status(raw) == 200


def test_a_tokens_life_is_chosen_within_bounds(personas: Personas) -> None:
    access = personas.access(personas.tom)
    for days in (0, -1, 366):
        with pytest.raises(HezuoError, match="1 到 365 天"):
            api_token_create(access=access, name="同步", days=days)
    page = Client()
    page.force_login(personas.tom)
    url = reverse("web:api-tokens", kwargs={"school": "alpha"})
    form = page.get(url).content.decode()
    assert 'value="30"' in form and 'value="365"' in form and 'value="90" selected' in form
    refused = page.post(url, {"name": "同步", "days": "forever"}).content.decode()
    assert "令牌的有效期应在 1 到 365 天之间" in refused
    assert not ApiToken.objects.exists()
    made = page.post(url, {"name": "同步", "days": "180"})
    assert made.status_code == 200
    token = ApiToken.objects.get()
    assert token.expires_at - timezone.now() > dt.timedelta(days=179)
