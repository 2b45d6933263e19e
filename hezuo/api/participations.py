"""An activity's participation rows (the atoms of person-days) through the API: read them with
their person-days, or replace them all at once — rows with an ``id`` change, rows without are
added, rows left out are deleted, all or nothing, as on the web's participation page.

django-ninja reads the annotations below when the module loads, so they are not postponed."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from hezuo.accounts.access import Access
from hezuo.activities.calculations import round_figure
from hezuo.activities.models import Activity
from hezuo.activities.selectors import activity_get, activity_person_days, participation_list
from hezuo.activities.services import ParticipationInput, participations_replace
from hezuo.api.auth import school_access
from hezuo.api.schemas import ERRORS, ParticipationIn, ParticipationsOut

router = Router(tags=["records"])
PATH = "/schools/{school}/activities/{record_id}/participations/"


def _rows(access: Access, activity: Activity) -> dict[str, Any]:
    per_day = access.school.hours_per_day
    rows = list(participation_list(access=access, activity=activity))
    return {
        "activity": activity.pk,
        "hours_per_day": per_day,
        "person_days": round_figure(activity_person_days(access=access, activity=activity)),
        "rows": [
            {
                "id": row.pk,
                "person_category": row.person_category,
                "role": row.role,
                "headcount": row.headcount,
                "days": row.days,
                "hours": row.hours,
                "note": row.note,
                "person_days": round_figure(row.person_days(per_day)),
            }
            for row in rows
        ],
    }


@router.get(PATH, response={200: ParticipationsOut, **ERRORS}, summary="An activity's rows")
def get_participations(request: HttpRequest, school: str, record_id: int) -> dict[str, Any]:
    access = school_access(request, school)
    return _rows(access, activity_get(access=access, pk=record_id))


@router.put(
    PATH,
    response={200: ParticipationsOut, **ERRORS},
    summary="Replace an activity's rows",
    description="Rows with an `id` change, rows without are added, rows left out are deleted; "
    "all or nothing. Each row has `days` or `hours` (class-hours), not both.",
)
def put_participations(
    request: HttpRequest, school: str, record_id: int, rows: list[ParticipationIn]
) -> dict[str, Any]:
    access = school_access(request, school)
    activity = activity_get(access=access, pk=record_id)
    participations_replace(
        access=access,
        activity=activity,
        rows=[
            (
                row.id,
                ParticipationInput(
                    person_category=row.person_category,
                    role=row.role,
                    headcount=row.headcount,
                    days=row.days,
                    hours=row.hours,
                    note=row.note,
                ),
            )
            for row in rows
        ],
    )
    return _rows(access, activity_get(access=access, pk=record_id))
