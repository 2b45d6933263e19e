"""Writes for paired assistance and its yearly records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict, Unpack

from hezuo.accounts.access import Access, Capability
from hezuo.agreements.models import Agreement
from hezuo.assistance.models import (
    Approximation,
    Assistance,
    AssistanceItem,
    AssistanceKind,
    AssistanceRecord,
)
from hezuo.core.writes import create_audited, delete_audited, update_audited


class AssistanceChanges(TypedDict, total=False):
    """What ``assistance_update`` may change, each with the type it takes."""

    counterpart: str
    kind: AssistanceKind
    agreement: Agreement | None
    start_on: dt.date
    end_on: dt.date | None
    notes: str


class AssistanceRecordChanges(TypedDict, total=False):
    """What ``assistance_record_update`` may change, each with the type it takes."""

    year: int
    item: AssistanceItem
    quantity: Decimal
    unit: str
    approximation: Approximation
    detail: str


ASSISTANCE_EDITABLE = tuple(AssistanceChanges.__annotations__)
RECORD_EDITABLE = tuple(AssistanceRecordChanges.__annotations__)


def assistance_create(
    *,
    access: Access,
    counterpart: str,
    kind: AssistanceKind,
    start_on: dt.date,
    end_on: dt.date | None = None,
    agreement: Agreement | None = None,
    notes: str = "",
) -> Assistance:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(agreement)
    return create_audited(
        Assistance(
            school=access.school,
            counterpart=counterpart.strip(),
            kind=kind,
            start_on=start_on,
            end_on=end_on,
            agreement=agreement,
            notes=notes,
        ),
        actor=access.user,
    )


def assistance_update(
    *, access: Access, assistance: Assistance, **changes: Unpack[AssistanceChanges]
) -> Assistance:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(assistance)
    return update_audited(
        assistance, actor=access.user, changes=changes, allowed=ASSISTANCE_EDITABLE
    )


def assistance_record_add(
    *,
    access: Access,
    assistance: Assistance,
    year: int,
    item: AssistanceItem,
    quantity: Decimal,
    unit: str,
    approximation: Approximation = Approximation.EXACT,
    detail: str = "",
) -> AssistanceRecord:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(assistance)
    return create_audited(
        AssistanceRecord(
            school=access.school,
            assistance=assistance,
            year=year,
            item=item,
            quantity=quantity,
            unit=unit.strip(),
            approximation=approximation,
            detail=detail,
        ),
        actor=access.user,
    )


def assistance_record_update(
    *, access: Access, record: AssistanceRecord, **changes: Unpack[AssistanceRecordChanges]
) -> AssistanceRecord:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(record)
    return update_audited(record, actor=access.user, changes=changes, allowed=RECORD_EDITABLE)


def assistance_record_delete(*, access: Access, record: AssistanceRecord) -> None:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(record)
    delete_audited(record, actor=access.user)


def assistance_delete(*, access: Access, assistance: Assistance) -> None:
    """Delete a pairing and, with it, its yearly records (the audit trail keeps both)."""
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(assistance)
    for record in assistance.records.all():
        delete_audited(record, actor=access.user)
    delete_audited(assistance, actor=access.user)
