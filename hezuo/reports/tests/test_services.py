"""Report versions made by the worker, the templates and narratives the office keeps, and who
may do what."""

from __future__ import annotations

import io

import docx
import pytest

from hezuo.activities.models import Participation
from hezuo.binders.plan import Scope
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.files.storage import blob_read
from hezuo.jobs.models import JobStatus
from hezuo.jobs.services import job_cancel, job_retry, job_run
from hezuo.reports.building import ReportScope
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import Report, ReportFormat, ReportTemplate
from hezuo.reports.selectors import report_narratives, report_template_active
from hezuo.reports.services import (
    report_narrative_save,
    report_request,
    report_template_reset,
    report_template_upload,
)
from hezuo.reports.templates import default_template
from hezuo.reports.tests.documents import docx_text
from tests.personas import Personas
from tests.world import World, build_world

ANNUAL_2021 = ReportScope(ReportKind.ANNUAL, year=2021)


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def made(report: Report) -> Report:
    assert report.job_id is not None
    job_run(job_id=report.job_id)
    report.refresh_from_db()
    return report


def office_template(text: str) -> bytes:
    document = docx.Document(io.BytesIO(default_template(ReportKind.ANNUAL)))
    document.paragraphs[0].insert_paragraph_before(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_version_is_made_by_the_worker_with_its_figures(personas: Personas, world: World) -> None:
    alice = personas.access(personas.alice)
    report = report_request(access=alice, request=ANNUAL_2021, fmt=ReportFormat.PDF)
    assert (report.version, report.output_id) == (1, None)
    assert report.job is not None and report.job.status == JobStatus.QUEUED

    report = made(report)

    assert report.job is not None and report.job.status == JobStatus.SUCCEEDED
    assert report.output is not None and report.page_count
    assert blob_read(report.output.storage_key).startswith(b"%PDF")
    assert report.created_by == personas.alice
    assert len(report.fingerprint) == 64
    assert any("人日" in label for label in report.figures)


def test_versions_are_numbered_and_their_fingerprints_show_whether_the_data_changed(
    personas: Personas, world: World
) -> None:
    alice = personas.access(personas.alice)
    first = made(report_request(access=alice, request=ANNUAL_2021, fmt=ReportFormat.DOCX))
    second = made(report_request(access=alice, request=ANNUAL_2021, fmt=ReportFormat.PDF))
    assert (first.version, second.version) == (1, 2)
    assert first.fingerprint == second.fingerprint
    Participation.objects.filter(pk=world.participation.pk).update(headcount=7)
    third = made(report_request(access=alice, request=ANNUAL_2021, fmt=ReportFormat.PDF))
    assert third.fingerprint != second.fingerprint
    assert third.figures != second.figures


def test_a_cancelled_version_is_not_made_and_can_be_made_again(
    personas: Personas, world: World
) -> None:
    alice = personas.access(personas.alice)
    report = report_request(access=alice, request=ANNUAL_2021, fmt=ReportFormat.PDF)
    job_cancel(access=alice, record=report)
    assert report.job_id is not None
    assert job_run(job_id=report.job_id) == "skipped"
    report.refresh_from_db()
    assert report.output_id is None

    job_retry(access=alice, record=report)
    report = made(report)
    assert report.output_id is not None
    with pytest.raises(HezuoError, match="已生成"):
        job_retry(access=alice, record=report)


def test_only_the_office_makes_school_wide_reports(personas: Personas, world: World) -> None:
    for user in (personas.lily, personas.tom, personas.victor, personas.rita):
        with pytest.raises(AccessDenied):
            report_request(access=personas.access(user), request=ANNUAL_2021, fmt=ReportFormat.PDF)
    assert not Report.objects.exists()


def test_a_task_owner_makes_the_completion_report_of_their_task_only(
    personas: Personas, world: World
) -> None:
    tom, lily = personas.access(personas.tom), personas.access(personas.lily)
    request = ReportScope(ReportKind.COMPLETION, scope=Scope(world.project, world.task))
    report = made(report_request(access=tom, request=request, fmt=ReportFormat.DOCX))
    assert report.output is not None
    content = docx_text(blob_read(report.output.storage_key))
    assert f"{world.task.code} {world.task.title}" in content
    with pytest.raises(AccessDenied):
        report_request(access=lily, request=request, fmt=ReportFormat.DOCX)


def test_a_version_made_after_the_asker_lost_access_fails_with_a_reason(
    personas: Personas, world: World
) -> None:
    from hezuo.accounts.models import Membership

    report = report_request(
        access=personas.access(personas.alice), request=ANNUAL_2021, fmt=ReportFormat.PDF
    )
    Membership.objects.filter(user=personas.alice).delete()
    assert report.job_id is not None
    assert job_run(job_id=report.job_id) == JobStatus.FAILED
    report.refresh_from_db()
    assert report.output_id is None
    assert report.job is not None and report.job.error


def test_an_uploaded_template_is_used_and_the_version_remembers_it(
    personas: Personas, world: World
) -> None:
    alice = personas.access(personas.alice)
    template = report_template_upload(
        access=alice,
        kind=ReportKind.ANNUAL,
        name="我校模板.docx",
        data=office_template("{{ school }} 国际交流与合作处"),
    )
    assert template.placeholders == ["body", "notes", "period", "school", "title"]
    report = made(report_request(access=alice, request=ANNUAL_2021, fmt=ReportFormat.DOCX))
    assert report.template == template
    assert report.output is not None
    assert "甲职业技术学院 国际交流与合作处" in docx_text(blob_read(report.output.storage_key))

    newer = report_template_upload(
        access=alice, kind=ReportKind.ANNUAL, name="新.docx", data=office_template("新版")
    )
    template.refresh_from_db()
    assert (template.is_active, newer.is_active) == (False, True)
    report_template_reset(access=alice, kind=ReportKind.ANNUAL)
    assert report_template_active(access=alice, kind=ReportKind.ANNUAL) is None
    assert ReportTemplate.objects.count() == 2  # kept for the versions made with them


def test_a_rejected_template_stores_nothing(personas: Personas, world: World) -> None:
    alice = personas.access(personas.alice)
    with pytest.raises(HezuoError, match="校长"):
        report_template_upload(
            access=alice, kind=ReportKind.ANNUAL, name="x.docx", data=office_template("{{ 校长 }}")
        )
    assert not ReportTemplate.objects.exists()
    with pytest.raises(AccessDenied):
        report_template_upload(
            access=personas.access(personas.lily),
            kind=ReportKind.ANNUAL,
            name="x.docx",
            data=default_template(ReportKind.ANNUAL),
        )


def test_the_offices_narrative_opens_its_section(personas: Personas, world: World) -> None:
    alice = personas.access(personas.alice)
    report_narrative_save(
        access=alice,
        kind=ReportKind.ANNUAL,
        year=2021,
        section="exchanges",
        text="  因受疫情影响，学校及时调整思路策略。\n\n主要通过在线方式完成交流。 ",
    )
    assert report_narratives(access=alice, kind=ReportKind.ANNUAL, year=2021) == {
        "exchanges": "因受疫情影响，学校及时调整思路策略。\n\n主要通过在线方式完成交流。"
    }
    report = made(report_request(access=alice, request=ANNUAL_2021, fmt=ReportFormat.DOCX))
    assert report.output is not None
    content = docx_text(blob_read(report.output.storage_key))
    assert (
        "二、国际交流合作\n因受疫情影响，学校及时调整思路策略。\n主要通过在线方式完成交流。"
        in content
    )
    with pytest.raises(HezuoError, match="没有这一章节"):
        report_narrative_save(
            access=alice, kind=ReportKind.ANNUAL, year=2021, section="nope", text="x"
        )


def test_a_format_a_report_does_not_come_in_is_refused(personas: Personas, world: World) -> None:
    request = ReportScope(ReportKind.COMPLETION, scope=Scope(world.project, world.task))
    with pytest.raises(HezuoError, match="不能生成"):
        report_request(
            access=personas.access(personas.alice), request=request, fmt=ReportFormat.XLSX
        )
    with pytest.raises(HezuoError, match="年度"):
        report_request(
            access=personas.access(personas.alice),
            request=ReportScope(ReportKind.QUALITY),
            fmt=ReportFormat.XLSX,
        )
