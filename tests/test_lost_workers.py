"""A worker killed (SIGKILL, with its LibreOffice) in the middle of a binder and of a file's
conversion: another worker, started after, queues the conversion again and finishes it, and
fails the binder's job so its user can start it again — within HEZUO_WORKER_LOST_SECONDS, on
the run's database engine (a PostgreSQL database of its own on the PostgreSQL run)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.installation import HEZUO
from tests.stack import Installation, installation

# The demo schools without their files, with a quick password hash (the real one takes half a
# second per demo account).
SEED = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
call_command("load_demo", "--without-files", verbosity=0)
"""
# Work asked for by the longgang office: its project's binder, or a Word file's conversion.
QUEUE = """
import sys, django
django.setup()
from django.db import transaction
from hezuo.accounts.access import access_for
from hezuo.accounts.models import User
from hezuo.binders.compiling import BinderOptions
from hezuo.binders.plan import scope_for
from hezuo.binders.services import binder_request
from hezuo.files.services import stored_file_save
from tests import samples

access = access_for(user=User.objects.get(username="longgang-admin"), school="shenzhen-longgang")
with transaction.atomic():
    if sys.argv[1] == "binder":
        binder = binder_request(
            access=access, scope=scope_for(access=access, task_code=None), options=BinderOptions()
        )
        print(binder.job_id)
    else:
        stored = stored_file_save(access=access, name="会议纪要.docx", data=samples.docx("纪要"))
        print(stored.pk)
"""
TASKS = "django_tasks_database_dbtaskresult"


def _query(stack: Installation, sql: str) -> list[tuple[Any, ...]]:
    if stack.database_url:
        with closing(psycopg.connect(stack.database_url, autocommit=True)) as database:
            return list(database.execute(sql).fetchall())
    with closing(sqlite3.connect(stack.var / "hezuo.sqlite3", timeout=20)) as database:
        return list(database.execute(sql))


def _python(stack: Installation, script: str, *arguments: str) -> str:
    done = subprocess.run(
        [HEZUO[0], "-c", script, *arguments],
        env={**stack.env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _worker(stack: Installation) -> subprocess.Popen[bytes]:
    log = (stack.var / f"worker-{time.monotonic_ns()}.log").open("wb")
    return subprocess.Popen(
        [*HEZUO, "worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        env=stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its LibreOffice dies with it, as in a killed container
    )


def _kill_when_running(stack: Installation, task: str, worker: subprocess.Popen[bytes]) -> str:
    """SIGKILL the worker (and its children) as soon as it has taken a ``task`` task."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        running = _query(
            stack,
            f"SELECT id FROM {TASKS} WHERE status = 'RUNNING' AND task_path LIKE '%.{task}'",
        )
        if running:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
            return str(running[0][0])
        assert worker.poll() is None, "the worker stopped by itself"
        time.sleep(0.02)
    raise AssertionError(f"no {task} task was taken")


@pytest.fixture
def stack(tmp_path: Path, s3_endpoint: str) -> Iterator[Installation]:
    with installation(
        tmp_path / "installation",
        s3_endpoint,
        HEZUO_WORKER_BEAT_SECONDS="1",
        HEZUO_WORKER_LOST_SECONDS="4",
    ) as made:
        made.run("upgrade")
        _python(made, SEED)
        yield made


def test_a_killed_workers_conversion_is_finished_and_its_binder_failed_for_retry(
    stack: Installation,
) -> None:
    job = _python(stack, QUEUE, "binder")
    binder_task = _kill_when_running(stack, "run_job", _worker(stack))
    stored = _python(stack, QUEUE, "conversion")
    conversion_task = _kill_when_running(stack, "process_stored_file", _worker(stack))

    survivor = _worker(stack)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            [(processing,)] = _query(
                stack, f"SELECT processing FROM files_storedfile WHERE id = {stored}"
            )
            [(job_status, error)] = _query(
                stack, f"SELECT status, error FROM jobs_job WHERE id = {job}"
            )
            if processing == "ready" and job_status == "failed":
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"{processing=} {job_status=}\n{stack.logs()}")
    finally:
        survivor.send_signal(signal.SIGTERM)
        survivor.wait(timeout=60)

    assert "工作进程中断" in error
    [(conversion_status, workers)] = _query(
        stack, f"SELECT status, worker_ids FROM {TASKS} WHERE id = '{conversion_task}'"
    )
    workers = workers if isinstance(workers, list) else json.loads(workers)
    assert conversion_status == "SUCCESSFUL" and len(workers) == 2, (conversion_status, workers)
    [(binder_status,)] = _query(stack, f"SELECT status FROM {TASKS} WHERE id = '{binder_task}'")
    assert binder_status == "FAILED"
