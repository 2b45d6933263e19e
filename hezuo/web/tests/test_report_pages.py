"""Report pages: asking for a version as the right roles only, following its job, downloading it
and seeing what changed since the version before; narratives and Word templates."""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import User
from hezuo.activities.models import Participation
from hezuo.jobs.services import job_run
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import Report, ReportNarrative, ReportTemplate
from hezuo.reports.templates import default_template
from hezuo.reports.tests.documents import docx_text
from tests.personas import Personas
from tests.world import World, build_world


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def url(name: str, *args: object, school: str = "alpha") -> str:
    return reverse(f"web:{name}", args=[school, *args])


def ask(client: Client, **data: str) -> Report:
    page = client.post(url("reports"), {"format": "docx", **data})
    assert page.status_code == 302, page.content.decode()
    report = Report.objects.latest("pk")
    assert page["Location"] == url("report", report.pk)
    return report


def made(report: Report) -> Report:
    assert report.job_id is not None
    job_run(job_id=report.job_id)
    report.refresh_from_db()
    return report


def test_the_office_asks_for_a_report_and_downloads_it(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    report = ask(alice, kind="annual", year="2021")
    running = alice.get(url("report", report.pk), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert alice.get(url("report-download", report.pk)).status_code == 404

    made(report)
    page = alice.get(url("report", report.pk)).content.decode()
    assert 'data-testid="download"' in page
    assert 'hx-trigger="every 1s"' not in page
    download = alice.get(url("report-download", report.pk))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    content = docx_text(b"".join(download.streaming_content))  # type: ignore[attr-defined]
    assert "2021年合作办学情况报告" in content
    assert report.edition == "submission" and "数据来源" not in content
    listing = alice.get(url("reports")).content.decode()
    assert "2021年合作办学情况报告" in listing and "第 1 版" in listing and "报送版" in listing

    checking = made(ask(alice, kind="annual", year="2021", edition="checking"))
    assert checking.output is not None and checking.edition == "checking"
    assert "核对版" in checking.output.original_name
    assert "核对版" in alice.get(url("report", checking.pk)).content.decode()
    download = alice.get(url("report-download", checking.pk))
    content = docx_text(b"".join(download.streaming_content))  # type: ignore[attr-defined]
    assert "数据来源" in content


def test_a_new_version_shows_which_figures_changed(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    first = made(ask(alice, kind="annual", year="2021"))
    second = made(ask(alice, kind="annual", year="2021"))
    assert 'data-testid="unchanged"' in alice.get(url("report", second.pk)).content.decode()
    Participation.objects.filter(pk=world.participation.pk).update(headcount=7)
    third = made(ask(alice, kind="annual", year="2021"))
    page = alice.get(url("report", third.pk)).content.decode()
    assert 'data-testid="changes"' in page
    assert "与第 2 版相比" in page
    assert first.version == 1


def test_readers_see_versions_but_cannot_ask_for_one(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    report = made(ask(alice, kind="quality", year="2021", format="xlsx"))
    victor = client_of(personas.victor)
    page = victor.get(url("reports")).content.decode()
    assert 'data-testid="report-form"' not in page
    assert victor.get(url("report-download", report.pk)).status_code == 200
    assert (
        victor.post(url("reports"), {"kind": "annual", "year": "2021", "format": "pdf"}).status_code
        == 403
    )
    assert Report.objects.count() == 1


def test_a_task_owner_asks_for_the_completion_report_of_their_task(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    tom = client_of(personas.tom)
    report = made(ask(tom, kind="completion", target=f"task-{world.task.pk}", format="pdf"))
    assert report.page_count and report.task == world.task
    refused = tom.post(url("reports"), {"kind": "annual", "year": "2021", "format": "pdf"})
    assert 'data-testid="form-error"' in refused.content.decode()
    assert Report.objects.count() == 1


def test_a_request_that_cannot_be_made_says_why_next_to_the_form(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    page = client_of(personas.alice).post(
        url("reports"), {"kind": "completion", "target": "", "format": "pdf"}
    )
    assert page.status_code == 200
    assert "请选择要报告的建设项目或任务" in page.content.decode()
    assert not Report.objects.exists()


def test_another_schools_reports_are_not_found(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    report = made(ask(client_of(personas.alice), kind="annual", year="2021"))
    oscar = client_of(personas.oscar)
    for name in ("report", "report-download"):
        assert oscar.get(url(name, report.pk, school="beta")).status_code == 404
    assert oscar.get(url("report", report.pk)).status_code == 404


def test_the_office_writes_a_sections_narrative(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    saved = alice.post(
        url("report-narratives"),
        {"kind": "annual", "year": "2021", "exchanges": "线上线下结合开展交流。", "programmes": ""},
    )
    assert saved.status_code == 302
    assert ReportNarrative.objects.get(section="exchanges").text == "线上线下结合开展交流。"
    page = alice.get(url("report-narratives"), {"kind": "annual", "year": "2021"})
    assert "线上线下结合开展交流。" in page.content.decode()
    lily = client_of(personas.lily)
    assert (
        lily.post(url("report-narratives"), {"kind": "annual", "year": "2021"}).status_code == 403
    )
    assert alice.get(url("report-narratives"), {"kind": "completion"}).status_code == 404


def word_file(text: str) -> SimpleUploadedFile:
    document = docx.Document(io.BytesIO(default_template(ReportKind.ANNUAL)))
    document.paragraphs[0].insert_paragraph_before(text)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile("模板.docx", out.getvalue())


def test_the_office_uploads_a_template_and_a_bad_one_is_refused_with_its_placeholder(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    default = alice.get(url("report-template-default", "annual"))
    assert default.status_code == 200
    assert docx.Document(io.BytesIO(b"".join(default.streaming_content)))  # type: ignore[attr-defined]

    refused = alice.post(
        url("report-templates"), {"kind": "annual", "file": word_file("{{ 落款单位 }}")}
    )
    assert refused.status_code == 400
    assert "落款单位" in refused.content.decode()
    assert not ReportTemplate.objects.exists()

    taken = alice.post(
        url("report-templates"), {"kind": "annual", "file": word_file("{{ school }}")}
    )
    assert taken.status_code == 302
    template = ReportTemplate.objects.get()
    page = alice.get(url("report-templates")).content.decode()
    assert "模板.docx" in page
    assert alice.get(url("report-template-download", template.pk)).status_code == 200
    assert (
        client_of(personas.victor)
        .post(url("report-templates"), {"kind": "annual", "reset": "1"})
        .status_code
        == 403
    )
    alice.post(url("report-templates"), {"kind": "annual", "reset": "1"})
    template.refresh_from_db()
    assert not template.is_active
