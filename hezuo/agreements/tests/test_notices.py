"""The daily expiry digest: each threshold announced once, by e-mail, to the office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from hezuo.agreements.models import ExpiryNotice
from hezuo.core.models import School

pytestmark = pytest.mark.django_db
# The demo's NAIT agreement runs to 2027-01-31.
SEVENTY_DAYS_BEFORE = "2026-11-22"
FIFTY_SEVEN_DAYS_BEFORE = "2026-12-05"


@pytest.fixture(autouse=True)
def _demo(demo: list[School]) -> None:
    """The demo schools' agreements."""


Notify = Callable[[str | dt.date], None]


@pytest.fixture
def notify(django_capture_on_commit_callbacks: Any) -> Notify:
    """Run the daily command; mail leaves on commit, so each run's commit callbacks run as
    its commit would."""

    def run(today: str | dt.date) -> None:
        day = dt.date.fromisoformat(today) if isinstance(today, str) else today
        with django_capture_on_commit_callbacks(execute=True):
            call_command("notify_expiring", today=day)

    return run


def test_the_office_hears_once_when_ninety_days_are_reached(
    notify: Notify,
) -> None:
    notify(SEVENTY_DAYS_BEFORE)
    [message] = mail.outbox
    assert message.to == ["torch-admin@hezuo.invalid"]
    assert "中山火炬职业技术学院：1 份合作协议即将到期" in message.subject
    assert "应用电子技术专业中外合作办学协议：2027-01-31 到期，剩余 70 天" in message.body
    notice = ExpiryNotice.objects.get()
    assert (notice.threshold, notice.days_left) == (90, 70)


def test_running_again_sends_nothing_new(notify: Notify) -> None:
    today = dt.date.fromisoformat(SEVENTY_DAYS_BEFORE)
    notify(today)
    notify(today)
    notify(today + dt.timedelta(days=5))
    assert len(mail.outbox) == 1
    assert ExpiryNotice.objects.count() == 1


def test_the_next_threshold_is_announced_in_its_turn(
    notify: Notify,
) -> None:
    notify(SEVENTY_DAYS_BEFORE)
    notify(FIFTY_SEVEN_DAYS_BEFORE)
    assert len(mail.outbox) == 2
    assert sorted(ExpiryNotice.objects.values_list("threshold", flat=True)) == [60, 90]
    assert "剩余 57 天" in mail.outbox[1].body


def test_a_renewed_agreement_is_announced_again_for_its_new_date(
    notify: Notify,
) -> None:
    from hezuo.accounts.access import system_access
    from hezuo.agreements.models import Agreement
    from hezuo.agreements.services import agreement_update

    notify(SEVENTY_DAYS_BEFORE)
    access = system_access(school="zhongshan-torch")
    agreement = Agreement.objects.get(title="应用电子技术专业中外合作办学协议")
    agreement_update(access=access, agreement=agreement, valid_until=dt.date(2027, 2, 10))
    notify(FIFTY_SEVEN_DAYS_BEFORE)
    assert ExpiryNotice.objects.filter(valid_until=dt.date(2027, 2, 10)).exists()
