"""Real files for tests, made on the spot: each opens in the reader of its type. ``marker``
makes the bytes (and so the hash) of two samples differ."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pikepdf
from docx import Document
from PIL import Image


def pdf(*lines: str, pages: int = 1, marker: str = "", password: str = "") -> bytes:
    """A PDF whose pages show ``lines`` in Helvetica (Latin text only: base-14 fonts)."""
    document = pikepdf.new()
    font = document.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for number in range(pages):
        shown = [*lines, f"page {number + 1} {marker}".strip()]
        text = b"".join(
            b"BT /F1 12 Tf 72 %d Td (%s) Tj ET\n" % (760 - 18 * row, line.encode("latin-1"))
            for row, line in enumerate(shown)
        )
        page = pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=document.make_stream(text),
            )
        )
        document.pages.append(page)
    buffer = io.BytesIO()
    if password:
        document.save(buffer, encryption=pikepdf.Encryption(user=password, owner=password + "!"))
    else:
        document.save(buffer)
    return buffer.getvalue()


def docx(*paragraphs: str) -> bytes:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx(*rows: tuple[object, ...]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def image(kind: str = "PNG", size: tuple[int, int] = (40, 30), colour: str = "#c00") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def zip_archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def pptx_shell(marker: str = "") -> bytes:
    """A zip laid out like a PowerPoint file (enough for the type; not a full presentation)."""
    return zip_archive(
        {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": marker.encode() or b"<p/>"}
    )
