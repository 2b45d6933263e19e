"""The tasks of a lost worker, settled by the others (hezuo.jobs.recovery): which are queued
again, which failed, and which are left alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hezuo.files.models import Processing, StoredFile
from hezuo.files.services import stored_file_save
from hezuo.jobs.models import Job, JobStatus
from hezuo.jobs.recovery import MAX_ATTEMPTS, RETRIED, RUN_JOB, Recovery, recover_stranded_tasks
from hezuo.jobs.workers import worker_beat
from tests import samples
from tests.personas import Personas

CONVERSION = next(iter(RETRIED))


@pytest.fixture(autouse=True)
def lost_after(settings: Any) -> None:
    settings.HEZUO_WORKER_LOST_SECONDS = 60


def _running(path: str, argument: int, *, workers: list[str], minutes_ago: float) -> Any:
    started = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return DBTaskResult.objects.create(
        task_path=path,
        args_kwargs={"args": [argument], "kwargs": {}},
        status=TaskResultStatus.RUNNING,
        started_at=started,
        run_after=started,
        worker_ids=workers,
        queue_name="default",
        backend_name="default",
        priority=0,
        exception_class_path="",
        traceback="",
    )


def _pending(personas: Personas) -> StoredFile:
    from hezuo.accounts.access import access_for

    access = access_for(user=personas.alice, school=personas.alpha)
    stored = stored_file_save(access=access, name="a.docx", data=samples.docx("recovery"))
    assert stored.processing == Processing.PENDING
    return stored


def test_a_lost_workers_conversion_is_queued_again(personas: Personas) -> None:
    stored = _pending(personas)
    task = _running(CONVERSION, stored.pk, workers=["gone:1"], minutes_ago=5)
    assert recover_stranded_tasks().requeued == 1
    task.refresh_from_db()
    assert (task.status, task.started_at) == (TaskResultStatus.READY, None)


def test_a_conversion_that_lost_its_worker_too_often_is_left_for_the_office(
    personas: Personas,
) -> None:
    stored = _pending(personas)
    workers = [f"gone:{n}" for n in range(MAX_ATTEMPTS)]
    task = _running(CONVERSION, stored.pk, workers=workers, minutes_ago=5)
    assert recover_stranded_tasks().failed == 1
    task.refresh_from_db()
    stored.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert stored.processing == Processing.NEEDS_CONVERSION
    assert "可以重新处理" in stored.processing_note


def test_a_lost_workers_job_is_failed_to_be_started_again(personas: Personas) -> None:
    job = Job.objects.create(school=personas.alpha, kind="binder", title="t")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    _running(RUN_JOB, job.pk, workers=["gone:1"], minutes_ago=5)
    assert recover_stranded_tasks().failed == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "工作进程中断" in job.error


def test_tasks_of_live_workers_and_tasks_just_taken_are_left_alone(personas: Personas) -> None:
    stored = _pending(personas)
    worker_beat(name="alive:1", started_at=timezone.now())
    beating = _running(CONVERSION, stored.pk, workers=["alive:1"], minutes_ago=30)
    fresh = _running(CONVERSION, stored.pk, workers=["not-beaten-yet:2"], minutes_ago=0.1)
    assert recover_stranded_tasks() == Recovery(requeued=0, failed=0)
    for task in (beating, fresh):
        task.refresh_from_db()
        assert task.status == TaskResultStatus.RUNNING
