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


def _is_number(cell: Inline) -> bool:
    return isinstance(cell, Figure) and not isinstance(_number(cell), str)


def _columns(table: Table) -> list[tuple[str, str]]:
    """How each column is written: ("text", heading); ("number", heading with its one unit);
    or ("number+unit", heading) when its numbers have several units (a 单位 column follows)."""
    found = []
    for index, header in enumerate(table.headers):
        cells = [row[index] for row in table.rows]
        numbers = [cell for cell in cells if _is_number(cell)]
        if not numbers:
            found.append(("text", header))
            continue
        units = {cell.unit for cell in numbers if isinstance(cell, Figure)}
        if len(units) == 1:
            unit = units.pop()
            found.append(("number", f"{header}（{unit}）" if unit else header))
        else:
            found.append(("number+unit", header))
    return found


def _table_sheet(sheet: Worksheet, table: Table) -> None:
    columns = _columns(table)
    headers: list[str] = []
    for kind, label in columns:
        headers += [label, "单位"] if kind == "number+unit" else [label]
    sheet.append([*headers, "数据来源"])
    for title in sheet[1]:
        title.font = BOLD
    for row in table.rows:
        values: list[object] = []
        for (kind, _heading), part in zip(columns, row, strict=True):
            number = _is_number(part)
            values.append(_number(part) if number and isinstance(part, Figure) else cell_text(part))
            if kind == "number+unit":
                values.append(part.unit if number and isinstance(part, Figure) else "")
        notes = [part.note for part in row if isinstance(part, Figure) and part.note is not None]
        sheet.append([*values, "、".join(f"[{note}]" for note in notes)])
    for index in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.column_dimensions[get_column_letter(len(headers) + 1)].width = 12
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
