"""Reads for activities, participation and outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.activities.models import Activity, Outcome, Participation


def activity_list(*, access: Access, year: int | None = None) -> QuerySet[Activity]:
    activities = scoped(Activity.objects.all(), access=access)
    if year is not None:
        activities = activities.filter(start_on__year=year)
    return activities.select_related("department", "programme")


def activity_get(*, access: Access, pk: object) -> Activity:
    return scoped_get(Activity.objects.all(), access=access, pk=pk)


def participation_list(*, access: Access, activity: Activity) -> QuerySet[Participation]:
    access.ensure_own(activity)
    return scoped(Participation.objects.filter(activity=activity), access=access)


def outcome_list(*, access: Access, year: int | None = None) -> QuerySet[Outcome]:
    outcomes = scoped(Outcome.objects.all(), access=access).select_related("activity")
    if year is not None:
        outcomes = outcomes.filter(activity__start_on__year=year)
    return outcomes


def activity_person_days(*, access: Access, activity: Activity) -> Fraction:
    """An activity's person-days, with the school's class-hours per day."""
    rows = participation_list(access=access, activity=activity)
    return sum((row.person_days(access.school.hours_per_day) for row in rows), start=Fraction(0))


def activity_counts_by_type_and_month(*, access: Access, year: int) -> list[tuple[str, int, int]]:
    """(activity type, month, number of activities) of a year, cancelled ones left out.

    Months are counted with date ranges rather than by extracting the month, which SQLite
    would do by calling back into Python for every row.
    """
    starts = [dt.date(year, month, 1) for month in range(1, 13)] + [dt.date(year + 1, 1, 1)]
    counts = {
        f"m{month}": Count(
            "id", filter=Q(start_on__gte=starts[month - 1], start_on__lt=starts[month])
        )
        for month in range(1, 13)
    }
    rows = (
        scoped(
            Activity.objects.filter(
                start_on__gte=starts[0], start_on__lt=starts[-1], is_cancelled=False
            ),
            access=access,
        )
        .values("activity_type")
        .annotate(**counts)
        .order_by("activity_type")
    )
    return [
        (row["activity_type"], month, row[f"m{month}"])
        for row in rows
        for month in range(1, 13)
        if row[f"m{month}"]
    ]


def person_days_by_category(*, access: Access, year: int) -> dict[str, Decimal]:
    """Person-days of a year's activities per person category, estimates and cancelled
    activities left out, class-hours converted with the school's hours per day."""
    decimal: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=4)
    # The year's activities come from the (school, start_on) index, then their rows.
    activities = scoped(
        Activity.objects.filter(start_on__year=year, is_cancelled=False, is_estimate=False),
        access=access,
    ).values("pk")
    rows = (
        scoped(Participation.objects.filter(activity__in=activities), access=access)
        .values_list("person_category")
        .annotate(
            in_days=Sum(ExpressionWrapper(F("headcount") * F("days"), output_field=decimal)),
            in_hours=Sum(ExpressionWrapper(F("headcount") * F("hours"), output_field=decimal)),
        )
        .order_by("person_category")
    )
    per_day = Decimal(access.school.hours_per_day)
    return {
        category: (Decimal(days or 0) + Decimal(hours or 0) / per_day).quantize(Decimal("0.01"))
        for category, days, hours in rows
    }


def outcome_get(*, access: Access, pk: object) -> Outcome:
    return scoped_get(Outcome.objects.select_related("activity"), access=access, pk=pk)
