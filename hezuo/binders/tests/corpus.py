"""Evidence files as schools upload them, for the binder's tests and benchmark: real-world PDFs
kept in ``tests/corpus`` (see its README for their source and licence) and the hostile or odd
files no school means to send but some do, made here the same way every time."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pikepdf

from hezuo.binders.tests.pdfs import page_pdf
from tests import samples

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "corpus"


def real_world() -> dict[str, bytes]:
    """The kept real-world PDFs by file name, in name order."""
    return {path.name: path.read_bytes() for path in sorted((CORPUS / "py-pdf").glob("*.pdf"))}


def crafted() -> dict[str, bytes]:
    """The hostile and odd files by name: what each is is in its name."""
    from hezuo.binders.tests.test_frame import active_pdf, content_pdf, form_pdf, photo_pdf

    four_pages = (CORPUS / "py-pdf" / "004-pdflatex-4-pages.pdf").read_bytes()
    return {
        "photo-4000x3000.pdf": photo_pdf(4000, 3000),
        "photo-strip-300x4000.pdf": photo_pdf(300, 4000),
        "photo-10x10.pdf": photo_pdf(10, 10),
        "slide-without-margins.pdf": content_pdf(
            b"0.2 0.4 0.7 rg 0 0 960 540 re f BT 1 g /F1 40 Tf 60 20 Td (SLIDE FOOT) Tj ET",
            size=(960, 540),
        ),
        "signature-block-at-foot.pdf": content_pdf(
            b"BT /F1 11 Tf 72 780 Td (LETTER TOP) Tj ET\n"
            b"BT /F1 10 Tf 230 24 Td (SIGNED: PRINCIPAL 2021-10-20) Tj ET"
        ),
        "filled-form.pdf": form_pdf(),
        "signed-form.pdf": form_pdf(signed=True),
        "xfa-static-form.pdf": form_pdf(xfa=True),
        "xfa-dynamic-form.pdf": dynamic_xfa_pdf(),
        "javascript-and-launch.pdf": active_pdf(),
        "fuzzed.pdf": fuzzed(four_pages, seed=4),
        "corrupt-flate-stream.pdf": corrupt_stream_pdf(),
        "unbalanced-q.pdf": content_pdf(
            b"BT /F1 12 Tf 72 700 Td (UNBALANCED) Tj ET Q Q Q 0.05 0 0 0.05 0 0 cm"
        ),
        "junk-before-header.pdf": b"\x00JUNK BEFORE THE HEADER\r\n" * 30 + page_pdf("JUNK"),
        "encrypted.pdf": samples.pdf("LOCKED", password="secret"),
        "zero-pages.pdf": zero_page_pdf(),
    }


def fuzzed(data: bytes, *, seed: int) -> bytes:
    """``data`` with one byte in 300 after its header replaced at random (seeded)."""
    rnd = random.Random(seed)
    changed = bytearray(data)
    for _ in range(len(changed) // 300):
        place = rnd.randrange(200, len(changed))
        changed[place] = rnd.randrange(256)
    return bytes(changed)


def corrupt_stream_pdf() -> bytes:
    """Three pages; the second's content claims to be Flate-compressed but is not."""
    with pikepdf.open(io.BytesIO(samples.pdf("READABLE PAGE", pages=3))) as pdf:
        broken = pdf.pages[1].obj.Contents
        assert isinstance(broken, pikepdf.Stream)
        broken.write(b"\x78\x9c not deflate data at all", filter=pikepdf.Name.FlateDecode)
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()


def zero_page_pdf() -> bytes:
    buffer = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.save(buffer)
    return buffer.getvalue()


PLEASE_WAIT = (
    "Please wait... If this message is not eventually replaced by the proper contents of the "
    "document, your PDF viewer may not be able to display this type of document."
)


def dynamic_xfa_pdf() -> bytes:
    """A dynamic XFA form as Adobe LiveCycle writes it: its one page only asks the reader to
    wait, the form lives in the XFA stream, and no field is left for other readers."""
    with pikepdf.open(io.BytesIO(samples.pdf(PLEASE_WAIT[:60], PLEASE_WAIT[60:]))) as pdf:
        pdf.Root.NeedsRendering = True
        pdf.Root.AcroForm = pikepdf.Dictionary(
            Fields=pikepdf.Array(),
            XFA=pdf.make_stream(
                b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><template>"
                b"<subform name='form1'><field name='applicant'/></subform></template></xdp:xdp>"
            ),
        )
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()
