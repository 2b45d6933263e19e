"""Scheduled work done by the workers, without cron (hezuo.jobs.scheduling, hezuo.cli.schedule):
the expiry digest once a day however many workers run, and the nightly clean-ups."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hezuo.cli.schedule import SCHEDULE, clear_left_behind, prune_finished_work, schedule_lines
from hezuo.core.models import School
from hezuo.jobs.models import ScheduledRun
from hezuo.jobs.scheduling import run_due
from hezuo.jobs.workers import worker_beat

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=SHANGHAI)


def _two_workers_beat(at: dt.datetime, capture: Any) -> list[list[str]]:
    """Workers a and b both look for due work at ``at`` (mail leaves on commit)."""
    claimed = []
    with time_machine.travel(at, tick=False):
        for worker in ("host:1", "host:2"):
            with capture(execute=True):
                claimed.append(run_due(SCHEDULE, worker=worker, inline=True))
    return claimed


def test_the_expiry_digest_is_sent_once_a_day_by_one_of_two_workers(
    demo: list[School], django_capture_on_commit_callbacks: Any
) -> None:
    # The demo's NAIT agreement runs to 2027-01-31: 70 days left on 2026-11-22.
    assert _two_workers_beat(_at("2026-11-22", 7, 0), django_capture_on_commit_callbacks) == [
        ["prune-finished-work", "clear-left-behind"],
        [],
    ], "before half past seven only the night's work is due"
    first, second = _two_workers_beat(_at("2026-11-22", 8, 0), django_capture_on_commit_callbacks)
    assert (first, second) == (["expiry-digest"], [])
    [message] = mail.outbox
    assert "即将到期" in message.subject and "剩余 70 天" in message.body
    run = ScheduledRun.objects.get(name="expiry-digest")
    assert (run.occurrence, run.worker, run.outcome) == ("2026-11-22", "host:1", "1 notices")

    _two_workers_beat(_at("2026-11-23", 9, 0), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1, "the next day runs again, with nothing new to say"
    assert ScheduledRun.objects.filter(name="expiry-digest").count() == 2
    _two_workers_beat(_at("2026-12-05", 7, 45), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2 and "剩余 57 天" in mail.outbox[1].body, "the 60-day threshold"


def test_the_schedule_is_listed_with_each_entrys_last_run(demo: list[School]) -> None:
    lines = "\n".join(schedule_lines())
    assert "expiry-digest" in lines and "07:30" in lines and "从未运行 / never" in lines
    with time_machine.travel(_at("2026-11-22", 8, 0), tick=False):
        run_due(SCHEDULE, worker="host:1", inline=True)
    lines = "\n".join(schedule_lines())
    assert "2026-11-22 (host:1: 1 notices)" in lines


@pytest.mark.django_db
def test_finished_task_results_and_expired_sessions_are_pruned(settings: Any) -> None:
    settings.HEZUO_TASK_RESULTS_KEEP_DAYS = 30
    now = timezone.now()

    def result(status: str, finished_days_ago: int | None) -> Any:
        finished = now - dt.timedelta(days=finished_days_ago) if finished_days_ago else None
        return DBTaskResult.objects.create(
            task_path="hezuo.jobs.tasks.run_job",
            args_kwargs={"args": [1], "kwargs": {}},
            status=status,
            finished_at=finished,
            run_after=now,
            queue_name="documents",
            backend_name="default",
            priority=0,
            exception_class_path="",
            traceback="",
        )

    old = result(TaskResultStatus.SUCCESSFUL, 31)
    old_failure = result(TaskResultStatus.FAILED, 40)
    recent = result(TaskResultStatus.SUCCESSFUL, 29)
    waiting = result(TaskResultStatus.READY, None)
    assert prune_finished_work(now).startswith("2 task results")
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, waiting.pk} and not {old.pk, old_failure.pk} & left


@pytest.mark.django_db
def test_abandoned_temporary_files_and_profiles_of_gone_workers_are_removed(
    settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    two_days_ago = time.time() - 2 * 86400
    made = {}
    for name in (
        "tmp/hezuo-binder-abc",
        "tmp/fresh",
        "libreoffice/profile-111",
        "libreoffice/profile-222",
    ):
        path = tmp_path / name
        path.mkdir(parents=True)
        (path / "inside").write_text("x")
        made[name] = path
    for name in ("tmp/hezuo-binder-abc", "libreoffice/profile-111", "libreoffice/profile-222"):
        os.utime(made[name], (two_days_ago, two_days_ago))
    worker_beat(name="host:222", started_at=timezone.now())  # a worker still running

    assert clear_left_behind(timezone.now()) == "2 removed"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("*/*")) == [
        "libreoffice/profile-222",
        "tmp/fresh",
    ]
