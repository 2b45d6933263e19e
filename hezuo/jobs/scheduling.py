"""Work done on a schedule by the workers themselves — no cron. Each `hezuo worker` looks after
each of its beats for scheduled work that is due; the one that first records an occurrence
(``ScheduledRun``, unique by name and occurrence) does it, in a thread of its own so that its
beats go on. What is scheduled is listed higher up (``hezuo.cli.schedule``): this module only
knows when and how once.

A daily entry is due from its time of day (the installation's time zone) until the day ends: a
worker that starts at ten does the seven o'clock work of that day, and a day with no worker at
all is skipped, not made up twice."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from hezuo.jobs.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Daily:
    """Work done once a day, from ``at`` (local time)."""

    name: str
    at: dt.time
    description: str
    work: Callable[[dt.datetime], str]  # given the time it runs; says what it did

    def occurrence(self, now: dt.datetime) -> str | None:
        """The occurrence due at ``now`` (the day), or None before the time of day."""
        local = timezone.localtime(now)
        return local.date().isoformat() if local.time() >= self.at else None


def claim(entry: Daily, occurrence: str, *, worker: str, now: dt.datetime) -> ScheduledRun | None:
    """Record that ``worker`` does ``entry``'s ``occurrence``; None when another worker did."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                name=entry.name, occurrence=occurrence, worker=worker, started_at=now
            )
    except IntegrityError:
        return None


def perform(entry: Daily, run: ScheduledRun, now: dt.datetime) -> None:
    """Do the work and record how it ended (a failure is recorded, not raised: the next
    occurrence comes all the same)."""
    try:
        outcome = entry.work(now)
    except Exception as error:
        logger.exception("scheduled %s %s failed", entry.name, run.occurrence)
        outcome = f"failed: {type(error).__name__}: {error}"
    ScheduledRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), outcome=outcome[:2000]
    )


def _perform_apart(entry: Daily, run: ScheduledRun, now: dt.datetime) -> None:
    try:
        perform(entry, run, now)
    finally:
        connections.close_all()  # this thread's own connections


def run_due(
    schedule: Sequence[Daily],
    *,
    worker: str,
    now: dt.datetime | None = None,
    inline: bool = False,
) -> list[str]:
    """Do the due occurrences this worker claims, each in a thread of its own (or, ``inline``,
    one after the other in this thread). Returns the names of those it claimed."""
    now = now or timezone.now()
    claimed: list[str] = []
    for entry in schedule:
        occurrence = entry.occurrence(now)
        if occurrence is None:
            continue
        run = claim(entry, occurrence, worker=worker, now=now)
        if run is None:
            continue
        claimed.append(entry.name)
        if inline:
            perform(entry, run, now)
        else:
            threading.Thread(
                target=_perform_apart, args=(entry, run, now), name=f"hezuo-{entry.name}"
            ).start()
    return claimed


def last_runs(schedule: Sequence[Daily]) -> dict[str, ScheduledRun]:
    """Each entry's latest run, if it ever ran."""
    latest: dict[str, ScheduledRun] = {}
    for run in ScheduledRun.objects.filter(name__in=[entry.name for entry in schedule]):
        latest.setdefault(run.name, run)  # newest first
    return latest
