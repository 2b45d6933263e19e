"""What the installation's job queue looks like now, for its monitoring (hezuo.web.metrics):
counted from the job rows themselves, so every web process answers alike whichever worker did
the work. Bookkeeping of the platform across schools: no school's records are read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Sum
from django.utils import timezone

from hezuo.jobs.models import Job, JobStatus, WorkerBeat


@dataclass(frozen=True)
class JobStatistics:
    by_kind_and_status: dict[tuple[str, str], int]
    # Work done: per kind, how many jobs finished with a start time, and their seconds in all.
    finished: dict[str, tuple[int, float]]
    oldest_waiting_seconds: float
    workers_alive: int


def job_statistics() -> JobStatistics:
    now = timezone.now()
    counts = {
        (row["kind"], row["status"]): row["n"]
        for row in Job.objects.order_by().values("kind", "status").annotate(n=Count("pk"))
    }
    spent = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
    finished = {
        row["kind"]: (row["n"], (row["seconds"] or dt.timedelta()).total_seconds())
        for row in Job.objects.order_by()
        .filter(started_at__isnull=False, finished_at__isnull=False)
        .values("kind")
        .annotate(n=Count("pk"), seconds=Sum(spent))
    }
    oldest = Job.objects.filter(status=JobStatus.QUEUED).aggregate(at=Min("created_at"))["at"]
    silent = dt.timedelta(minutes=settings.HEZUO_WORKER_SILENT_MINUTES)
    return JobStatistics(
        by_kind_and_status=counts,
        finished=finished,
        oldest_waiting_seconds=(now - oldest).total_seconds() if oldest else 0.0,
        workers_alive=WorkerBeat.objects.filter(seen_at__gte=now - silent).count(),
    )
