"""The school's dashboard for one year: what happened, what is late, what is expiring."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hezuo.accounts.selectors import audit_events_recent
from hezuo.activities.models import ActivityType, PersonCategory
from hezuo.activities.selectors import (
    activity_counts_by_type_and_month,
    activity_years,
    person_days_by_category,
)
from hezuo.agreements.calculations import days_left, warning_threshold
from hezuo.agreements.selectors import agreement_list_expiring, expiry_notice_list
from hezuo.construction.selectors import completion_by_year, project_list
from hezuo.core.review import ReviewStatus
from hezuo.core.years import parse_year
from hezuo.evidence.selectors import evidence_list
from hezuo.indicators.selectors import indicator_official_tables
from hezuo.web.access import SchoolRequest, school_view


def _year(request: SchoolRequest) -> int:
    """The year asked for, or this year (for no year or one hezuo does not accept)."""
    return parse_year(request.GET.get("year")) or timezone.localdate().year


@school_view
def dashboard(request: SchoolRequest) -> HttpResponse:
    access = request.access
    year = _year(request)
    today = timezone.localdate()

    counts = activity_counts_by_type_and_month(access=access, year=year)
    kinds = sorted({kind for kind, _, _ in counts})
    by_kind = {kind: [0] * 12 for kind in kinds}
    for kind, month, count in counts:
        by_kind[kind][month - 1] = count
    activity_series = [
        {"name": str(ActivityType(kind).label), "data": by_kind[kind]} for kind in kinds
    ]

    person_days = person_days_by_category(access=access, year=year)
    person_day_rows = [
        (str(PersonCategory(category).label), value) for category, value in person_days.items()
    ]

    projects: list[dict[str, Any]] = []
    for project in project_list(access=access):
        rows = completion_by_year(access=access, project=project)
        projects.append({"project": project, "years": rows})

    expiring = [
        {
            "agreement": agreement,
            "days_left": days_left(agreement.valid_until, today),
            "threshold": warning_threshold(agreement.valid_until, today),
        }
        for agreement in agreement_list_expiring(access=access, today=today)
        if agreement.valid_until is not None
    ]
    waiting = evidence_list(access=access, review_status=ReviewStatus.SUBMITTED)
    # An official table that ended before the year: its figures would go by silently.
    tables = indicator_official_tables(access=access, year=year)

    return render(
        request,
        "web/dashboard.html",
        {
            "year": year,
            "years": sorted({year, *range(today.year - 7, today.year + 2)}, reverse=True),
            "months": list(range(1, 13)),
            "activity_series": activity_series,
            "activity_total": sum(count for _, _, count in counts),
            # A year without activities points to the years that have some.
            "active_years": [] if counts else activity_years(access=access)[:6],
            "person_day_rows": person_day_rows,
            "person_day_total": sum(person_days.values()),
            "projects": projects,
            "expiring": expiring,
            "waiting": waiting[:8],
            "waiting_count": waiting.count(),
            "changes": audit_events_recent(access=access, limit=10),
            "notices": expiry_notice_list(access=access)[:5],
            "lapsed_tables": tables.lapsed,
        },
    )
