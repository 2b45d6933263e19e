"""The office's own section titles and its choice of hezuo's 公文 template reach the reports
it has made, in Word and in PDF."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from docx.oxml.ns import qn

from hezuo.binders.tests.pdfs import text
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.files.storage import blob_read
from hezuo.jobs.services import job_run
from hezuo.reports.building import ReportScope, report_document
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import BuiltinTemplate, Report, ReportHeading
from hezuo.reports.selectors import (
    SectionChoices,
    report_section_choices,
    report_template_active,
)
from hezuo.reports.services import (
    report_request,
    report_section_save,
    report_template_reset,
    report_template_use_builtin,
)
from hezuo.reports.tests.documents import docx_text, squeeze
from tests.personas import Personas
from tests.world import World, build_world

ANNUAL_2021 = ReportScope(ReportKind.ANNUAL, year=2021)
RENAMED = "二、对外交流与合作"
NAME = "对外交流与合作"


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def made(report: Report) -> bytes:
    assert report.job_id is not None
    job_run(job_id=report.job_id)
    report.refresh_from_db()
    assert report.output is not None
    return blob_read(report.output.storage_key)


def test_a_renamed_section_is_titled_so_in_every_years_word_and_pdf(
    personas: Personas, world: World, tmp_path: Path
) -> None:
    alice = personas.access(personas.alice)
    report_section_save(access=alice, kind=ReportKind.ANNUAL, section="exchanges", title=RENAMED)

    for year in (2020, 2021):
        document = report_document(access=alice, request=ReportScope(ReportKind.ANNUAL, year=year))
        titles = [section.title for section in document.sections]
        # Named by the office, numbered by its place; the others keep hezuo's names.
        assert [title[1:] for title in titles if title.endswith(NAME)] == [f"、{NAME}"]
        assert not [title for title in titles if title.endswith("国际交流合作")]
        assert any(title.endswith("、合作办学") for title in titles)
    content = docx_text(made(report_request(access=alice, request=ANNUAL_2021, fmt="docx")))
    assert f"、{NAME}\n" in content and "、国际交流合作\n" not in content
    pdf = made(report_request(access=alice, request=ANNUAL_2021, fmt="pdf"))
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    assert f"、{NAME}" in squeeze(text(path))
    # Another school's reports keep hezuo's title.
    oscar = personas.access(personas.oscar, personas.beta)
    assert report_section_choices(access=oscar, kind=ReportKind.ANNUAL).titles == {}


def test_an_empty_title_or_hezuos_own_goes_back_to_hezuos(personas: Personas, world: World) -> None:
    alice = personas.access(personas.alice)
    report_section_save(access=alice, kind=ReportKind.ANNUAL, section="exchanges", title=RENAMED)
    saved = report_section_save(
        access=alice, kind=ReportKind.ANNUAL, section="exchanges", title="  二、对外  交流 "
    )
    # Kept without its numeral: chapters are numbered by their place in each report.
    assert saved is not None and saved.title == "对外 交流"
    assert (
        report_section_save(access=alice, kind=ReportKind.ANNUAL, section="exchanges", title=" ")
        is None
    )
    assert not ReportHeading.objects.exists()
    for hezuos in ("二、国际交流合作", "国际交流合作"):
        assert (
            report_section_save(
                access=alice, kind=ReportKind.ANNUAL, section="exchanges", title=hezuos
            )
            is None
        )
    assert not ReportHeading.objects.exists()


def test_a_title_is_refused_for_a_section_the_report_lacks_or_by_a_liaison(
    personas: Personas, world: World
) -> None:
    alice = personas.access(personas.alice)
    with pytest.raises(HezuoError, match="没有这一章节"):
        report_section_save(access=alice, kind=ReportKind.QUALITY, section="exchanges", title="x")
    with pytest.raises(HezuoError, match="不能超过"):
        report_section_save(
            access=alice, kind=ReportKind.ANNUAL, section="exchanges", title="长" * 101
        )
    with pytest.raises(AccessDenied):
        report_section_save(
            access=personas.access(personas.lily),
            kind=ReportKind.ANNUAL,
            section="exchanges",
            title=RENAMED,
        )
    assert not ReportHeading.objects.exists()


def test_the_office_chooses_the_gongwen_template_and_its_versions_are_made_in_it(
    personas: Personas, world: World
) -> None:
    alice = personas.access(personas.alice)
    chosen = report_template_use_builtin(
        access=alice, kind=ReportKind.ANNUAL, builtin=BuiltinTemplate.GONGWEN
    )
    assert report_template_active(access=alice, kind=ReportKind.ANNUAL) == chosen
    assert chosen.builtin == BuiltinTemplate.GONGWEN and "body" in chosen.placeholders
    document = docx.Document(
        io.BytesIO(made(report_request(access=alice, request=ANNUAL_2021, fmt="docx")))
    )
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert round(document.sections[0].top_margin.mm) == 37  # type: ignore[union-attr]

    report_template_reset(access=alice, kind=ReportKind.ANNUAL)
    document = docx.Document(
        io.BytesIO(made(report_request(access=alice, request=ANNUAL_2021, fmt="docx")))
    )
    assert round(document.sections[0].top_margin.mm) == 25  # type: ignore[union-attr]
    with pytest.raises(AccessDenied):
        report_template_use_builtin(
            access=personas.access(personas.lily),
            kind=ReportKind.ANNUAL,
            builtin=BuiltinTemplate.GONGWEN,
        )


def test_titles_handed_in_are_used_instead_of_the_stored_ones(
    personas: Personas, world: World
) -> None:
    alice = personas.access(personas.alice)
    report_section_save(access=alice, kind=ReportKind.ANNUAL, section="exchanges", title=RENAMED)
    document = report_document(
        access=alice,
        request=ANNUAL_2021,
        choices=SectionChoices(titles={"programmes": "三、中外合作办学"}),
    )
    titles = [section.title for section in document.sections]
    assert titles[:2] == ["一、中外合作办学", "二、国际交流合作"]  # the numeral is the report's


def test_build_report_writes_in_the_template_it_names(world: World, tmp_path: Path) -> None:
    margins = {}
    for template in ("gongwen", "plain"):
        output = tmp_path / f"{template}.docx"
        call_command(
            "build_report",
            "annual",
            "--school",
            "alpha",
            "--year",
            "2021",
            "--template",
            template,
            "--output",
            str(output),
            stdout=io.StringIO(),
        )
        section = docx.Document(str(output)).sections[0]
        margins[template] = round(section.left_margin.mm)  # type: ignore[union-attr]
    assert margins == {"gongwen": 28, "plain": 26}
    with pytest.raises(CommandError, match="无法读取模板文件"):
        call_command(
            "build_report",
            "annual",
            "--school",
            "alpha",
            "--year",
            "2021",
            "--template",
            str(tmp_path / "missing.docx"),
            "--output",
            str(tmp_path / "x.docx"),
        )
