"""A production installation of hezuo started for a test, as a school's server runs it: a
database of its own (a new PostgreSQL database when the test run is on PostgreSQL, else a SQLite
file), an S3 bucket of its own on the test run's S3 server, `hezuo upgrade`, the demo schools,
`hezuo serve` (gunicorn, two processes) and two `hezuo worker`s."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import psycopg
from django.conf import settings

from tests.installation import HEZUO, environment

S3_KEYS = {"HEZUO_S3_ACCESS_KEY_ID": "hezuo", "HEZUO_S3_SECRET_ACCESS_KEY": "hezuo-secret"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class Installation:
    """Where one installation keeps its things, and the environment its commands run in."""

    var: Path
    env: dict[str, str]
    bucket: str
    database_url: str = ""
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*HEZUO, *arguments], env=self.env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, f"hezuo {' '.join(arguments)}:\n{done.stdout}{done.stderr}"
        return done

    def start(self, *arguments: str) -> None:
        log = (self.var / f"{arguments[0]}-{len(self.processes)}.log").open("wb")
        self.processes.append(
            subprocess.Popen(
                [*HEZUO, *arguments], env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        )

    def stop(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)  # running requests and jobs finish first
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.var.glob("*.log"))


def _postgresql_database() -> Generator[str]:
    """A new, empty PostgreSQL database on the test run's server, dropped afterwards."""
    default = settings.DATABASES["default"]
    name = f"hezuo_stack_{uuid.uuid4().hex[:12]}"
    host, port = str(default.get("HOST") or "127.0.0.1"), str(default.get("PORT") or 5432)
    user, password = str(default.get("USER") or "postgres"), str(default.get("PASSWORD") or "")
    server = f"host={host} port={port} user={user} dbname=postgres" + (
        f" password={password}" if password else ""
    )
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    auth = user + (f":{password}" if password else "")
    try:
        yield f"postgres://{auth}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sqlite_database() -> Generator[str]:
    yield ""  # the installation's default: a file in its var folder


@contextmanager
def installation(folder: Path, s3_endpoint: str, **settings_: str) -> Iterator[Installation]:
    """A new, empty installation: its own database and bucket, nothing run yet."""
    bucket = f"stack-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=S3_KEYS["HEZUO_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["HEZUO_S3_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    postgresql = str(settings.DATABASES["default"]["ENGINE"]).endswith("postgresql")
    databases = _postgresql_database() if postgresql else _sqlite_database()
    database_url = next(databases)
    env = environment(
        folder,
        HEZUO_S3_BUCKET=bucket,
        HEZUO_S3_ENDPOINT_URL=s3_endpoint,
        **S3_KEYS,
        **({"DATABASE_URL": database_url} if database_url else {}),
        **settings_,
    )
    stack = Installation(var=folder, env=env, bucket=bucket, database_url=database_url)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield stack
    finally:
        stack.stop()
        databases.close()  # drops the PostgreSQL database


@contextmanager
def demo_installation(folder: Path, s3_endpoint: str, **settings_: str) -> Iterator[Installation]:
    """A new installation brought up to date with the demo schools, to be served on a port of
    its own on loopback (two web processes)."""
    port = free_port()
    with installation(
        folder,
        s3_endpoint,
        HEZUO_SITE_URL=f"http://127.0.0.1:{port}",
        HEZUO_ALLOWED_HOSTS="127.0.0.1",
        HEZUO_WEB_WORKERS="2",
        **settings_,
    ) as made:
        made.run("upgrade")
        made.run("load_demo")
        yield made


def serve(stack: Installation, *, workers: int = 2) -> str:
    """`hezuo serve` and ``workers`` `hezuo worker`s; the site's address once /readyz is green."""
    port = int(stack.env["HEZUO_SITE_URL"].rsplit(":", 1)[1])
    stack.start("serve", "--port", str(port))
    for _ in range(workers):
        stack.start("worker", "--no-reload")
    site = f"http://127.0.0.1:{port}"
    body = b""
    for _ in range(300):
        try:
            status, body = get(f"{site}/readyz")
        except OSError:
            status = 0
        if status == 200:
            assert json.loads(body)["status"] == "ok"
            return site
        time.sleep(0.2)
    raise AssertionError(f"/readyz never green: {body!r}\n{stack.logs()}")
