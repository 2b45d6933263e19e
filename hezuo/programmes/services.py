"""Writes for cooperative programmes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict, Unpack

from django.db.models import Model

from hezuo.accounts.access import Access, Capability
from hezuo.accounts.models import Department
from hezuo.core.writes import create_audited, delete_audited, update_audited
from hezuo.partners.models import Partner
from hezuo.programmes.approval_numbers import normalise_approval_number
from hezuo.programmes.models import Programme, ProgrammeForm, ProgrammeLevel, ProgrammeStatus


class ProgrammeChanges(TypedDict, total=False):
    """What ``programme_update`` may change besides its partners, each with the type it takes
    (a level may be blank)."""

    name: str
    form: ProgrammeForm
    department: Department | None
    major: str
    level: ProgrammeLevel | str
    approval_number: str
    is_filed_with_moe: bool
    approval_valid_until: dt.date | None
    duration_years: Decimal | None
    intake_per_cohort: int | None
    started_year: int | None
    in_bay_area: bool
    intake_start_year: int | None
    intake_end_year: int | None
    certificates: str
    status: ProgrammeStatus
    notes: str


PROGRAMME_EDITABLE = tuple(ProgrammeChanges.__annotations__)


def programme_create(
    *,
    access: Access,
    name: str,
    form: ProgrammeForm,
    partners: Iterable[Partner] = (),
    department: Department | None = None,
    major: str = "",
    level: ProgrammeLevel | str = "",
    approval_number: str = "",
    is_filed_with_moe: bool = False,
    approval_valid_until: dt.date | None = None,
    duration_years: Decimal | None = None,
    intake_per_cohort: int | None = None,
    started_year: int | None = None,
    in_bay_area: bool = False,
    intake_start_year: int | None = None,
    intake_end_year: int | None = None,
    certificates: str = "",
    status: ProgrammeStatus = ProgrammeStatus.PREPARING,
    notes: str = "",
) -> Programme:
    access.require(Capability.MANAGE_COOPERATION)
    partners = list(partners)
    access.ensure_own(department, *partners)
    programme = Programme(
        school=access.school,
        name=name.strip(),
        form=form,
        department=department,
        major=major,
        level=level,
        approval_number=normalise_approval_number(approval_number),
        is_filed_with_moe=is_filed_with_moe,
        approval_valid_until=approval_valid_until,
        duration_years=duration_years,
        intake_per_cohort=intake_per_cohort,
        started_year=started_year,
        in_bay_area=in_bay_area,
        intake_start_year=intake_start_year,
        intake_end_year=intake_end_year,
        certificates=certificates,
        status=status,
        notes=notes,
    )
    return create_audited(programme, actor=access.user, m2m={"partners": partners})


def programme_update(
    *,
    access: Access,
    programme: Programme,
    partners: Iterable[Partner] | None = None,
    **changes: Unpack[ProgrammeChanges],
) -> Programme:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(programme)
    approval_number = changes.get("approval_number")
    if approval_number is not None:
        changes["approval_number"] = normalise_approval_number(approval_number)
    m2m: dict[str, list[Model]] = {}
    if partners is not None:
        m2m["partners"] = list(partners)
        access.ensure_own(*m2m["partners"])
    return update_audited(
        programme, actor=access.user, changes=changes, allowed=PROGRAMME_EDITABLE, m2m=m2m
    )


def programme_delete(*, access: Access, programme: Programme) -> None:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(programme)
    delete_audited(programme, actor=access.user)
