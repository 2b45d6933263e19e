"""Every kind of report in its two editions, from the demo schools through the command line: the
报送版 (to hand in) has no note markers, no 数据来源, no links and no checking text, and writes
dates and years as a school does (2021年7月5日, 2021年度: no space between a number and 年, 月 or
日); the 核对版 keeps every figure's note. The first page of each kind's PDF in both editions is
kept as a picture in artifacts/reports/ (CI keeps it), to be looked at."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from hezuo.binders.tests.pdfs import text
from hezuo.reports.tests.documents import docx_text, squeeze
from hezuo.reports.tests.test_demo_reports import LONGGANG, TORCH, build

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "reports"

KINDS = {
    "annual": (TORCH, "--year", "2021"),
    "assistance": (TORCH, "--year", "2021"),
    "quality": (TORCH, "--year", "2021"),
    "completion": (LONGGANG, "--task", "9.2"),
}
CHECKING_WORDS = ("数据来源", "核对", "公开解析器", "指标目录", "http", "127.0.0.1")
NOTE_MARKER = re.compile(r"\[\d+\]")
ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
FIGURE = re.compile(r"\d+(?:人日|人|%|个)")
# A number standing alone (a table's cell under a 单位 column): not a year, a date's part or a
# note's number.
NUMBER = re.compile(r"(?<![\d\[.])\d+(?:\.\d+)?(?![\d\].年月日])")
SPACED_DATE = re.compile(r"\d[ \u00a0]+[年月日]|[年月][ \u00a0]+\d")


def _contents(path: Path) -> str:
    return text(path) if path.suffix == ".pdf" else docx_text(path)


def _figures(content: str) -> set[str]:
    return set(FIGURE.findall(squeeze(content))) | set(NUMBER.findall(content))


def _first_page_picture(pdf: Path, name: str) -> Path:
    """Page 1 of ``pdf`` as a PNG in the artefacts folder."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / name
    done = subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return stem.with_suffix(".png")


def _links(path: Path) -> int:
    """Hyperlinks in a file: PDF link annotations, or DOCX hyperlink relationships."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data.count(b"/URI")
    with zipfile.ZipFile(path) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    return rels.count("hyperlink")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_submission_edition_is_what_a_school_hands_in(
    demo: None, tmp_path: Path, kind: str, fmt: str
) -> None:
    school, *scope = KINDS[kind]
    (tmp_path / "s").mkdir()
    submitted = build(tmp_path / "s", kind, fmt, *scope, school=school)
    content = _contents(submitted)
    for word in CHECKING_WORDS:
        assert word not in squeeze(content), word
    assert not NOTE_MARKER.search(content), NOTE_MARKER.search(content)
    assert not ISO_DATE.search(content), ISO_DATE.search(content)
    if fmt == "docx":  # the DOCX text is exactly what was written (a PDF's layout adds spaces)
        assert not SPACED_DATE.search(content), SPACED_DATE.search(content)
    assert _links(submitted) == 0

    (tmp_path / "c").mkdir()
    checking = build(tmp_path / "c", kind, fmt, *scope, "--edition", "checking", school=school)
    checked = _contents(checking)
    assert "数据来源" in squeeze(checked) and NOTE_MARKER.search(checked)
    if fmt == "pdf":
        for edition, path in (("submission", submitted), ("checking", checking)):
            picture = _first_page_picture(path, f"{kind}-{edition}")
            assert picture.stat().st_size > 1000, picture
    figures = _figures(content)
    assert figures, "the submission prints the figures"
    assert figures <= _figures(checked)
