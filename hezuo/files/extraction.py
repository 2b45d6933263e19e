"""The words in a file, for search. Pure of the database.

PDFs are read with pdfium; Word and Excel files are read directly (python-docx, openpyxl), which
works even where LibreOffice is missing; other Office files are read from their PDF rendition.
Each reader loads its library when it first reads, not when a command starts."""

from __future__ import annotations

import io
import re

from hezuo.files.sniffing import FileType

# A search text longer than this is cut: enough for any evidence document, bounded for the index.
MAX_TEXT_CHARS = 1_000_000
_SPACES = re.compile(r"[ \t\r\f\v\u3000\xa0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def tidy(text: str) -> str:
    text = _SPACES.sub(" ", text.replace("\x00", ""))
    return _BLANK_LINES.sub("\n", text).strip()[:MAX_TEXT_CHARS]


def pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    parts: list[str] = []
    try:
        for page in document:
            text_page = page.get_textpage()
            parts.append(text_page.get_text_range())
            text_page.close()
            page.close()
    finally:
        document.close()
    return tidy("\n".join(parts))


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return tidy("\n".join(parts))


def xlsx_text(data: bytes) -> str:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts: list[str] = []
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None]
                if cells:
                    parts.append(" ".join(cells))
    finally:
        workbook.close()
    return tidy("\n".join(parts))


DIRECT_READERS = {FileType.PDF: pdf_text, FileType.DOCX: docx_text, FileType.XLSX: xlsx_text}
