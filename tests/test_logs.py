"""Log lines: one per request, as JSON with the request's id, school and user (and on every
other line written while serving it), as text for a terminal, never with a share token; and
errors reported to a Sentry-compatible server only when a DSN is set, without personal data
or tokens."""

from __future__ import annotations

import gzip
import io
import json
import logging
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import Client

from hezuo.core.logs import ContextFilter, JsonLinesFormatter, RedactingFormatter
from tests.installation import HEZUO, environment
from tests.personas import Personas

TOKEN = "a-share-token-nobody-may-read"


def _capture(formatter: logging.Formatter) -> tuple[logging.Handler, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(ContextFilter())
    return handler, stream


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    handler, stream = _capture(JsonLinesFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_request_is_one_json_line_naming_its_id_school_user_status_and_duration(
    personas: Personas, json_lines: io.StringIO
) -> None:
    client = Client()
    client.force_login(personas.alice)
    response = client.get("/s/alpha/partners/")
    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    [line] = [line for line in _lines(json_lines) if line["logger"] == "hezuo.request"]
    assert line["request_id"] == request_id and len(request_id) == 32
    assert (line["school"], line["user"]) == ("alpha", personas.alice.username)
    assert (line["method"], line["path"], line["status"]) == ("GET", "/s/alpha/partners/", 200)
    assert isinstance(line["duration_ms"], float) and line["level"] == "INFO"
    assert str(line["time"]).endswith("+00:00")


def test_every_line_written_while_serving_carries_the_request(
    personas: Personas, json_lines: io.StringIO
) -> None:
    client = Client()
    client.force_login(personas.alice)
    response = client.get("/s/alpha/partners/999999999/", HTTP_X_REQUEST_ID="proxy-req-0042")
    assert response.status_code == 404 and response["X-Request-ID"] == "proxy-req-0042"
    lines = _lines(json_lines)
    django_line = next(line for line in lines if line["logger"] == "django.request")
    assert django_line["request_id"] == "proxy-req-0042"
    assert (django_line["school"], django_line["user"]) == ("alpha", personas.alice.username)
    assert all("request" not in key for key in django_line if key != "request_id")


@pytest.mark.django_db
def test_a_request_id_that_is_not_well_formed_is_replaced(json_lines: io.StringIO) -> None:
    response = Client().get("/accounts/login/", HTTP_X_REQUEST_ID='x" \n{"level": "forged"}')
    assert response["X-Request-ID"] != 'x" \n{"level": "forged"}'
    assert len(response["X-Request-ID"]) == 32
    assert all(line["level"] != "forged" for line in _lines(json_lines))


@pytest.mark.django_db
def test_no_line_keeps_a_share_token(json_lines: io.StringIO) -> None:
    assert Client().get(f"/share/{TOKEN}/").status_code == 404
    text = json_lines.getvalue()
    assert TOKEN not in text
    paths = [line.get("path") for line in _lines(json_lines)]
    assert "/share/…/" in paths


def test_outside_a_request_lines_carry_no_request(json_lines: io.StringIO) -> None:
    logging.getLogger("hezuo.test").warning("a job line")
    [line] = _lines(json_lines)
    assert (line["message"], line["request_id"], line["school"]) == ("a job line", "", "")


def test_text_lines_name_the_request_in_brackets(personas: Personas) -> None:
    handler, stream = _capture(RedactingFormatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("hezuo.request")
    logger.addHandler(handler)
    try:
        client = Client()
        client.force_login(personas.alice)
        request_id = client.get("/s/alpha/partners/")["X-Request-ID"]
    finally:
        logger.removeHandler(handler)
    line = stream.getvalue().strip()
    assert line.startswith("INFO hezuo.request GET /s/alpha/partners/ 200 ")
    assert line.endswith(f"[{request_id} alpha {personas.alice.username}]")


class _Sentry(BaseHTTPRequestHandler):
    """The ingest endpoint of a Sentry server: keeps each envelope it is sent."""

    envelopes: list[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        items = []
        for raw in body.split(b"\n"):
            try:
                items.append(json.loads(raw))
            except ValueError:
                continue
        type(self).envelopes.append(items)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def sentry() -> Iterator[tuple[str, type[_Sentry]]]:
    _Sentry.envelopes = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sentry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://public@127.0.0.1:{server.server_address[1]}/1", _Sentry
    server.shutdown()


FAIL = f"""
import django, sentry_sdk
django.setup()
from django.test import Client
from django.test.utils import override_settings, setup_test_environment
setup_test_environment()
with override_settings(ROOT_URLCONF="tests.failing_urls", ALLOWED_HOSTS=["*"]):
    response = Client(raise_request_exception=False, HTTP_COOKIE="csrftoken=cookie-value-xyz").get(
        "/share/{TOKEN}/fail/?key=query-value-xyz"
    )
assert response.status_code == 500, response.status_code
sentry_sdk.flush()
"""


def _fail_in_a_process(tmp_path: Path, **settings: str) -> None:
    env = environment(tmp_path, DJANGO_SETTINGS_MODULE="config.settings", **settings)
    done = subprocess.run(
        [HEZUO[0], "-c", FAIL], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert TOKEN not in done.stderr, "the error's log line keeps no token either"


def test_an_error_is_reported_without_tokens_or_personal_data(
    tmp_path: Path, sentry: tuple[str, type[_Sentry]]
) -> None:
    dsn, server = sentry
    _fail_in_a_process(tmp_path, HEZUO_SENTRY_DSN=dsn, HEZUO_SENTRY_ENVIRONMENT="school-test")
    events = [item for envelope in server.envelopes for item in envelope if "exception" in item]
    assert len(events) == 1, server.envelopes
    [event] = events
    text = json.dumps(event, ensure_ascii=False)
    [exception] = event["exception"]["values"]  # type: ignore[index]
    assert exception["type"] == "RuntimeError"
    assert "/share/…/" in exception["value"]
    assert event["environment"] == "school-test"
    assert str(event["release"]).startswith("hezuo@")
    assert TOKEN not in text
    assert "cookie-value-xyz" not in text and "user" not in event


def test_nothing_is_reported_without_a_dsn(
    tmp_path: Path, sentry: tuple[str, type[_Sentry]]
) -> None:
    _dsn, server = sentry
    _fail_in_a_process(tmp_path)
    assert server.envelopes == []


@pytest.mark.django_db
def test_no_line_keeps_a_password_reset_token(json_lines: io.StringIO) -> None:
    Client().get("/accounts/password/reset/MQ/a-reset-token-nobody-may-read/")
    text = json_lines.getvalue()
    assert text and "a-reset-token-nobody-may-read" not in text
    assert "/accounts/password/reset/MQ/…/" in text
