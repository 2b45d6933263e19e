"""A binder of real-world and hostile evidence files (``corpus.py``), checked page by page as a
reader sees it: every page's number is drawn, where it is visible, in the band at the foot kept
for it, over nothing of the page's own; filled fields show their values; nothing in the binder
can run; what could not go in, or went in only in part, is a placeholder and a warning."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from hezuo.binders import frame, problems
from hezuo.binders.compiling import BinderOptions, Result, compile_binder
from hezuo.binders.layout import FileSpec, Item
from hezuo.binders.tests import corpus
from hezuo.binders.tests.pdfs import Word, qpdf_check
from hezuo.binders.tests.plans import plan_of
from hezuo.files.storage import blob_put

# Past the real-world files, which give the binder its bulk: the large book is benchmarked.
LEFT_OUT = {"009-GeoTopo-komprimiert.pdf"}
PLACEHOLDER = "此处材料未能编入"
STAND_IN = "此处页面无法显示"


def corpus_files() -> dict[str, bytes]:
    files = {**corpus.real_world(), **corpus.crafted()}
    return {name: data for name, data in files.items() if name not in LEFT_OUT}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result, list[str]]:
    folder = tmp_path_factory.mktemp("corpus")
    items, names = [], []
    for number, (name, data) in enumerate(corpus_files().items(), start=1):
        key = f"blobs/corpus/{hashlib.sha256(data).hexdigest()}"
        blob_put(key, data)
        items.append(Item(f"9.2.{number}", name.removesuffix(".pdf"), (FileSpec(name, key),)))
        names.append(name)
    output = folder / "binder.pdf"
    result = compile_binder(plan_of(items), BinderOptions(), output)
    return output, result, names


def page_words(path: Path) -> list[tuple[float, float, list[Word]]]:
    """Each page's size as shown and its words with their boxes (poppler, from the top)."""
    html = subprocess.run(
        ["pdftotext", "-cropbox", "-bbox", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = []
    for size, body in re.findall(
        r'<page (width="[\d.]+" height="[\d.]+")>(.*?)</page>', html, flags=re.S
    ):
        width, height = (float(value) for value in re.findall(r"[\d.]+", size))
        found = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            body,
        )
        words = [Word(text, float(a), float(b), float(c), float(d)) for a, b, c, d, text in found]
        pages.append((width, height, words))
    return pages


def bare(path: Path, output: Path) -> Path:
    """The binder with every page's number and watermark taken off: only each page's own
    content, drawn as the binder draws it (its first command, the page's form)."""
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            first = page.obj.Contents.read_bytes().split(b"\n")[0]
            assert first.endswith(b"/HezuoPage Do Q")
            page.obj.Contents = pdf.make_stream(first)
        pdf.save(output)
    return output


def darkest(document: pdfium.PdfDocument, index: int, box: Word, grow: float = 0.0) -> int:
    """The darkest pixel drawn within ``box`` (from the top of page ``index``), at 4 px/pt."""
    page = document[index]
    try:
        width, height = page.get_size()
        crop = (
            max(0.0, box.x0 - grow),
            max(0.0, height - box.y1 - grow),
            max(0.0, width - box.x1 - grow),
            max(0.0, box.y0 - grow),
        )
        bitmap = page.render(scale=4, crop=crop, grayscale=True, draw_annots=True)
        try:
            lowest, _highest = bitmap.to_pil().convert("L").getextrema()
        finally:
            bitmap.close()
        return int(lowest)
    finally:
        page.close()


def test_every_number_is_visible_in_its_band_over_nothing_of_the_page(
    compiled: tuple[Path, Result, list[str]], tmp_path: Path
) -> None:
    output, result, _names = compiled
    assert qpdf_check(output).returncode == 0
    pages = page_words(output)
    assert len(pages) == result.pages
    numbered = pdfium.PdfDocument(output)
    without = pdfium.PdfDocument(bare(output, tmp_path / "bare.pdf"))
    try:
        for index, (_width, _height, words) in enumerate(pages):
            # Poppler gives words as the page is shown, but its size unturned: pdfium's.
            width, height = numbered[index].get_size()
            number = str(index + 1)
            scale = frame.size_scale(width, height)
            # The number is the word at the foot's centre that reads as the page's number.
            [word] = [
                w
                for w in words
                if w.text == number and abs((w.x0 + w.x1) / 2 - width / 2) < 30 * scale
            ]
            assert height - word.y0 <= frame.BAND * scale, (number, "above the band")
            assert word.y1 <= height and word.x0 >= 0 and word.x1 <= width, (number, "off")
            assert darkest(numbered, index, word) < 100, (number, "not drawn")
            assert darkest(without, index, word, grow=1.0) >= frame.INK, (number, "over content")
    finally:
        numbered.close()
        without.close()


def test_filled_fields_show_and_nothing_can_run(compiled: tuple[Path, Result, list[str]]) -> None:
    output, _result, _names = compiled
    text = " ".join(word.text for _w, _h, words in page_words(output) for word in words)
    assert "Alice" in text  # LibreOffice's form, filled
    assert text.count("ALICE SMITH") == 3  # the filled, the signed and the static XFA form
    listing = subprocess.run(
        ["qpdf", "--json", "--json-key=qpdf", str(output)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for key in ("/JavaScript", "/JS", "/Launch", "/OpenAction", "/EmbeddedFiles", "/AA"):
        assert f'"{key}"' not in listing, key
    assert "/SubmitForm" not in listing and "file:///" not in listing


def test_what_could_not_go_in_is_a_placeholder_and_a_warning(
    compiled: tuple[Path, Result, list[str]],
) -> None:
    output, result, names = compiled
    warned: dict[str, set[str]] = {}
    for warning in result.warnings:
        warned.setdefault(warning.name, set()).add(warning.problem.message)
    assert warned == {
        "005-libreoffice-writer-password.pdf": {problems.ENCRYPTED},
        "010-pdflatex-forms.pdf": {problems.ACTIVE_REMOVED},  # its Submit button's action
        "013-reportlab-overlay.pdf": {problems.SCALED},
        "025-with-attachment.pdf": {problems.ATTACHMENTS_LEFT},
        "signature-block-at-foot.pdf": {problems.SCALED},
        "signed-form.pdf": {problems.SIGNED},
        "xfa-static-form.pdf": {problems.XFA_FORM},
        "xfa-dynamic-form.pdf": {problems.XFA_DYNAMIC},
        "javascript-and-launch.pdf": {problems.ACTIVE_REMOVED},
        "fuzzed.pdf": {problems.PAGE_DAMAGED},
        "corrupt-flate-stream.pdf": {problems.PAGE_DAMAGED},
        "encrypted.pdf": {problems.ENCRYPTED},
        "zero-pages.pdf": {problems.NO_PAGES},
    }
    damaged = {w.name: w.problem.detail for w in result.warnings if w.name in warned}
    assert damaged["corrupt-flate-stream.pdf"] == "2"
    assert damaged["fuzzed.pdf"] == "1、2、3、4"
    pages = [" ".join(word.text for word in words) for _w, _h, words in page_words(output)]
    stand_ins = [page for page in pages if STAND_IN in page]
    assert len(stand_ins) == 5 and all(
        "fuzzed.pdf" in page or "corrupt-flate-stream.pdf" in page for page in stand_ins
    )
    placeholders = [page for page in pages if PLACEHOLDER in page]
    for name in ("005-libreoffice-writer-password.pdf", "encrypted.pdf", "zero-pages.pdf"):
        assert sum(name in page for page in placeholders) == 1, name
    assert sum("xfa-dynamic-form.pdf" in page for page in placeholders) == 1
    assert not any("Please wait" in page for page in pages)
    # Junk before the header is no reason to leave a file out.
    assert any("JUNK" in page for page in pages)
    assert len(names) == len(corpus_files())
