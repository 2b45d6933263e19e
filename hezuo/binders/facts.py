"""What a binder must know of an evidence PDF — how many pages it has or why it cannot be used,
and for each page whether its content reaches where its number goes and whether its content can
be read — measured once per PDF (by its bytes) and kept, not at every compilation: measuring
opens the file, draws every page with pdfium and reads every content stream, which costs more
than copying the page.

The measurements are kept as small JSON files under ``HEZUO_CACHE_DIR/page-facts``, named by the
PDF's SHA-256 and the version of the measuring below (bump ``VERSION`` when it changes). They are
derived from the bytes alone: any worker may make them (a file's are made when the file is
processed, see ``warm``), a lost one is made again, and none is ever wrong for its bytes."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from django.conf import settings

from hezuo.binders import assembly, frame, problems
from hezuo.binders.problems import Problem

VERSION = 2


@dataclass(frozen=True)
class PageFacts:
    pages: int  # as qpdf counts them: 0 when the file cannot be used
    problem: Problem | None  # why it cannot be used, or that it was repaired to be
    occupied: tuple[bool, ...]  # for each page: content where its number goes
    damaged: tuple[int, ...]  # pages (0-based) whose content cannot be read


def page_facts(path: Path, sha256: str) -> PageFacts:
    """The facts of the PDF at ``path`` (whose bytes hash to ``sha256``): kept ones when there
    are, else measured now and kept."""
    kept = _read(sha256)
    if kept is not None:
        return kept
    facts = measure(path)
    if facts.problem is None or facts.problem.message != problems.MISSING:  # not the bytes'
        _write(sha256, facts)
    return facts


def measure(path: Path) -> PageFacts:
    """Measure the PDF at ``path``. When pdfium reads it otherwise than qpdf (a file qpdf
    repaired), no page is taken to reach the number's place."""
    pages, problem = assembly.probe(path)
    if not pages:
        return PageFacts(0, problem, (), ())
    try:
        occupied = frame.measure(path)
    except pdfium.PdfiumError:
        occupied = ()
    if len(occupied) != pages:
        occupied = (False,) * pages
    try:
        damaged = assembly.damaged_pages(path)
    except (pikepdf.PdfError, OSError, ValueError):
        damaged = ()
    return PageFacts(pages, problem, occupied, damaged)


def _file(sha256: str) -> Path:
    folder = Path(settings.HEZUO_CACHE_DIR) / "page-facts" / f"v{VERSION}"
    return folder / sha256[:2] / sha256


def _read(sha256: str) -> PageFacts | None:
    try:
        data = json.loads(_file(sha256).read_text())
        problem = Problem(*data["problem"]) if data["problem"] is not None else None
        facts = PageFacts(
            int(data["pages"]),
            problem,
            tuple(bool(v) for v in data["occupied"]),
            tuple(int(v) for v in data["damaged"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return facts if len(facts.occupied) == facts.pages else None


def _write(sha256: str, facts: PageFacts) -> None:
    """Keep ``facts`` (through a temporary file renamed into place: a reader never sees half);
    a cache that cannot be written is only slower."""
    target = _file(sha256)
    data = json.dumps(
        {
            "pages": facts.pages,
            "problem": list(facts.problem) if facts.problem is not None else None,
            "occupied": facts.occupied,
            "damaged": facts.damaged,
        }
    )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False) as temporary:
            temporary.write(data)
        Path(temporary.name).replace(target)
    except OSError:
        pass
