"""A long list's export as a background job: it writes the list as its asker filtered, sorted
and may see it, reports progress as it goes, and is reached only by those it belongs to."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.http import QueryDict

from hezuo.accounts.access import Access, access_for
from hezuo.accounts.models import User
from hezuo.activities.models import Activity, Mode
from hezuo.core.errors import AccessDenied, NotFound
from hezuo.core.kinds import Kind
from hezuo.core.models import School
from hezuo.exports import workbook
from hezuo.exports.models import ListExport
from hezuo.exports.selectors import list_export_get
from hezuo.exports.services import export_request
from hezuo.files.sniffing import FileType
from hezuo.files.storage import blob_read
from hezuo.jobs.models import Job, JobStatus
from hezuo.jobs.services import job_cancel, job_run
from hezuo.records.table import KINDS

pytestmark = pytest.mark.django_db
TORCH = "zhongshan-torch"


def _access(username: str) -> Access:
    return access_for(user=User.objects.get(username=username), school=TORCH)


@pytest.fixture
def admin(demo: list[School]) -> Access:
    return _access("torch-admin")


def _job(export: ListExport) -> Job:
    assert export.job_id is not None
    return Job.objects.get(pk=export.job_id)


def _sheet_rows(export: ListExport) -> list[tuple[object, ...]]:
    assert export.output is not None
    book = openpyxl.load_workbook(io.BytesIO(blob_read(export.output.storage_key)))
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_the_job_writes_the_filtered_list_in_its_order(admin: Access) -> None:
    export = export_request(access=admin, kind=Kind.ACTIVITIES, query="mode=online&o=title")
    assert _job(export).status == JobStatus.QUEUED and export.output_id is None

    assert job_run(job_id=_job(export).pk) == JobStatus.SUCCEEDED

    export.refresh_from_db()
    expected = list(
        Activity.objects.filter(school__slug=TORCH, mode=Mode.ONLINE)
        .order_by("title", "-pk")
        .values_list("title", flat=True)
    )
    assert expected, "the demo school has online activities"
    assert len(expected) < Activity.objects.filter(school__slug=TORCH).count(), "it filters"
    rows = _sheet_rows(export)
    assert list(rows[0]) == [str(column.label) for column in KINDS[Kind.ACTIVITIES].columns]
    assert [row[0] for row in rows[1:]] == expected
    assert export.rows == len(expected)
    assert export.output is not None
    assert export.output.file_type == FileType.XLSX
    assert export.output.original_name.startswith("交流活动")
    assert export.output.original_name.endswith(".xlsx")


def test_only_the_list_is_exported_not_the_page_the_list_showed(admin: Access) -> None:
    export = export_request(access=admin, kind=Kind.PARTNERS, query="page=3&o=name_zh")
    assert export.query == "o=name_zh"
    job_run(job_id=_job(export).pk)
    export.refresh_from_db()
    assert export.rows == KINDS[Kind.PARTNERS].model.objects.filter(school__slug=TORCH).count()


def test_the_job_reports_progress_after_every_chunk(
    admin: Access, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "CHUNK", 2)
    export = export_request(access=admin, kind=Kind.PARTNERS, query="")
    total = KINDS[Kind.PARTNERS].model.objects.filter(school__slug=TORCH).count()
    assert total >= 4, "the demo school has partners enough for two chunks"
    job_run(job_id=_job(export).pk)
    log = _job(export).log
    assert f"共 {total} 行。" in log
    assert "已写入 2 行。" in log and "已写入 4 行。" in log


def test_a_cancelled_export_keeps_no_file(admin: Access) -> None:
    export = export_request(access=admin, kind=Kind.PARTNERS, query="")
    Job.objects.filter(pk=_job(export).pk).update(is_cancel_requested=True)
    assert job_run(job_id=_job(export).pk) == JobStatus.CANCELLED
    export.refresh_from_db()
    assert export.output_id is None and export.rows is None


def test_only_those_who_may_read_the_list_may_export_it(demo: list[School]) -> None:
    with pytest.raises(AccessDenied):
        export_request(access=_access("torch-viewer"), kind=Kind.MEMBERS, query="")
    with pytest.raises(AccessDenied):
        export_request(access=_access("torch-expert"), kind=Kind.PARTNERS, query="")
    assert not ListExport.objects.exists()
    export_request(access=_access("torch-viewer"), kind=Kind.PARTNERS, query="")
    export_request(access=_access("torch-admin"), kind=Kind.MEMBERS, query="")


def test_an_export_is_reached_by_its_asker_and_who_sees_every_row_only(
    admin: Access, demo: list[School]
) -> None:
    viewer = _access("torch-viewer")
    export = export_request(access=viewer, kind=Kind.PARTNERS, query="")
    assert list_export_get(access=viewer, pk=export.pk) == export
    assert list_export_get(access=admin, pk=export.pk) == export
    liaison = _access("torch-liaison")
    with pytest.raises(NotFound):
        list_export_get(access=liaison, pk=export.pk)
    with pytest.raises(AccessDenied):  # nor may they stop it
        job_cancel(access=liaison, record=export)
    assert _job(export).status == JobStatus.QUEUED
    outsider = access_for(
        user=User.objects.get(username="longgang-admin"), school="shenzhen-longgang"
    )
    with pytest.raises(NotFound):
        list_export_get(access=outsider, pk=export.pk)


def test_an_export_of_a_list_its_asker_may_no_longer_read_is_refused(admin: Access) -> None:
    export = export_request(access=admin, kind=Kind.MEMBERS, query="")
    # Asked for while they managed the school; they only read it now.
    viewer = User.objects.get(username="torch-viewer")
    ListExport.objects.filter(pk=export.pk).update(created_by=viewer)
    with pytest.raises(AccessDenied):
        list_export_get(access=_access("torch-viewer"), pk=export.pk)
    assert job_run(job_id=_job(export).pk) == JobStatus.FAILED
    export.refresh_from_db()
    assert export.output_id is None


def test_an_order_the_list_does_not_offer_is_its_default_order(admin: Access) -> None:
    activities = KINDS[Kind.ACTIVITIES]
    asked = workbook.list_rows(access=admin, resource=activities, query=QueryDict("o=-title"))
    assert asked.order == "-title"
    unknown = workbook.list_rows(access=admin, resource=activities, query=QueryDict("o=notes"))
    assert unknown.order == activities.default_order != "notes"


def test_a_title_that_looks_like_a_formula_is_exported_as_text(admin: Access) -> None:
    hostile = '=HYPERLINK("http://attacker.example/","点此")'
    Activity.objects.filter(school__slug=TORCH).update(title=hostile)
    export = export_request(access=admin, kind=Kind.ACTIVITIES, query="")
    assert job_run(job_id=_job(export).pk) == JobStatus.SUCCEEDED
    export.refresh_from_db()
    assert export.output is not None
    book = openpyxl.load_workbook(io.BytesIO(blob_read(export.output.storage_key)))
    cells = [row[0] for row in book.worksheets[0].iter_rows(min_row=2)]
    assert cells and all(c.value == hostile and c.data_type == "s" for c in cells)
