"""Reads for activities, participation and outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from hezuo.accounts.access import Access, Capability, scoped, scoped_get
from hezuo.activities.calculations import round_figure
from hezuo.activities.models import Activity, Outcome, Participation
from hezuo.activities.tallies import activity_totals, participation_totals


def activity_list(*, access: Access, year: int | None = None) -> QuerySet[Activity]:
    activities = scoped(Activity.objects.all(), access=access)
    if year is not None:
        activities = activities.filter(start_on__year=year)
    return activities.select_related("department", "programme")


def activity_years(*, access: Access) -> list[tuple[int, int]]:
    """(year, number of activities) of every year the school held activities, latest first,
    cancelled ones left out."""
    rows = (
        scoped(Activity.objects.filter(is_cancelled=False), access=access)
        .annotate(year=ExtractYear("start_on"))
        .values_list("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    return [(int(year), int(count)) for year, count in rows]


def activity_get(*, access: Access, pk: object) -> Activity:
    return scoped_get(Activity.objects.all(), access=access, pk=pk)


def participation_list(*, access: Access, activity: Activity) -> QuerySet[Participation]:
    access.ensure_own(activity)
    return scoped(Participation.objects.filter(activity=activity), access=access)


def outcome_list(*, access: Access, year: int | None = None) -> QuerySet[Outcome]:
    """The outcomes; with ``year``, those of that calendar year by their own date (取得日期),
    or their activity's start when they have none."""
    outcomes = Outcome.objects.all()
    if year is not None:
        outcomes = outcomes.dated_within(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return scoped(outcomes, access=access).select_related("activity")


def activity_person_days(*, access: Access, activity: Activity) -> Fraction:
    """An activity's person-days, with the school's class-hours per day."""
    rows = participation_list(access=access, activity=activity)
    return sum((row.person_days(access.school.hours_per_day) for row in rows), start=Fraction(0))


def activity_counts_by_type_and_month(*, access: Access, year: int) -> list[tuple[str, int, int]]:
    """(activity type, month, number of activities) of a year, cancelled ones left out."""
    access.require(Capability.READ)
    return [
        (kind, month.month, count)
        for kind, month, count in activity_totals(
            school_id=access.school.pk, first=dt.date(year, 1, 1), last=dt.date(year, 12, 31)
        )
        if count
    ]


def person_days_by_category(*, access: Access, year: int) -> dict[str, Decimal]:
    """Person-days of a year's activities per person category, estimates and cancelled
    activities left out, class-hours converted with the school's hours per day."""
    access.require(Capability.READ)
    rows = participation_totals(
        school_id=access.school.pk,
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=("person_category",),
        estimates=False,
    )
    per_day = access.school.hours_per_day
    return {
        category: round_figure(
            Fraction(day_hundredths, 100) + Fraction(hour_hundredths, 100 * per_day)
        ).quantize(Decimal("0.01"))
        for category, _, day_hundredths, hour_hundredths, _ in rows
    }


def outcome_get(*, access: Access, pk: object) -> Outcome:
    return scoped_get(Outcome.objects.select_related("activity"), access=access, pk=pk)
