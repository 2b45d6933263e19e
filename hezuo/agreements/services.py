"""Writes for agreements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model

from hezuo.accounts.access import Access, Capability
from hezuo.accounts.models import Department, Membership, Role
from hezuo.agreements.calculations import days_left, warning_threshold
from hezuo.agreements.models import Agreement, AgreementKind, AgreementStatus, ExpiryNotice
from hezuo.agreements.notices import expiry_digest
from hezuo.agreements.selectors import agreement_list_expiring
from hezuo.core.writes import create_audited, delete_audited, update_audited
from hezuo.files.models import StoredFile
from hezuo.partners.models import Partner


class AgreementChanges(TypedDict, total=False):
    """What ``agreement_update`` may change besides its links, each with the type it takes."""

    title: str
    kind: AgreementKind
    department: Department | None
    status: AgreementStatus
    signed_on: dt.date | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    notes: str


AGREEMENT_EDITABLE = tuple(AgreementChanges.__annotations__)


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
    **changes: Unpack[AgreementChanges],
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


@transaction.atomic
def expiry_notices_send(*, access: Access, today: dt.date) -> list[ExpiryNotice]:
    """Record and e-mail the thresholds reached since the last run; a second run on the same
    day (or any day before the next threshold) sends nothing."""
    access.require(Capability.MANAGE_COOPERATION)
    recipients = sorted(
        set(
            Membership.objects.filter(school=access.school, role=Role.OFFICE_ADMIN, is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    notices = []
    for agreement in agreement_list_expiring(access=access, today=today):
        assert agreement.valid_until is not None
        threshold = warning_threshold(agreement.valid_until, today)
        if (
            threshold is None
            or ExpiryNotice.objects.filter(
                agreement=agreement, threshold=threshold, valid_until=agreement.valid_until
            ).exists()
        ):
            continue
        notices.append(
            create_audited(
                ExpiryNotice(
                    school=access.school,
                    agreement=agreement,
                    threshold=threshold,
                    valid_until=agreement.valid_until,
                    days_left=days_left(agreement.valid_until, today),
                    sent_on=today,
                    recipients=", ".join(recipients),
                ),
                actor=access.user,
            )
        )
    if notices and recipients:
        subject, body = expiry_digest(access, notices)
        # Mail goes out only once the notices are stored, so a failed run resends nothing
        # twice and loses nothing.
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        )
    return notices
