"""Reports as an office waits for them, in two parts.

(1) From the records: three schools with 1,000, 10,000 and 100,000 participation rows (an
    activity for every ten rows) in a fresh SQLite database; for each, the year's annual report
    built from the records (its 核对版, every figure with its provenance) and rendered as PDF,
    DOCX and XLSX. Goals (issue 25): each step grows at most linearly (100k / 10k ≤ 12) and the
    100k-row report renders in each format in < 15 s.
(2) A synthetic 50-page report rendered against a baseline doing the bare minimum with the same
    text in the same run, fonts loaded once on both sides: typst setting the paragraphs as plain
    lines, python-docx writing them into an empty document. Each time is the median of three
    runs. Goal: the 50-page PDF in < 5 s.

    .venv/bin/python benchmarks/bench_report.py [--sizes 1000,10000,100000] [--pages 50]

Prints the machine's load before each part; everything it writes is removed at its end.
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace import load, prepare

FOLDER = prepare(__doc__)  # --help, and a folder of its own removed at the end


def option(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


SIZES = [int(size) for size in option("--sizes", "1000,10000,100000").split(",")]
PAGES = int(option("--pages", "50"))
os.environ.pop("DATABASE_URL", None)  # a fresh SQLite database in FOLDER
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

import docx  # noqa: E402
import openpyxl  # noqa: E402
import pypdfium2  # noqa: E402
import typst  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from hezuo.accounts.access import Access, system_access  # noqa: E402
from hezuo.accounts.services import school_create  # noqa: E402
from hezuo.activities.models import Activity, Participation  # noqa: E402
from hezuo.core.models import SchoolStage  # noqa: E402
from hezuo.files.typesetting import font_dirs  # noqa: E402
from hezuo.partners.models import PartnerType  # noqa: E402
from hezuo.partners.services import partner_create  # noqa: E402
from hezuo.reports.building import ReportScope, render, report_document  # noqa: E402
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
from hezuo.reports.kinds import ReportKind  # noqa: E402
from hezuo.reports.models import ReportFormat  # noqa: E402

FORMATS = (ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX)
TYPES = [
    "student_exchange",
    "teacher_training_received",
    "teacher_training_delivered",
    "student_internship_abroad",
    "foreign_trainee_training",
    "international_communication",
    "visit_reception",
]
PROSE = (
    "学校坚持引进来与走出去相结合，与国（境）外高水平院校在人才培养、师资培训、课程建设、"
    "产教融合等方面开展务实合作，线上线下相结合推进交流活动，服务粤港澳大湾区建设。"
)


# (1) From the records.


def school_of(rows: int, rnd: random.Random) -> Access:
    """A school with ``rows`` participation rows in 2021 over ``rows // 10`` activities."""
    school = school_create(
        name=f"基准学校{rows}", slug=f"bench-{rows}", stage=SchoolStage.HIGHER, province="44"
    )
    access = system_access(school=school)
    partners = [
        partner_create(
            access=access, name_zh=f"合作方{i}", country_code=code, org_type=PartnerType.UNIVERSITY
        )
        for i, code in enumerate(["HK", "MO", "IE", "SG", "DE"])
    ]
    with transaction.atomic():
        Activity.objects.bulk_create(
            [
                Activity(
                    school=school,
                    title=f"交流活动{i}",
                    activity_type=rnd.choice(TYPES),
                    direction=rnd.choice(["inbound", "outbound"]),
                    mode=rnd.choice(["online", "offline"]),
                    start_on=f"2021-{rnd.randint(1, 12):02d}-15",
                )
                for i in range(max(10, rows // 10))
            ],
            batch_size=5000,
        )
        ids = list(Activity.objects.filter(school=school).values_list("pk", flat=True))
        through = Activity.partners.through
        through.objects.bulk_create(
            [through(activity_id=pk, partner_id=rnd.choice(partners).pk) for pk in ids],
            batch_size=10000,
        )
        Participation.objects.bulk_create(
            [
                Participation(
                    school=school,
                    activity_id=rnd.choice(ids),
                    person_category=rnd.choice(["student", "full_time_teacher", "overseas_person"]),
                    role="trainee",
                    headcount=rnd.randint(1, 30),
                    days=Decimal(rnd.randint(1, 30)),
                )
                for _ in range(rows)
            ],
            batch_size=20000,
        )
    return access


def from_records() -> None:
    print(f"(1) the annual report built from the records and rendered — {load()}")
    call_command("migrate", verbosity=0)
    rnd = random.Random(2021)
    request = ReportScope(ReportKind.ANNUAL, 2021)
    times: dict[int, dict[str, float]] = {}
    print(
        f"{'rows':>9}{'notes':>7}{'build s':>9}{'PDF s':>8}{'pages':>7}{'DOCX s':>8}{'XLSX s':>8}"
    )
    for rows in SIZES:
        access = school_of(rows, rnd)
        started = time.perf_counter()
        document = report_document(access=access, request=request)
        step = {"build": time.perf_counter() - started}
        pages = 0
        for fmt in FORMATS:
            started = time.perf_counter()
            rendered = render(document, fmt)
            step[fmt] = time.perf_counter() - started
            check(document, fmt, rendered.data)
            pages = rendered.pages or pages
        times[rows] = step
        print(
            f"{rows:>9,}{len(document.notes):>7,}{step['build']:>9.2f}{step['pdf']:>8.2f}"
            f"{pages:>7,}{step['docx']:>8.2f}{step['xlsx']:>8.2f}"
        )
    if len(SIZES) >= 2:
        small, large = SIZES[-2], SIZES[-1]
        factor = large / small
        print(
            f"growth {large:,} / {small:,} rows (linear: {factor:.0f}; goal ≤ {factor * 1.2:.0f}):"
        )
        for name in ("build", *FORMATS):
            growth = times[large][name] / times[small][name]
            print(f"  {name:<6}{growth:>7.1f}×   {large:,} rows: {times[large][name]:.2f} s")
    print(f"goal: every format of the {SIZES[-1]:,}-row report in < 15 s")


def check(document: Document, fmt: str, data: bytes) -> None:
    """Each rendering holds every note of the document (its figures' provenance)."""
    if fmt == ReportFormat.PDF:
        with pypdfium2.PdfDocument(data) as pdf:  # the last note may run over two pages
            last = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))[-3:])
        assert f"[{len(document.notes)}]" in last.replace(" ", ""), "the last note is missing"
    elif fmt == ReportFormat.DOCX:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        assert f"[{len(document.notes)}] " in text, "the last note is missing"
    else:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        rows = book[document.notes_title].iter_rows(min_row=2, values_only=True)
        numbers = {str(row[0]) for row in rows}
        expected = {str(note.number) for note in document.notes}
        assert numbers == expected, f"notes differ: {sorted(numbers ^ expected)[:5]}"


# (2) A synthetic report against bare baselines.


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


BARE = (
    '#let data = json(bytes(sys.inputs.data))\n#set page(paper: "a4")\n'
    '#set text(font: "Noto Serif CJK SC", lang: "zh")\n#for line in data [#line\\\n]\n'
)


def bare_typst(lines: list[str], fonts: typst.Fonts) -> bytes:
    """The same text set by typst with nothing but the fonts (loaded once, as hezuo's are) and
    the page."""
    path = FOLDER / "bare.typ"
    path.write_text(BARE)
    data = json.dumps(lines, ensure_ascii=False)
    pdf = typst.compile(path, font_paths=fonts, sys_inputs={"data": data})
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


def synthetic() -> None:
    print(f"\n(2) a synthetic {PAGES}-page report against bare baselines — {load()}")
    sections = max(1, PAGES)  # a section and its share of the notes fill about a page
    docs = [document(sections, random.Random(seed)) for seed in range(5)]
    lines = [doc.text().splitlines() for doc in docs]
    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=font_dirs()
    )
    render(docs[3], ReportFormat.PDF)  # both sides' fonts loaded once, as a running worker has
    bare_typst(lines[4], fonts)
    pdf_time, pdf = timed(lambda run: render(docs[run], ReportFormat.PDF))
    pages = pdf.pages  # type: ignore[attr-defined]
    bare_pdf_time, bare_pdf = timed(lambda run: bare_typst(lines[run], fonts))
    with pypdfium2.PdfDocument(bare_pdf) as opened:
        bare_pages = len(opened)
    docx_time, _ = timed(lambda run: render(docs[run], ReportFormat.DOCX))
    bare_docx_time, _ = timed(lambda run: bare_docx(lines[run]))
    xlsx_time, _ = timed(lambda run: render(docs[run], ReportFormat.XLSX))
    print(f"report: {sections} sections, {len(docs[0].notes)} notes, {pages} PDF pages")
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


def main() -> None:
    from_records()
    synthetic()


if __name__ == "__main__":
    main()
