"""Checks and imports as background jobs: what is kept, who may ask, and what the worker does
when the one who asked can no longer write."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from hezuo.accounts.models import Membership
from hezuo.accounts.services import membership_set_active
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.files.storage import blob_read
from hezuo.imports.models import ImportRun
from hezuo.imports.rules import may_import
from hezuo.imports.services import import_checked, import_request
from hezuo.imports.tests.books import xlsx
from hezuo.jobs.models import JobStatus
from hezuo.jobs.services import job_run
from hezuo.partners.models import Partner
from tests.personas import Personas, in_alpha

ROWS = [["中文名称*", "国家/地区*", "机构类型*"], ["斯莱戈理工学院", "爱尔兰", "高校"]]


def _job(run: ImportRun) -> int:
    assert run.job_id is not None
    return run.job_id


def _book(rows: Sequence[Sequence[object]] = ROWS) -> bytes:
    return xlsx({"合作方": rows})


def test_a_check_is_kept_with_its_workbook_and_outcome(personas: Personas) -> None:
    access = personas.access(personas.alice)
    book = _book()  # once: a workbook's properties carry the second it was written
    run = import_request(
        access=access, kind="partners", name="合作方.xlsx", data=book, commit=False
    )
    assert run.job is not None and run.job.status == JobStatus.QUEUED
    job = run.job
    assert blob_read(run.source.storage_key) == book
    assert run.source.original_name == "合作方.xlsx"
    assert job_run(job_id=_job(run)) == JobStatus.SUCCEEDED
    run.refresh_from_db()
    assert run.ok and not run.applied
    assert run.outcome["created"] == 1 and run.outcome["dry_run"] is True
    assert in_alpha(Partner).count() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert "检查无误" in job.log
    assert job_run(job_id=_job(run)) == "skipped"

    imported = import_checked(access=access, run=run)
    assert imported.is_commit and imported.source_id == run.source_id
    assert job_run(job_id=_job(imported)) == JobStatus.SUCCEEDED
    imported.refresh_from_db()
    assert imported.applied
    assert in_alpha(Partner).get().name_zh == "斯莱戈理工学院"
    with pytest.raises(HezuoError, match="只有检查无误的文件才能直接导入"):
        import_checked(access=access, run=imported)


def test_a_check_with_problems_cannot_be_imported_as_it_is(personas: Personas) -> None:
    access = personas.access(personas.alice)
    rows = [ROWS[0], ["斯莱戈理工学院", "爱尔兰", "学院"]]
    run = import_request(
        access=access, kind="partners", name="a.xlsx", data=_book(rows), commit=False
    )
    job_run(job_id=_job(run))
    run.refresh_from_db()
    assert not run.ok
    assert run.outcome["problems"] == [
        {
            "sheet": "合作方",
            "row": 2,
            "column": "C (机构类型*)",
            "message": "“学院”不是可选的值，请从下拉列表中选择。",
        }
    ]
    with pytest.raises(HezuoError):
        import_checked(access=access, run=run)


def test_who_may_import_what(personas: Personas) -> None:
    assert may_import(personas.access(personas.alice), "partners")
    assert may_import(personas.access(personas.lily), "activities")
    assert not may_import(personas.access(personas.lily), "partners")
    assert may_import(personas.access(personas.tom), "points")
    assert not may_import(personas.access(personas.victor), "activities")
    assert not may_import(personas.access(personas.alice), "members")
    with pytest.raises(AccessDenied):
        import_request(
            access=personas.access(personas.victor),
            kind="partners",
            name="a.xlsx",
            data=_book(),
            commit=True,
        )
    with pytest.raises(ValueError):
        import_request(
            access=personas.access(personas.alice),
            kind="members",
            name="a.xlsx",
            data=_book(),
            commit=True,
        )


def test_an_empty_upload_is_refused(personas: Personas) -> None:
    with pytest.raises(HezuoError, match="是空文件"):
        import_request(
            access=personas.access(personas.alice),
            kind="partners",
            name="a.xlsx",
            data=b"",
            commit=False,
        )


def test_the_worker_fails_the_job_when_the_uploader_lost_access(personas: Personas) -> None:
    run = import_request(
        access=personas.access(personas.lily),
        kind="activities",
        name="a.xlsx",
        data=_book(),
        commit=True,
    )
    membership = in_alpha(Membership).get(user=personas.lily, school=personas.alpha)
    membership_set_active(
        access=personas.access(personas.alice), membership=membership, is_active=False
    )
    assert job_run(job_id=_job(run)) == JobStatus.FAILED
    run.refresh_from_db()
    assert run.job is not None
    assert run.job.status == JobStatus.FAILED and run.job.error == "找不到该学校。"
    assert in_alpha(Partner).count() == 0
