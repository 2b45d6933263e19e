"""What a school's monthly tallies should hold — its records summed one by one in Python — and
a few records to sum: shared by the tally tests."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from hezuo.accounts.access import Access
from hezuo.activities import tallies
from hezuo.activities.lookalikes import likeness, row_summary
from hezuo.activities.models import (
    Activity,
    ActivityLikeness,
    ActivityType,
    Direction,
    Mode,
    Participation,
    ParticipationRole,
    ParticipationTally,
    PersonCategory,
    StaleMonth,
)
from hezuo.activities.services import ParticipationInput, activity_create
from hezuo.core.models import School
from hezuo.partners.models import Partner

# The span the tally tests write in.
FIRST, LAST = dt.date(2020, 12, 1), dt.date(2022, 1, 31)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def expected_participations(school: School) -> dict[tuple[Any, ...], list[int]]:
    """The school's participation rows summed one by one, by month and tally key."""
    sums: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in Participation.objects.filter(
        activity__school=school, activity__is_cancelled=False
    ).select_related("activity"):
        activity = row.activity
        partners = list(activity.partners.all())
        key = (
            _month(activity.start_on),
            activity.activity_type,
            activity.direction,
            activity.mode,
            activity.is_estimate,
            activity.evidence.filter(review_status="approved").exists(),
            ",".join(sorted({p.region_category for p in partners})),
            ",".join(sorted({p.org_type for p in partners})),
            row.person_category,
            row.role,
        )
        total = sums[key]
        total[0] += row.headcount
        total[1] += int(row.headcount * (row.days or 0) * 100)
        total[2] += int(row.headcount * (row.hours or 0) * 100)
        total[3] += 1
    return dict(sums)


def expected_activities(school: School) -> dict[tuple[Any, ...], int]:
    counts: dict[tuple[Any, ...], int] = defaultdict(int)
    for activity in Activity.objects.filter(school=school, is_cancelled=False):
        counts[(activity.activity_type, _month(activity.start_on))] += 1
    return dict(counts)


def expected_likenesses(school: School) -> dict[int, tuple[dt.date, int]]:
    """Each activity's month and likeness, from its records read through the ORM."""
    found = {}
    activities = Activity.objects.filter(school=school, is_cancelled=False)
    for activity in activities.prefetch_related("partners", "participations"):
        rows = [
            (
                row.person_category,
                row.role,
                row.headcount,
                None if row.days is None else int(row.days * 100),
                None if row.hours is None else int(row.hours * 100),
            )
            for row in activity.participations.all()
        ]
        if rows:
            partners = [partner.pk for partner in activity.partners.all()]
            found[activity.pk] = (
                _month(activity.start_on),
                likeness(
                    activity.start_on,
                    activity.end_on,
                    activity.is_estimate,
                    partners,
                    row_summary(rows),
                ),
            )
    return found


def stored_participations(school: School) -> dict[tuple[Any, ...], list[int]]:
    stored: dict[tuple[Any, ...], list[int]] = {}
    for tally in ParticipationTally.objects.filter(school=school):
        key = (tally.month, *(getattr(tally, column) for column in tallies.PARTICIPATION_KEY))
        assert key not in stored, f"two tally rows for {key}"
        stored[key] = [getattr(tally, column) for column in tallies.PARTICIPATION_SUMS]
    return stored


def assert_tallies_match(school: School) -> None:
    expected = expected_participations(school)
    everything = tallies.participation_totals(
        school_id=school.pk, first=FIRST, last=LAST, by=tallies.PARTICIPATION_KEY
    )
    summed: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for key, sums in expected.items():
        summed[key[1:]] = [a + b for a, b in zip(summed[key[1:]], sums, strict=True)]
    assert {tuple(row[:9]): list(row[9:]) for row in everything} == dict(summed)
    assert not StaleMonth.objects.filter(school=school).exists()
    assert stored_participations(school) == expected
    stored = ActivityLikeness.objects.filter(school=school)
    assert {row.activity_id: (row.month, row.likeness) for row in stored} == expected_likenesses(
        school
    )
    by_month = tallies.activity_totals(school_id=school.pk, first=FIRST, last=LAST)
    assert {(kind, month): count for kind, month, count in by_month} == expected_activities(school)


def exchange(
    access: Access,
    start_on: dt.date,
    *rows: ParticipationInput,
    partners: list[Partner] | None = None,
    kind: ActivityType = ActivityType.STUDENT_EXCHANGE,
) -> Activity:
    """A student exchange (or an activity of ``kind``) with its participation rows."""
    return activity_create(
        access=access,
        title="研习营",
        activity_type=kind,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=start_on,
        partners=partners or [],
        participations=rows,
    )


def students(headcount: int, *, days: int = 0, hours: int = 0) -> ParticipationInput:
    return ParticipationInput(
        PersonCategory.STUDENT,
        ParticipationRole.TRAINEE,
        headcount,
        days=Decimal(days) if days else None,
        hours=Decimal(hours) if hours else None,
    )


def bare(access: Access) -> Activity:
    """An activity of May 2021 with no participation rows."""
    return exchange(access, dt.date(2021, 5, 5), kind=ActivityType.OTHER)
