"""Job lifecycle. Transitions (created, started, finished, failed, cancelled) are audited;
progress ticks are not: they are many, carry no decision, and the job row itself keeps them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from hezuo.accounts.access import Access
from hezuo.core.errors import NotFound
from hezuo.core.writes import create_audited, update_audited
from hezuo.files.models import StoredFile
from hezuo.jobs.models import FINISHED_STATUSES, Job, JobStatus


def job_create(*, access: Access, kind: str, title: str, params: dict[str, Any]) -> Job:
    """Queue a job. The caller has already checked the actor may do the work it stands for."""
    return create_audited(
        Job(school=access.school, kind=kind, title=title, params=params, created_by=access.user),
        actor=access.user,
    )


class Enqueueable(Protocol):
    def enqueue(self, job_id: int) -> object: ...


def job_queue_for(
    *, access: Access, record: models.Model, kind: str, title: str, task: Enqueueable
) -> Job:
    """Queue ``task`` to make ``record`` (a row with a ``job`` field, such as a binder or a
    report version): a new job, kept in the record and enqueued once the transaction commits.
    The job's params name the record by ``kind``."""
    job = job_create(access=access, kind=kind, title=title, params={kind: record.pk})
    update_audited(record, actor=access.user, changes={"job": job}, allowed=("job",))
    transaction.on_commit(partial(task.enqueue, job.pk))
    return job


def job_start(*, job: Job) -> Job:
    return update_audited(
        job,
        actor=None,
        changes={"status": JobStatus.RUNNING, "started_at": timezone.now(), "progress": 0},
        allowed=("status", "started_at", "progress"),
    )


@transaction.atomic
def job_report_progress(*, job: Job, progress: int, line: str = "") -> bool:
    """Record progress (0–100) and a log line; returns False when cancellation was requested,
    so the worker can stop at a safe point."""
    progress = max(0, min(100, progress))
    log = f"{job.log}{line}\n" if line else job.log
    Job.objects.filter(pk=job.pk).update(progress=progress, log=log, updated_at=timezone.now())
    job.progress, job.log = progress, log
    job.is_cancel_requested = (
        Job.objects.filter(pk=job.pk).values_list("is_cancel_requested", flat=True).get()
    )
    return not job.is_cancel_requested


def job_progress_reporter(*, job: Job) -> Callable[[int, str], bool]:
    """A progress callback for long work that reports many small steps: it writes (and checks
    for cancellation) only when the percentage moves or there is a line for the log, so a
    thousand files make at most a hundred writes."""
    last = -1

    def report(progress: int, line: str = "") -> bool:
        nonlocal last
        if progress == last and not line:
            return True
        last = progress
        return job_report_progress(job=job, progress=progress, line=line)

    return report


def job_succeed(*, job: Job, output: StoredFile | None = None) -> Job:
    return update_audited(
        job,
        actor=None,
        changes={
            "status": JobStatus.SUCCEEDED,
            "progress": 100,
            "output": output,
            "finished_at": timezone.now(),
        },
        allowed=("status", "progress", "output", "finished_at"),
    )


def job_fail(*, job: Job, error: str) -> Job:
    return update_audited(
        job,
        actor=None,
        changes={"status": JobStatus.FAILED, "error": error, "finished_at": timezone.now()},
        allowed=("status", "error", "finished_at"),
    )


def job_cancelled(*, job: Job) -> Job:
    """The worker stopped at a safe point because cancellation was asked for."""
    return update_audited(
        job,
        actor=None,
        changes={"status": JobStatus.CANCELLED, "finished_at": timezone.now()},
        allowed=("status", "finished_at"),
    )


def jobs_fail_stale(*, older_than: dt.timedelta | None = None, job: Job | None = None) -> int:
    """Mark failed the running jobs (or only ``job``) that have not reported progress for
    ``older_than`` (by default HEZUO_JOB_STALE_MINUTES): their worker was killed. Returns how
    many there were; the work can be asked for again."""
    if older_than is None:
        older_than = dt.timedelta(minutes=settings.HEZUO_JOB_STALE_MINUTES)
    cutoff = timezone.now() - older_than
    running = Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=cutoff)
    if job is not None:
        running = running.filter(pk=job.pk)
    stale = list(running)
    for job in stale:
        job_fail(job=job, error=gettext("工作进程中断，任务未完成；可以重新开始。"))
    return len(stale)


def job_request_cancel(*, access: Access, job: Job) -> Job:
    """Ask a queued or running job to stop; a queued job is cancelled at once."""
    if job.school_id != access.school.pk:
        raise NotFound()
    if job.status in FINISHED_STATUSES:
        return job
    if job.status == JobStatus.QUEUED:
        changes: dict[str, Any] = {
            "status": JobStatus.CANCELLED,
            "is_cancel_requested": True,
            "finished_at": timezone.now(),
        }
    else:
        changes = {"is_cancel_requested": True}
    return update_audited(
        job,
        actor=access.user,
        changes=changes,
        allowed=("status", "is_cancel_requested", "finished_at"),
    )
