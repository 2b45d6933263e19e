"""A list longer than HEZUO_EXPORT_INLINE_ROWS is exported by a background job: a GET only
offers it, a POST queues it, the export's page follows the job and offers the workbook, which
holds the rows the list shows, in its order. A short list still downloads at once."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import User
from hezuo.activities.models import Activity
from hezuo.core.models import School
from hezuo.exports.models import ListExport
from hezuo.jobs.models import Job, JobStatus
from hezuo.jobs.services import job_run

pytestmark = pytest.mark.django_db
TORCH = "zhongshan-torch"
QUERY = {"mode": "online", "o": "title"}


@pytest.fixture
def admin(client_of: Callable[[User], Client], demo: list[School]) -> Client:
    return client_of(User.objects.get(username="torch-admin"))


@pytest.fixture
def few_inline(settings: Any) -> int:
    """Lists of more than three rows are exported in the background."""
    settings.HEZUO_EXPORT_INLINE_ROWS = 3
    return 3


def _export_url(resource: str = "activities") -> str:
    return reverse("web:export", args=[TORCH, resource])


def _page(export: ListExport, action: str = "") -> str:
    name = f"web:list-export-{action}" if action else "web:list-export"
    return reverse(name, args=[TORCH, export.pk])


def _rows(content: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return list(book.worksheets[0].iter_rows(values_only=True))


def _streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _queued(admin: Client) -> ListExport:
    response = admin.post(_export_url() + "?mode=online&o=title&page=2")
    export = ListExport.objects.get()
    assert response.status_code == 302 and response["Location"] == _page(export)
    return export


def test_a_get_of_a_long_list_offers_the_export_and_writes_nothing(
    admin: Client, few_inline: int
) -> None:
    online = Activity.objects.filter(school__slug=TORCH, mode="online").count()
    assert online > few_inline, "the demo school's online activities are a long list here"
    jobs = Job.objects.count()
    response = admin.get(_export_url(), QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert f"按当前筛选共有 {online} 条记录" in text
    assert "在后台导出" in text
    assert f'action="{_export_url()}?mode=online&amp;o=title"' in text
    assert not ListExport.objects.exists() and Job.objects.count() == jobs


def test_a_short_list_is_still_written_at_once(admin: Client, settings: Any) -> None:
    online = Activity.objects.filter(school__slug=TORCH, mode="online").count()
    settings.HEZUO_EXPORT_INLINE_ROWS = online  # at the limit: still at once
    response = admin.get(_export_url(), QUERY)
    assert "attachment" in response["Content-Disposition"]
    assert len(_rows(_streamed(response))) - 1 == online
    assert not ListExport.objects.exists()


def test_the_background_export_holds_the_rows_the_list_shows_in_its_order(
    admin: Client, settings: Any
) -> None:
    at_once = _rows(_streamed(admin.get(_export_url(), QUERY)))  # the limit is 2000 here
    listed = admin.get(reverse("web:list", args=[TORCH, "activities"]), QUERY).context["page"]
    assert [row[0] for row in at_once[1:]][: len(listed)] == [a.title for a in listed]
    settings.HEZUO_EXPORT_INLINE_ROWS = 3

    export = _queued(admin)
    assert export.query == "mode=online&o=title" and export.kind == "activities"
    page = admin.get(_page(export)).content.decode()
    assert 'hx-trigger="every 1s"' in page  # polled while the job runs
    assert 'data-testid="download"' not in page
    assert export.job_id is not None
    assert job_run(job_id=export.job_id) == JobStatus.SUCCEEDED

    status = admin.get(_page(export), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in status
    assert _page(export, "download") in status
    assert f"共 {len(at_once) - 1} 行" in status
    download = admin.get(_page(export, "download"))
    assert download.status_code == 200
    assert _rows(_streamed(download)) == at_once


def test_an_export_can_be_cancelled_and_started_again_from_its_page(
    admin: Client, few_inline: int
) -> None:
    export = _queued(admin)
    assert admin.get(_page(export, "download")).status_code == 404
    assert admin.post(_page(export, "cancel")).status_code == 302
    export.refresh_from_db()
    assert export.job is not None and export.job.status == JobStatus.CANCELLED
    assert 'data-testid="retry"' in admin.get(_page(export)).content.decode()
    assert admin.post(_page(export, "retry")).status_code == 302
    export.refresh_from_db()
    assert export.job is not None and export.job.status == JobStatus.QUEUED
    assert job_run(job_id=export.job.pk) == JobStatus.SUCCEEDED
    assert admin.get(_page(export, "download")).status_code == 200


def test_a_get_of_the_export_pages_never_queues_anything(admin: Client, few_inline: int) -> None:
    export = _queued(admin)
    jobs = Job.objects.count()
    for url in (_page(export, "cancel"), _page(export, "retry")):
        assert admin.get(url).status_code == 405
    admin.get(_page(export))
    admin.get(_export_url(), QUERY)
    assert ListExport.objects.count() == 1 and Job.objects.count() == jobs
    assert Job.objects.get().status == JobStatus.QUEUED


def test_others_reach_neither_the_export_nor_its_workbook(
    admin: Client, client_of: Callable[[User], Client], few_inline: int
) -> None:
    export = _queued(admin)
    assert export.job_id is not None
    job_run(job_id=export.job_id)
    assert admin.get(_page(export, "download")).status_code == 200

    def client(username: str) -> Client:
        return client_of(User.objects.get(username=username))

    refused = {
        "longgang-admin": 404,  # another school's
        "torch-viewer": 404,  # reads the list, but the export is another person's
        "torch-expert": 403,  # may not read the school's lists
    }
    for username, status in refused.items():
        other = client(username)
        assert other.get(_page(export)).status_code == status, username
        assert other.get(_page(export, "download")).status_code == status, username
        assert other.post(_page(export, "cancel")).status_code == status, username


def test_a_list_its_reader_may_not_read_cannot_be_exported_in_the_background(
    client_of: Callable[[User], Client], few_inline: int, demo: list[School]
) -> None:
    viewer = client_of(User.objects.get(username="torch-viewer"))
    members = _export_url("members")
    assert viewer.get(members).status_code == 403
    assert viewer.post(members).status_code == 403
    outsider = client_of(User.objects.get(username="longgang-admin"))
    assert outsider.post(_export_url()).status_code == 404
    assert not ListExport.objects.exists()
