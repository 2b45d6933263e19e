"""The Excel import pages: the template, a check that writes nothing, an import that writes
all rows, and who may reach them."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import User
from hezuo.activities.models import Activity
from hezuo.imports.kinds import IMPORTERS
from hezuo.imports.models import ImportRun
from hezuo.imports.tests.books import activities_book, activity
from hezuo.jobs.models import JobStatus
from hezuo.jobs.services import job_run
from hezuo.partners.models import Partner
from hezuo.records.table import KINDS
from tests.personas import Personas, in_alpha

pytestmark = pytest.mark.django_db


def _url(name: str, resource: str, school: str = "alpha") -> str:
    return reverse(f"web:{name}", args=[school, resource])


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("import.xlsx", data)


@pytest.fixture
def alice(personas: Personas, client_of: Callable[[User], Client]) -> Client:
    return client_of(personas.alice)


@pytest.mark.parametrize("resource", sorted(IMPORTERS))
def test_each_importable_list_offers_the_import_and_its_template(
    alice: Client, resource: str
) -> None:
    page = alice.get(_url("list", resource))
    assert _url("import", resource) in page.content.decode()
    response = alice.get(_url("import-template", resource))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert str(IMPORTERS[resource].sheets[0].title) in book.sheetnames
    form = alice.get(_url("import", resource))
    assert form.status_code == 200
    assert _url("import-template", resource) in form.content.decode()


def test_lists_without_an_import_offer_none(alice: Client) -> None:
    for resource in sorted(kind for kind, table in KINDS.items() if table.importer is None):
        assert _url("import", resource) not in alice.get(_url("list", resource)).content.decode()
        assert alice.get(_url("import", resource)).status_code == 404


def _run(response: object) -> ImportRun:
    """The run a POST made, once the worker has done it."""
    location = response["Location"]  # type: ignore[index]
    run = in_alpha(ImportRun).get(pk=int(location.rstrip("/").rsplit("/", 1)[1]))
    assert run.job_id is not None
    assert job_run(job_id=run.job_id) == JobStatus.SUCCEEDED
    return run


def test_a_check_lists_the_problems_and_writes_nothing(alice: Client) -> None:
    rows = [activity("甲", 1), activity("乙", 2)]
    rows[1][2] = "向上"
    response = alice.post(
        _url("import", "activities"), {"action": "check", "file": _upload(activities_book(rows))}
    )
    assert response.status_code == 302
    run = _run(response)
    text = alice.get(response["Location"]).content.decode()
    # Both rows name a partner the school does not have; the second also a direction.
    assert "有 3 处问题，未导入任何记录。" in text
    assert "“向上”不是可选的值" in text
    assert "C (方向*)" in text
    assert "按此检查导入" not in text
    assert in_alpha(Activity).count() == 0
    assert alice.post(reverse("web:import-run-commit", args=["alpha", run.pk])).status_code == 302
    assert in_alpha(ImportRun).count() == 1  # a check with problems is not imported


def test_a_clean_file_is_checked_then_imported_without_uploading_it_again(
    personas: Personas, alice: Client
) -> None:
    rows = [activity("甲", 1), activity("乙", 2)]
    for row in rows:
        row[7] = ""  # no partners
    data = activities_book(rows, [["甲", dt.date(2021, 3, 1), "在校生", "学员", 5, 3, None]])
    checked = alice.post(_url("import", "activities"), {"action": "check", "file": _upload(data)})
    run = _run(checked)
    page = alice.get(checked["Location"]).content.decode()
    assert "检查无误：3 行，将新增 2 条" in page
    assert "按此检查导入" in page
    assert in_alpha(Activity).count() == 0
    done = alice.post(reverse("web:import-run-commit", args=["alpha", run.pk]))
    imported = _run(done)
    assert imported.source_id == run.source_id and imported.checked == run
    assert in_alpha(Activity).filter(school=personas.alpha).count() == 2
    page = alice.get(done["Location"]).content.decode()
    assert "导入完成：3 行，新增 2 条" in page
    listing = alice.get(_url("import", "activities")).content.decode()
    assert listing.count("import.xlsx") == 2  # both runs are listed


def test_a_run_is_polled_while_its_job_runs(alice: Client) -> None:
    response = alice.post(
        _url("import", "partners"), {"action": "check", "file": _upload(b"not a workbook")}
    )
    fragment = alice.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    _run(response)
    fragment = alice.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in fragment
    assert "文件不是 Excel 工作簿" in fragment


def test_a_missing_file_is_asked_for(alice: Client) -> None:
    response = alice.post(_url("import", "partners"), {"action": "check"})
    assert response.status_code == 400
    assert "请选择要导入的 Excel 文件" in response.content.decode()


def test_a_viewer_has_no_import(personas: Personas, client_of: Callable[[User], Client]) -> None:
    victor = client_of(personas.victor)
    assert _url("import", "partners") not in victor.get(_url("list", "partners")).content.decode()
    assert victor.get(_url("import", "partners")).status_code == 403
    assert victor.get(_url("import-template", "partners")).status_code == 403
    response = victor.post(
        _url("import", "partners"),
        {"action": "commit", "file": _upload(b"")},
    )
    assert response.status_code == 403
    assert in_alpha(Partner).count() == 0


def test_a_liaison_imports_activities_but_not_partners(
    personas: Personas, client_of: Callable[[User], Client]
) -> None:
    lily = client_of(personas.lily)
    assert lily.get(_url("import", "activities")).status_code == 200
    assert lily.get(_url("import", "partners")).status_code == 403


def test_another_schools_import_is_not_found(
    personas: Personas, client_of: Callable[[User], Client]
) -> None:
    oscar = client_of(personas.oscar)
    assert oscar.get(_url("import", "activities")).status_code == 404
    assert oscar.get(_url("import-template", "activities")).status_code == 404
    alice = client_of(personas.alice)
    response = alice.post(
        _url("import", "partners"), {"action": "check", "file": _upload(b"not a workbook")}
    )
    run = in_alpha(ImportRun).get()
    assert oscar.get(response["Location"]).status_code == 404
    other = reverse("web:import-run", args=["beta", run.pk])
    assert oscar.get(other).status_code == 404
    assert oscar.post(reverse("web:import-run-commit", args=["beta", run.pk])).status_code == 404
