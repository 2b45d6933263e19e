"""/healthz answers whenever the server does; /readyz names what serving lacks: the database, its
migrations, the file store, a worker."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from conftest import BUCKET
from hezuo.jobs.models import WorkerBeat
from hezuo.jobs.workers import start_beating, worker_beat, worker_last_seen


def _ready() -> tuple[int, dict[str, dict[str, object]]]:
    response = Client().get("/readyz")
    return response.status_code, response.json()["checks"]


def test_healthz_answers_without_the_database() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_fails_until_a_worker_has_beaten_recently() -> None:
    status, checks = _ready()
    assert status == 503
    assert checks["database"]["ok"] and checks["migrations"]["ok"] and checks["storage"]["ok"]
    assert not checks["worker"]["ok"] and "no worker seen" in str(checks["worker"]["detail"])

    worker_beat(name="host:1", started_at=timezone.now())
    status, checks = _ready()
    assert status == 200 and all(check["ok"] for check in checks.values())

    WorkerBeat.objects.update(seen_at=timezone.now() - dt.timedelta(minutes=6))
    assert _ready()[0] == 503  # silent for longer than HEZUO_WORKER_SILENT_MINUTES (5)


@pytest.mark.django_db
def test_readyz_names_a_folder_it_cannot_write(settings: object, tmp_path: Path) -> None:
    worker_beat(name="host:1", started_at=timezone.now())
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    settings.MEDIA_ROOT = blocked / "media"  # type: ignore[attr-defined]
    from django.core.files.storage import storages

    storages._storages.clear()  # type: ignore[attr-defined]
    status, checks = _ready()
    assert status == 503 and not checks["storage"]["ok"]
    assert "不能写入" in str(checks["storage"]["detail"])


@pytest.mark.django_db
def test_readyz_names_a_bucket_that_does_not_exist(settings: object, s3_endpoint: str) -> None:
    worker_beat(name="host:1", started_at=timezone.now())
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": f"{BUCKET}-missing",
                "endpoint_url": s3_endpoint,
                "access_key": "hezuo",
                "secret_key": "hezuo-secret",
                "region_name": "us-east-1",
            },
        },
        "staticfiles": {"BACKEND": "config.static.StaticFiles"},
    }
    status, checks = _ready()
    assert status == 503
    assert f"存储桶“{BUCKET}-missing”不存在" in str(checks["storage"]["detail"])


@pytest.mark.django_db(transaction=True)
def test_a_worker_beats_from_a_thread_of_its_own() -> None:
    # The test waits on the thread's own signal rather than reading the table while the thread
    # writes it: the test database is SQLite's shared in-memory one, whose table locks do not wait.
    stop, beaten = threading.Event(), threading.Event()
    thread = start_beating(stop, name="host:beats", after_beat=beaten.set)
    assert beaten.wait(timeout=30), "the thread never beat"
    stop.set()
    thread.join(timeout=10)
    assert worker_last_seen() is not None
    beat = WorkerBeat.objects.get()
    assert beat.pid > 0 and beat.seen_at >= beat.started_at
    assert not thread.is_alive()


@pytest.mark.django_db
def test_health_is_answered_whatever_host_the_probe_names(settings: object) -> None:
    settings.ALLOWED_HOSTS = ["hezuo.example.edu.cn"]  # type: ignore[attr-defined]
    probe = Client(HTTP_HOST="10.0.0.7:8000")
    assert probe.get("/healthz").status_code == 200
    ready = probe.get("/readyz")  # no worker has beaten: answered, and says so
    assert ready.status_code == 503 and "worker" in ready.json()["checks"]
    assert probe.get("/accounts/login/").status_code == 400, "everything else checks the host"
