"""Binders as records: asked for by a user, compiled by the worker as a job (``jobs.py``, run
like every job by ``hezuo.jobs``), kept as a file; frozen as the version submitted, and shared
with experts. Nothing half-made is ever downloadable: a binder has an output only once its job
succeeded."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access
from hezuo.accounts.tokens import new_token, token_digest
from hezuo.binders.compiling import BinderOptions
from hezuo.binders.jobs import BINDER_JOB
from hezuo.binders.models import (
    Binder,
    BinderKind,
    BinderShare,
    BinderShareOpening,
    OpeningKind,
)
from hezuo.binders.plan import Scope, binder_title
from hezuo.binders.rules import require_compile
from hezuo.core.errors import HezuoError, NotFound
from hezuo.core.writes import create_audited, stored_for_update, update_audited
from hezuo.jobs.services import job_queue

MAX_SHARE_DAYS = 365


@transaction.atomic
def binder_request(
    *, access: Access, scope: Scope, options: BinderOptions, kind: str = BinderKind.PDF
) -> Binder:
    """Record a binder (a PDF, or the evidence tree as a ZIP of folders) and queue its
    compilation (the worker starts once this commits)."""
    require_compile(access, scope.project, scope.task)
    binder = create_audited(
        Binder(
            school=access.school,
            project=scope.project,
            task=scope.task,
            year=scope.year,
            title=binder_title(scope),
            kind=BinderKind(kind),
            approved_only=scope.approved_only,
            page_numbers=options.page_numbers,
            watermark=options.watermark,
            created_by=access.user,
        ),
        actor=access.user,
    )
    job_queue(access=access, kind=BINDER_JOB, record=binder)
    return binder


@transaction.atomic
def binder_freeze(*, access: Access, binder: Binder) -> Binder:
    """定稿: fix a compiled binder as the version submitted; only a frozen binder is shared."""
    access.ensure_own(binder)
    BINDER_JOB.check(access, binder)
    current = stored_for_update(binder)
    if current.output_id is None:
        raise HezuoError(_("只有已生成的汇编才能定稿。"))
    if current.frozen_at is not None:
        return binder
    return update_audited(
        binder,
        actor=access.user,
        changes={"frozen_at": timezone.now(), "frozen_by": access.user},
        allowed=("frozen_at", "frozen_by"),
        stored=current,
    )


def binder_share_create(
    *, access: Access, binder: Binder, label: str, days: int
) -> tuple[BinderShare, str]:
    """A read-only link to a frozen binder for the experts named by ``label``, valid ``days``.
    Returns the row and the link's token, shown once and never stored."""
    access.ensure_own(binder)
    BINDER_JOB.check(access, binder)
    if binder.frozen_at is None:
        raise HezuoError(_("请先定稿，再分享给评审专家。"))
    label = label.strip()
    if not label:
        raise HezuoError(_("请填写分享给谁，例如“省评审专家组”。"))
    if not 1 <= days <= MAX_SHARE_DAYS:
        raise HezuoError(_("有效期应为 1 至 %(days)s 天。") % {"days": MAX_SHARE_DAYS})
    token = new_token(prefix="")
    share = BinderShare(
        school=access.school,
        binder=binder,
        label=label,
        prefix=token[:8],
        digest=token_digest(token),
        expires_at=timezone.now() + dt.timedelta(days=days),
        created_by=access.user,
    )
    return create_audited(share, actor=access.user), token


def binder_share_revoke(*, access: Access, share: BinderShare) -> BinderShare:
    """Stop a link from working at once."""
    access.ensure_own(share)
    BINDER_JOB.check(access, share.binder)
    if share.revoked_at is not None:
        return share
    return update_audited(
        share, actor=access.user, changes={"revoked_at": timezone.now()}, allowed=("revoked_at",)
    )


def binder_share_open(
    *, token: str, kind: str, ip_address: str | None, user_agent: str
) -> BinderShare:
    """Whoever holds a link: the share behind it while it works (not revoked, not expired, its
    binder frozen), with the opening logged. Anything else is not found, without saying why."""
    share = (
        BinderShare.objects.select_related("binder", "binder__output", "school")
        .filter(digest=token_digest(token))
        .first()
    )
    if (
        share is None
        or share.revoked_at is not None
        or share.expires_at <= timezone.now()
        or share.binder.frozen_at is None
        or share.binder.output_id is None
    ):
        raise NotFound(_("链接无效、已撤销或已过期。"))
    BinderShareOpening.objects.create(
        school=share.school,
        share=share,
        kind=OpeningKind(kind),
        ip_address=ip_address,
        user_agent=user_agent[:300],
    )
    return share
