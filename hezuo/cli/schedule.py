"""What the workers do on a schedule (hezuo.jobs.scheduling runs it; `hezuo worker
--list-schedule` shows it): the daily expiry digest, and the nightly clean-ups of what piles
up — finished task results, expired sessions, abandoned temporary files and the LibreOffice
profiles of workers that are gone."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hezuo.accounts.access import system_access
from hezuo.activities.tallies import tallies_refresh_all_stale
from hezuo.agreements.services import expiry_notices_send
from hezuo.core.models import School
from hezuo.jobs.models import ScheduledRun, WorkerBeat
from hezuo.jobs.scheduling import Daily, run_due

LEFT_BEHIND = dt.timedelta(days=1)  # a temporary file or profile this old is abandoned


def send_expiry_digests(now: dt.datetime) -> str:
    today = timezone.localdate(now)
    sent = 0
    for school in School.objects.order_by("slug"):
        sent += len(expiry_notices_send(access=system_access(school=school), today=today))
    return f"{sent} notices"


def prune_finished_work(now: dt.datetime) -> str:
    cutoff = now - dt.timedelta(days=settings.HEZUO_TASK_RESULTS_KEEP_DAYS)
    results, _by_model = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=cutoff,
    ).delete()
    runs, _by_model = ScheduledRun.objects.filter(
        started_at__lt=now - dt.timedelta(days=90)
    ).delete()
    sessions, _by_model = Session.objects.filter(expire_date__lt=now).delete()
    return f"{results} task results, {runs} schedule records, {sessions} expired sessions"


def _older_than(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def clear_left_behind(now: dt.datetime) -> str:
    """Temporary folders of work that died, and LibreOffice profiles of worker processes that
    no longer beat (each process keeps its own, hezuo.files.conversion)."""
    var = Path(settings.VAR_DIR)
    cutoff = time.time() - LEFT_BEHIND.total_seconds()
    removed = 0
    for path in sorted((var / "tmp").glob("*")):
        if not _older_than(path, cutoff):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed += 1
    alive = {
        name.rsplit(":", 1)[1]
        for name in WorkerBeat.objects.filter(seen_at__gte=now - LEFT_BEHIND).values_list(
            "name", flat=True
        )
    }
    for profile in sorted((var / "libreoffice").glob("profile-*")):
        if profile.name.removeprefix("profile-") not in alive and _older_than(profile, cutoff):
            shutil.rmtree(profile, ignore_errors=True)
            removed += 1
    return f"{removed} removed"


SCHEDULE = (
    Daily(
        "expiry-digest",
        dt.time(7, 30),
        "合作协议到期提醒（90 / 60 / 30 天）/ the agreements' expiry digest (90, 60, 30 days)",
        send_expiry_digests,
    ),
    Daily(
        "prune-finished-work",
        dt.time(3, 0),
        "清理过期的任务结果和会话 / finished task results older than "
        "HEZUO_TASK_RESULTS_KEEP_DAYS, expired sessions",
        prune_finished_work,
    ),
    Daily(
        "clear-left-behind",
        dt.time(3, 30),
        "清理遗留的临时文件和 LibreOffice 配置 / abandoned temporary files and the LibreOffice "
        "profiles of workers that are gone",
        clear_left_behind,
    ),
)


def after_beat(*, worker: str) -> None:
    """What a worker does after each of its beats: the scheduled work that is due, and the
    monthly tallies reads could not bring up to date themselves (hezuo.activities.tallies)."""
    run_due(SCHEDULE, worker=worker)
    tallies_refresh_all_stale()


def schedule_lines() -> list[str]:
    """What `hezuo worker --list-schedule` prints."""
    from hezuo.jobs.scheduling import last_runs

    latest = last_runs(SCHEDULE)
    lines = [f"时区 / time zone: {settings.TIME_ZONE}"]
    for entry in SCHEDULE:
        run = latest.get(entry.name)
        last = (
            f"{run.occurrence} ({run.worker}: {run.outcome or '…'})"
            if run is not None
            else "从未运行 / never"
        )
        lines.append(f"{entry.name:<22} 每天 / daily {entry.at:%H:%M}  {entry.description}")
        lines.append(f"{'':<22} 上次 / last: {last}")
    return lines
