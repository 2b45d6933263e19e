"""Prometheus metrics at ``/metrics``, for the school's monitoring — off unless
``HEZUO_METRICS_TOKEN`` is set, and then only for a scraper sending it as a bearer token.

- ``hezuo_http_requests_total`` and ``hezuo_http_request_duration_seconds``: requests by
  method, view (the URL's name, never the path with its ids and tokens) and status, counted by
  the request-log middleware (hezuo.web.requestlog).
- ``hezuo_jobs``, ``hezuo_job_seconds``, ``hezuo_jobs_oldest_waiting_seconds``,
  ``hezuo_workers_alive``: the job queue as its rows say (hezuo.jobs.statistics), the same from
  whichever process answers.

Under `hezuo serve` each gunicorn process counts its own requests into files in
``PROMETHEUS_MULTIPROC_DIR`` (set by hezuo.cli.server), and a scrape adds them up."""

from __future__ import annotations

import os
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from hezuo.jobs.statistics import job_statistics

REQUESTS = Counter(
    "hezuo_http_requests",
    "Requests answered, by method, view and status.",
    ["method", "view", "status"],
    registry=None,
)
DURATION = Histogram(
    "hezuo_http_request_duration_seconds",
    "Time to answer a request, by method and view.",
    ["method", "view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
    registry=None,
)


def observe_request(request: HttpRequest, status: int, seconds: float) -> None:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        view = match.view_name
    elif request.path.startswith(str(settings.STATIC_URL)):
        view = "static"  # answered by WhiteNoise before any URL is resolved
    else:
        view = "unresolved"
    method = request.method or ""
    REQUESTS.labels(method=method, view=view, status=str(status)).inc()
    DURATION.labels(method=method, view=view).observe(seconds)


class JobCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        statistics = job_statistics()
        jobs = GaugeMetricFamily(
            "hezuo_jobs", "Jobs kept, by kind and status.", labels=["kind", "status"]
        )
        for (kind, status), count in sorted(statistics.by_kind_and_status.items()):
            jobs.add_metric([kind, status], count)
        yield jobs
        seconds = CounterMetricFamily(
            "hezuo_job_seconds", "Seconds spent on finished jobs, by kind.", labels=["kind"]
        )
        finished = CounterMetricFamily(
            "hezuo_jobs_finished", "Jobs finished after they started, by kind.", labels=["kind"]
        )
        for kind, (count, spent) in sorted(statistics.finished.items()):
            seconds.add_metric([kind], spent)
            finished.add_metric([kind], count)
        yield seconds
        yield finished
        yield GaugeMetricFamily(
            "hezuo_jobs_oldest_waiting_seconds",
            "How long the oldest queued job has waited for a worker.",
            value=statistics.oldest_waiting_seconds,
        )
        yield GaugeMetricFamily(
            "hezuo_workers_alive",
            "Workers seen within HEZUO_WORKER_SILENT_MINUTES.",
            value=statistics.workers_alive,
        )


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=True)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # every gunicorn process's counts, added up
    else:
        registry.register(REQUESTS)
        registry.register(DURATION)
    registry.register(JobCollector())
    return registry


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.HEZUO_METRICS_TOKEN
    if not token:
        raise Http404
    if not constant_time_compare(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return HttpResponse(status=401, headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
