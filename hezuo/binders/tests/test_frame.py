"""Every evidence page in its frame: the number sits in a band at the foot of the page that
holds nothing of the page's own, and the binder reads as A4. Pages whose content reaches the
number's place are scaled down just enough; photos and pages of other sizes are set on A4;
a page that leaves an extra Q and a cm behind cannot shrink or move the number."""

from __future__ import annotations

import io
import subprocess
import warnings
from pathlib import Path
from typing import Any

import img2pdf
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from hezuo.binders import frame, problems
from hezuo.binders.assembly import Bookmark, Front, Options, Source, assemble
from hezuo.binders.problems import Problem
from hezuo.binders.tests.pdfs import Word, page_pdf, qpdf_check, words
from tests import samples

A4_W, A4_H = frame.A4


def content_pdf(content: bytes, size: tuple[float, float] = (595.276, 841.89)) -> bytes:
    """One page drawing ``content`` with Helvetica as /F1."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, *size],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=pdf.make_stream(content),
            )
        )
    )
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def photo_pdf(width: int, height: int) -> bytes:
    """A photo as img2pdf makes a page of it: the page the size of its pixels."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, "JPEG")
    return bytes(img2pdf.convert(buffer.getvalue()))


def binder(tmp_path: Path, *files: bytes) -> Path:
    sources = []
    for index, data in enumerate(files):
        path = tmp_path / f"source-{index}.pdf"
        path.write_bytes(data)
        sources.append(Source(path, occupied=frame.measure(path)))
    output = tmp_path / "binder.pdf"
    assemble(
        Front(page_pdf("COVER"), [Bookmark("cover", 0)]),
        sources,
        Options(title="T", author="A"),
        output,
    )
    assert qpdf_check(output).returncode == 0
    return output


def page_size(path: Path, index: int) -> tuple[float, float]:
    with pikepdf.open(path) as pdf:
        box = [float(value) for value in pdf.pages[index].mediabox]
    return box[2] - box[0], box[3] - box[1]


def number_on(path: Path, page: int) -> Word:
    [number] = [word for word in words(path, page) if word.text == str(page)]
    return number


def in_band(number: Word, height: float) -> bool:
    """Poppler measures from the top: the number's box lies within the band at the foot."""
    return height - number.y1 >= frame.BAND_FLOOR - 4 and height - number.y0 <= frame.BAND


def band_ink(path: Path, index: int, tmp_path: Path) -> int:
    """How many dark pixels the page's own content draws in the band at its foot: the page
    drawn without its number (the stamp's commands taken off), the band measured at 2 px/pt."""
    bare = tmp_path / f"bare-{index}.pdf"
    with pikepdf.open(path) as pdf:
        page = pdf.pages[index]
        first = page.obj.Contents.read_bytes().split(b"\n")[0]
        assert first.endswith(b"/HezuoPage Do Q")  # the page's own content, drawn as a form
        page.obj.Contents = pdf.make_stream(first)
        pdf.save(bare)
    document = pdfium.PdfDocument(bare)
    try:
        shown = document[index]
        _width, height = shown.get_size()
        bitmap = shown.render(scale=2, crop=(0, 0, 0, height - frame.BAND), grayscale=True)
        image = bitmap.to_pil().convert("L")
        return sum(1 for value in image.get_flattened_data() if value < frame.INK)
    finally:
        document.close()


def test_content_at_the_foot_is_scaled_above_the_band_and_the_number_overlaps_nothing(
    tmp_path: Path,
) -> None:
    # A signature line and a footnote drawn across the foot, where the number would go.
    foot = (
        b"BT /F1 11 Tf 72 780 Td (LETTER TOP) Tj ET\n"
        b"0 0 0 RG 2 w 60 30 m 535 30 l S\n"
        b"BT /F1 9 Tf 250 16 Td (FOOTNOTE 1234567) Tj ET\n"
    )
    free = b"BT /F1 11 Tf 72 400 Td (MIDDLE ONLY) Tj ET\n"
    output = binder(tmp_path, content_pdf(foot), content_pdf(free))
    crowded, spacious = number_on(output, 2), number_on(output, 3)
    assert page_size(output, 1) == page_size(output, 2) == (A4_W, A4_H)  # sizes kept
    assert in_band(crowded, A4_H) and in_band(spacious, A4_H)
    assert band_ink(output, 1, tmp_path) == 0  # the page's own content all above the band
    footnote = next(word for word in words(output, 2) if word.text == "FOOTNOTE")
    assert footnote.y1 < A4_H - frame.BAND
    # A page whose foot is free keeps its content where it was.
    middle = next(word for word in words(output, 3) if word.text == "MIDDLE")
    assert abs(middle.x0 - 72) < 0.5


def test_photos_and_pages_of_other_sizes_are_set_on_a4_by_their_shape(tmp_path: Path) -> None:
    photo_data = photo_pdf(2048, 1536)
    with pikepdf.open(io.BytesIO(photo_data)) as source:
        photo_w, photo_h = (float(value) for value in source.pages[0].mediabox[2:])
    output = binder(
        tmp_path,
        photo_data,  # a phone photo: wider than tall
        photo_pdf(4, 4),  # a page of four points
        content_pdf(b"BT /F1 30 Tf 40 60 Td (SLIDE) Tj ET", size=(960, 540)),
    )
    assert page_size(output, 1) == (A4_H, A4_W)  # across
    assert page_size(output, 2) == (A4_W, A4_H)  # never enlarged: a small square on A4
    assert page_size(output, 3) == (A4_H, A4_W)
    for index in (1, 2, 3):
        width, height = page_size(output, index)
        number = number_on(output, index + 1)
        assert in_band(number, height)
        assert abs((number.x0 + number.x1) / 2 - width / 2) < 2
        assert band_ink(output, index, tmp_path) == 0
    # The photo fills the page but its margins and band; the tiny page stays tiny.
    with pikepdf.open(output) as pdf:
        placed = [
            pdf.pages[index].obj.Contents.read_bytes().split(b" cm")[0].split()[1:]
            for index in (1, 2)
        ]
    photo, dot = ([float(value) for value in matrix] for matrix in placed)
    room = (A4_H - 2 * frame.SIDE_MARGIN, A4_W - frame.SIDE_MARGIN - frame.BAND)
    assert photo[0] == pytest.approx(min(room[0] / photo_w, room[1] / photo_h), rel=1e-4)
    assert dot[0] == 1  # four points, drawn at their size


def test_an_extra_q_and_cm_left_by_a_page_do_not_shrink_or_move_its_number(
    tmp_path: Path,
) -> None:
    hostile = b"BT /F1 11 Tf 72 400 Td (HOSTILE) Tj ET\nQ Q Q\n0.05 0 0 0.05 500 700 cm\n1 0 0 rg\n"
    output = binder(tmp_path, content_pdf(hostile))
    number = number_on(output, 2)
    assert in_band(number, A4_H)
    assert abs((number.x0 + number.x1) / 2 - A4_W / 2) < 2
    assert 7 < number.y1 - number.y0 < 14  # its own size: not 1.5 pt


def active_pdf() -> bytes:
    """A page that runs a script when opened, a link that starts a program, a link that runs
    JavaScript after a web link, a file attachment, a field that submits itself, and a web link
    and an internal link that are kept."""
    pdf = pikepdf.new()
    pdf.pages.append(
        pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842]))
    )
    page = pdf.pages[0].obj
    page.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)"))

    def link(action: pikepdf.Dictionary, y: int) -> pikepdf.Dictionary:
        return pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, y, 200, y + 20], A=action
        )

    page.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                link(pikepdf.Dictionary(S=pikepdf.Name.Launch, F="calc.exe"), 700),
                link(
                    pikepdf.Dictionary(
                        S=pikepdf.Name.URI,
                        URI="https://example.org/",
                        Next=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="this.print()"),
                    ),
                    650,
                ),
                link(pikepdf.Dictionary(S=pikepdf.Name.URI, URI="file:///etc/passwd"), 600),
                link(pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://example.org/kept"), 550),
                link(
                    pikepdf.Dictionary(
                        S=pikepdf.Name.GoTo, D=pikepdf.Array([page, pikepdf.Name.Fit])
                    ),
                    500,
                ),
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.FileAttachment,
                    Rect=[72, 400, 90, 420],
                ),
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Widget,
                    Rect=[72, 300, 200, 320],
                    AA=pikepdf.Dictionary(
                        K=pikepdf.Dictionary(S=pikepdf.Name.SubmitForm, F="https://example.org/")
                    ),
                ),
            ]
        )
    )
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(2)")
    buffer = io.BytesIO()
    with warnings.catch_warnings():  # the widget belongs to no form, as in a hostile file
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        pdf.save(buffer)
    return buffer.getvalue()


def test_active_content_is_taken_off_and_counted_and_plain_links_kept(tmp_path: Path) -> None:
    path = tmp_path / "active.pdf"
    path.write_bytes(active_pdf())
    output = tmp_path / "binder.pdf"
    assembled = assemble(
        Front(page_pdf("COVER"), [Bookmark("cover", 0)]),
        [Source(path, occupied=frame.measure(path))],
        Options(title="T", author="A"),
        output,
    )
    # The page's /AA, the Launch, the chained JavaScript, the file: link, the attachment, the
    # field's /AA (the document's OpenAction is never copied with its pages).
    assert assembled.problems == ((Problem(problems.ACTIVE_REMOVED, "6"),),)
    listing = subprocess.run(
        ["qpdf", "--json", "--json-key=qpdf", str(output)], capture_output=True, text=True
    )
    assert listing.returncode == 0
    for key in ("/JavaScript", "/JS", "/Launch", "/OpenAction", "/SubmitForm", "/FileAttachment"):
        assert key not in listing.stdout, key
    assert "file:///etc/passwd" not in listing.stdout
    with pikepdf.open(output) as pdf:
        annotations = pdf.pages[1].obj.Annots
        actions = [annotation.get("/A") for annotation in annotations]
        assert [str(action.S) for action in actions if action is not None] == [
            "/URI",
            "/URI",
            "/GoTo",
        ]
        web = actions[1]
        assert isinstance(web, pikepdf.Dictionary)
        assert str(web.URI) == "https://example.org/" and "/Next" not in web


def form_pdf(*, xfa: bool = False, signed: bool = False) -> bytes:
    """A filled form: a text field holding ALICE SMITH (no appearance drawn yet, as many
    form fillers leave it), and with ``signed`` a signature field with its value."""
    pdf = pikepdf.new()
    pdf.pages.append(
        pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842]))
    )
    page = pdf.pages[0].obj
    helvetica = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    name = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            T="applicant",
            V="ALICE SMITH",
            DA="/Helv 12 Tf 0 g",
            Rect=[72, 700, 372, 724],
            F=4,
            P=page,
        )
    )
    fields = [name]
    if signed:
        fields.append(
            pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Widget,
                    FT=pikepdf.Name.Sig,
                    T="signature",
                    V=pikepdf.Dictionary(
                        Type=pikepdf.Name.Sig, Filter=pikepdf.Name("/Adobe.PPKLite")
                    ),
                    Rect=[72, 600, 272, 650],
                    F=4,
                    P=page,
                )
            )
        )
    page.Annots = pikepdf.Array(fields)
    form = pikepdf.Dictionary(
        Fields=pikepdf.Array(fields),
        DA="/Helv 12 Tf 0 g",
        DR=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=helvetica)),
    )
    if xfa:
        form.XFA = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    pdf.Root.AcroForm = form
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_a_filled_forms_values_are_in_the_binder_and_what_it_loses_is_said(
    tmp_path: Path,
) -> None:
    sources = []
    for index, data in enumerate((form_pdf(), form_pdf(signed=True), form_pdf(xfa=True))):
        path = tmp_path / f"form-{index}.pdf"
        path.write_bytes(data)
        sources.append(Source(path, occupied=frame.measure(path)))
    output = tmp_path / "binder.pdf"
    assembled = assemble(
        Front(page_pdf("COVER"), [Bookmark("cover", 0)]),
        sources,
        Options(title="T", author="A"),
        output,
    )
    for page in (2, 3, 4):
        assert "ALICE SMITH" in " ".join(word.text for word in words(output, page)), page
    assert assembled.problems == (
        (),
        (Problem(problems.SIGNED),),
        (Problem(problems.XFA_FORM),),
    )
    with pikepdf.open(output) as pdf:
        assert "/AcroForm" not in pdf.Root
        for copied in pdf.pages[1:]:
            assert not [a for a in copied.obj.get("/Annots", []) if a.get("/Subtype") == "/Widget"]


def linked_pdf() -> bytes:
    """Three pages; page 1 links to page 3 by a name in the /Dests name tree, to page 2 by a
    name in the old /Dests dictionary, to page 3 directly, and to a name nobody defined."""
    pdf = pikepdf.open(io.BytesIO(samples.pdf("LINKED", pages=3)))
    first, second, third = (page.obj for page in pdf.pages)

    def link(y: int, **target: Any) -> pikepdf.Dictionary:
        return pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, y, 200, y + 20], **target
        )

    first.Annots = pikepdf.Array(
        [
            link(700, A=pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.String("chapter3"))),
            link(650, Dest=pikepdf.Name("/Old")),
            link(600, Dest=pikepdf.Array([third, pikepdf.Name.Fit])),
            link(550, Dest=pikepdf.String("nowhere")),
        ]
    )
    pdf.Root.Names = pikepdf.Dictionary(
        Dests=pikepdf.Dictionary(
            Names=pikepdf.Array(["chapter3", pikepdf.Array([third, pikepdf.Name.XYZ, 0, 800, 0])])
        )
    )
    pdf.Root.Dests = pikepdf.Dictionary(
        Old=pikepdf.Dictionary(D=pikepdf.Array([second, pikepdf.Name.Fit]))
    )
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_links_within_a_file_lead_to_its_pages_in_the_binder(tmp_path: Path) -> None:
    output = binder(tmp_path, page_pdf("BEFORE"), linked_pdf())
    with pikepdf.open(output) as pdf:
        pages = [page.obj.objgen for page in pdf.pages]  # cover, BEFORE, LINKED 1–3
        annotations = pdf.pages[2].obj.Annots
        targets = []
        for annotation in annotations:
            target = annotation.get("/Dest")
            if target is None and "/A" in annotation:
                target = annotation.A.D
            targets.append(pages.index(target[0].objgen) if target is not None else None)
    assert targets == [4, 3, 4, None]  # the unknown name: inert, not broken


def test_what_a_crop_box_hid_stays_hidden_on_a_page_set_on_a4(tmp_path: Path) -> None:
    """The page's content is clipped to what a reader showed of it: its form's box is the
    crop box, not the media box around it."""
    shown = page_pdf("CROPPED", origin=(50, 50), crop=(150, 100, 545, 700), rotate=90)
    output = binder(tmp_path, shown)
    with pikepdf.open(output) as pdf:
        form = pdf.pages[1].obj.Resources.XObject["/HezuoPage"]
        assert [float(value) for value in form.BBox] == [100, 150, 700, 545]  # turned upright
