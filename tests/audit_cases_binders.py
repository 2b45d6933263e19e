"""The audit test's calls for jobs and binders (merged into audit_cases.CASES)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone

from hezuo.binders import services as binders
from hezuo.binders.compiling import BinderOptions
from hezuo.binders.plan import Scope
from hezuo.core.models import AuditAction
from hezuo.files import services as files
from hezuo.jobs import services as jobs
from hezuo.jobs.models import Job, JobStatus
from tests import samples
from tests.personas import Personas
from tests.world import World

Call = Callable[[Personas, World], Any]


def _requested(world: Any) -> Any:
    return binders.binder_request(
        access=world.access,
        scope=Scope(project=world.project, task=world.task),
        options=BinderOptions(),
    )


def _retried(world: Any) -> Any:
    binder = _requested(world)
    jobs.job_request_cancel(access=world.access, job=binder.job)
    jobs.job_retry(access=world.access, record=binder)
    return binder


def _compiled(world: Any) -> Any:
    binder = _requested(world)
    jobs.job_run(job_id=binder.job_id)
    binder.refresh_from_db()
    return binder


def _generated(world: Any) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.pdf"
        path.write_bytes(samples.pdf("generated"))
        return files.stored_file_save_generated(
            school=world.access.school, path=path, name="汇编.pdf", page_count=1, created_by=None
        )


def _frozen(world: Any) -> Any:
    return binders.binder_freeze(access=world.access, binder=_compiled(world))


def _shared(world: Any) -> Any:
    share, _token = binders.binder_share_create(
        access=world.access, binder=_frozen(world), label="省评审专家组", days=30
    )
    return share


def _stale(world: Any) -> Any:
    job = jobs.job_create(access=world.access, kind="k", title="t", params={})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, updated_at=timezone.now() - dt.timedelta(hours=2)
    )
    jobs.jobs_fail_stale(older_than=dt.timedelta(minutes=10))
    return job


BINDER_CASES: dict[str, tuple[Call, AuditAction]] = {
    "files.stored_file_save_generated": (lambda p, w: _generated(w), AuditAction.CREATE),
    "jobs.job_cancelled": (
        lambda p, w: jobs.job_cancelled(
            job=jobs.job_create(access=w.access, kind="k", title="t", params={})
        ),
        AuditAction.UPDATE,
    ),
    "jobs.jobs_fail_stale": (lambda p, w: _stale(w), AuditAction.UPDATE),
    "binders.binder_request": (lambda p, w: _requested(w), AuditAction.CREATE),
    "jobs.job_retry": (lambda p, w: _retried(w), AuditAction.UPDATE),
    "jobs.job_run": (lambda p, w: _compiled(w), AuditAction.UPDATE),
    "binders.binder_freeze": (lambda p, w: _frozen(w), AuditAction.UPDATE),
    "jobs.job_cancel": (
        lambda p, w: jobs.job_cancel(access=w.access, record=_requested(w)),
        AuditAction.UPDATE,
    ),
    "binders.binder_share_create": (lambda p, w: _shared(w), AuditAction.CREATE),
    "binders.binder_share_revoke": (
        lambda p, w: binders.binder_share_revoke(access=w.access, share=_shared(w)),
        AuditAction.UPDATE,
    ),
}

BINDER_ACTED_BY_THE_SYSTEM = {
    "files.stored_file_save_generated",
    "jobs.job_cancelled",
    "jobs.jobs_fail_stale",
    "jobs.job_run",
}

BINDER_NOT_AUDITED = {
    "binders.binder_share_open": "each opening is a row of its own log (BinderShareOpening)",
}
