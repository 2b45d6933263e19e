"""The XLSX renderer: each table of the document on a sheet of its own, ready to print (A4, one
page wide, headings repeated, page numbers: ``core.sheets``), and the tables its builder made of
the figures a section states in words (四、结对帮扶 of the annual report); a column with each
row's note numbers and a last sheet listing the notes record by record with links to hezuo.

A cell holds what it is: 序号 and figures as numbers, dates as dates (shown 2021年7月5日). A
column whose figures share one unit names it in its heading, once; a column of several units is
followed by a 单位 column. What a figure says around its number stays visible in its cell's
number format: 约/近/余, and the label an estimate or an override is always printed with
(“3125（估算口径，未计入统计）”) — the mark stays with the value wherever it is copied or
sorted, and Excel still adds the number up."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hezuo.core.sheets import (
    decimal_places,
    number_format,
    save_workbook,
    set_up_printing,
    tabulate,
)
from hezuo.reports.document import (
    Document,
    Figure,
    Heading,
    Inline,
    Table,
    cell_text,
)

LINK = Font(color="1F4E9C", underline="single")
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FOOTER = "第 &P 页，共 &N 页"
SOURCES = "数据来源"
LINK_TEXT = "查看"
NOTES_WIDEST = 30  # the notes sheet has eight columns of text: narrower, so it prints larger
UNIT = "单位"
DASHES = frozenset({"—", "-", "－", "/"})
# 约2300人, 近2300人, 117万余元, 2000余人, 3125人日（估算口径，未计入统计）: a number, what is said
# around it, its unit (a few Chinese characters) and a label in brackets.
AMOUNT = re.compile(
    r"(?P<before>约|近|超|逾)?(?P<number>\d+(?:\.\d+)?)(?P<ten_thousand>万)?(?P<after>余|多)?"
    r"(?![年月日])(?P<unit>[\u4e00-\u9fff]{0,3})(?:（(?P<label>[^（）]+)）)?"
)
DATES = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"),
)


@dataclass(frozen=True)
class Amount:
    """A figure as a cell holds it: the number, and what its number format shows around it."""

    number: int | float
    places: int
    unit: str = ""
    before: str = ""  # 约, 近
    after: str = ""  # 余
    label: str = ""  # 估算口径，未计入统计

    def format(self, *, with_unit: bool) -> str:
        unit = self.unit if with_unit else ""
        label = f"（{self.label}）" if self.label else ""
        return number_format(
            places=self.places, before=self.before, after=f"{self.after}{unit}{label}"
        )


def amount(cell: Inline) -> Amount | None:
    """The number in a table cell: a figure ("117万余元", "570" with its unit 人日) or a text
    that is only a figure (序号 "1"; "3125人日（估算口径，未计入统计）" in a document whose
    figures were written out). A plain text counts only as a whole number or a number with a
    unit, so that a code such as 3.4 stays text."""
    text = cell.text if isinstance(cell, Figure) else cell.strip()
    found = AMOUNT.fullmatch(text)
    if found is None:
        return None
    unit = (found["ten_thousand"] or "") + found["unit"]
    if isinstance(cell, Figure):
        unit += cell.unit
        label = cell.label or found["label"] or ""
    else:
        label = found["label"] or ""
        if "." in found["number"] and not unit:
            return None
    number = Decimal(found["number"])
    return Amount(
        number=int(number) if number == number.to_integral_value() else float(number),
        places=decimal_places(number),
        unit=unit,
        before=found["before"] or "",
        after=found["after"] or "",
        label=label,
    )


def date(cell: Inline) -> dt.date | None:
    """A date written 2021-07-05 or 2021年7月5日."""
    if not isinstance(cell, str):
        return None
    for pattern in DATES:
        found = pattern.fullmatch(cell.strip())
        if found is not None:
            try:
                return dt.date(int(found["year"]), int(found["month"]), int(found["day"]))
            except ValueError:
                return None
    return None


def _blank(cell: Inline) -> bool:
    return isinstance(cell, str) and (not cell.strip() or cell.strip() in DASHES)


def with_unit(heading: str, unit: str) -> str:
    """``heading`` naming ``unit`` once: 数值 → 数值（人日）; 人日 and 金额（万元） stay as
    they are; 估算口径（未计入） → 估算口径（未计入，人日）."""
    if not unit or heading.endswith(unit) or f"（{unit}）" in heading or f"({unit})" in heading:
        return heading
    if heading.endswith("）"):
        return f"{heading[:-1]}，{unit}）"
    return f"{heading}（{unit}）"


@dataclass(frozen=True)
class Column:
    """How a column of the document's table is written: "text", "date", "number" (its one
    unit in ``heading``) or "number+unit" (a 单位 column follows)."""

    kind: str
    heading: str


def _column(header: str, cells: Sequence[Inline]) -> Column:
    filled = [cell for cell in cells if not _blank(cell)]
    if filled and all(date(cell) is not None for cell in filled):
        return Column("date", header)
    amounts = [amount(cell) for cell in filled]
    # A column is of numbers when each of its cells is one, a dash, or a figure in words
    # (广东省赛银奖 in a column of counts).
    if not any(amounts) or any(
        found is None and not isinstance(cell, Figure)
        for cell, found in zip(filled, amounts, strict=True)
    ):
        return Column("text", header)
    units = {found.unit for found in amounts if found is not None}
    if len(units) == 1:
        return Column("number", with_unit(header, units.pop()))
    return Column("number+unit", header)


def _write(sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Inline]]) -> None:
    """``rows`` under ``headers``, each cell what it is; a 数据来源 column with the rows' note
    numbers when any figure has a note."""
    columns = [
        _column(header, [row[index] for row in rows]) for index, header in enumerate(headers)
    ]
    with_notes = any(
        isinstance(cell, Figure) and cell.note is not None for row in rows for cell in row
    )
    names: list[str] = []
    for column in columns:
        names += [column.heading, UNIT] if column.kind == "number+unit" else [column.heading]
    sheet.append([*names, SOURCES] if with_notes else names)
    # Rows counted here: the sheet's max_row looks at every cell, so asking it for each row
    # made a long table take time growing with the square of its rows.
    for number, row in enumerate(rows, start=sheet.max_row + 1):
        values: list[object] = []
        formats: list[str | None] = []
        for column, cell in zip(columns, row, strict=True):
            found = amount(cell) if column.kind.startswith("number") else None
            when = date(cell) if column.kind == "date" else None
            if found is not None:
                values.append(found.number)
                formats.append(found.format(with_unit=False))
            elif when is not None:
                values.append(when)
                formats.append(None)
            else:
                values.append(cell_text(cell) or None)
                formats.append(None)
            if column.kind == "number+unit":
                values.append(found.unit if found is not None else None)
                formats.append(None)
        if with_notes:
            notes = [cell.note for cell in row if isinstance(cell, Figure) and cell.note]
            values.append("、".join(f"[{note}]" for note in notes) or None)
        sheet.append(values)
        for place, code in enumerate(formats, start=1):
            if code is not None:
                sheet.cell(row=number, column=place).number_format = code


def _title(title: str, taken: set[str]) -> str:
    """Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\\, unique."""
    base = FORBIDDEN.sub("", title).strip()[:28] or "表"
    name, number = base, 2
    while name in taken:
        name = f"{base[:26]}({number})"
        number += 1
    taken.add(name)
    return name


@dataclass(frozen=True)
class Sheet:
    """A table of the document as a sheet: its title (the table's, the heading above it or
    its section's) and its headings and rows."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]


def _sheets(document: Document) -> list[Sheet]:
    sheets: list[Sheet] = []
    for section in document.sections:
        heading = ""
        tables = 0
        for block in section.blocks:
            if isinstance(block, Heading):
                heading = block.text
            elif isinstance(block, Table):
                tables += 1
                title = block.title or heading or section.title
                sheets.append(Sheet(title, block.headers, block.rows))
        for table in section.sheets:  # the figures the section states in words
            sheets.append(Sheet(table.title or section.title, table.headers, table.rows))
    return sheets


def _notes_sheet(sheet: Worksheet, document: Document) -> None:
    """A row per record behind each note, with a link to the record's page in hezuo. The link
    reads 查看: an address is the widest text of the sheet and, having no place to break,
    would be cut off on paper."""
    headers = ("编号", "数据", "数值", "说明", "记录类型", "记录", "详情", "佐证材料", "链接")
    rows: list[tuple[Inline, ...]] = []
    links: list[str] = []
    for note in document.notes:
        # The value as a figure: a number where it is one, its words where not.
        head = (str(note.number), note.label, Figure(note.value), note.remark)
        if not note.sources:
            rows.append((*head, "", "", "", "", ""))
            links.append("")
        for source in note.sources:
            evidence = "、".join(source.evidence)
            link = LINK_TEXT if source.url else ""
            rows.append((*head, source.kind, source.title, source.detail, evidence, link))
            links.append(source.url)
    _write(sheet, headers, rows)
    for cell, link in zip(sheet[get_column_letter(sheet.max_column)][1:], links, strict=True):
        if link:
            cell.hyperlink = link
            cell.font = LINK


def render_report_xlsx(document: Document) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    taken: set[str] = set()
    sheets = _sheets(document)
    for index, table in enumerate(sheets):
        sheet = first if index == 0 else book.create_sheet()
        sheet.title = _title(table.title, taken)
        _write(sheet, table.headers, table.rows)
        tabulate(sheet)
        set_up_printing(sheet, header=(document.school, table.title, document.title), footer=FOOTER)
    if document.notes or not sheets:
        notes = first if not sheets else book.create_sheet()
        notes.title = _title(document.notes_title, taken)
        _notes_sheet(notes, document)
        tabulate(notes, widest=NOTES_WIDEST)
        set_up_printing(
            notes, header=(document.school, document.notes_title, document.title), footer=FOOTER
        )
    book.properties.title = document.title
    book.properties.creator = document.school
    out = io.BytesIO()
    save_workbook(book, out)
    return out.getvalue()
