"""The report workbook as an evaluator prints and reads it: read back by openpyxl (page set-up,
numbers, dates, headings, estimate marks) and printed by LibreOffice (one page per table)."""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import openpyxl
import pikepdf
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hezuo.accounts.access import system_access
from hezuo.binders.tests.pdfs import text
from hezuo.core.models import School
from hezuo.core.sheets import DATE_FORMAT, MARGINS
from hezuo.core.tests.printing import fits_to_page, page_footer, page_header
from hezuo.files.conversion import office_to_pdf
from hezuo.files.sniffing import FileType
from hezuo.reports.building import ReportScope, render, report_document
from hezuo.reports.document import Document, Figure, Notes, Paragraph, Section, Source, Table
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import ReportEdition, ReportFormat
from hezuo.reports.rendering.xlsx import render_report_xlsx, with_unit
from hezuo.reports.tests.documents import sample_document
from tests.office import soffice

TORCH = "zhongshan-torch"


def workbook(document: Document) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_report_xlsx(document)))


def rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def headings(sheet: Worksheet) -> list[object]:
    return [cell.value for cell in sheet[1]]


def document_of(*sections: Section, notes: Notes | None = None) -> Document:
    return Document(
        kind="annual",
        title="2021年合作办学情况报告",
        school="示例职业技术学院",
        period="2021年度",
        date="2026年11月",
        sections=sections,
        notes=tuple(notes.notes) if notes is not None else (),
    )


def assistance_section(notes: Notes | None) -> Section:
    """四、结对帮扶 as the annual report writes it: figures in sentences, and the same figures
    tabled for the workbook; without ``notes`` as the 报送版 has it, every figure written
    out. The office's narrative before it holds numbers that are no figures."""

    def figure(text: str, *, unit: str = "", what: str) -> Figure | str:
        if notes is None:
            return text + unit
        return notes.figure(text, unit=unit, what=what, sources=(Source("帮扶记录", what),))

    funds = figure("117万余元", what="阳江职业技术学院 帮扶经费")
    training = figure("近2300人", what="阳江职业技术学院 培训")
    awards = figure("1项", what="阳江职业技术学院 竞赛获奖")
    signed = figure("2", unit="份", what="2021年新签结对帮扶协议")
    who = "阳江职业技术学院（省内结对）"
    return Section(
        "assistance",
        "四、结对帮扶",
        (
            Paragraph(("2021年，学校与3个单位结对，派出2批共12人次。",)),
            Paragraph(
                (
                    f"与{who}：",
                    "帮扶经费",
                    funds,
                    "（实训室、博物馆等项目）",
                    "；",
                    "培训",
                    training,
                    "；",
                    "竞赛获奖",
                    awards,
                    "（广东省赛银奖）",
                    "。",
                )
            ),
            Paragraph(
                (
                    "2021年新签结对帮扶协议",
                    signed,
                    "：与化州市教育局、六盘水幼儿师范高等专科学校结对帮扶。",
                )
            ),
        ),
        sheets=(
            Table(
                headers=("序号", "对象", "事项", "数量", "说明"),
                rows=(
                    ("1", who, "帮扶经费", funds, "实训室、博物馆等项目"),
                    ("2", who, "培训", training, ""),
                    ("3", who, "竞赛获奖", awards, "广东省赛银奖"),
                    (
                        "4",
                        "",
                        "2021年新签结对帮扶协议",
                        signed,
                        "与化州市教育局、六盘水幼儿师范高等专科学校结对帮扶",
                    ),
                ),
                title="2021年结对帮扶",
            ),
        ),
    )


def test_every_sheet_prints_on_a4_one_page_wide_with_its_headings_on_every_page() -> None:
    book = workbook(sample_document())
    assert book.sheetnames == ["主要数据", "数据来源"]
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9  # A4
        assert fits_to_page(sheet)
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"
        last = f"{get_column_letter(sheet.max_column)}{sheet.max_row}"
        assert sheet.print_area == f"'{sheet.title}'!$A$1:${last[0]}${last[1:]}"
        assert sheet.freeze_panes == "A2"
        assert page_footer(sheet) == "第 &P 页，共 &N 页"
        school, _table, report = page_header(sheet)
        assert (school, report) == ("示例职业技术学院", "2021年合作办学情况报告")
        assert all(cell.font.b and cell.alignment.wrap_text for cell in sheet[1])
    assert page_header(book["主要数据"])[1] == "主要数据"
    assert book["主要数据"].page_setup.orientation == "portrait"
    assert book["数据来源"].page_setup.orientation == "landscape"  # nine columns of text
    assert book["数据来源"].page_margins.left == MARGINS.left


def test_columns_are_as_wide_as_their_text_and_long_text_wraps() -> None:
    table = Table(
        headers=("序号", "项目名称", "合作方"),
        rows=(("1", "UK NARIC 国际专业标准评估认证（包装策划与设计、光电技术应用）", "EAL"),),
        title="合作办学项目一览",
    )
    sheet = workbook(document_of(Section("programmes", "一、合作办学", (table,)))).worksheets[0]
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [6, 42, 8]
    assert sheet["B2"].alignment.wrap_text and sheet["B2"].alignment.vertical == "top"
    assert sheet.row_dimensions[2].height == 32  # two lines
    assert sheet.page_setup.orientation == "portrait"


def test_serial_numbers_dates_and_figures_are_numbers_and_dates() -> None:
    notes = Notes()
    days = notes.figure("657", unit="人日", what="培训（人日）", sources=())
    table = Table(
        headers=("序号", "活动", "日期", "签署日期", "人日"),
        rows=(
            ("1", "专业教师线上交流培训", "2021年7月5日", "2021-12-20", days),
            ("2", "澳门校园招聘", "2021年10月20日", "", "—"),
        ),
        title="与港澳台合作方的交流活动",
    )
    book = workbook(document_of(Section("bay_area", "三", (table,)), notes=notes))
    sheet = book["与港澳台合作方的交流活动"]
    assert headings(sheet) == ["序号", "活动", "日期", "签署日期", "人日", "数据来源"]
    first, second = rows(sheet)
    assert first == (
        1,
        "专业教师线上交流培训",
        dt.datetime(2021, 7, 5),
        dt.datetime(2021, 12, 20),
        657,
        "[1]",
    )
    assert second[0] == 2 and second[2] == dt.datetime(2021, 10, 20) and second[4] == "—"
    assert sheet["C2"].number_format == sheet["D2"].number_format == DATE_FORMAT
    assert sheet["E2"].data_type == "n" and sheet["A3"].data_type == "n"


def test_a_unit_is_named_once_in_its_heading() -> None:
    assert with_unit("人日", "人日") == "人日"
    assert with_unit("数值", "人日") == "数值（人日）"
    assert with_unit("金额（万元）", "万元") == "金额（万元）"
    assert with_unit("估算口径（未计入）", "人日") == "估算口径（未计入，人日）"
    assert with_unit("序号", "") == "序号"
    table = Table(
        headers=("活动", "人日", "数值"),
        rows=(("研习营", Figure("300", unit="人日"), Figure("300", unit="人日")),),
    )
    sheet = workbook(document_of(Section("bay_area", "三、大湾区", (table,)))).worksheets[0]
    assert headings(sheet) == ["活动", "人日", "数值（人日）"]
    assert rows(sheet) == [("研习营", 300, 300)]


def test_an_estimate_is_a_number_marked_with_its_label_wherever_it_appears() -> None:
    book = workbook(sample_document())
    table = book["主要数据"]
    assert headings(table) == ["指标", "数值（人日）", "估算（人日）", "数据来源"]
    assert rows(table) == [("学生境外交流培训", 570, 3125, "[1]、[2]")]
    assert table["C2"].number_format == '0"（估算口径，未计入统计）"'
    assert table["B2"].number_format == "0"  # a counted figure has no mark
    notes = book["数据来源"]
    assert headings(notes)[:3] == ["编号", "数据", "数值（人日）"]  # both notes count 人日
    assert [row[2] for row in rows(notes)] == [570, 3125]
    assert "估算口径，未计入统计" in notes["C3"].number_format


def test_figures_written_out_as_in_the_submission_edition_are_numbers_too() -> None:
    table = Table(
        headers=("序号", "指标", "数值", "估算口径（未计入）"),
        rows=(
            ("1", "学生境外交流培训", "570人日", ""),
            ("2", "国（境）外人员学习量", "0人日", "3125人日（估算口径，未计入统计）"),
            ("3", "帮扶经费", "117万元", ""),
        ),
    )
    sheet = workbook(document_of(Section("exchanges", "二、国际交流合作", (table,)))).worksheets[0]
    assert headings(sheet) == ["序号", "指标", "数值", "单位", "估算口径（未计入，人日）"]
    assert [row[2:] for row in rows(sheet)] == [
        (570, "人日", None),
        (0, "人日", 3125),
        (117, "万元", None),
    ]
    assert sheet["E3"].number_format == '0"（估算口径，未计入统计）"'


def test_the_figures_a_section_states_in_words_get_the_sheet_its_builder_made() -> None:
    notes = Notes()
    checking = workbook(document_of(assistance_section(notes), notes=notes))
    submission = workbook(document_of(assistance_section(None)))
    # Neither the narrative's numbers nor the sentences are read: only the table is written.
    assert checking.sheetnames == ["2021年结对帮扶", "数据来源"]
    assert submission.sheetnames == ["2021年结对帮扶"]
    expected = [
        (1, "阳江职业技术学院（省内结对）", "帮扶经费", 117, "万元", "实训室、博物馆等项目"),
        (2, "阳江职业技术学院（省内结对）", "培训", 2300, "人", None),
        (3, "阳江职业技术学院（省内结对）", "竞赛获奖", 1, "项", "广东省赛银奖"),
        (
            4,
            None,
            "2021年新签结对帮扶协议",
            2,
            "份",
            "与化州市教育局、六盘水幼儿师范高等专科学校结对帮扶",
        ),
    ]
    assert headings(submission["2021年结对帮扶"]) == [
        "序号",
        "对象",
        "事项",
        "数量",
        "单位",
        "说明",
    ]
    assert rows(submission["2021年结对帮扶"]) == expected
    assert [row[:6] for row in rows(checking["2021年结对帮扶"])] == expected
    assert [row[6] for row in rows(checking["2021年结对帮扶"])] == ["[1]", "[2]", "[3]", "[4]"]
    # 余 and 近 stay with their numbers.
    sheet = submission["2021年结对帮扶"]
    assert (sheet["D2"].number_format, sheet["D3"].number_format) == ('0"余"', '"近"0')


@pytest.fixture
def torch_annual(demo: list[School]) -> Document:
    access = system_access(school=TORCH)
    return report_document(access=access, request=ReportScope(ReportKind.ANNUAL, year=2021))


def page_headers(pdf: bytes, tmp_path: Path) -> list[str]:
    """The first line of each page: the header naming the sheet's table."""
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    with pikepdf.open(path) as opened:
        count = len(opened.pages)
    lines = []
    for number in range(1, count + 1):
        page = [line for line in text(path, number, number).splitlines() if line.strip()]
        assert len(page) >= 4, f"page {number} is blank: {page}"  # header, headings, a row, footer
        lines.append(page[0])
    return lines


def pages_of(headers: list[str], titles: list[str]) -> dict[str, int]:
    found = dict.fromkeys(titles, 0)
    for line in headers:
        [title] = [title for title in titles if f" {title} " in f" {line} "]
        found[title] += 1
    return found


def pages_needed(sheet: Worksheet) -> int:
    """How many landscape A4 pages the rows of ``sheet`` need at the scale that fits its
    columns across one (widths in Excel's pixels, 7 a digit and 5 of padding; 15 points a row
    of one line), with its heading row repeated on each."""
    width = sum(
        (sheet.column_dimensions[get_column_letter(index)].width * 7 + 5) * 0.75
        for index in range(1, sheet.max_column + 1)
    )
    scale = min(1.0, (297 / 25.4 - MARGINS.left - MARGINS.right) * 72 / width)
    page = (210 / 25.4 - MARGINS.top - MARGINS.bottom) * 72
    heights = [sheet.row_dimensions[row].height or 15 for row in range(1, sheet.max_row + 1)]
    return math.ceil(sum(heights[1:]) * scale / (page - heights[0] * scale))


def test_the_annual_workbook_prints_one_page_per_table_not_eighteen(
    torch_annual: Document, tmp_path: Path
) -> None:
    """The landed workbook printed on 18 pages, most of them blank: columns running over the
    page's width. Now each table of the demo's 2021 report (at most ten rows each) is one
    page, headed with its title: the 报送版 on exactly as many pages as it has tables."""
    soffice()
    data = render(torch_annual, ReportFormat.XLSX, edition=ReportEdition.SUBMISSION).data
    book = openpyxl.load_workbook(io.BytesIO(data))
    pdf = office_to_pdf(data, FileType.XLSX)
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert len(opened.pages) == len(book.sheetnames)
    titles = [str(page_header(sheet)[1]) for sheet in book.worksheets]
    assert pages_of(page_headers(pdf, tmp_path), titles) == dict.fromkeys(titles, 1)
    assert book.sheetnames[-1] == "2021年结对帮扶"  # four tables of the report and its assistance


def test_the_checking_workbook_adds_only_the_pages_its_notes_need(
    torch_annual: Document, tmp_path: Path
) -> None:
    """The 核对版 adds the 数据来源 sheet: a row per record behind each figure (56 for the
    demo's 2021), which may take more than a page — no more than its rows need."""
    soffice()
    data = render(torch_annual, ReportFormat.XLSX, edition=ReportEdition.CHECKING).data
    book = openpyxl.load_workbook(io.BytesIO(data))
    titles = [str(page_header(sheet)[1]) for sheet in book.worksheets]
    notes = book.worksheets[-1]
    assert titles[-1] == notes.title == "数据来源"
    printed = pages_of(page_headers(office_to_pdf(data, FileType.XLSX), tmp_path), titles)
    assert printed == {**dict.fromkeys(titles[:-1], 1), "数据来源": printed["数据来源"]}
    assert 1 <= printed["数据来源"] <= pages_needed(notes)


def test_the_annual_workbook_of_the_demo_holds_numbers_dates_and_its_assistance(
    torch_annual: Document,
) -> None:
    book = openpyxl.load_workbook(
        io.BytesIO(render(torch_annual, ReportFormat.XLSX, edition=ReportEdition.SUBMISSION).data)
    )
    figures = book[next(name for name in book.sheetnames if name.endswith("主要数据"))]
    by_name = {row[1]: row for row in rows(figures)}
    assert by_name["学生境外交流培训"][0] == 2 and by_name["学生境外交流培训"][2:4] == (570, "人日")
    [estimate] = [cell for cell in figures["E"] if "估算" in cell.number_format]
    assert estimate.value == 3125
    activities = book["与香港、澳门合作方的交流活动"]
    assert all(isinstance(row[1], dt.datetime) for row in rows(activities))
    assert "人日（人日）" not in {cell.value for sheet in book for cell in sheet[1]}
    assistance = {row[2]: row for row in rows(book["2021年结对帮扶"])}
    assert assistance["帮扶经费"][3:5] == (117, "万元")
    assert assistance["培训"][3:5] == (2300, "人")
