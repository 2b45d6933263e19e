"""Reads for activities, participation and outcomes."""

from __future__ import annotations

from fractions import Fraction

from django.db.models import QuerySet

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
