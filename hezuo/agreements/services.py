"""Writes for agreements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Model

from hezuo.accounts.access import Access, Capability
from hezuo.accounts.models import Department
from hezuo.agreements.models import Agreement, AgreementKind, AgreementStatus
from hezuo.core.writes import create_audited, delete_audited, update_audited
from hezuo.files.models import StoredFile
from hezuo.partners.models import Partner

AGREEMENT_EDITABLE = (
    "title",
    "kind",
    "department",
    "status",
    "signed_on",
    "valid_from",
    "valid_until",
    "notes",
)


def agreement_create(
    *,
    access: Access,
    title: str,
    kind: AgreementKind,
    partners: Iterable[Partner],
    status: AgreementStatus = AgreementStatus.DRAFT,
    signed_on: dt.date | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    department: Department | None = None,
    files: Iterable[StoredFile] = (),
    notes: str = "",
) -> Agreement:
    access.require(Capability.MANAGE_COOPERATION)
    partners, files = list(partners), list(files)
    access.ensure_own(department, *partners, *files)
    agreement = Agreement(
        school=access.school,
        title=title.strip(),
        kind=kind,
        status=status,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_until=valid_until,
        department=department,
        notes=notes,
    )
    return create_audited(agreement, actor=access.user, m2m={"partners": partners, "files": files})


def agreement_update(
    *,
    access: Access,
    agreement: Agreement,
    partners: Iterable[Partner] | None = None,
    files: Iterable[StoredFile] | None = None,
    **changes: object,
) -> Agreement:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(agreement)
    m2m: dict[str, list[Model]] = {}
    if partners is not None:
        m2m["partners"] = list(partners)
    if files is not None:
        m2m["files"] = list(files)
    for related in m2m.values():
        access.ensure_own(*related)
    return update_audited(
        agreement, actor=access.user, changes=changes, allowed=AGREEMENT_EDITABLE, m2m=m2m
    )


def agreement_delete(*, access: Access, agreement: Agreement) -> None:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(agreement)
    delete_audited(agreement, actor=access.user)
