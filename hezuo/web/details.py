"""The kinds of record whose detail page shows more than their fields: its template and what it
adds to the page (the generic page is ``web/crud/detail.html``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hezuo.accounts.access import Access
from hezuo.activities.calculations import round_figure
from hezuo.activities.models import Activity
from hezuo.activities.selectors import activity_person_days, participation_list
from hezuo.core.kinds import Kind
from hezuo.web.evidence import detail_context as evidence_context


@dataclass(frozen=True)
class Detail:
    template: str = "web/crud/detail.html"
    context: Callable[[Access, Any], dict[str, Any]] = field(default=lambda access, record: {})


def _participations(access: Access, activity: Activity) -> dict[str, Any]:
    per_day = access.school.hours_per_day
    rows = [
        (row, round_figure(row.person_days(per_day)))
        for row in participation_list(access=access, activity=activity)
    ]
    total = activity_person_days(access=access, activity=activity)
    return {"participation_rows": rows, "person_days_total": round_figure(total)}


DETAILS: dict[Kind, Detail] = {
    Kind.ACTIVITIES: Detail("web/activity_detail.html", _participations),
    Kind.EVIDENCE: Detail("web/evidence_detail.html", evidence_context),
    Kind.PROJECTS: Detail("web/project_detail.html"),
}


def detail_of(kind: Kind) -> Detail:
    return DETAILS.get(kind, Detail())
