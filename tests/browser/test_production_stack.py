"""The production stack, end to end: `hezuo serve` (gunicorn), two `hezuo worker`s, the test
run's database engine (a PostgreSQL database of its own on the PostgreSQL run) and an S3
bucket. A school's office signs in through Chromium, uploads evidence, compiles a binder and
builds a report — the workers do the work as they would at a school — and downloads both; the
static files and the API's documentation are served, and /readyz stays green."""

from __future__ import annotations

import io
import json
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Page, Response, expect
from prometheus_client.parser import text_string_to_metric_families

from hezuo.demo.users import DEMO_PASSWORD
from hezuo.reports.tests.documents import docx_text
from tests import samples
from tests.contents import database_rows, stored_blobs
from tests.stack import Installation, demo_installation, get, installation, serve

LONGGANG = "shenzhen-longgang"
TORCH = "zhongshan-torch"
MARKER = "Uploaded through the production stack"
METRICS_TOKEN = "stack-metrics-secret"
MARKER_KEY_COUNT = 3  # at least: the upload, the binder, the report


@pytest.fixture
def stack(tmp_path: Path, s3_endpoint: str) -> Iterator[Installation]:
    with demo_installation(
        tmp_path / "stack", s3_endpoint, HEZUO_METRICS_TOKEN=METRICS_TOKEN
    ) as made:
        yield made


def _sign_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.click("[data-testid=login]")


def _api(page: Page, url: str) -> list[dict[str, object]]:
    response = page.request.get(url)
    assert response.ok, response.text()
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_a_school_works_through_the_production_stack(
    browser: Browser, stack: Installation, s3_endpoint: str, tmp_path: Path
) -> None:
    site = serve(stack, workers=2)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    static: list[tuple[str, int]] = []

    def seen(response: Response) -> None:
        if "/static/" in response.url:
            static.append((response.url, response.status))

    page.on("response", seen)

    # The office uploads a scan to one evidence item of task 9.2.
    _sign_in(page, site, "longgang-admin")
    api = f"{site}/api/v1/schools/{LONGGANG}"
    [item] = [i for i in _api(page, f"{api}/evidence/?q=9.2.1&limit=50") if i["code"] == "9.2.1"]
    page.goto(f"{site}/s/{LONGGANG}/evidence/{item['id']}/")
    scan: FilePayload = {
        "name": "领导小组.pdf",
        "mimeType": "application/pdf",
        "buffer": samples.pdf(MARKER),
    }
    page.set_input_files("[data-testid=file-input]", [scan])
    expect(page.locator("[data-testid=file-row]")).to_have_count(1)

    # It compiles the task's binder; a worker makes it while the page polls.
    [project] = _api(page, f"{api}/projects/")
    page.goto(f"{site}/s/{LONGGANG}/projects/{project['id']}/binders/")
    page.select_option("select[name=task]", label="9.2 搭建香港职业教育合作交流平台")
    page.click("[data-testid=check]")
    expect(page.locator("[data-testid=audit]")).to_be_visible()
    page.click("[data-testid=compile]")
    expect(page.locator("[data-testid=download]")).to_be_visible(timeout=180_000)
    with page.expect_download() as download:
        page.click("[data-testid=download]")
    binder = Path(download.value.path())
    assert binder.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(binder), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert MARKER in text, "the uploaded scan is in the binder"

    # Another school's office builds its year's report.
    page.context.clear_cookies()
    _sign_in(page, site, "torch-admin")
    page.goto(f"{site}/s/{TORCH}/reports/")
    page.select_option("select[name=year]", "2021")
    page.select_option("select[name=format]", "docx")
    page.click("[data-testid=build]")
    expect(page.locator("[data-testid=download]")).to_be_visible(timeout=180_000)
    with page.expect_download() as download:
        page.click("[data-testid=download]")
    report = docx_text(Path(download.value.path()).read_bytes())
    assert "3126人日" in report

    # Every static file the pages asked for was served, and so are the API's documentation
    # and its assets.
    assert static and all(status in {200, 304} for _url, status in static), static
    page.goto(f"{site}/api/v1/docs")
    expect(page.locator("#swagger-ui")).to_be_visible()
    status, body = get(f"{site}/readyz")
    assert status == 200, body
    checks = json.loads(body)["checks"]
    assert set(checks) == {"database", "migrations", "storage", "worker"}
    context.close()

    # The metrics add up both server processes' requests, and count the jobs the workers did.
    scraped = urllib.request.urlopen(
        urllib.request.Request(
            f"{site}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
        ),
        timeout=10,
    ).read()
    measured = [
        sample
        for family in text_string_to_metric_families(scraped.decode())
        for sample in family.samples
    ]
    answered = sum(s.value for s in measured if s.name == "hezuo_http_requests_total")
    assert answered >= 20, answered
    succeeded = {
        s.labels["kind"]
        for s in measured
        if s.name == "hezuo_jobs" and s.labels["status"] == "succeeded" and s.value
    }
    assert {"binder", "report"} <= succeeded, succeeded

    # The server's log is JSON lines, one per request, each naming its request.
    lines = [json.loads(line) for line in io.StringIO(stack.logs()) if line.startswith("{")]
    requests = [line for line in lines if line.get("logger") == "hezuo.request"]
    assert requests and all(line["request_id"] for line in requests)
    assert any(line["school"] == TORCH and line["user"] == "torch-admin" for line in requests)

    # What the school did is backed up, and restored into a new installation (a new database
    # and a new bucket) with every row and every stored file the same.
    stack.stop()
    archive = tmp_path / "hezuo-backup.tar.gz"
    stack.run("backup", str(archive))
    with installation(tmp_path / "restored", s3_endpoint) as restored:
        restored.run("restore", str(archive))
        assert _rows(restored) == _rows(stack)
        blobs = stored_blobs(bucket=stack.bucket, endpoint=s3_endpoint)
        assert len(blobs) >= MARKER_KEY_COUNT
        assert stored_blobs(bucket=restored.bucket, endpoint=s3_endpoint) == blobs


def _rows(stack: Installation) -> dict[str, list[tuple[object, ...]]]:
    return database_rows(sqlite=stack.var / "hezuo.sqlite3", url=stack.database_url)
