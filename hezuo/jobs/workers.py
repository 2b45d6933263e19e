"""Heartbeats of the running workers: each ``hezuo worker`` records itself every
``BEAT_SECONDS`` from a thread of its own, so the installation can tell whether anyone is there
to do queued work (``/readyz``). Bookkeeping of the platform, not of a school: not audited."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading

from django.db import connections
from django.utils import timezone

from hezuo.jobs.models import WorkerBeat

BEAT_SECONDS = 30
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


def start_beating(stop: threading.Event) -> threading.Thread:
    """A daemon thread recording this process's beat until ``stop`` is set."""
    name = f"{socket.gethostname()}:{os.getpid()}"
    started_at = timezone.now()

    def beat() -> None:
        try:
            while True:
                try:
                    worker_beat(name=name, started_at=started_at)
                except Exception:  # a database that is away for a moment: beat again later
                    pass
                finally:
                    connections.close_all()  # this thread's own connection
                if stop.wait(BEAT_SECONDS):
                    return
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name="hezuo-worker-beat", daemon=True)
    thread.start()
    return thread
