"""Page numbers and a watermark laid over PDF pages as a reader displays them.

A page is shown through its crop box (which need not start at 0, 0), turned by /Rotate. The
number sits at the bottom centre of what the reader sees and reads upright there; the watermark
sits in the middle, turned the same way. The page's own content is wrapped in q … Q first, so a
transformation it leaves behind cannot move the stamp. Digits are set in Helvetica, one of the
14 fonts every PDF reader has; the watermark is a one-page PDF (typst, with its fonts embedded)
used as a form."""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Dictionary, Name, Pdf, Stream

FONT_NAME = Name("/HezuoPageNo")
WATERMARK_NAME = Name("/HezuoWatermark")
HELVETICA_DIGIT_WIDTH = 0.556  # of the font size: every digit of Helvetica is this wide
A4_SHORT_SIDE = 595.0


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
        self.save_state = pdf.make_indirect(Stream(pdf, b"q\n"))
        self.watermark: pikepdf.Object | None = None
        self.watermark_size = (0.0, 0.0)
        if watermark is not None:
            with Pdf.open(io.BytesIO(watermark)) as source:
                page = pikepdf.Page(source.pages[0])
                box = page.mediabox
                self.watermark_size = (float(box[2] - box[0]), float(box[3] - box[1]))
                self.watermark = pdf.copy_foreign(page.as_form_xobject())

    def stamp(self, page: pikepdf.Page, *, number: int | None) -> None:
        if number is None and self.watermark is None:
            return
        x0, y0, x1, y1 = visible_box(page)
        rotate = int(page.obj.get(Name.Rotate, 0)) % 360
        rotate = rotate if rotate in (0, 90, 180, 270) else 0  # readers ignore other values
        commands = [b"Q\n"]
        if self.watermark is not None:
            page.add_resource(self.watermark, Name.XObject, WATERMARK_NAME)
            commands.append(self._watermark(x0, y0, x1, y1, rotate))
        if number is not None:
            page.add_resource(self.font, Name.Font, FONT_NAME)
            commands.append(number_commands(str(number), (x0, y0, x1, y1), rotate))
        page.contents_add(self.save_state, prepend=True)
        page.contents_add(b"".join(commands))

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
    crop = _normalised(page.cropbox) if Name.CropBox in page.obj else media
    x0, y0 = max(media[0], crop[0]), max(media[1], crop[1])
    x1, y1 = min(media[2], crop[2]), min(media[3], crop[3])
    if x1 <= x0 or y1 <= y0:  # a crop box outside the media box: readers fall back to media
        return media
    return x0, y0, x1, y1


def number_commands(text: str, box: tuple[float, float, float, float], rotate: int) -> bytes:
    """Content that draws ``text`` centred at the bottom of ``box`` as shown with ``rotate``."""
    x0, y0, x1, y1 = box
    shown_w, shown_h = (x1 - x0, y1 - y0) if rotate in (0, 180) else (y1 - y0, x1 - x0)
    scale = max(1.0, min(shown_w, shown_h) / A4_SHORT_SIDE)  # huge pages get a larger number
    size = 10.5 * scale
    margin = 28.0 * scale  # from the shown bottom edge to the baseline
    half = len(text) * HELVETICA_DIGIT_WIDTH * size / 2
    a, b, c, d = _turn(rotate)
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
    matrix = " ".join(_num(v) for v in (a, b, c, d, px, py))
    return f"q BT {FONT_NAME} {_num(size)} Tf 0 g {matrix} Tm ({text}) Tj ET Q\n".encode()


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
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"
