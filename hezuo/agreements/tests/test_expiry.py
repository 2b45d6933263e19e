"""Expiry warnings at 90, 60 and 30 days."""

from __future__ import annotations

import datetime as dt

import pytest

from hezuo.agreements.calculations import warning_threshold
from hezuo.agreements.models import AgreementKind, AgreementStatus
from hezuo.agreements.selectors import agreement_list_expiring
from hezuo.agreements.services import agreement_create
from tests.personas import Personas

TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [
        (120, None),
        (91, None),
        (90, 90),
        (61, 90),
        (60, 60),
        (31, 60),
        (30, 30),
        (0, 30),
        (-1, None),
    ],
)
def test_the_threshold_reached(days_left: int, threshold: int | None) -> None:
    assert warning_threshold(TODAY + dt.timedelta(days=days_left), TODAY) == threshold


def test_no_end_date_means_no_warning() -> None:
    assert warning_threshold(None, TODAY) is None


def test_expiring_lists_agreements_in_force_within_ninety_days(personas: Personas) -> None:
    access = personas.access(personas.alice)

    def agreement(title: str, until: dt.date, status: AgreementStatus) -> None:
        agreement_create(
            access=access,
            title=title,
            kind=AgreementKind.MOU,
            partners=[],
            status=status,
            signed_on=dt.date(2020, 1, 1),
            valid_until=until,
        )

    agreement("soon", TODAY + dt.timedelta(days=20), AgreementStatus.IN_FORCE)
    agreement("later", TODAY + dt.timedelta(days=80), AgreementStatus.SIGNED)
    agreement("far", TODAY + dt.timedelta(days=200), AgreementStatus.IN_FORCE)
    agreement("gone", TODAY - dt.timedelta(days=1), AgreementStatus.IN_FORCE)
    agreement("ended", TODAY + dt.timedelta(days=10), AgreementStatus.TERMINATED)
    titles = [a.title for a in agreement_list_expiring(access=access, today=TODAY)]
    assert titles == ["soon", "later"]
