"""Activities that look alike: what one exchange recorded twice looks like.

Two activities look alike when they have the same dates, the same partners and the same
participation rows (category, role, headcount, days or class-hours), whatever their titles:
"赴港研修" and "赴港研修（教师团）" entered for one trip count its person-days twice. Figures
that merely come out close (3126 人日 of internships beside 3125 人日 of an estimated audience)
are not records that look alike and are never compared. Only activities with participation
rows are compared (without rows, nothing but a date would be alike), and an estimate only with
estimates: estimates are kept apart from counted figures.

A year of many activities is not read row by row: each activity's ``likeness`` (a hash of what
is compared) is kept per month with the tallies, and only activities that share theirs are
compared in full.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from hezuo.activities.models import Activity, Participation

CHUNK = 500  # ids per query, well below every database's limit on parameters
# An activity's dates and whether it is an estimate; a participation row as compared: category,
# role, headcount, days, class-hours (10.00 and 10 are equal decimals).
Dates = tuple[dt.date, dt.date | None, bool]
Row = tuple[str, str, int, Decimal | None, Decimal | None]


@dataclass(frozen=True)
class Lookalikes:
    """Activities (two or more, by id in ascending order) that look alike, and their dates."""

    activity_ids: tuple[int, ...]
    start_on: dt.date
    end_on: dt.date | None


# What a likeness sums an activity's rows to: their number; Σ headcount, Σ days × 100 and
# Σ class-hours × 100 (a missing number as -1); Σ headcount × days × 100; the number of distinct
# categories and roles and the sum of their lengths. Rows alike sum alike.
Summary = tuple[int, ...]


def row_summary(rows: Iterable[tuple[str, str, int, int | None, int | None]]) -> Summary:
    """What ``rows`` (category, role, headcount, days × 100, class-hours × 100) sum to, as the
    tallies' query sums them (``tallies._likenesses``)."""
    listed = list(rows)
    return (
        len(listed),
        sum(headcount for _c, _r, headcount, _d, _h in listed),
        sum(_number(days) for _c, _r, _n, days, _h in listed),
        sum(_number(hours) for _c, _r, _n, _d, hours in listed),
        sum(headcount * _number(days) for _c, _r, headcount, days, _h in listed),
        len({category for category, *_rest in listed}),
        len({role for _c, role, *_rest in listed}),
        sum(len(category) for category, *_rest in listed),
        sum(len(role) for _c, role, *_rest in listed),
    )


def likeness(
    start_on: object,
    end_on: object,
    is_estimate: object,
    partners: Iterable[int],
    summary: Summary,
) -> int:
    """A signed 64-bit hash of what two activities are compared by: dates, estimate flag,
    partners, and what their rows sum to (``row_summary``). Activities that look alike have the
    same one; the converse is checked row by row."""
    canonical = (
        str(start_on),
        str(end_on) if end_on is not None else "",
        bool(is_estimate),
        sorted(partners),
        tuple(int(value) for value in summary),
    )
    digest = hashlib.blake2b(repr(canonical).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _number(value: int | None) -> int:
    return -1 if value is None else int(value)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def lookalike_activities(activities: QuerySet[Activity]) -> list[Lookalikes]:
    """The groups of ``activities`` (cancelled ones left out) that look alike.

    Only activities that share their dates with another are read further (their partners and
    rows), so a year of many activities costs one small query more."""
    by_dates: dict[Dates, list[int]] = defaultdict(list)
    for pk, start_on, end_on, is_estimate in activities.filter(is_cancelled=False).values_list(
        "pk", "start_on", "end_on", "is_estimate"
    ):
        by_dates[(start_on, end_on, is_estimate)].append(pk)
    dates = {pk: key for key, pks in by_dates.items() if len(pks) > 1 for pk in pks}
    candidates = sorted(dates)
    partners: dict[int, set[int]] = defaultdict(set)
    rows: dict[int, list[Row]] = defaultdict(list)
    for chunk in _chunks(candidates):
        for activity_id, partner_id in Activity.partners.through.objects.filter(
            activity_id__in=chunk
        ).values_list("activity_id", "partner_id"):
            partners[activity_id].add(partner_id)
        for activity_id, category, role, headcount, days, hours in Participation.objects.filter(
            activity_id__in=chunk
        ).values_list("activity_id", "person_category", "role", "headcount", "days", "hours"):
            rows[activity_id].append((category, role, headcount, days, hours))
    alike: dict[tuple[Dates, frozenset[int], frozenset[tuple[Row, int]]], list[int]] = defaultdict(
        list
    )
    for pk in candidates:
        if rows[pk]:
            alike[
                (dates[pk], frozenset(partners[pk]), frozenset(Counter(rows[pk]).items()))
            ].append(pk)
    return sorted(
        (
            Lookalikes(tuple(pks), start_on=key[0][0], end_on=key[0][1])
            for key, pks in alike.items()
            if len(pks) > 1
        ),
        key=lambda group: (group.start_on, group.activity_ids),
    )
