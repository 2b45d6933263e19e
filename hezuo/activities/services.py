"""Writes for activities, their participation rows and outcomes.

A department liaison may record activities of their own department; the office admin may
record any. The activity's department decides, so moving an activity to another department
needs the right to record in both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from hezuo.accounts.access import Access, Capability
from hezuo.accounts.models import Department
from hezuo.activities.models import (
    Activity,
    ActivityType,
    Direction,
    Mode,
    Outcome,
    OutcomeKind,
    OutcomeLevel,
    Participation,
    ParticipationRole,
    PersonCategory,
    StandardKind,
)
from hezuo.core.errors import HezuoError, NotFound
from hezuo.core.writes import (
    create_audited,
    create_audited_many,
    delete_audited,
    stored_for_update,
    update_audited,
)
from hezuo.partners.models import Partner
from hezuo.programmes.models import Programme


class ActivityChanges(TypedDict, total=False):
    """What ``activity_update`` may change besides its partners, each with the type it takes."""

    title: str
    activity_type: ActivityType
    direction: Direction
    mode: Mode
    start_on: dt.date
    end_on: dt.date | None
    place: str
    country_code: str
    programme: Programme | None
    department: Department | None
    summary: str
    is_cancelled: bool
    is_estimate: bool
    in_bay_area: bool
    method_note: str


class ParticipationChanges(TypedDict, total=False):
    """What ``participation_update`` may change, each with the type it takes."""

    person_category: PersonCategory
    role: ParticipationRole
    headcount: int
    days: Decimal | None
    hours: Decimal | None
    note: str


class OutcomeChanges(TypedDict, total=False):
    """What ``outcome_update`` may change, each with the type it takes (level and standard
    kind may be blank)."""

    kind: OutcomeKind
    title: str
    achieved_on: dt.date | None
    level: OutcomeLevel | str
    grade: str
    standard_kind: StandardKind | str
    quantity: Decimal | None
    unit: str
    note: str


ACTIVITY_EDITABLE = tuple(ActivityChanges.__annotations__)
PARTICIPATION_EDITABLE = tuple(ParticipationChanges.__annotations__)
OUTCOME_EDITABLE = tuple(OutcomeChanges.__annotations__)


@dataclass(frozen=True)
class ParticipationInput:
    person_category: PersonCategory
    role: ParticipationRole
    headcount: int
    days: Decimal | None = None
    hours: Decimal | None = None
    note: str = ""


def _require_record(access: Access, department: Department | None) -> None:
    access.require(
        Capability.RECORD_ACTIVITIES,
        department_id=department.pk if department is not None else None,
    )


@transaction.atomic
def activity_create(
    *,
    access: Access,
    title: str,
    activity_type: ActivityType,
    direction: Direction,
    mode: Mode,
    start_on: dt.date,
    end_on: dt.date | None = None,
    place: str = "",
    country_code: str = "",
    partners: Iterable[Partner] = (),
    programme: Programme | None = None,
    department: Department | None = None,
    summary: str = "",
    is_cancelled: bool = False,
    is_estimate: bool = False,
    in_bay_area: bool = False,
    method_note: str = "",
    participations: Iterable[ParticipationInput] = (),
) -> Activity:
    _require_record(access, department)
    partners = list(partners)
    access.ensure_own(department, programme, *partners)
    activity = create_audited(
        Activity(
            school=access.school,
            title=title.strip(),
            activity_type=activity_type,
            direction=direction,
            mode=mode,
            start_on=start_on,
            end_on=end_on,
            place=place,
            country_code=country_code.strip().upper(),
            programme=programme,
            department=department,
            summary=summary,
            is_cancelled=is_cancelled,
            is_estimate=is_estimate,
            in_bay_area=in_bay_area,
            method_note=method_note,
        ),
        actor=access.user,
        m2m={"partners": partners},
    )
    for row in participations:
        participation_add(access=access, activity=activity, row=row)
    return activity


@transaction.atomic
def activity_update(
    *,
    access: Access,
    activity: Activity,
    partners: Iterable[Partner] | None = None,
    **changes: Unpack[ActivityChanges],
) -> Activity:
    """The department the activity is stored under decides (the instance in hand may already
    carry a form's new department), and the new one must be the user's to record in too."""
    access.ensure_own(activity)
    current = stored_for_update(activity)
    _require_record(access, current.department)
    new_department = changes.get("department", current.department)
    access.ensure_own(new_department, changes.get("programme"))
    _require_record(access, new_department)
    country_code = changes.get("country_code")
    if country_code is not None:
        changes["country_code"] = country_code.strip().upper()
    m2m: dict[str, list[Model]] = {}
    if partners is not None:
        m2m["partners"] = list(partners)
        access.ensure_own(*m2m["partners"])
    return update_audited(
        activity,
        actor=access.user,
        changes=changes,
        allowed=ACTIVITY_EDITABLE,
        m2m=m2m,
        stored=current,
    )


def activity_delete(*, access: Access, activity: Activity) -> None:
    access.ensure_own(activity)
    _require_record(access, activity.department)
    delete_audited(activity, actor=access.user)


def participation_add(
    *, access: Access, activity: Activity, row: ParticipationInput
) -> Participation:
    access.ensure_own(activity)
    _require_record(access, activity.department)
    return create_audited(_participation(access, activity, row), actor=access.user)


def _participation(access: Access, activity: Activity, row: ParticipationInput) -> Participation:
    return Participation(
        school=access.school,
        activity=activity,
        person_category=row.person_category,
        role=row.role,
        headcount=row.headcount,
        days=row.days,
        hours=row.hours,
        note=row.note,
    )


@transaction.atomic
def participation_update(
    *, access: Access, participation: Participation, **changes: Unpack[ParticipationChanges]
) -> Participation:
    access.ensure_own(participation)
    current = stored_for_update(participation)
    _require_record(access, current.activity.department)
    return update_audited(
        participation,
        actor=access.user,
        changes=changes,
        allowed=PARTICIPATION_EDITABLE,
        stored=current,
    )


def participation_delete(*, access: Access, participation: Participation) -> None:
    access.ensure_own(participation)
    _require_record(access, participation.activity.department)
    delete_audited(participation, actor=access.user)


def outcome_create(
    *,
    access: Access,
    activity: Activity,
    kind: OutcomeKind,
    title: str,
    achieved_on: dt.date | None = None,
    level: str = "",
    grade: str = "",
    standard_kind: str = "",
    quantity: Decimal | None = None,
    unit: str = "",
    note: str = "",
) -> Outcome:
    access.ensure_own(activity)
    _require_record(access, activity.department)
    return create_audited(
        Outcome(
            school=access.school,
            activity=activity,
            kind=kind,
            title=title.strip(),
            achieved_on=achieved_on,
            level=level,
            grade=grade,
            standard_kind=standard_kind,
            quantity=quantity,
            unit=unit,
            note=note,
        ),
        actor=access.user,
    )


@transaction.atomic
def outcome_update(
    *, access: Access, outcome: Outcome, **changes: Unpack[OutcomeChanges]
) -> Outcome:
    """The activity the outcome is stored under decides (a form may have put another one on
    the instance in hand; an outcome does not move between activities here)."""
    access.ensure_own(outcome)
    current = stored_for_update(outcome)
    _require_record(access, current.activity.department)
    return update_audited(
        outcome, actor=access.user, changes=changes, allowed=OUTCOME_EDITABLE, stored=current
    )


def outcome_delete(*, access: Access, outcome: Outcome) -> None:
    access.ensure_own(outcome)
    _require_record(access, outcome.activity.department)
    delete_audited(outcome, actor=access.user)


@transaction.atomic
def participations_save(
    *,
    access: Access,
    activity: Activity,
    rows: Iterable[tuple[Participation | None, ParticipationInput | None]],
) -> None:
    """Save an activity's participation rows together, all or none: (None, input) adds a row,
    (row, input) changes it, (row, None) deletes it.

    The rows may be a formset's, holding the posted values: each change is compared with the
    row as stored (``participation_update`` reads it), and a deleted row is audited with the
    values it had, read here."""
    access.ensure_own(activity)
    _require_record(access, activity.department)
    for row, values in rows:
        if row is None and values is not None:
            participation_add(access=access, activity=activity, row=values)
        elif row is not None and values is None:
            access.ensure_own(row)
            participation_delete(access=access, participation=stored_for_update(row))
        elif row is not None and values is not None:
            participation_update(
                access=access,
                participation=row,
                person_category=values.person_category,
                role=values.role,
                headcount=values.headcount,
                days=values.days,
                hours=values.hours,
                note=values.note,
            )


@transaction.atomic
def participations_replace(
    *,
    access: Access,
    activity: Activity,
    rows: Sequence[tuple[int | None, ParticipationInput]],
) -> None:
    """Make the activity's participation rows exactly ``rows``: (id, input) changes that row,
    (None, input) adds one, a stored row not named is deleted; all or nothing. The activity is
    locked and its rows read inside the transaction, so two replacements at once end as one or
    the other, never as both (which would count its person-days twice). An id that is not one
    of the activity's rows is ``NotFound``."""
    access.ensure_own(activity)
    stored_for_update(activity)  # a second replacement waits here until this one ends
    stored = {row.pk: row for row in Participation.objects.filter(activity=activity)}
    named = {pk for pk, _values in rows if pk is not None}
    if named - set(stored):
        raise NotFound()
    participations_save(
        access=access,
        activity=activity,
        rows=[
            *((stored[pk] if pk is not None else None, values) for pk, values in rows),
            *((row, None) for pk, row in stored.items() if pk not in named),
        ],
    )


@dataclass(frozen=True)
class ActivityDraft:
    """One new activity for ``activities_create_many``: the values ``activity_create`` takes."""

    values: dict[str, object]  # fields of ACTIVITY_EDITABLE
    partners: tuple[Partner, ...] = ()
    participations: tuple[ParticipationInput, ...] = ()


@dataclass(frozen=True)
class DraftRefusal:
    """Why draft ``index`` (or its participation row ``row``) was not stored."""

    index: int
    row: int | None
    error: ValidationError | HezuoError


@transaction.atomic
def activities_create_many(
    *, access: Access, drafts: Sequence[ActivityDraft]
) -> list[DraftRefusal]:
    """Create many activities with their participation rows, as ``activity_create`` would one
    by one (the same rights, checks and audit events) but a batch at a time, for imports.
    Returns the refused drafts; the others are stored. The caller decides, by keeping or
    rolling back its transaction, whether a partial result stands."""
    refusals: list[DraftRefusal] = []
    accepted: list[int] = []
    activities: list[Activity] = []
    for index, draft in enumerate(drafts):
        values = dict(draft.values)
        unknown = set(values) - set(ACTIVITY_EDITABLE)
        if unknown:
            raise ValueError(f"Fields not editable here: {', '.join(sorted(unknown))}")
        department = values.get("department")
        try:
            access.ensure_own(department, values.get("programme"), *draft.partners)  # type: ignore[arg-type]
            _require_record(access, department)  # type: ignore[arg-type]
        except HezuoError as error:
            refusals.append(DraftRefusal(index, None, error))
            continue
        values["title"] = str(values.get("title", "")).strip()
        values["country_code"] = str(values.get("country_code", "")).strip().upper()
        accepted.append(index)
        activities.append(Activity(school=access.school, **values))
    trusted = ("school", "programme", "department")
    links = [{"partners": drafts[index].partners} for index in accepted]
    for position, refused in create_audited_many(
        activities, actor=access.user, trusted=trusted, m2m=links
    ).items():
        refusals.append(DraftRefusal(accepted[position], None, refused))
    left_out = {refusal.index for refusal in refusals}
    rows: list[Participation] = []
    origins: list[tuple[int, int]] = []
    for index, activity in zip(accepted, activities, strict=True):
        if index in left_out:
            continue
        for number, row in enumerate(drafts[index].participations):
            rows.append(_participation(access, activity, row))
            origins.append((index, number))
    for position, refused in create_audited_many(
        rows, actor=access.user, trusted=("school", "activity")
    ).items():
        refusals.append(DraftRefusal(*origins[position], refused))
    return sorted(refusals, key=lambda refusal: (refusal.index, refusal.row or -1))
