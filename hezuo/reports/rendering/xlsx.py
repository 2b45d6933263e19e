"""The XLSX renderer: each table of the document on a sheet of its own, figures as numbers where
they are numbers (so Excel can add them up), a column with each row's note numbers, and a last
sheet listing the notes record by record with links to hezuo."""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hezuo.reports.document import Document, Figure, Inline, Table, cell_text

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
LINK = Font(color="1F4E9C", underline="single")
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = FORBIDDEN.sub("", title).strip()[:28] or "表"
    name, number = base, 2
    while name in taken:
        name = f"{base[:26]}({number})"
        number += 1
    taken.add(name)
    return name


def _number(figure: Figure) -> object:
    """The figure as a number when its text is one (a label keeps it text: it is no plain
    count)."""
    if figure.label:
        return figure.plain()
    try:
        number = Decimal(figure.text)
    except InvalidOperation:
        return figure.plain()
    return int(number) if number == number.to_integral_value() else float(number)


def _unit_heading(header: str, column: list[Inline]) -> str:
    """ "数值（人日）" when every figure of the column has that one unit."""
    units = {cell.unit for cell in column if isinstance(cell, Figure) and not cell.label}
    numbers = [cell for cell in column if isinstance(cell, Figure) and not cell.label]
    if len(units) == 1 and numbers and (unit := units.pop()):
        return f"{header}（{unit}）"
    return header


def _table_sheet(sheet: Worksheet, table: Table) -> None:
    columns = list(zip(*table.rows, strict=True)) if table.rows else []
    headers = [
        _unit_heading(header, list(columns[index])) if columns else header
        for index, header in enumerate(table.headers)
    ]
    # Columns whose heading carries the unit hold numbers.
    numeric = {index for index, header in enumerate(headers) if header != table.headers[index]}
    sheet.append([*headers, "数据来源"])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in table.rows:
        figures = [cell for cell in row if isinstance(cell, Figure) and cell.note is not None]
        values = [
            _number(cell) if isinstance(cell, Figure) and index in numeric else cell_text(cell)
            for index, cell in enumerate(row)
        ]
        sheet.append([*values, "、".join(f"[{figure.note}]" for figure in figures)])
    for index, width in enumerate(table.widths or (1,) * len(table.headers), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 6 + 5 * width
    sheet.column_dimensions[get_column_letter(len(table.headers) + 1)].width = 12
    sheet.freeze_panes = "A2"


def render_report_xlsx(document: Document) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    taken: set[str] = set()
    tables = [
        (section, block)
        for section in document.sections
        for block in section.blocks
        if isinstance(block, Table)
    ]
    sheets: list[Worksheet] = []
    for index, (section, table) in enumerate(tables):
        sheet = first if index == 0 else book.create_sheet()
        sheet.title = _sheet_title(table.title or section.title, taken)
        _table_sheet(sheet, table)
        sheets.append(sheet)
    notes = first if not tables else book.create_sheet()
    notes.title = _sheet_title(document.notes_title, taken)
    notes.append(["编号", "数据", "数值", "说明", "记录类型", "记录", "详情", "佐证材料", "链接"])
    for cell in notes[1]:
        cell.font = BOLD
    for note in document.notes:
        if not note.sources:
            notes.append([note.number, note.label, note.value, note.remark])
        for source in note.sources:
            notes.append(
                [
                    note.number,
                    note.label,
                    note.value,
                    note.remark,
                    source.kind,
                    source.title,
                    source.detail,
                    "、".join(source.evidence),
                    source.url,
                ]
            )
            if source.url:
                link = notes.cell(row=notes.max_row, column=9)
                link.hyperlink = source.url
                link.font = LINK
    for column, width in zip("ABCDEFGHI", (6, 30, 14, 30, 12, 36, 40, 20, 40), strict=True):
        notes.column_dimensions[column].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    notes.freeze_panes = "A2"
    book.properties.title = document.title
    book.properties.creator = document.school
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
