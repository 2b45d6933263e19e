"""Rendering a 50-page report: a synthetic annual report (sections of Chinese prose with
figures and their note references, tables, evidence lists, and a provenance appendix of many
records with links) rendered as PDF, DOCX and XLSX, each against a baseline doing the bare
minimum with the same text in the same run.

    .venv/bin/python benchmarks/bench_report.py [PAGES]

Baselines: typst setting the same paragraphs as plain text (no tables, links or notes), and
python-docx writing the same paragraphs into an empty document (no template, no sub-documents).
Each time is the median of three runs. Goal: the 50-page PDF in < 5 s.
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PAGES = int(sys.argv[1]) if len(sys.argv) == 2 else 50
os.environ.setdefault("HEZUO_VAR_DIR", tempfile.mkdtemp(prefix="hezuo-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

import docx  # noqa: E402
import pypdfium2  # noqa: E402
import typst  # noqa: E402

from hezuo.files.typesetting import font_dirs  # noqa: E402
from hezuo.reports.building import render  # noqa: E402
from hezuo.reports.document import (  # noqa: E402
    Block,
    Document,
    Entries,
    Heading,
    Notes,
    Paragraph,
    Section,
    Source,
    Table,
)
from hezuo.reports.models import ReportFormat  # noqa: E402

PROSE = (
    "学校坚持引进来与走出去相结合，与国（境）外高水平院校在人才培养、师资培训、课程建设、"
    "产教融合等方面开展务实合作，线上线下相结合推进交流活动，服务粤港澳大湾区建设。"
)


def document(sections: int, rnd: random.Random) -> Document:
    """About one page per section, plus the notes."""
    notes = Notes()
    built = []
    for number in range(1, sections + 1):
        blocks: list[Block] = [Heading(f"（{number}）专题 {number}", 2)]
        for _paragraph in range(3):
            figure = notes.figure(
                str(rnd.randint(10, 5000)),
                unit="人日",
                what=f"专题 {number} 交流培训（人日）",
                sources=tuple(
                    Source(
                        kind="交流活动",
                        title=f"交流活动 {number}-{record}",
                        detail=f"在校生 {rnd.randint(5, 50)} 人 × {rnd.randint(1, 20)} 天",
                        url=f"http://hezuo.example/s/x/activities/{number * 10 + record}/",
                        evidence=(f"3.4.{number}.{record}",),
                    )
                    for record in range(1, 4)
                ),
            )
            blocks.append(Paragraph((PROSE, "本年度完成交流培训", figure, "。", PROSE)))
        blocks.append(
            Table(
                headers=("活动", "日期", "方式", "人日"),
                rows=tuple(
                    (f"交流活动 {number}-{row}", "2021-05-12", "线上", str(rnd.randint(1, 300)))
                    for row in range(1, 6)
                ),
                title=f"专题 {number} 活动一览",
                widths=(6, 2, 1, 2),
            )
        )
        blocks.append(
            Entries(tuple((f"3.4.{number}.{row}", f"佐证材料 {row}") for row in range(1, 4)))
        )
        built.append(Section(f"s{number}", f"{number}、专题 {number}", tuple(blocks)))
    return Document(
        kind="annual",
        title="2021年合作办学情况报告",
        school="示例职业技术学院",
        period="2021 年度",
        date="2026 年 11 月",
        sections=tuple(built),
        notes=tuple(notes.notes),
    )


def bare_typst(lines: list[str]) -> bytes:
    """The same text set by typst with nothing but the fonts and the page."""
    source = (
        '#let data = json(bytes(sys.inputs.data))\n#set page(paper: "a4")\n'
        '#set text(font: "Noto Serif CJK SC", lang: "zh")\n#for line in data [#line\\\n]\n'
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bare.typ"
        path.write_text(source)
        fonts = typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=False, font_paths=font_dirs()
        )
        pdf = typst.compile(
            path, font_paths=fonts, sys_inputs={"data": json.dumps(lines, ensure_ascii=False)}
        )
    assert isinstance(pdf, bytes)
    return pdf


def bare_docx(lines: list[str]) -> bytes:
    out = io.BytesIO()
    bare = docx.Document()
    for line in lines:
        bare.add_paragraph(line)
    bare.save(out)
    return out.getvalue()


def timed(work: Callable[[int], object]) -> tuple[float, object]:
    """The median of three runs, each on a different document (typst memoizes what it has set
    before, so the same document twice would time a cache)."""
    times, result = [], None
    for run in range(3):
        started = time.perf_counter()
        result = work(run)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    # A section and its share of the notes fill about a page.
    sections = max(1, PAGES)
    docs = [document(sections, random.Random(seed)) for seed in range(4)]
    lines = [doc.text().splitlines() for doc in docs]
    render(docs[3], ReportFormat.PDF)  # load the fonts once, as a running worker has
    pdf_time, pdf = timed(lambda run: render(docs[run], ReportFormat.PDF))
    pages = pdf.pages  # type: ignore[attr-defined]
    bare_pdf_time, bare_pdf = timed(lambda run: bare_typst(lines[run]))
    with pypdfium2.PdfDocument(bare_pdf) as opened:
        bare_pages = len(opened)
    docx_time, _ = timed(lambda run: render(docs[run], ReportFormat.DOCX))
    bare_docx_time, _ = timed(lambda run: bare_docx(lines[run]))
    xlsx_time, _ = timed(lambda run: render(docs[run], ReportFormat.XLSX))
    doc = docs[0]
    print(f"report: {sections} sections, {len(doc.notes)} notes, {pages} PDF pages")
    print(f"{'format':<8}{'hezuo s':>10}{'baseline s':>12}{'ratio':>8}  baseline")
    print(
        f"{'PDF':<8}{pdf_time:>10.3f}{bare_pdf_time:>12.3f}{pdf_time / bare_pdf_time:>8.2f}"
        f"  typst, same text as plain lines ({bare_pages} pages)"
    )
    print(
        f"{'DOCX':<8}{docx_time:>10.3f}{bare_docx_time:>12.3f}"
        f"{docx_time / bare_docx_time:>8.2f}  python-docx, same text as plain paragraphs"
    )
    print(f"{'XLSX':<8}{xlsx_time:>10.3f}{'—':>12}{'—':>8}")
    print(f"goal: {pages}-page PDF < 5 s: {'met' if pdf_time < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
