"""hezuo as a school's server runs it: `hezuo upgrade` prepares a new installation, `hezuo serve`
refuses an out-of-date database and otherwise serves the pages, the static files (under hashed
names, compressed) and the API's documentation through gunicorn."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.installation import HEZUO, environment


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    # The API's documentation published, as a school may choose, to fetch it signed out.
    env = environment(tmp_path / "var", HEZUO_WEB_WORKERS="1", HEZUO_API_DOCS_PUBLIC="1")
    refused = subprocess.run(
        [*HEZUO, "serve", "--port", str(_free_port())], env=env, capture_output=True, text=True
    )
    assert refused.returncode == 1
    assert "hezuo upgrade" in refused.stderr and "数据库尚未升级" in refused.stderr
    refused = subprocess.run(
        [*HEZUO, "worker", "--no-reload"], env=env, capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 1, "a worker does not start on an old database either"
    assert "hezuo upgrade" in refused.stderr and "Traceback" not in refused.stderr

    upgraded = subprocess.run([*HEZUO, "upgrade"], env=env, capture_output=True, text=True)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "已是最新 / up to date." in upgraded.stdout

    port = _free_port()
    process = subprocess.Popen(
        [*HEZUO, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    site = f"http://127.0.0.1:{port}"
    for _ in range(600):  # a busy machine starts gunicorn slowly
        try:
            _get(f"{site}/healthz")
            break
        except OSError:
            assert process.poll() is None, "the server stopped while starting"
            time.sleep(0.1)
    status, _headers, body = _get(f"{site}/readyz")
    assert status == 503 and b"no worker seen" in body, body
    # A worker told to stop while it starts (before its task loop's own handlers) stops cleanly.
    starting = subprocess.Popen([*HEZUO, "worker", "--no-reload"], env=env)
    time.sleep(1)
    starting.send_signal(signal.SIGTERM)
    assert starting.wait(timeout=30) == 0
    worker = subprocess.Popen([*HEZUO, "worker", "--no-reload"], env=env)
    yield site, process
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    process.send_signal(signal.SIGTERM)  # running requests finish, then it stops
    process.wait(timeout=30)


def test_the_production_server_serves_pages_static_files_and_the_api_docs(
    server: tuple[str, subprocess.Popen[str]],
) -> None:
    site, process = server
    for _ in range(300):  # the worker beats as it starts (a minute on a busy machine)
        status, _headers, body = _get(f"{site}/readyz")
        if status == 200:
            break
        time.sleep(0.2)
    assert status == 200, body
    assert _get(f"{site}/healthz")[0] == 200
    status, _headers, body = _get(f"{site}/accounts/login/")
    assert status == 200
    page = body.decode()
    assert "gunicorn" not in page
    stylesheet = re.search(
        r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page
    )
    assert stylesheet is not None, "static files are linked by their hashed names"
    status, headers, _css = _get(site + stylesheet.group(1))
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "max-age=315360000" in headers.get("Cache-Control", ""), headers
    assert _get(f"{site}/static/vendor/bootstrap/missing.css")[0] == 404

    status, _headers, docs = _get(f"{site}/api/v1/docs")
    assert status == 200 and b"swagger-ui" in docs
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', docs.decode())
    assert assets, "the API's documentation page loads its own assets"
    for asset in assets:
        assert _get(site + asset)[0] == 200, asset

    assert _get(f"{site}/share/a-share-token-nobody-may-read/")[0] == 404
    process.send_signal(signal.SIGTERM)
    log = process.communicate(timeout=30)[0]
    assert "Booting worker" in log and "/accounts/login/" in log
    assert "/share/…/" in log and "a-share-token-nobody-may-read" not in log
