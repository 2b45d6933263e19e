"""Binder compilation at scale, against the fastest bare qpdf merge of the same files in the same
run (`qpdf --empty --keep-files-open=y --pages … --`: without that flag, qpdf closes and reopens
files above 200 inputs and is slower than it can be):

(a) 1,000 synthetic evidence PDFs (~5,000 pages, some turned, some scanned images) compiled
    into one binder (contents, outline, frames, page numbers, active content taken off): the
    compilation, measured inside its process;
(b) the real-world corpus kept in ``tests/corpus`` (CORPUS_COPIES times over, each copy its own
    evidence items), uploaded to a school in a fresh SQLite database as an office would, then
    the whole ``hezuo compile_binder`` command: Python and Django starting, the plan read from
    the database, the binder written.

    .venv/bin/python benchmarks/bench_binder.py [FILES] [--runs N]

Prints wall time, pages/s, peak RSS and the ratios to qpdf's, for each of N runs (default 3).
Every command runs as a process started by a small launcher (``launcher.py``), so each peak RSS
is the process's own, not inflated by the benchmark's memory at the fork. Each file's pages are
measured first, as the worker does when a file is processed (binders/facts.py), and that time
printed apart. Goals (issue 21): (a) ≤ 1.5× qpdf's time, (b) ≤ 2.0×, peak RSS ≤ 2× qpdf's.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from launcher import Launcher
from workspace import prepare

FOLDER = prepare(__doc__)  # --help, and a folder of its own (the children share it)

# Started before Django and the inputs make this process large (see launcher.py).
LAUNCHER = Launcher() if __name__ == "__main__" and "--compile" not in sys.argv else None
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
ARGUMENTS = [value for value in sys.argv[1:] if value.isdigit() and value != str(RUNS)]
FILES = int(ARGUMENTS[0]) if ARGUMENTS and "--compile" not in sys.argv else 1000
CORPUS_COPIES = 8
os.environ.pop("DATABASE_URL", None)  # (b) builds its school in a fresh SQLite database
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

import img2pdf  # noqa: E402
import pikepdf  # noqa: E402
from django.core.management import call_command  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from hezuo.accounts.access import system_access  # noqa: E402
from hezuo.accounts.services import school_create  # noqa: E402
from hezuo.binders.compiling import BinderOptions, compile_binder  # noqa: E402
from hezuo.binders.facts import page_facts  # noqa: E402
from hezuo.binders.layout import FileSpec, Item, Plan  # noqa: E402
from hezuo.binders.plan import binder_plan, scope_for  # noqa: E402
from hezuo.binders.tests.corpus import real_world  # noqa: E402
from hezuo.binders.tests.plans import plan_of  # noqa: E402
from hezuo.construction.models import ProjectKind  # noqa: E402
from hezuo.construction.services import project_create, task_create  # noqa: E402
from hezuo.core.models import SchoolStage  # noqa: E402
from hezuo.evidence.services import (  # noqa: E402
    evidence_create,
    evidence_delete,
    evidence_files_upload,
)
from hezuo.files.models import StoredFile  # noqa: E402
from hezuo.files.services import stored_file_process  # noqa: E402
from hezuo.files.storage import blob_path, blob_put  # noqa: E402


def text_pdf(rnd: random.Random, pages: int, rotate: int) -> bytes:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for number in range(pages):
        lines = b"".join(
            b"BT /F1 11 Tf 72 %d Td (Evidence line %d of page %d: %s) Tj ET\n"
            % (760 - 14 * row, row, number, str(rnd.random()).encode())
            for row in range(45)
        )
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(lines),
        )
        if rotate:
            page.Rotate = rotate
        pdf.pages.append(pikepdf.Page(page))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def scan_pdf(rnd: random.Random, pages: int) -> bytes:
    images = []
    for number in range(pages):
        image = Image.new("L", (1240, 1754), 250)  # A4 at 150 dpi
        draw = ImageDraw.Draw(image)
        for row in range(60):
            y = 80 + row * 27
            draw.line((100, y, 100 + rnd.randint(400, 1040), y), fill=40, width=3)
        draw.text((100, 40), f"scan page {number}", fill=0)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=60)
        images.append(buffer.getvalue())
    return bytes(img2pdf.convert(images))


def build(rnd: random.Random) -> tuple[Plan, list[Path], int]:
    items: list[Item] = []
    paths: list[Path] = []
    folder = Path(tempfile.mkdtemp(prefix="files-", dir=FOLDER))
    pages = 0
    for number in range(1, FILES + 1):
        count = rnd.randint(1, 9)
        roll = rnd.random()
        if roll < 0.1:
            data = scan_pdf(rnd, min(count, 3))
            count = min(count, 3)
        else:
            data = text_pdf(rnd, count, rnd.choice([90, 180, 270]) if roll < 0.2 else 0)
        pages += count
        key = f"blobs/bench/{hashlib.sha256(data).hexdigest()}"
        blob_put(key, data)
        paths.append(blob_path(key, folder))
        code = f"1.1.{number}"
        items.append(Item(code, f"佐证材料第 {number} 份", (FileSpec(f"{number}.pdf", key),)))
    plan = plan_of(items, code="1.1", title="基准任务")
    return plan, paths, pages


def compile_only(plan_file: str, output: str, times: int = 1) -> None:
    """The measured run: compile the pickled plan ``times`` times over, as a worker that
    compiles one binder after another; print pages, warnings and the first one's seconds as
    JSON."""
    plan = pickle.loads(Path(plan_file).read_bytes())
    started = time.perf_counter()
    result = compile_binder(plan, BinderOptions(), Path(output))
    seconds = time.perf_counter() - started
    for _again in range(times - 1):
        compile_binder(plan, BinderOptions(), Path(output))
    print(json.dumps({"pages": result.pages, "warnings": len(result.warnings), "seconds": seconds}))


def qpdf_merge(paths: list[Path], out: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of the fastest bare qpdf merge of ``paths`` (the page cache
    warmed first)."""
    for path in paths:
        path.read_bytes()
    listing = out / "files.txt"
    arguments = ["--empty", "--keep-files-open=y", "--pages", *map(str, paths), "--"]
    listing.write_text("\n".join(arguments) + "\n")
    assert LAUNCHER is not None
    seconds, rss, _ = LAUNCHER.run(["qpdf", f"@{listing}", str(out / "qpdf.pdf")])
    return seconds, rss


def table(rows: list[tuple[str, float, int, float, Path]]) -> None:
    print(f"{'':<8}{'seconds':>9}{'pages':>8}{'pages/s':>9}{'peak RSS MB':>13}{'MB out':>8}")
    for name, secs, count, peak, path in rows:
        print(
            f"{name:<8}{secs:>9.2f}{count:>8,}{count / secs:>9,.0f}{peak:>13,.0f}"
            f"{path.stat().st_size / 1e6:>8.0f}"
        )


def synthetic() -> tuple[Plan, list[Path], int, Path]:
    rnd = random.Random(2024)
    started = time.perf_counter()
    plan, paths, pages = build(rnd)
    size = sum(path.stat().st_size for path in paths)
    print(
        f"(a) inputs: {len(paths):,} PDFs, {pages:,} pages, {size / 1e6:.0f} MB "
        f"(made in {time.perf_counter() - started:.1f} s)"
    )
    out = Path(tempfile.mkdtemp(prefix="out-", dir=FOLDER))
    # What the worker does when each file is processed: its pages measured for binders.
    started = time.perf_counter()
    for item in plan.items:
        spec = item.files[0]
        assert spec.key is not None
        page_facts(blob_path(spec.key, out), spec.key.rsplit("/", 1)[-1])
    print(f"pages measured as files are processed: {time.perf_counter() - started:.1f} s")
    return plan, paths, pages, out


def run_synthetic(plan: Plan, paths: list[Path], pages: int, out: Path) -> tuple[float, float]:
    qpdf_seconds, qpdf_rss = qpdf_merge(paths, out)
    plan_file = out / "plan.pickle"
    plan_file.write_bytes(pickle.dumps(plan))
    assert LAUNCHER is not None
    process_seconds, rss, printed = LAUNCHER.run(
        [sys.executable, __file__, "--compile", str(plan_file), str(out / "binder.pdf")]
    )
    result = json.loads(printed)
    seconds = result["seconds"]  # the compilation; a worker starts Python and Django once
    assert not result["warnings"], result  # the synthetic files are all sound
    table(
        [
            ("qpdf", qpdf_seconds, pages, qpdf_rss, out / "qpdf.pdf"),
            ("hezuo", seconds, result["pages"], rss, out / "binder.pdf"),
        ]
    )
    print(f"hezuo process with Python and Django start-up: {process_seconds:.2f} s")
    _seconds, worker_rss, _printed = LAUNCHER.run(
        [sys.executable, __file__, "--compile", str(plan_file), str(out / "binder.pdf"), "4"]
    )
    print(f"a worker's peak RSS after 4 such binders one after another: {worker_rss:,.0f} MB")
    return seconds / qpdf_seconds, rss / qpdf_rss


def real_world_school() -> tuple[Plan, list[Path], int, Path]:
    """The corpus uploaded as an office would (files the upload check refuses left out), each
    file processed as the worker does; the stored PDFs in binder order and their pages."""
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    school = school_create(name="基准学校", slug="bench", stage=SchoolStage.HIGHER, province="44")
    access = system_access(school=school)
    project = project_create(
        access=access,
        name="基准建设项目",
        kind=ProjectKind.OTHER,
        period_start_year=2021,
        period_end_year=2025,
    )
    root = task_create(access=access, project=project, code="1", title="国际交流")
    task = task_create(access=access, project=project, code="1.1", title="平台", parent=root)
    corpus = real_world()
    refused = 0
    for copy in range(CORPUS_COPIES):
        for name, data in corpus.items():
            evidence = evidence_create(
                access=access, project=project, task=task, title=f"{name}（第 {copy + 1} 份）"
            )
            _attached, problems = evidence_files_upload(
                access=access, evidence=evidence, uploads=[(name, data)]
            )
            if problems:  # refused at upload (an encrypted file): no item for it
                evidence_delete(access=access, evidence=evidence)
                refused += 1
    for stored in StoredFile.objects.filter(school=school):
        stored_file_process(stored_file=stored)  # its pages measured for binders, too
    out = Path(tempfile.mkdtemp(prefix="real-", dir=FOLDER))
    plan = binder_plan(access=access, scope=scope_for(access=access, task_code="1.1"))
    paths, pages = [], 0
    for item in plan.items:
        for spec in item.files:
            assert spec.key is not None
            path = blob_path(spec.key, out)
            with pikepdf.open(path) as pdf:
                pages += len(pdf.pages)
            paths.append(path)
    size = sum(path.stat().st_size for path in paths)
    print(
        f"(b) inputs: the corpus {CORPUS_COPIES} times over, {len(paths):,} PDFs, {pages:,} "
        f"pages, {size / 1e6:.0f} MB ({refused} uploads refused, as an office would be; "
        f"uploaded and processed in {time.perf_counter() - started:.1f} s)"
    )
    return plan, paths, pages, out


def run_real_world(plan: Plan, paths: list[Path], pages: int, out: Path) -> tuple[float, float]:
    qpdf_seconds, qpdf_rss = qpdf_merge(paths, out)
    hezuo = Path(sys.executable).with_name("hezuo")
    output = out / "binder.pdf"
    assert LAUNCHER is not None
    command = ["compile_binder", "--school", "bench", "--task", "1.1", "--output", str(output)]
    seconds, rss, _ = LAUNCHER.run([str(hezuo), *command])
    with pikepdf.open(output) as pdf:
        binder_pages = len(pdf.pages)
    # The same plan compiled as a worker does (Python and Django started already).
    plan_file = out / "plan.pickle"
    plan_file.write_bytes(pickle.dumps(plan))
    _process, compile_rss, printed = LAUNCHER.run(
        [sys.executable, __file__, "--compile", str(plan_file), str(out / "worker.pdf")]
    )
    compile_seconds = json.loads(printed)["seconds"]
    table(
        [
            ("qpdf", qpdf_seconds, pages, qpdf_rss, out / "qpdf.pdf"),
            ("hezuo", seconds, binder_pages, rss, output),
        ]
    )
    print(
        f"the compilation alone, as a worker runs it: {compile_seconds:.2f} s "
        f"({compile_seconds / qpdf_seconds:.2f}× qpdf), peak RSS {compile_rss:,.0f} MB"
    )
    return seconds / qpdf_seconds, rss / qpdf_rss


def main() -> None:
    # hezuo's bytecode compiled, as an installation has it (scripts/install.sh, the image).
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", "hezuo", "config"], cwd=root)
    synthetic_inputs = synthetic()
    real_inputs = real_world_school()
    ratios: list[tuple[float, float, float, float]] = []
    for run in range(1, RUNS + 1):
        print(f"\n— run {run} of {RUNS} —\n(a) synthetic, the compilation:")
        a_time, a_rss = run_synthetic(*synthetic_inputs)
        print("(b) real-world, the whole hezuo compile_binder command:")
        b_time, b_rss = run_real_world(*real_inputs)
        ratios.append((a_time, a_rss, b_time, b_rss))
    assert LAUNCHER is not None
    LAUNCHER.close()
    print("\nhezuo / qpdf per run   (a) time  (a) peak RSS  (b) time  (b) peak RSS")
    for run, (a_time, a_rss, b_time, b_rss) in enumerate(ratios, 1):
        print(f"run {run:<18}{a_time:>9.2f}×{a_rss:>13.2f}×{b_time:>9.2f}×{b_rss:>12.2f}×")
    print("goals                   ≤ 1.50×       ≤ 2.00×   ≤ 2.00×       ≤ 2.00×")


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "--compile":
        compile_only(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) == 5 else 1)
    else:
        main()
