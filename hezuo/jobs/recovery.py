"""Work whose worker is gone: a task a worker took (``running`` in the task table) while that
worker has stopped beating (``hezuo.jobs.workers``) — killed, out of memory, its machine
restarted — would otherwise stay running for good.

Each running worker looks for such tasks when it starts and at each of its beats; the first to
lock a task's row settles it:

- a file's conversion and text extraction is queued again (the same file gives the same
  result), up to ``MAX_ATTEMPTS`` workers; after that the file is marked as needing conversion,
  with the reason, and the office can process it again;
- any other task (a binder, a report, an import) is failed, and so is its job, which the user
  can start again: it may have been half done, and a person should decide.

Bookkeeping of the platform across schools: not a school's service, not audited as one (the
file's and the job's changes are, by their own services)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hezuo.core.writes import update_audited
from hezuo.files.models import Processing, StoredFile
from hezuo.jobs.models import FINISHED_STATUSES, Job, WorkerBeat

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Tasks that may simply be run again by another worker.
RETRIED = frozenset({"hezuo.files.tasks.process_stored_file"})
RUN_JOB = "hezuo.jobs.tasks.run_job"
WORKER_LOST = "hezuo.jobs.recovery.WorkerLost"


@dataclass(frozen=True)
class Recovery:
    requeued: int
    failed: int


def lost_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.HEZUO_WORKER_LOST_SECONDS)


def recover_stranded_tasks(*, now: dt.datetime | None = None) -> Recovery:
    """Settle the running tasks of workers that have not beaten for HEZUO_WORKER_LOST_SECONDS."""
    now = now or timezone.now()
    cutoff = now - lost_after()
    alive = set(WorkerBeat.objects.filter(seen_at__gte=cutoff).values_list("name", flat=True))
    candidates = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).values_list("pk", "worker_ids")
    requeued = failed = 0
    for pk, worker_ids in list(candidates):
        if worker_ids and worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            result = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=TaskResultStatus.RUNNING)
                .first()
            )
            if result is None:  # settled meanwhile, or another worker is settling it
                continue
            if result.task_path in RETRIED and len(result.worker_ids) < MAX_ATTEMPTS:
                _requeue(result)
                requeued += 1
            else:
                _fail(result, now)
                failed += 1
    if requeued or failed:
        logger.warning("tasks of lost workers: %s queued again, %s failed", requeued, failed)
    return Recovery(requeued=requeued, failed=failed)


def _requeue(result: DBTaskResult[Any, Any]) -> None:
    result.status = TaskResultStatus.READY
    result.started_at = None
    result.save(update_fields=["status", "started_at"])


def _fail(result: DBTaskResult[Any, Any], now: dt.datetime) -> None:
    message = gettext("工作进程中断，任务未完成；可以重新开始。")
    result.status = TaskResultStatus.FAILED
    result.finished_at = now
    result.exception_class_path = WORKER_LOST
    result.traceback = f"{message} (worker {', '.join(result.worker_ids) or '?'})"
    result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    arguments = result.args_kwargs.get("args") or []
    if not arguments:
        return
    if result.task_path in RETRIED:
        stored = StoredFile.objects.filter(pk=arguments[0], processing=Processing.PENDING).first()
        if stored is not None:
            update_audited(
                stored,
                actor=None,
                changes={
                    "processing": Processing.NEEDS_CONVERSION,
                    "processing_note": gettext(
                        "处理这个文件时工作进程多次中断（文件可能过大或已损坏），可以重新处理。"
                    ),
                },
                allowed=("processing", "processing_note"),
            )
        return
    if result.task_path != RUN_JOB:
        return
    job = Job.objects.filter(pk=arguments[0]).exclude(status__in=FINISHED_STATUSES).first()
    if job is not None:
        from hezuo.jobs.services import job_fail

        job_fail(job=job, error=message)
