"""Heartbeats of the running workers: each ``hezuo worker`` records itself every
``HEZUO_WORKER_BEAT_SECONDS`` from a thread of its own, under the name it also claims its tasks
with, so the installation can tell whether anyone is there to do queued work (``/readyz``) and
whose tasks were left behind by a worker that is gone (``hezuo.jobs.recovery``, run at each
beat). Bookkeeping of the platform, not of a school: not audited."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.utils import timezone

from hezuo.jobs.models import WorkerBeat

logger = logging.getLogger(__name__)
FORGOTTEN_AFTER = dt.timedelta(days=1)  # a process that stopped beating a day ago is gone


def worker_beat(*, name: str, started_at: dt.datetime) -> WorkerBeat:
    """Record that the worker ``name`` is alive now."""
    now = timezone.now()
    beat, _created = WorkerBeat.objects.update_or_create(
        name=name,
        defaults={
            "host": socket.gethostname()[:150],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now,
        },
    )
    WorkerBeat.objects.filter(seen_at__lt=now - FORGOTTEN_AFTER).delete()
    return beat


def worker_last_seen() -> dt.datetime | None:
    """When any worker last beat."""
    beat = WorkerBeat.objects.order_by("-seen_at").first()
    return beat.seen_at if beat is not None else None


def worker_name() -> str:
    """This process's name among the workers (at most 64 characters, as the task table keeps)."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}"


def start_beating(
    stop: threading.Event, *, name: str, after_beat: Callable[[], object] | None = None
) -> threading.Thread:
    """A daemon thread recording this process's beat until ``stop`` is set, settling the tasks
    of lost workers after each beat, then calling ``after_beat`` (the scheduled work)."""
    from hezuo.jobs.recovery import recover_stranded_tasks

    started_at = timezone.now()

    def beat() -> None:
        try:
            while True:
                try:
                    worker_beat(name=name, started_at=started_at)
                    recover_stranded_tasks()
                    if after_beat is not None:
                        after_beat()
                except Exception:  # a database away for a moment: beat again later
                    logger.exception("worker %s: beat", name)
                finally:
                    connections.close_all()  # this thread's own connection
                if stop.wait(settings.HEZUO_WORKER_BEAT_SECONDS):
                    return
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name="hezuo-worker-beat", daemon=True)
    thread.start()
    return thread
