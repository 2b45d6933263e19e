"""The indicators workbook (``compute_indicators --xlsx``) as it prints: page set-up, numbers and
dates, and the mark on every value that counts an estimate — read back by openpyxl and printed
by LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from hezuo.accounts.access import Access, system_access
from hezuo.binders.tests.pdfs import text
from hezuo.core.models import School
from hezuo.core.sheets import DATE_FORMAT
from hezuo.core.tests.printing import fits_to_page, page_footer, page_header
from hezuo.files.conversion import office_to_pdf
from hezuo.files.sniffing import FileType
from hezuo.indicators.figures import indicator_figures
from hezuo.indicators.xlsx import figures_workbook
from tests.office import soffice

pytestmark = pytest.mark.django_db


@pytest.fixture
def torch(demo: list[School]) -> Access:
    return system_access(school="zhongshan-torch")


def workbook(torch: Access, *, include_estimates: bool) -> bytes:
    figures = indicator_figures(access=torch, year=2021, include_estimates=include_estimates)
    return figures_workbook(access=torch, figures=figures)


def test_every_sheet_prints_on_a4_one_page_wide_with_its_headings_on_every_page(
    torch: Access,
) -> None:
    book = load_workbook(io.BytesIO(workbook(torch, include_estimates=False)))
    for sheet in book.worksheets:
        assert sheet.page_setup.paperSize == 9  # A4
        assert fits_to_page(sheet)
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        last = get_column_letter(sheet.max_column)
        assert sheet.print_area.endswith(f"!$A$1:${last}${sheet.max_row}")
        assert page_header(sheet)[0] == "中山火炬职业技术学院 2021"
        assert page_footer(sheet) == "第 &P 页，共 &N 页"
    summary, review, internships = book["指标汇总"], book["核对提示"], book["gjyx-3"]
    assert summary.print_title_rows == "$2:$2" and summary.freeze_panes == "C3"
    assert summary.page_setup.orientation == "landscape"
    assert review.print_title_rows == "$1:$1" and review.page_setup.orientation == "portrait"
    assert internships.print_title_rows == "$4:$4"
    assert page_header(internships)[1] == "在校生服务“走出去”企业国（境）外实习时间"
    assert all(cell.font.b and cell.alignment.wrap_text for cell in internships[4])
    assert review["B2"].alignment.wrap_text


def test_numbers_and_dates_are_numbers_and_dates(torch: Access) -> None:
    book = load_workbook(io.BytesIO(workbook(torch, include_estimates=False)))
    summary = book["指标汇总"]
    assert all(isinstance(row[0], int) for row in summary.iter_rows(min_row=3, values_only=True))
    internships = book["gjyx-3"]
    started = internships.cell(5, [c.value for c in internships[4]].index("开始日期") + 1)
    assert started.value == dt.datetime(2021, 1, 4)
    assert started.number_format == DATE_FORMAT


def test_a_value_that_counts_an_estimate_is_marked_where_it_is_written(torch: Access) -> None:
    """With --include-estimates, 国（境）外人员学习量 is the 3125 人日 of an estimate: its
    computed and adopted values (and the value on its own sheet) say so; the others do not."""
    book = load_workbook(io.BytesIO(workbook(torch, include_estimates=True)))
    summary = book["指标汇总"]
    marked = {
        row[1].value: (row[3].value, row[4].value)
        for row in summary.iter_rows(min_row=3)
        if "含估算口径" in row[3].number_format + row[4].number_format
    }
    assert marked == {"国（境）外人员学习量": (3125, 3125)}
    assert "含估算口径" in book["xn-3"]["B2"].number_format
    without = load_workbook(io.BytesIO(workbook(torch, include_estimates=False)))["指标汇总"]
    assert not any("估算" in cell.number_format for row in without.iter_rows() for cell in row)


def test_the_command_writes_the_marked_workbook(torch: Access, tmp_path: Path) -> None:
    path = tmp_path / "torch.xlsx"
    call_command(
        "compute_indicators",
        "--school",
        "zhongshan-torch",
        "--year",
        "2021",
        "--include-estimates",
        "--xlsx",
        str(path),
        stdout=io.StringIO(),
    )
    summary = load_workbook(path)["指标汇总"]
    [row] = [r for r in summary.iter_rows(min_row=3) if r[1].value == "国（境）外人员学习量"]
    assert row[3].value == 3125 and "含估算口径" in row[3].number_format


def test_libreoffice_prints_each_sheet_on_a_page_with_the_estimate_marked(
    torch: Access, tmp_path: Path
) -> None:
    """Each sheet of the demo's 2021 workbook is short (at most 15 rows): one page each."""
    soffice()
    data = workbook(torch, include_estimates=True)
    path = tmp_path / "indicators.pdf"
    path.write_bytes(office_to_pdf(data, FileType.XLSX))
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    assert pages == len(load_workbook(io.BytesIO(data)).sheetnames)
    summary = re.sub(r"\s+", "", text(path, 1, 1))
    assert "3125（含估算口径）" in summary
    assert "第1页，共15页" in summary
