"""Page numbers and a watermark laid over PDF pages as a reader displays them, each page in
its frame (``frame.py``).

A page is shown through its crop box (which need not start at 0, 0), turned by /Rotate. The
number sits at the bottom centre of what the reader sees, in the band kept free for it, and
reads upright there; the watermark sits in the middle, turned the same way. The page's own
content becomes a form drawn by the page (the content stream itself where it is one stream, so
nothing is copied): whatever state it leaves behind — an extra Q, a cm — ends with the form and
cannot move or shrink the stamps, and a page set on A4 or scaled down is drawn through one
matrix, its links and fields moved with it. Digits are set in Helvetica, one of the 14 fonts
every PDF reader has; the watermark is a one-page PDF (typst, with its fonts embedded) used as a
form."""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

from hezuo.binders import frame

FONT_NAME = Name("/HezuoPageNo")
WATERMARK_NAME = Name("/HezuoWatermark")
PAGE_NAME = Name("/HezuoPage")
HELVETICA_DIGIT_WIDTH = 0.556  # of the font size: every digit of Helvetica is this wide
OTHER_BOXES = (Name.CropBox, Name.BleedBox, Name.TrimBox, Name.ArtBox)
Box = tuple[float, float, float, float]
# Made once: a page is stamped thousands of times.
ROTATE, CROP_BOX, CONTENTS, RESOURCES = Name.Rotate, Name.CropBox, Name.Contents, Name.Resources
XOBJECT, FORM = Name.XObject, Name.Form
DRAW_AS_IS = f"q 1 0 0 1 0 0 cm {PAGE_NAME} Do Q\n".encode()
FONT_BYTES = str(FONT_NAME).encode()


class Stamper:
    """Stamps pages of one output PDF, sharing the font, the watermark form and the q stream."""

    def __init__(self, pdf: Pdf, *, watermark: bytes | None = None) -> None:
        self.pdf = pdf
        self.font = pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.Type1,
                BaseFont=Name.Helvetica,
                Encoding=Name.WinAnsiEncoding,
            )
        )
        self.watermark: pikepdf.Object | None = None
        self.watermark_size = (0.0, 0.0)
        # Content streams already made a page's form, with the box and resources they got: a
        # page that appears again (a file in several items) draws the same form.
        self.forms: dict[tuple[int, int], tuple[Box, pikepdf.Object]] = {}
        self.fonts = Dictionary({str(FONT_NAME): self.font})
        if watermark is not None:
            with Pdf.open(io.BytesIO(watermark)) as source:
                page = pikepdf.Page(source.pages[0])
                box = page.mediabox
                self.watermark_size = (float(box[2] - box[0]), float(box[3] - box[1]))
                self.watermark = pdf.copy_foreign(page.as_form_xobject())

    def stamp(self, page: pikepdf.Page, *, number: int | None, occupied: bool = False) -> None:
        """Frame ``page`` and stamp it: ``occupied`` says that its own content reaches where
        its number goes (measured before, as shown)."""
        obj = page.obj
        rotate = int(obj.get(ROTATE, 0)) % 360
        rotate = rotate if rotate in (0, 90, 180, 270) else 0  # readers ignore other values
        box = visible_box(page)
        place = frame.placement(_shown(box, rotate) if rotate else box, occupied=occupied)
        if place is not None and rotate:
            page.flatten_rotation()  # placed upright: the matrix is in shown coordinates
            rotate = 0
            box = visible_box(page)
            place = frame.placement(box, occupied=occupied)
        form = self._content_form(obj, box)
        if place is None:
            commands = [DRAW_AS_IS]
        else:
            _move_annotations(page, place.matrix)
            if place.media is not None:
                obj.MediaBox = Array(place.media)
                for name in OTHER_BOXES:
                    if name in obj:
                        del obj[name]
                box = place.media
            matrix = " ".join(_num(value) for value in place.matrix)
            commands = [f"q {matrix} cm {PAGE_NAME} Do Q\n".encode()]
        xobjects = Dictionary({str(PAGE_NAME): form})
        resources = Dictionary(XObject=xobjects)
        if self.watermark is not None:
            xobjects[WATERMARK_NAME] = self.watermark
            commands.append(self._watermark(*box, rotate))
        if number is not None:
            resources.Font = self.fonts
            commands.append(number_commands(str(number), box, rotate))
        obj.Resources = resources
        obj.Contents = self.pdf.make_stream(b"".join(commands))

    def _content_form(self, page: Dictionary, box: Box) -> pikepdf.Object:
        """The page's content as a form XObject clipped to what a reader shows of it (``box``,
        so that what a crop box hid stays hidden on a page set on A4): its one content stream
        made a form in place, or (several streams, or one another page already uses otherwise)
        a copy joining them."""
        contents = page.get(CONTENTS)
        resources = page.get(RESOURCES)
        if resources is None:
            resources = Dictionary()
        if isinstance(contents, Stream) and contents.is_indirect:
            made = self.forms.get(contents.objgen)
            if made is None:
                self.forms[contents.objgen] = (box, resources)
                contents.Type = XOBJECT
                contents.Subtype = FORM
                contents.BBox = Array(box)
                contents.Resources = resources
                return contents
            if made[0] == box and _same(made[1], resources):
                return contents
        streams: list[pikepdf.Object] = (
            [contents] if isinstance(contents, Stream) else list(contents or Array())
        )
        # Streams of one page may split an operator's operands: joined on a line break.
        data = b"\n".join(part.read_bytes() for part in streams if isinstance(part, Stream))
        return self.pdf.make_stream(
            data, Type=XOBJECT, Subtype=FORM, BBox=Array(box), Resources=resources
        )

    def _watermark(self, x0: float, y0: float, x1: float, y1: float, rotate: int) -> bytes:
        width, height = self.watermark_size
        shown_w, shown_h = (x1 - x0, y1 - y0) if rotate in (0, 180) else (y1 - y0, x1 - x0)
        scale = 0.8 * min(shown_w / width, shown_h / height)
        # The form centred on the shown page: move its centre to the origin, scale, turn
        # against the page's rotation, then move to the centre of the crop box.
        a, b, c, d = _turn(rotate)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        ox, oy = -width * scale / 2, -height * scale / 2
        tx = cx + a * ox + c * oy
        ty = cy + b * ox + d * oy
        matrix = " ".join(_num(v) for v in (a * scale, b * scale, c * scale, d * scale, tx, ty))
        return f"q {matrix} cm {WATERMARK_NAME} Do Q\n".encode()


def visible_box(page: pikepdf.Page) -> tuple[float, float, float, float]:
    """The part of the page a reader shows: the crop box within the media box, normalised."""
    media = _normalised(page.mediabox)
    crop = _normalised(page.cropbox) if CROP_BOX in page.obj else media
    x0, y0 = max(media[0], crop[0]), max(media[1], crop[1])
    x1, y1 = min(media[2], crop[2]), min(media[3], crop[3])
    if x1 <= x0 or y1 <= y0:  # a crop box outside the media box: readers fall back to media
        return media
    return x0, y0, x1, y1


def number_commands(text: str, box: tuple[float, float, float, float], rotate: int) -> bytes:
    """Content that draws ``text`` centred at the bottom of ``box`` as shown with ``rotate``,
    in the band kept free for it."""
    x0, y0, x1, y1 = box
    shown_w, shown_h = (x1 - x0, y1 - y0) if rotate in (0, 180) else (y1 - y0, x1 - x0)
    scale = frame.size_scale(shown_w, shown_h)  # huge pages get a larger number
    size = frame.NUMBER_SIZE * scale
    margin = frame.BASELINE * scale  # from the shown bottom edge to the baseline
    half = len(text) * HELVETICA_DIGIT_WIDTH * size / 2
    # Baseline start in shown coordinates (origin at the shown bottom-left corner) …
    sx, sy = shown_w / 2 - half, margin
    # … mapped back to the page's own coordinates.
    if rotate == 0:
        px, py = x0 + sx, y0 + sy
    elif rotate == 90:
        px, py = x1 - sy, y0 + sx
    elif rotate == 180:
        px, py = x1 - sx, y1 - sy
    else:
        px, py = x0 + sy, y1 - sx
    turn = " ".join(_num(value) for value in _turn(rotate))
    return b"q BT %s %.3f Tf 0 g %s %.3f %.3f Tm (%s) Tj ET Q\n" % (
        FONT_BYTES,
        size,
        turn.encode(),
        px,
        py,
        text.encode(),
    )


def _shown(box: Box, rotate: int) -> Box:
    """``box`` as the reader shows it (turned by ``rotate``), from 0, 0: for its size."""
    x0, y0, x1, y1 = box
    width, height = (x1 - x0, y1 - y0) if rotate in (0, 180) else (y1 - y0, x1 - x0)
    return 0.0, 0.0, width, height


def _move_annotations(
    page: pikepdf.Page, matrix: tuple[float, float, float, float, float, float]
) -> None:
    """Links and fields drawn where the page's content now is."""
    a, _b, _c, d, e, f = matrix  # scaling and moving only: placements never turn
    for annotation in page.obj.get(Name.Annots, Array()):
        if not isinstance(annotation, Dictionary):
            continue
        rect = annotation.get(Name.Rect)
        if isinstance(rect, Array) and len(rect) == 4:
            xa, ya, xb, yb = (float(v) for v in rect)
            annotation.Rect = Array([a * xa + e, d * ya + f, a * xb + e, d * yb + f])
        quads = annotation.get(Name.QuadPoints)
        if isinstance(quads, Array):
            values = [float(v) for v in quads]
            annotation.QuadPoints = Array(
                [a * v + e if i % 2 == 0 else d * v + f for i, v in enumerate(values)]
            )


def _same(kept: pikepdf.Object, resources: pikepdf.Object) -> bool:
    """Whether two pages' resources are the same: one object, or written the same."""
    if kept.is_indirect or resources.is_indirect:
        return kept.is_indirect and resources.is_indirect and kept.objgen == resources.objgen
    return bool(kept.unparse() == resources.unparse())


def _turn(rotate: int) -> tuple[float, float, float, float]:
    """The matrix that turns upright content so it reads upright once the reader applies
    /Rotate (clockwise): the inverse turn, counter-clockwise."""
    return {
        0: (1.0, 0.0, 0.0, 1.0),
        90: (0.0, 1.0, -1.0, 0.0),
        180: (-1.0, 0.0, 0.0, -1.0),
        270: (0.0, -1.0, 1.0, 0.0),
    }.get(rotate, (1.0, 0.0, 0.0, 1.0))


def _normalised(box: pikepdf.Array) -> tuple[float, float, float, float]:
    xa, ya, xb, yb = (float(v) for v in box)
    return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


def _num(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".") or "0"
