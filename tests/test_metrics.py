"""Prometheus metrics: no /metrics without a token, 401 for a wrong one; requests counted by
view (never by path) and status; the job queue as its rows say."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from hezuo.jobs.models import Job, JobStatus
from hezuo.jobs.workers import worker_beat
from tests.personas import Personas

TOKEN = "a-metrics-secret"


def _scrape(client: Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


@pytest.mark.django_db
def test_without_a_token_there_are_no_metrics(settings: object) -> None:
    settings.HEZUO_METRICS_TOKEN = ""  # type: ignore[attr-defined]
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.django_db
def test_a_wrong_token_is_refused(settings: object) -> None:
    settings.HEZUO_METRICS_TOKEN = TOKEN  # type: ignore[attr-defined]
    refused = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-secret")
    assert refused.status_code == 401 and "Bearer" in refused["WWW-Authenticate"]
    assert Client().get("/metrics").status_code == 401


def test_requests_are_counted_by_view_and_status(personas: Personas, settings: object) -> None:
    settings.HEZUO_METRICS_TOKEN = TOKEN  # type: ignore[attr-defined]
    client = Client()
    client.force_login(personas.alice)
    key = (
        "hezuo_http_requests_total",
        (("method", "GET"), ("status", "404"), ("view", "web:detail")),
    )
    before = _scrape(client).get(key, 0.0)
    for pk in (999_999_001, 999_999_002):
        assert client.get(f"/s/alpha/partners/{pk}/").status_code == 404
    samples = _scrape(client)
    assert samples[key] == before + 2
    assert not [name for name, labels in samples if "999999" in str(labels)], "no path as label"
    duration = (
        "hezuo_http_request_duration_seconds_count",
        (("method", "GET"), ("view", "web:detail")),
    )
    assert samples[duration] >= 2


def test_the_job_queue_is_read_from_its_rows(personas: Personas, settings: object) -> None:
    settings.HEZUO_METRICS_TOKEN = TOKEN  # type: ignore[attr-defined]
    now = timezone.now()
    Job.objects.filter(school=personas.alpha).delete()
    common = {"school": personas.alpha, "kind": "test-kind", "title": "t"}
    Job.objects.create(**common, status=JobStatus.QUEUED)
    Job.objects.filter(pk=Job.objects.create(**common).pk).update(
        created_at=now - dt.timedelta(minutes=10)
    )
    for seconds in (3, 5):
        Job.objects.create(
            **common,
            status=JobStatus.SUCCEEDED,
            progress=100,
            started_at=now - dt.timedelta(seconds=seconds),
            finished_at=now,
        )
    worker_beat(name="host:1", started_at=now)
    samples = _scrape(Client())
    assert samples[("hezuo_jobs", (("kind", "test-kind"), ("status", "queued")))] == 2
    assert samples[("hezuo_jobs", (("kind", "test-kind"), ("status", "succeeded")))] == 2
    assert samples[("hezuo_jobs_finished_total", (("kind", "test-kind"),))] == 2
    assert samples[("hezuo_job_seconds_total", (("kind", "test-kind"),))] == pytest.approx(8)
    assert samples[("hezuo_jobs_oldest_waiting_seconds", ())] >= 600
    assert samples[("hezuo_workers_alive", ())] >= 1
