"""Binders as records: asked for by a user, compiled by the worker as a job, kept as a file.

The output is written to a temporary file and stored only when complete; a worker killed on the
way leaves the job running until `jobs_fail_stale` marks it failed, and a failed or cancelled
binder can be compiled again. Nothing half-made is ever downloadable: a binder has an output
only once its job succeeded."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, access_for, system_access
from hezuo.accounts.tokens import new_token, token_digest
from hezuo.binders.assembly import Cancelled
from hezuo.binders.audit import binder_audit
from hezuo.binders.compiling import BinderOptions, make_binder
from hezuo.binders.models import (
    Binder,
    BinderKind,
    BinderShare,
    BinderShareOpening,
    OpeningKind,
)
from hezuo.binders.plan import Scope, binder_plan, binder_title
from hezuo.binders.rules import require_compile
from hezuo.core.errors import HezuoError, NotFound
from hezuo.core.writes import create_audited, update_audited
from hezuo.files.services import stored_file_save_generated
from hezuo.jobs.models import FINISHED_STATUSES, Job, JobStatus
from hezuo.jobs.services import (
    job_cancelled,
    job_fail,
    job_progress_reporter,
    job_queue_for,
    job_request_cancel,
    job_start,
    job_succeed,
)

JOB_KIND = "binder"
MAX_SHARE_DAYS = 365


def _require_compile(access: Access, scope: Scope) -> None:
    require_compile(access, scope.project, scope.task)


@transaction.atomic
def binder_request(
    *, access: Access, scope: Scope, options: BinderOptions, kind: str = BinderKind.PDF
) -> Binder:
    """Record a binder (a PDF, or the evidence tree as a ZIP of folders) and queue its
    compilation (the worker starts once this commits)."""
    _require_compile(access, scope)
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
    _queue(access, binder)
    return binder


@transaction.atomic
def binder_retry(*, access: Access, binder: Binder) -> Binder:
    """Compile a failed or cancelled binder again, with the records as they are now."""
    access.ensure_own(binder)
    _require_compile(access, _scope(binder))
    if binder.output_id is not None or (
        binder.job is not None and binder.job.status not in FINISHED_STATUSES
    ):
        raise HezuoError(_("这份汇编已生成或正在生成，无需重新开始。"))
    _queue(access, binder)
    return binder


def _queue(access: Access, binder: Binder) -> None:
    from hezuo.binders.tasks import compile_binder_job

    job_queue_for(
        access=access, record=binder, kind=JOB_KIND, title=binder.title, task=compile_binder_job
    )


def _scope(binder: Binder) -> Scope:
    return Scope(
        project=binder.project,
        task=binder.task,
        year=binder.year,
        approved_only=binder.approved_only,
    )


def binder_cancel(*, access: Access, binder: Binder) -> Job:
    """Stop a binder's job: at once while queued, at its next progress report while running."""
    access.ensure_own(binder)
    _require_compile(access, _scope(binder))
    if binder.job is None:
        raise NotFound()
    return job_request_cancel(access=access, job=binder.job)


def binder_compile(*, job_id: int) -> str:
    """System work (the worker): compile the binder of job ``job_id``, as the person who asked
    for it would see the records. Returns the job's final status."""
    job = Job.objects.select_related("school").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return "skipped"
    binder = (
        Binder.objects.select_related("project", "task", "task__parent", "created_by")
        .filter(pk=job.params.get("binder"), school=job.school)
        .first()
    )
    if binder is None:
        job_fail(job=job, error=_("找不到这份汇编。"))
        return JobStatus.FAILED
    job_start(job=job)
    try:
        access = (
            access_for(school=job.school, user=binder.created_by)
            if binder.created_by is not None
            else system_access(school=job.school)
        )
        scope = _scope(binder)
        _require_compile(access, scope)
        plan = binder_plan(access=access, scope=scope)
        audit = binder_audit(access=access, scope=scope, items=plan.items)
        folder = Path(settings.VAR_DIR) / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder) as work:
            output = Path(work) / "binder"

            made = make_binder(
                plan,
                folder=binder.kind == BinderKind.FOLDER,
                options=BinderOptions(page_numbers=binder.page_numbers, watermark=binder.watermark),
                output=output,
                progress=job_progress_reporter(job=job),
            )
            with transaction.atomic():
                stored = stored_file_save_generated(
                    school=job.school,
                    path=output,
                    name=f"{binder.title}.{made.suffix}",
                    page_count=made.pages,
                    created_by=binder.created_by,
                    file_type=made.file_type,
                )
                update_audited(
                    binder,
                    actor=None,
                    changes={
                        "output": stored,
                        "page_count": made.pages,
                        "warnings": [warning.as_json() for warning in made.warnings],
                        "audit": audit.as_json(),
                    },
                    allowed=("output", "page_count", "warnings", "audit"),
                )
                job_succeed(job=job, output=stored)
    except Cancelled:
        job_cancelled(job=job)
        return JobStatus.CANCELLED
    except Exception as error:  # the job records every failure (a user's lost access too)
        job_fail(job=job, error=str(error) or type(error).__name__)
        return JobStatus.FAILED
    return JobStatus.SUCCEEDED


def binder_freeze(*, access: Access, binder: Binder) -> Binder:
    """定稿: fix a compiled binder as the version submitted; only a frozen binder is shared."""
    access.ensure_own(binder)
    _require_compile(access, _scope(binder))
    if binder.output_id is None:
        raise HezuoError(_("只有已生成的汇编才能定稿。"))
    if binder.frozen_at is not None:
        return binder
    return update_audited(
        binder,
        actor=access.user,
        changes={"frozen_at": timezone.now(), "frozen_by": access.user},
        allowed=("frozen_at", "frozen_by"),
    )


def binder_share_create(
    *, access: Access, binder: Binder, label: str, days: int
) -> tuple[BinderShare, str]:
    """A read-only link to a frozen binder for the experts named by ``label``, valid ``days``.
    Returns the row and the link's token, shown once and never stored."""
    access.ensure_own(binder)
    _require_compile(access, _scope(binder))
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
    _require_compile(access, _scope(share.binder))
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
