"""The office chooses its reports' chapters: a chapter left out is not printed in any year's
report, nor is the evidence only it cited; the chapters after it move up a number. A section
every report has, and a report's last chapter, cannot be left out."""

from __future__ import annotations

import pytest

from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.reports.building import ReportScope, report_document
from hezuo.reports.document import Document, Entries, for_submission
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import ReportHeading
from hezuo.reports.selectors import report_section_choices, report_sections
from hezuo.reports.services import report_section_save
from tests.personas import Personas
from tests.world import World, build_world


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def document(personas: Personas, kind: ReportKind, year: int = 2021) -> Document:
    access = personas.access(personas.alice)
    return for_submission(report_document(access=access, request=ReportScope(kind, year=year)))


def titles(document: Document) -> list[str]:
    return [section.title for section in document.sections]


def cited(document: Document) -> list[str]:
    appendix = next(section for section in document.sections if section.key == "evidence")
    return [row[0] for block in appendix.blocks if isinstance(block, Entries) for row in block.rows]


def test_a_chapter_left_out_is_printed_in_no_year_and_the_next_move_up(
    personas: Personas, world: World
) -> None:
    alice = personas.access(personas.alice)
    before = document(personas, ReportKind.ANNUAL)
    assert titles(before)[:2] == ["一、合作办学", "二、国际交流合作"]
    assert cited(before) == ["9.2.1"]  # the visit to Hong Kong's evidence

    report_section_save(
        access=alice, kind=ReportKind.ANNUAL, section="programmes", title="", included=False
    )
    for year in (2020, 2021):
        assert titles(document(personas, ReportKind.ANNUAL, year)) == [
            "一、国际交流合作",
            "二、粤港澳大湾区交流合作",
            "三、结对帮扶",
            "附件：佐证材料目录",
        ]
    # A renamed chapter left out keeps its name for when it is taken back.
    report_section_save(
        access=alice, kind=ReportKind.ANNUAL, section="exchanges", title="对外交流", included=False
    )
    report_section_save(
        access=alice, kind=ReportKind.ANNUAL, section="bay_area", title="", included=False
    )
    after = document(personas, ReportKind.ANNUAL)
    assert titles(after) == ["一、结对帮扶", "附件：佐证材料目录"]
    assert cited(after) == []  # only the chapters left out cited the visit's evidence
    assert "赴港研修" not in str(after)

    report_section_save(access=alice, kind=ReportKind.ANNUAL, section="exchanges", title="对外交流")
    assert titles(document(personas, ReportKind.ANNUAL))[0] == "一、对外交流"
    choices = report_section_choices(access=alice, kind=ReportKind.ANNUAL)
    assert choices.left_out == {"programmes", "bay_area"}
    assert choices.titles == {"exchanges": "对外交流"}
    # Taken back under hezuo's name: nothing of the office's choice is kept.
    for section in ("programmes", "bay_area", "exchanges"):
        report_section_save(access=alice, kind=ReportKind.ANNUAL, section=section, title="")
    assert not ReportHeading.objects.exists()
    assert titles(document(personas, ReportKind.ANNUAL)) == titles(before)


def test_the_assistance_summary_may_leave_out_its_agreements(
    personas: Personas, world: World
) -> None:
    alice = personas.access(personas.alice)
    report_section_save(
        access=alice, kind=ReportKind.ASSISTANCE, section="counterparts", title="", included=False
    )
    assert titles(document(personas, ReportKind.ASSISTANCE)) == [
        "一、总体情况",
        "二、结对帮扶协议",
    ]


def test_a_section_every_report_has_or_the_last_chapter_cannot_be_left_out(
    personas: Personas, world: World
) -> None:
    alice = personas.access(personas.alice)
    for kind, section in (
        (ReportKind.QUALITY, "table"),
        (ReportKind.ASSISTANCE, "summary"),
        (ReportKind.COMPLETION, "overview"),
    ):
        with pytest.raises(HezuoError, match="必有的章节"):
            report_section_save(access=alice, kind=kind, section=section, title="", included=False)
    for section in ("programmes", "exchanges", "bay_area", "evidence"):
        report_section_save(
            access=alice, kind=ReportKind.ANNUAL, section=section, title="", included=False
        )
    with pytest.raises(HezuoError, match="至少要保留一章正文"):
        report_section_save(
            access=alice, kind=ReportKind.ANNUAL, section="assistance", title="", included=False
        )
    assert titles(document(personas, ReportKind.ANNUAL)) == ["一、结对帮扶"]
    with pytest.raises(AccessDenied):
        report_section_save(
            access=personas.access(personas.lily),
            kind=ReportKind.ANNUAL,
            section="assistance",
            title="",
            included=False,
        )
    assert ReportHeading.objects.count() == 4


def test_a_school_outside_guangdong_is_offered_no_bay_area_chapter(
    personas: Personas, world: World
) -> None:
    alpha = [
        s.key
        for s in report_sections(access=personas.access(personas.alice), kind="annual", year=2021)
    ]
    beta = [
        s.key
        for s in report_sections(
            access=personas.access(personas.oscar, personas.beta), kind="annual", year=2021
        )
    ]
    assert alpha == ["programmes", "exchanges", "bay_area", "assistance", "evidence"]
    assert beta == ["programmes", "exchanges", "assistance", "evidence"]
