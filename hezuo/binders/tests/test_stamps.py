"""Page numbers sit at the bottom centre of the page as a reader shows it, whatever the page's
rotation, box origin, crop box or size; checked in poppler's text layer and in its rendering.
A page neither A4 nor Letter is set on A4 (across, by its shape), so its number is an A4
page's."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from hezuo.binders.assembly import Bookmark, Front, Options, Source, assemble
from hezuo.binders.tests.pdfs import inherited_pdf, page_pdf, qpdf_check, words

CASES = {
    "A4 upright": (page_pdf("UPRIGHT"), (595, 842)),
    "turned 90": (page_pdf("TURNED", rotate=90), (842, 595)),
    "turned 180": (page_pdf("UPSIDE", rotate=180), (595, 842)),
    "turned 270": (page_pdf("LEFT", rotate=270), (842, 595)),
    "offset media box": (page_pdf("OFFSET", origin=(100, 200)), (595, 842)),
    "offset crop box, turned": (
        page_pdf("CROPPED", origin=(50, 50), crop=(150, 100, 545, 700), rotate=90),
        (842, 595),  # shown 600 × 395: set on A4 across
    ),
    "huge page": (page_pdf("HUGE", size=(14000, 10000)), (842, 595)),
    "inherited rotation": (inherited_pdf("INHERITED", 270), (842, 595)),
}


def binder(tmp_path: Path, data: bytes) -> Path:
    source = tmp_path / "source.pdf"
    source.write_bytes(data)
    output = tmp_path / "binder.pdf"
    assembled = assemble(
        Front(page_pdf("COVER"), [Bookmark("cover", 0), Bookmark("evidence", 1)]),
        [Source(source)],
        Options(title="T", author="A"),
        output,
    )
    assert assembled.pages == 2
    return output


@pytest.mark.parametrize("case", CASES)
def test_the_number_is_at_the_bottom_centre_as_shown(tmp_path: Path, case: str) -> None:
    data, (width, height) = CASES[case]
    output = binder(tmp_path, data)
    assert qpdf_check(output).returncode == 0
    shown = words(output, 2)
    numbers = [word for word in shown if word.text == "2"]
    assert len(numbers) == 1, shown
    number = numbers[0]
    scale = max(1.0, min(width, height) / 595)
    assert abs((number.x0 + number.x1) / 2 - width / 2) < 2 * scale
    assert 20 * scale < height - number.y1 < 32 * scale  # just above the shown bottom edge
    assert number.y1 - number.y0 < 14 * scale  # upright digits, not a turned column
    label = next(word for word in shown if word.text != "2")
    assert label.text in {
        "UPRIGHT",
        "TURNED",
        "UPSIDE",
        "LEFT",
        "OFFSET",
        "CROPPED",
        "HUGE",
        "INHERITED",
    }


@pytest.mark.parametrize("case", ["A4 upright", "turned 90", "offset crop box, turned"])
def test_the_rendered_page_shows_the_number_where_the_text_layer_puts_it(
    tmp_path: Path, case: str
) -> None:
    data, (width, height) = CASES[case]
    output = binder(tmp_path, data)
    number = next(word for word in words(output, 2) if word.text == "2")
    prefix = tmp_path / "page"
    command = ["pdftoppm", "-cropbox", "-r", "72", "-f", "2", "-l", "2", "-singlefile", "-png"]
    subprocess.run([*command, str(output), str(prefix)], check=True)
    with Image.open(f"{prefix}.png") as rendered:
        image = rendered.convert("L")
        assert abs(image.size[0] - width) <= 1 and abs(image.size[1] - height) <= 1
        pixels = image.load()
        assert pixels is not None

        def dark(x0: float, y0: float, x1: float, y1: float) -> int:
            values: list[int] = [
                int(pixels[x, y])  # type: ignore[arg-type]
                for x in range(int(x0), int(x1) + 1)
                for y in range(int(y0), int(y1) + 1)
            ]
            return len([value for value in values if value < 128])

        assert dark(number.x0, number.y0, number.x1, number.y1) > 5
        # The same box at the top of the page is blank: the number is not drawn there.
        assert dark(number.x0, height - number.y1, number.x1, height - number.y0) == 0


def test_numbers_can_be_left_off_and_a_watermark_sits_on_every_page(tmp_path: Path) -> None:
    from hezuo.binders.compiling import RESOURCES
    from hezuo.files.typesetting import render_pdf

    source = tmp_path / "source.pdf"
    source.write_bytes(page_pdf("TURNED", rotate=90))
    output = tmp_path / "binder.pdf"
    assemble(
        Front(page_pdf("COVER"), [Bookmark("cover", 0)]),
        [Source(source)],
        Options(
            title="T",
            author="A",
            page_numbers=False,
            watermark=render_pdf(RESOURCES / "watermark.typ", {"text": "仅供验收使用"}),
        ),
        output,
    )
    for page in (1, 2):
        shown = "".join(word.text for word in words(output, page))
        assert not any(char.isdigit() for char in shown)
        for char in "仅供验收使用":
            assert char in shown
