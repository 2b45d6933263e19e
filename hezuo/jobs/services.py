"""The lifecycle of every job, whatever its kind (``hezuo.jobs.kinds``): the same for a binder,
a report version and an Excel import.

- ``job_queue``: a new job for a record, started by the worker once the transaction commits;
- ``job_run`` (the worker): the work is done as the person who asked would see the records, in
  a private temporary folder; it reports progress, and stops at its next report once cancelling
  was asked for (nothing is kept, the job says cancelled); what it made (its file, written in
  that folder, and the record's new values) is kept in one transaction with the job's success,
  or not at all; any failure is recorded on the job;
- ``job_cancel``: a queued job is cancelled at once, a running one at its next progress report;
- ``job_retry``: a record whose work failed or was cancelled is made again, from the records as
  they are now, by a new job;
- ``jobs_fail_stale``: a running job whose worker was killed stops reporting, and is marked
  failed (it can then be started again).

Transitions (created, started, finished, failed, cancelled) are audited; progress ticks are
not: they are many, carry no decision, and the job row itself keeps them."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from hezuo.accounts.access import Access, access_for, system_access
from hezuo.core.errors import HezuoError, NotFound
from hezuo.core.queues import DOCUMENT_PRIORITY, DOCUMENTS, fair_priority
from hezuo.core.writes import create_audited, stored_for_update, update_audited
from hezuo.files.models import StoredFile
from hezuo.files.services import stored_file_save_generated
from hezuo.jobs.kinds import JobKind, Made, Work, kind_of, registered
from hezuo.jobs.models import FINISHED_STATUSES, Job, JobStatus, MadeByJob
from hezuo.jobs.progress import Cancelled

R = TypeVar("R", bound=MadeByJob)
logger = logging.getLogger(__name__)


def job_create(*, access: Access, kind: str, title: str, params: dict[str, Any]) -> Job:
    """Queue a job. The caller has already checked the actor may do the work it stands for."""
    return create_audited(
        Job(school=access.school, kind=kind, title=title, params=params, created_by=access.user),
        actor=access.user,
    )


@transaction.atomic
def job_queue(*, access: Access, kind: JobKind[R], record: R) -> Job:
    """Check that ``access`` may have ``record`` made, and queue its work: a new job, kept in
    the record, which the worker starts once this transaction commits."""
    from hezuo.jobs.tasks import run_job

    access.ensure_own(record)
    kind.check(access, record)
    params: dict[str, Any] = {kind.name: record.pk}
    if kind.speaks_asker_language:
        params["language"] = translation.get_language() or settings.LANGUAGE_CODE
    job = job_create(access=access, kind=kind.name, title=kind.title(record), params=params)
    update_audited(record, actor=access.user, changes={"job": job}, allowed=("job",))
    # Behind fewer of its own school's documents than of a school asking for many.
    waiting = Job.objects.filter(school=job.school, status=JobStatus.QUEUED).exclude(pk=job.pk)
    queued = run_job.using(
        queue_name=DOCUMENTS,
        priority=fair_priority(DOCUMENT_PRIORITY, waiting=waiting.count()),
    )
    transaction.on_commit(partial(queued.enqueue, job.pk))
    return job


@transaction.atomic
def job_retry(*, access: Access, record: MadeByJob, job: Job | None = None) -> Job:
    """Make a record whose work failed or was cancelled (or whose worker was killed) again, from
    the records as they are now. With ``job``, the job asked about must be the record's
    latest."""
    kind = kind_of(record)
    access.ensure_own(record)
    kind.check(access, record)
    current = stored_for_update(record)
    if job is not None and job.pk != current.job_id:
        raise HezuoError(gettext("这项任务之后已重新开始过，请看最近的一次。"))
    latest = _locked_job(current.job_id)
    if kind.made(current) or (latest is not None and latest.status not in FINISHED_STATUSES):
        raise HezuoError(
            gettext("“%(title)s”已生成或正在生成，无需重新开始。") % {"title": kind.title(record)}
        )
    return job_queue(access=access, kind=kind, record=record)


@transaction.atomic
def job_cancel(*, access: Access, record: MadeByJob, job: Job | None = None) -> Job:
    """Stop a record's work: at once while queued, at its next progress report while running.
    With ``job``, an earlier job of the record (over already) is left as it is."""
    kind = kind_of(record)
    access.ensure_own(record)
    kind.check(access, record)
    current = stored_for_update(record)
    latest = _locked_job(current.job_id)
    if latest is None:
        raise NotFound()
    if job is not None and job.pk != latest.pk:
        return job
    return job_request_cancel(access=access, job=latest)


def _locked_job(pk: int | None) -> Job | None:
    return Job.objects.select_for_update().filter(pk=pk).first() if pk is not None else None


def job_run(*, job_id: int) -> str:
    """System work (the worker): do the work of job ``job_id`` as the person who asked for it
    would see the records, and keep what it made. Returns the job's final status. Work whose
    words are for the asker only (``JobKind.speaks_asker_language``) speaks the language they
    asked in; the rest, the site's."""
    claimed = _claim(job_id)
    if claimed is None:
        return "skipped"
    job, kind, record = claimed
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        return _run(job, kind, record)


def _run(job: Job, kind: JobKind[Any], record: MadeByJob | None) -> str:
    if record is None:
        job_fail(job=job, error=gettext("找不到这项任务要生成的记录。"))
        return JobStatus.FAILED
    work: Work | None = None
    try:
        access = (
            access_for(school=job.school, user=record.created_by)
            if record.created_by is not None
            else system_access(school=job.school)
        )
        kind.check(access, record)
        folder = Path(settings.VAR_DIR) / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder) as private:
            work = Work(
                job=job,
                access=access,
                folder=Path(private),
                report=job_progress_reporter(job=job),
                keeper=partial(_keep, job, record),
            )
            made = kind.run(work, record)
            if made is not None:
                work.keep(made)
    except Cancelled:
        job_cancelled(job=job)
        return JobStatus.CANCELLED
    except Exception as error:  # the job records every failure (a user's lost access too)
        if work is not None and work.kept:  # what it made is kept: the job succeeded
            logger.exception("job %s: after its work was kept", job.pk)
            return JobStatus.SUCCEEDED
        message = error.message if isinstance(error, HezuoError) else str(error)
        job_fail(job=job, error=message or type(error).__name__)
        return JobStatus.FAILED
    return JobStatus.SUCCEEDED


@transaction.atomic
def _claim(job_id: int) -> tuple[Job, JobKind[Any], MadeByJob | None] | None:
    """The queued job ``job_id``, started, with its kind and record (None when the record is
    gone); None when the job is not queued any more (cancelled, or taken by another worker)
    or is not the record's latest (it was started again meanwhile)."""
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return None
    kind = registered(job.kind)
    if kind is None:
        job_fail(job=job, error=gettext("找不到这项任务要生成的记录。"))
        return None
    rows = kind.model._default_manager.filter(pk=job.params.get(kind.name), school=job.school_id)
    record = kind.load(rows.select_related("created_by")).first()
    if record is not None and record.job_id != job.pk:
        job_cancelled(job=job)
        return None
    return job_start(job=job), kind, record


@transaction.atomic
def _keep(job: Job, record: MadeByJob, made: Made) -> None:
    """The file, the record's new values and the job's success, together or not at all."""
    changes = dict(made.changes)
    stored = None
    if made.file is not None:
        stored = stored_file_save_generated(
            school=job.school,
            path=made.file,
            name=made.name or made.file.name,
            page_count=made.pages,
            created_by=record.created_by,
            file_type=made.file_type,
        )
        changes["output"] = stored
    update_audited(record, actor=None, changes=changes, allowed=tuple(changes))
    job_succeed(job=job, output=stored)


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
    failed = 0
    for pk in list(running.values_list("pk", flat=True)):
        with transaction.atomic():  # still running and silent, now that it is locked
            stale = running.select_for_update().filter(pk=pk).first()
            if stale is not None:
                job_fail(job=stale, error=gettext("工作进程中断，任务未完成；可以重新开始。"))
                failed += 1
    return failed


@transaction.atomic
def job_request_cancel(*, access: Access, job: Job) -> Job:
    """Ask a queued or running job to stop; a queued job is cancelled at once."""
    if job.school_id != access.school.pk:
        raise NotFound()
    current = stored_for_update(job)
    if current.status in FINISHED_STATUSES:
        return current
    if current.status == JobStatus.QUEUED:
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
        stored=current,
    )
