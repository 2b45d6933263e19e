"""Worksheets that read on screen and print on paper, for every workbook hezuo writes as a
document (a report's tables, a year's indicators): columns as wide as what they show (a Chinese
character counts as two), long text wrapped, headings bold and wrapped, the heading rows frozen
and repeated on every printed page, A4 turned to landscape when the table is wider than a
portrait page, every table one page wide, and the page numbers in the footer.

Numbers and dates stay numbers and dates; what a figure says around its number (约, 余, its
unit, an estimate's label) goes into the cell's number format, so a cell shows “117万余元” or
“3125（估算口径，未计入统计）” and Excel still adds it up. Pure openpyxl, no database."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = 'yyyy"年"m"月"d"日"'  # 2021年7月5日, as a Chinese document writes a date
WIDEST = 40  # a text column wider than this wraps its text instead
NARROWEST = 4
LINE_HEIGHT = 15  # points, a line of 11-point Chinese text
# What fits across portrait A4 inside the margins below (about 185 mm), in Excel's width units
# (a digit's width, about 1.9 mm at 100 %, plus each column's padding).
PORTRAIT_WIDTH = 90
MARGINS = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)

BOLD = Font(bold=True)
HEADING = Alignment(wrap_text=True, vertical="center", horizontal="center")
WRAP = Alignment(wrap_text=True, vertical="top")
NUMBER = Alignment(vertical="top", horizontal="right", indent=1)
CENTRED = Alignment(vertical="top", horizontal="center")
SHADE = PatternFill("solid", fgColor="EDEDED")
LINE = Side(style="thin", color="808080")
GRID = Border(left=LINE, right=LINE, top=LINE, bottom=LINE)
FORMAT_PARTS = re.compile(r'"([^"]*)"|0(?:\.(0+))?')


def text_width(text: str) -> int:
    """How many digit widths ``text`` takes on its longest line: two for a Chinese character
    (and the full-width punctuation around it), one for anything else."""
    return max(
        (
            sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in line)
            for line in text.splitlines()
        ),
        default=0,
    )


def decimal_places(value: int | float | Decimal) -> int:
    """The places ``value`` is written with (570 → 0, 15.5 → 1, 0.3333 → 4)."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def number_format(*, places: int = 0, before: str = "", after: str = "") -> str:
    """A number format showing ``before`` and ``after`` around the number (“约”, “万余元”,
    “（估算）”); double quotes in them become Chinese ones, as a format cannot hold them."""

    def literal(text: str) -> str:
        return f'"{text.replace(chr(34), "”")}"' if text else ""

    digits = "0." + "0" * places if places else "0"
    return f"{literal(before)}{digits}{literal(after)}"


def shown(value: object, format_code: str = "General") -> str:
    """About what a cell shows: a date as 2021年7月5日, a number with the literal text of its
    format around it (enough to measure a column by)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if "0" not in re.sub(r'"[^"]*"', "", format_code):  # General, or a format not of ours
        return str(value)

    def part(match: re.Match[str]) -> str:
        literal, places = match.group(1), match.group(2) or ""
        return literal if literal is not None else f"{value:.{len(places)}f}"

    return FORMAT_PARTS.sub(part, format_code)


def tabulate(sheet: Worksheet, *, header_row: int = 1, widest: int = WIDEST) -> None:
    """Lay out the table whose headings are on ``header_row`` and whose rows follow: headings
    bold, shaded and wrapped; text wrapped at the top of its cell; dates in the Chinese style;
    every cell of the table ruled; each column as wide as it needs, text at most ``widest``
    (it wraps), a number or a date always whole (a narrower cell shows ####). The rows above
    ``header_row`` (a title) are left as they are and not measured."""
    last_row, last_column = sheet.max_row, sheet.max_column
    styles = _Styles(sheet)
    for index in range(1, last_column + 1):
        need = NARROWEST
        for (cell,) in sheet.iter_rows(
            min_row=header_row, max_row=last_row, min_col=index, max_col=index
        ):
            styles.set(cell, border=GRID)
            if cell.row == header_row:
                styles.set(cell, font=BOLD, fill=SHADE, alignment=HEADING)
                heading = text_width(shown(cell.value))
                # A long heading wraps onto two lines rather than widening its column.
                need = max(need, heading if heading <= 12 else math.ceil(heading / 2))
                continue
            if isinstance(cell.value, dt.datetime | dt.date):
                cell.number_format = DATE_FORMAT
            if isinstance(cell.value, str):
                styles.set(cell, alignment=CENTRED if cell.value in {"—", "-"} else WRAP)
                need = max(need, min(text_width(cell.value), widest))
            else:
                styles.set(cell, alignment=NUMBER)
                need = max(need, text_width(shown(cell.value, cell.number_format)) + 1)  # indent
        sheet.column_dimensions[get_column_letter(index)].width = need + 2
    _fit_rows(sheet, header_row)


class _Styles:
    """The workbook's numbers for the few styles a table's cells take, found once. Giving a
    cell a style object makes openpyxl hash it, field by field, to find it in the workbook: for
    every cell of a large report's workbook that took most of its writing."""

    COLLECTIONS = {
        "font": ("_fonts", "fontId"),
        "fill": ("_fills", "fillId"),
        "border": ("_borders", "borderId"),
        "alignment": ("_alignments", "alignmentId"),
    }

    def __init__(self, sheet: Worksheet) -> None:
        self.book = sheet.parent
        self.found: dict[tuple[str, int], int] = {}

    def set(
        self, cell: Cell | MergedCell, **styles: Font | PatternFill | Border | Alignment
    ) -> None:
        target = cast(Any, cell)  # its style numbers, where openpyxl's own setters write them
        if not target._style:
            target._style = StyleArray()
        array = target._style
        for kind, style in styles.items():
            collection, field = self.COLLECTIONS[kind]
            number = self.found.get((kind, id(style)))
            if number is None:  # the styles are module constants: their ids stay theirs
                number = self.found[(kind, id(style))] = getattr(self.book, collection).add(style)
            setattr(array, field, number)


def _fit_rows(sheet: Worksheet, header_row: int) -> None:
    """Give each row of wrapped text the height of its longest cell: Excel and LibreOffice
    both keep a row one line high when they open a file unless it says otherwise."""
    widths = {
        index: sheet.column_dimensions[get_column_letter(index)].width or 9
        for index in range(1, sheet.max_column + 1)
    }
    for number, row in enumerate(sheet.iter_rows(min_row=header_row), start=header_row):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.column is not None:
                need = text_width(cell.value)
                lines = max(lines, math.ceil(need / max(widths[cell.column] - 1, 1)))
        if lines > 1:
            sheet.row_dimensions[number].height = lines * LINE_HEIGHT + 2


def _escaped(text: str) -> str:
    return text.replace("&", "&&")


def set_up_printing(
    sheet: Worksheet,
    *,
    header_rows: tuple[int, int] = (1, 1),
    header: tuple[str, str, str] = ("", "", ""),
    footer: str,
    freeze: str | None = None,
) -> None:
    """Print ``sheet`` on A4: landscape when its columns are wider than a portrait page, one
    page wide (as many pages long as its rows need), its used range and nothing beyond, the
    rows ``header_rows`` repeated at the top of every page, ``header`` (left, centre, right)
    above and ``footer`` (with &P, &N for the page numbers) below. The heading rows are frozen
    on screen (or the panes at ``freeze``)."""
    last_row, last_column = max(sheet.max_row, header_rows[1]), max(sheet.max_column, 1)
    width = sum(
        sheet.column_dimensions[get_column_letter(index)].width or 9
        for index in range(1, last_column + 1)
    )
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages long as the rows need
    sheet.page_margins = MARGINS
    sheet.print_options.horizontalCentered = True
    sheet.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
    sheet.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    top, bottom = sheet.oddHeader, sheet.oddFooter
    assert top is not None and bottom is not None  # a new sheet has both
    for part, text in zip((top.left, top.center, top.right), header, strict=True):
        if text:
            part.text = _escaped(text)
            part.size = 9
    bottom.center.text = footer
    bottom.center.size = 9
    sheet.freeze_panes = freeze or f"A{header_rows[1] + 1}"


def save_workbook(book: Workbook, target: str | Path | IO[bytes]) -> None:
    """Save ``book`` with every text kept as text. openpyxl takes a value beginning with ``=``
    for a formula and writes it as one, which a reader's Excel would run (a record titled
    ``=HYPERLINK(…)``, a partner named ``=cmd|…``); hezuo writes no formulas, so every such
    cell is written as the text it is."""
    for sheet in book.worksheets:
        for cell in sheet._cells.values():
            if cell.data_type == "f":
                cell.data_type = "s"
    book.save(target)


def text_cell(sheet: Any, value: object) -> object:
    """``value`` for a row of a write-only sheet: text beginning with ``=`` as a text cell (see
    ``save_workbook``), anything else as it is."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
