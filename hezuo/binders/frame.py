"""The frame of a binder page: a band at the foot of every page holds its number and nothing
else, and the binder reads as A4.

A page of A4 or Letter size (either way up) stays as it is, unless something of its own is
drawn where its number goes: then its content is scaled down just enough to leave the band
free. Any other page — a photo the size of its pixels, a slide, a receipt, a poster — is set on
A4 (upright or across, by its shape) above the band, centred, never enlarged. Whether the number's
place holds content is measured from the page as pdfium draws it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

A4 = (595.276, 841.89)
LETTER = (612.0, 792.0)
KEPT_SIZES = (A4, LETTER)
SIZE_TOLERANCE = 0.06  # of each side: a scan a little off A4 is still A4
SIDE_MARGIN = 28.0  # points, around a page set on A4
BAND = 48.0  # points at A4 size: the foot of the page kept for the number
BASELINE = 28.0  # the number's baseline above the shown bottom edge
NUMBER_SIZE = 10.5
# The number's place, measured for content: this far either side of the centre, and from
# BAND_FLOOR to BAND above the bottom edge (at A4 size).
NUMBER_HALF_WIDTH = 36.0
BAND_FLOOR = 14.0
MEASURE_SCALE = 0.5  # pixels per point when the number's place is drawn to be measured
INK = 200  # a pixel darker than this (of 255) is content


def size_scale(width: float, height: float) -> float:
    """How much larger than at A4 the number and its band are on a page of this shown size:
    a poster gets a larger number, a small page the A4 size."""
    return max(1.0, min(width, height) / A4[0])


def kept_as_is(width: float, height: float) -> bool:
    """Whether a page of this shown size prints as it is (A4 or Letter, either way up)."""
    short, long = sorted((width, height))
    return any(
        abs(short - size[0]) <= size[0] * SIZE_TOLERANCE
        and abs(long - size[1]) <= size[1] * SIZE_TOLERANCE
        for size in KEPT_SIZES
    )


@dataclass(frozen=True)
class Placement:
    """Where a page's content goes on its binder page: drawn through ``matrix`` (a b c d e f,
    from the page's coordinates) onto a page of ``media`` (None: its own boxes stay)."""

    matrix: tuple[float, float, float, float, float, float]
    media: tuple[float, float, float, float] | None


def placement(box: tuple[float, float, float, float], *, occupied: bool) -> Placement | None:
    """How to draw a page whose visible ``box`` (upright: its rotation already applied) is
    shown, given whether its number's place holds content; None: as it is."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    if width <= 0 or height <= 0:
        return None
    if not kept_as_is(width, height):
        target_w, target_h = A4 if height >= width else (A4[1], A4[0])
        room_w, room_h = target_w - 2 * SIDE_MARGIN, target_h - SIDE_MARGIN - BAND
        scale = min(1.0, room_w / width, room_h / height)
        left = (target_w - width * scale) / 2
        bottom = BAND + (room_h - height * scale) / 2
        return Placement(
            (scale, 0.0, 0.0, scale, left - x0 * scale, bottom - y0 * scale),
            (0.0, 0.0, target_w, target_h),
        )
    if not occupied:
        return None
    band = BAND * size_scale(width, height)
    scale = (height - band) / height
    left = x0 + width * (1 - scale) / 2
    return Placement((scale, 0.0, 0.0, scale, left - x0 * scale, y0 + band - y0 * scale), None)


def number_place_occupied(page: pdfium.PdfPage) -> bool:
    """Whether anything of ``page`` is drawn where its number goes (as shown: its rotation
    and crop box applied)."""
    width, height = page.get_size()
    scale = size_scale(width, height)
    half = min(NUMBER_HALF_WIDTH * scale, width / 2)
    crop = (
        max(0.0, width / 2 - half),
        BAND_FLOOR * scale,
        max(0.0, width / 2 - half),
        max(0.0, height - BAND * scale),
    )
    if crop[1] + crop[3] >= height:  # a page lower than its band: all of it is the band
        return True
    bitmap = page.render(scale=MEASURE_SCALE, crop=crop, grayscale=True, draw_annots=True)
    try:
        lowest, _highest = bitmap.to_pil().convert("L").getextrema()
    finally:
        bitmap.close()
    return bool(lowest < INK)


def measure(path: Path) -> tuple[bool, ...]:
    """For each page of the PDF at ``path``, whether its number's place holds content (only
    pages that stay their own size are drawn: the others are set on A4 above the band)."""
    document = pdfium.PdfDocument(path)
    try:
        found = []
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                found.append(kept_as_is(width, height) and number_place_occupied(page))
            finally:
                page.close()
        return tuple(found)
    finally:
        document.close()
