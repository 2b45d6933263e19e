"""Reading an uploaded workbook, streamed row by row, refusing what cannot be read safely:
a file that is not an .xlsx, formulas (their value is whatever Excel last computed, or
nothing), merged cells (a merged value belongs to one cell only), and more rows than one
import may hold (a sheet of 1,048,576 rows is refused when the limit is passed, not read).

openpyxl reads the workbook's structure: its sheets, shared strings, date styles and epoch.
The cells of a sheet are streamed here with lxml, because openpyxl's reader makes an object
of every cell and its attributes, which makes reading a large sheet slower than writing it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree  # type: ignore[import-untyped]
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.utils.exceptions import InvalidFileException

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and Office files with a password


class WorkbookError(Exception):
    """The file as a whole cannot be imported; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Cell:
    value: Any
    formula: bool = False


@dataclass
class SheetReader:
    """One worksheet: its rows as (row number, {column number: cell}), empty ones left out.
    After the last row, ``merged`` holds the sheet's merged ranges."""

    title: str
    _archive: zipfile.ZipFile
    _path: str
    _strings: list[str]
    _date_styles: frozenset[int]
    _epoch: dt.datetime
    merged: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, dict[int, Cell]]]:
        limit = settings.HEZUO_IMPORT_MAX_ROWS + 1  # the data rows and the heading row
        parser = _SheetParser(self._strings, self._date_styles, self._epoch, self.merged)
        count = 0
        with self._archive.open(self._path) as source:
            for number, cells in _readable(parser.parse(source)):
                count += 1
                if count > limit:
                    raise WorkbookError(
                        _(
                            "工作表“%(sheet)s”的数据超过 %(limit)s 行，超出单次导入的上限："
                            "请分成几个文件导入。"
                        )
                        % {"sheet": self.title, "limit": f"{limit - 1:,}"}
                    )
                yield number, cells


class _SheetParser:
    """The cells of a worksheet part, streamed by lxml row by row (any namespace prefix)."""

    def __init__(
        self,
        strings: list[str],
        date_styles: frozenset[int],
        epoch: dt.datetime,
        merged: list[str],
    ) -> None:
        self.strings, self.date_styles, self.epoch, self.merged = (
            strings,
            date_styles,
            epoch,
            merged,
        )

    def parse(self, source: IO[bytes]) -> Iterator[tuple[int, dict[int, Cell]]]:
        number = 0
        events = etree.iterparse(
            source,
            events=("end",),
            tag=("{*}row", "{*}mergeCell"),
            resolve_entities=False,
            no_network=True,
        )
        for _event, element in events:
            if etree.QName(element).localname == "mergeCell":
                self.merged.append(element.get("ref", ""))
            else:
                reference = element.get("r")
                number = int(reference) if reference else number + 1
                cells = self._cells(element)
                if cells:
                    yield number, cells
            # Done with it: neither it nor the rows before it are kept.
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]

    def _cells(self, row: Any) -> dict[int, Cell]:
        cells: dict[int, Cell] = {}
        column = 0
        for cell in row:
            reference = cell.get("r")
            column = _column(reference) if reference else column + 1
            text = ""
            formula: str | None = None
            for part in cell:
                name = etree.QName(part).localname
                if name == "v":
                    text = part.text or ""
                elif name == "f":
                    formula = part.text or ""
                elif name == "is":  # an inline string, perhaps in runs
                    text = "".join(part.itertext())
            if formula is not None:
                # What matters is that it is a formula, not the value Excel last saved.
                cells[column] = Cell("=" + formula, True)
                continue
            value = self._value(cell.get("t", "n"), int(cell.get("s", 0)), text)
            if value is not None and value != "":
                cells[column] = Cell(value)
        return cells

    def _value(self, kind: str, style: int, text: str) -> Any:
        if kind == "s":
            return self.strings[int(text)] if text else None
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text == "1" if text else None
        if kind == "d":
            return from_ISO8601(text) if text else None  # type: ignore[no-untyped-call]
        if not text:
            return None
        number: float | int = float(text) if any(c in text for c in ".eE") else int(text)
        if style in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return number


def _readable(
    rows: Iterator[tuple[int, dict[int, Cell]]],
) -> Iterator[tuple[int, dict[int, Cell]]]:
    try:
        yield from rows
    except (etree.LxmlError, zipfile.BadZipFile, ValueError, IndexError):
        raise WorkbookError(damaged()) from None


def damaged() -> str:
    return _("文件内容已损坏，无法读取：请在 Excel 中打开并另存为 .xlsx 后再导入。")


def _column(reference: str) -> int:
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number


def open_workbook(data: bytes) -> dict[str, SheetReader]:
    """The worksheets of an .xlsx by title, or a WorkbookError saying why it is not one."""
    if data.startswith(OLE2_SIGNATURE):
        raise WorkbookError(
            _(
                "这是旧版 Excel（.xls）文件或设有密码的文件：请在 Excel 中取消密码并"
                "“另存为 Excel 工作簿（.xlsx）”后再导入。"
            )
        )
    not_xlsx = _("文件不是 Excel 工作簿（.xlsx）：请使用下载的模板，或在 Excel 中另存为 .xlsx。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(not_xlsx)
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
        unpacked = sum(item.file_size for item in reader.archive.infolist())
        if unpacked > settings.HEZUO_UPLOAD_MAX_UNPACKED_MB * 1024 * 1024:
            raise WorkbookError(
                _("文件解压后超过 %(limit)d MB，不能导入。")
                % {"limit": settings.HEZUO_UPLOAD_MAX_UNPACKED_MB}
            )
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = list(reader.parser.find_sheets())
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise WorkbookError(not_xlsx) from None
    book = reader.wb
    found = {}
    for sheet, relation in sheets:
        path = relation.target.lstrip("/")
        if path not in reader.valid_files or "worksheet" not in relation.Type:
            continue  # a chart sheet or a dialog sheet holds no rows
        found[sheet.name] = SheetReader(
            sheet.name,
            reader.archive,
            path,
            [str(text) for text in reader.shared_strings],
            frozenset(book._date_formats),  # type: ignore[attr-defined]
            book.epoch,
        )
    return found
