"""PDF helpers for the binder tests: pages of a given geometry, and reading a binder back the way
a reader shows it (poppler's text layer and rendering)."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf


def page_pdf(
    label: str,
    *,
    size: tuple[float, float] = (595, 842),
    origin: tuple[float, float] = (0, 0),
    rotate: int = 0,
    crop: tuple[float, float, float, float] | None = None,
) -> bytes:
    """One page showing ``label`` (Latin), with the given media box origin, crop box and
    rotation."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    x0, y0 = origin
    width, height = size
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[x0, y0, x0 + width, y0 + height],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pdf.make_stream(
            f"BT /F1 14 Tf {x0 + width / 3:.0f} {y0 + height / 2:.0f} Td ({label}) Tj ET".encode()
        ),
    )
    if rotate:
        page.Rotate = rotate
    if crop is not None:
        page.CropBox = list(crop)
    pdf.pages.append(pikepdf.Page(page))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def inherited_pdf(label: str, rotate: int) -> bytes:
    """A page whose resources, media box and rotation sit on the page tree, not on the page
    (written by hand: qpdf would push them down when saving)."""
    content = f"BT /F1 14 Tf 200 420 Td ({label}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R >> >> "
        + f"/MediaBox [0 0 595 842] /Rotate {rotate} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float  # from the top of the page as shown
    x1: float
    y1: float


def words(path: Path, page: int) -> list[Word]:
    """The words of a page (1-based) with their boxes, in the coordinates of the page as shown
    (its crop box, turned)."""
    html = subprocess.run(
        ["pdftotext", "-cropbox", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        Word(text, float(a), float(b), float(c), float(d))
        for a, b, c, d, text in re.findall(pattern, html)
    ]


def text(path: Path, first: int | None = None, last: int | None = None) -> str:
    command = ["pdftotext", "-layout"]
    if first is not None:
        command += ["-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    return subprocess.run(
        [*command, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def qpdf_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)


def outline_titles(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []
    with pikepdf.open(path) as pdf:
        pages: dict[tuple[int, int], int] = {
            page.obj.objgen: index for index, page in enumerate(pdf.pages)
        }
        with pdf.open_outline() as outline:

            def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
                for item in items:
                    destination = item.destination
                    page = -1
                    if isinstance(destination, pikepdf.Array):
                        target: tuple[int, int] = destination[0].objgen
                        page = pages.get(target, -1)
                    found.append((depth, item.title, page))
                    walk(item.children, depth + 1)

            walk(outline.root, 0)
    return found
