"""Load the facts indicators count: only the columns they look at, grouped in the database.

Participation rows are grouped by everything filters look at (the activity's type, direction,
mode, estimate flag, partners' regions and types; the row's category and role), so a year of
a large school arrives as a few thousand groups. Values alone are summed from the school's
monthly tallies (``activities.tallies``). With ``with_ids`` the rows themselves are grouped,
also by approved evidence and class-hours, and each group brings the ids of its rows and
activities (the provenance).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from hezuo.accounts.access import Access, Capability
from hezuo.activities.lookalikes import Lookalikes, lookalike_activities
from hezuo.activities.models import Activity, Outcome, Participation
from hezuo.activities.tallies import (
    PARTICIPATION_KEY,
    approved_activities,
    lookalike_candidates,
    participation_totals,
)
from hezuo.assistance.models import AssistanceRecord
from hezuo.core.review import ReviewStatus
from hezuo.indicators.computation import (
    ActivityFact,
    AssistanceFact,
    Facts,
    OutcomeFact,
    ParticipationGroup,
    ProgrammeFact,
    Traits,
)
from hezuo.indicators.periods import Period
from hezuo.indicators.spec import Source
from hezuo.partners.models import Partner
from hezuo.programmes.models import Programme, ProgrammeStatus

APPROVED = ReviewStatus.APPROVED
# Programmes that exist in a year: approved and not yet closed.
RUNNING_PROGRAMME_STATUSES = (
    ProgrammeStatus.APPROVED,
    ProgrammeStatus.ENROLLING,
    ProgrammeStatus.ENROLMENT_STOPPED,
)


@functools.lru_cache(maxsize=4096)
def _split(text: str | None) -> frozenset[str]:
    """The values of a comma-joined list (a few distinct lists, met thousands of times)."""
    return frozenset(part for part in (text or "").split(",") if part)


class _TraitsOf:
    """Each distinct set of traits made once: a year's groups share a few hundred."""

    def __init__(self) -> None:
        self.made: dict[tuple[object, ...], Traits] = {}

    def __call__(
        self,
        kind: str,
        direction: str,
        mode: str,
        estimate: object,
        regions: str | None,
        types: str | None,
        approved: object = None,
    ) -> Traits:
        key = (kind, direction, mode, estimate, regions, types, approved)
        traits = self.made.get(key)
        if traits is None:
            traits = self.made[key] = Traits(
                activity_type=kind,
                direction=direction,
                mode=mode,
                is_estimate=bool(estimate),
                partner_regions=_split(regions),
                partner_types=_split(types),
                has_approved_evidence=None if approved is None else bool(approved),
            )
        return traits


def _ids(text: str | None) -> tuple[int, ...]:
    return tuple(int(part) for part in (text or "").split(",") if part)


def _string_agg(expression: str, *, distinct: bool = False) -> str:
    if connection.vendor == "postgresql":
        keyword = "DISTINCT " if distinct else ""
        return f"string_agg({keyword}CAST({expression} AS TEXT), ',')"
    return f"group_concat({'DISTINCT ' if distinct else ''}{expression})"


def _named(ids: Collection[int]) -> tuple[str, list[Any]]:
    """A condition on ``a.id``: one of ``ids`` (one parameter, whatever their number)."""
    if connection.vendor == "postgresql":
        return "a.id = ANY(%s)", [sorted(ids)]
    return "a.id IN (SELECT value FROM json_each(%s))", [json.dumps(sorted(ids))]


def _traits_sql() -> str:
    """A CTE ``traits`` of the partners' regions and types of each activity of ``acts``."""
    links = Activity.partners.through._meta.db_table
    return f"""
        traits AS (
            SELECT ap.activity_id,
                   {_string_agg("p.region_category", distinct=True)} AS regions,
                   {_string_agg("p.org_type", distinct=True)} AS types
            FROM {links} ap JOIN {Partner._meta.db_table} p ON p.id = ap.partner_id
            WHERE ap.activity_id IN (SELECT id FROM acts)
            GROUP BY ap.activity_id
        )"""


def named_groups(
    *, school_id: int, period: Period, named: Collection[int]
) -> list[ParticipationGroup]:
    """The categories and roles of the rows of the period's estimate-based activities and of
    the activities ``named``, one group per activity, category and role, with the activity's
    id and no sums: which indicators count each of the activities the review warnings name."""
    condition, values = _named(named)
    columns = "a.id, a.activity_type, a.direction, a.mode, a.is_estimate"
    period_of = "a.school_id = %s AND a.is_cancelled = %s AND a.start_on BETWEEN %s AND %s"
    sql = f"""
        WITH acts AS (
            SELECT {columns} FROM {Activity._meta.db_table} a
            WHERE {period_of} AND a.is_estimate = %s
            UNION
            SELECT {columns} FROM {Activity._meta.db_table} a WHERE {period_of} AND {condition}
        ),
        {_traits_sql()}
        SELECT DISTINCT acts.id, acts.activity_type, acts.direction, acts.mode,
               acts.is_estimate, traits.regions, traits.types, pa.person_category, pa.role
        FROM {Participation._meta.db_table} pa
        JOIN acts ON acts.id = pa.activity_id
        LEFT JOIN traits ON traits.activity_id = acts.id"""
    traits_of = _TraitsOf()
    with connection.cursor() as cursor:
        period_params: list[Any] = [school_id, False, period.start, period.end]
        cursor.execute(sql, [*period_params, True, *period_params, *values])
        return [
            ParticipationGroup(traits_of(*row[:6]), row[6], row[7], 0, 0, 0, 0, None, (), (pk,))
            for pk, *row in cursor.fetchall()
        ]


def participation_groups(
    *, school_id: int, period: Period, with_ids: bool
) -> list[ParticipationGroup]:
    """The period's participation rows grouped by the traits filters look at. Values alone
    come from the school's monthly tallies; with ``with_ids`` the rows themselves are grouped
    in one query, also split by class-hours, with their ids."""
    if not with_ids:
        return _tallied_groups(school_id=school_id, period=period)
    activity = Activity._meta.db_table
    participation = Participation._meta.db_table
    hours = "CAST(ROUND(pa.hours * 100) AS BIGINT)"
    days = "CAST(ROUND(pa.days * 100) AS BIGINT)"
    params = (school_id, False, period.start, period.end)
    sql = f"""
        WITH acts AS (
            SELECT a.id, a.activity_type, a.direction, a.mode, a.is_estimate
            FROM {activity} a
            WHERE a.school_id = %s AND a.is_cancelled = %s AND a.start_on BETWEEN %s AND %s
        ),
        {_traits_sql()},
        proven AS ({approved_activities("acts")})
        SELECT acts.activity_type, acts.direction, acts.mode, acts.is_estimate,
               traits.regions, traits.types, pa.person_category, pa.role,
               CASE WHEN proven.activity_id IS NULL THEN 0 ELSE 1 END, {hours},
               SUM(pa.headcount),
               SUM(pa.headcount * COALESCE({days}, 0)),
               SUM(pa.headcount * COALESCE({hours}, 0)),
               COUNT(*), {_string_agg("pa.id")}, {_string_agg("acts.id", distinct=True)}
        FROM {participation} pa
        JOIN acts ON acts.id = pa.activity_id
        LEFT JOIN traits ON traits.activity_id = acts.id
        LEFT JOIN proven ON proven.activity_id = acts.id
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    """
    traits_of = _TraitsOf()
    groups = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            groups.append(
                ParticipationGroup(
                    traits=traits_of(row[0], row[1], row[2], row[3], row[4], row[5], row[8]),
                    person_category=row[6],
                    role=row[7],
                    headcount=int(row[10]),
                    day_hundredths=int(row[11]),
                    hour_hundredths=int(row[12]),
                    rows=int(row[13]),
                    hours_each=None if row[9] is None else int(row[9]),
                    ids=_ids(row[14]),
                    activity_ids=_ids(row[15]),
                )
            )
    return groups


def _tallied_groups(*, school_id: int, period: Period) -> list[ParticipationGroup]:
    traits_of = _TraitsOf()
    groups = []
    for row in participation_totals(
        school_id=school_id, first=period.start, last=period.end, by=PARTICIPATION_KEY
    ):
        kind, direction, mode, estimate, approved, regions, types, category, role = row[:9]
        headcount, day_hundredths, hour_hundredths, count = row[9:]
        traits = traits_of(kind, direction, mode, estimate, regions, types, approved)
        groups.append(
            ParticipationGroup(
                traits=traits,
                person_category=category,
                role=role,
                headcount=headcount,
                day_hundredths=day_hundredths,
                hour_hundredths=hour_hundredths,
                rows=count,
            )
        )
    return groups


def activity_traits(activities: QuerySet[Activity]) -> dict[int, Traits]:
    """Traits of a (small) set of activities, by id."""
    regions: dict[int, set[str]] = defaultdict(set)
    types: dict[int, set[str]] = defaultdict(set)
    for activity_id, region, org_type in Activity.partners.through.objects.filter(
        activity__in=activities
    ).values_list("activity_id", "partner__region_category", "partner__org_type"):
        regions[activity_id].add(region)
        types[activity_id].add(org_type)
    approved = Activity.objects.filter(pk=OuterRef("pk"), evidence__review_status=APPROVED)
    rows = activities.annotate(has_approved=Exists(approved)).values_list(
        "id", "activity_type", "direction", "mode", "is_estimate", "has_approved"
    )
    return {
        pk: Traits(
            activity_type=kind,
            direction=direction,
            mode=mode,
            is_estimate=is_estimate,
            partner_regions=frozenset(regions[pk]),
            partner_types=frozenset(types[pk]),
            has_approved_evidence=has_approved,
        )
        for pk, kind, direction, mode, is_estimate, has_approved in rows
    }


def period_activities(*, access: Access, period: Period) -> QuerySet[Activity]:
    """The school's activities that took place in ``period`` (by their start)."""
    access.require(Capability.READ)
    return Activity.objects.filter(
        school=access.school,
        is_cancelled=False,
        start_on__gte=period.start,
        start_on__lte=period.end,
    )


def crossing_activities(*, access: Access, period: Period) -> dict[int, tuple[dt.date, dt.date]]:
    """The period's activities that end after it, with their dates: each counts wholly in the
    period it starts in, which a reviewer is told."""
    crossing = {}
    for pk, start_on, end_on in (
        period_activities(access=access, period=period)
        .filter(end_on__gt=period.end)
        .values_list("pk", "start_on", "end_on")
    ):
        assert end_on is not None  # later than the period's end
        crossing[pk] = (start_on, end_on)
    return crossing


def period_lookalikes(*, access: Access, period: Period) -> list[Lookalikes]:
    """The period's activities that look alike (``activities.lookalikes``): only those that
    share their likeness with another are compared, or every one when the period's tallies
    could not be brought up to date."""
    activities = period_activities(access=access, period=period)
    candidates = lookalike_candidates(
        school_id=access.school.pk, first=period.start, last=period.end
    )
    if candidates is not None:
        activities = activities.filter(pk__in=candidates)
    return lookalike_activities(activities)


def indicator_facts(
    *,
    access: Access,
    period: Period,
    sources: Collection[Source] = tuple(Source),
    with_ids: bool = True,
) -> Facts:
    """The school's facts for ``period``, only of the ``sources`` asked for.

    An activity belongs to the period in which it starts, wholly, even when it ends in the
    next; an outcome to the period of its own date (its activity's start when it has none);
    activities that were planned but cancelled count for nothing, nor do their outcomes.
    See docs/indicators.md, "计数规则 / Counting rules".
    """
    activities = period_activities(access=access, period=period)
    school = access.school
    participations = (
        participation_groups(school_id=school.pk, period=period, with_ids=with_ids)
        if Source.PARTICIPATIONS in sources
        else []
    )
    activity_facts: list[ActivityFact] = []
    if Source.ACTIVITIES in sources:
        activity_facts = [
            ActivityFact(pk, traits) for pk, traits in activity_traits(activities).items()
        ]
    outcomes: list[OutcomeFact] = []
    if Source.OUTCOMES in sources:
        # A join from the (few) outcomes, not a list of the period's (many) activities. An
        # outcome counts in the period of its own date, whenever its activity took place.
        rows = list(
            Outcome.objects.filter(school=school, activity__is_cancelled=False)
            .dated_within(period.start, period.end)
            .values_list("id", "activity_id", "kind", "standard_kind", "level", "quantity")
        )
        traits = activity_traits(
            Activity.objects.filter(school=school, pk__in={row[1] for row in rows})
        )
        outcomes = [
            OutcomeFact(pk, activity_id, traits[activity_id], kind, standard, level, quantity)
            for pk, activity_id, kind, standard, level, quantity in rows
        ]
    programmes: list[ProgrammeFact] = []
    if Source.PROGRAMMES in sources:
        programmes = [
            ProgrammeFact(*row)
            for row in Programme.objects.filter(
                school=school, status__in=RUNNING_PROGRAMME_STATUSES
            )
            .begun_by(period.end.year)
            .filter(Q(intake_end_year__isnull=True) | Q(intake_end_year__gte=period.start.year))
            .values_list("id", "form", "status")
        ]
    assistance: list[AssistanceFact] = []
    if Source.ASSISTANCE_RECORDS in sources:
        assistance = [
            AssistanceFact(*row)
            for row in AssistanceRecord.objects.filter(school=school, year=period.year).values_list(
                "id", "item", "quantity"
            )
        ]
    return Facts(
        participations=participations,
        activities=activity_facts,
        outcomes=outcomes,
        programmes=programmes,
        assistance=assistance,
    )


def activity_titles(*, access: Access, ids: Iterable[int]) -> dict[int, str]:
    access.require(Capability.READ)
    return dict(
        Activity.objects.filter(school=access.school, pk__in=set(ids)).values_list("id", "title")
    )
