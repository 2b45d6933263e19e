"""Binder compilation at scale: 1,000 evidence PDFs (~5,000 pages, some turned, some scanned
images) compiled into one binder (contents, outline, frames, page numbers, active content taken
off), against the fastest bare qpdf merge of the same files in the same run:
`qpdf --empty --keep-files-open=y --pages … --` (without that flag, qpdf closes and reopens
files above 200 inputs and is slower than it can be).

    .venv/bin/python benchmarks/bench_binder.py [FILES]

Prints wall time, pages/s, peak RSS and the ratios to qpdf's. Both run as processes started by
a small launcher (``launcher.py``), so each peak RSS is the process's own, not inflated by the
benchmark's memory at the fork. hezuo's time is the compilation's, measured inside its process,
with the process's whole wall time printed beside it. Each file's pages are measured first, as
the worker does when a file is processed (binders/facts.py), and that time printed apart.
Goals (issue 21): ≤ 1.5× qpdf's time, peak RSS ≤ 2× qpdf's.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from launcher import Launcher

# Started before Django and the inputs make this process large (see launcher.py).
LAUNCHER = Launcher() if __name__ == "__main__" and "--compile" not in sys.argv else None
FILES = int(sys.argv[1]) if len(sys.argv) == 2 else 1000
os.environ.setdefault(
    "HEZUO_VAR_DIR", tempfile.mkdtemp(prefix="hezuo-bench-")
)  # the child shares it
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

import img2pdf  # noqa: E402
import pikepdf  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from hezuo.binders.compiling import BinderOptions, compile_binder  # noqa: E402
from hezuo.binders.facts import page_facts  # noqa: E402
from hezuo.binders.layout import FileSpec, Item, Plan  # noqa: E402
from hezuo.binders.tests.plans import plan_of  # noqa: E402
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
    folder = Path(tempfile.mkdtemp(prefix="hezuo-bench-files-"))
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


def compile_only(plan_file: str, output: str) -> None:
    """The measured run: compile the pickled plan, print pages and warnings as JSON."""
    plan = pickle.loads(Path(plan_file).read_bytes())
    started = time.perf_counter()
    result = compile_binder(plan, BinderOptions(), Path(output))
    seconds = time.perf_counter() - started
    print(json.dumps({"pages": result.pages, "warnings": len(result.warnings), "seconds": seconds}))


def main() -> None:
    rnd = random.Random(2024)
    started = time.perf_counter()
    plan, paths, pages = build(rnd)
    size = sum(path.stat().st_size for path in paths)
    print(
        f"inputs: {len(paths):,} PDFs, {pages:,} pages, {size / 1e6:.0f} MB "
        f"(made in {time.perf_counter() - started:.1f} s)"
    )
    out = Path(tempfile.mkdtemp(prefix="hezuo-bench-out-"))
    # What the worker does when each file is processed: its pages measured for binders.
    started = time.perf_counter()
    for item in plan.items:
        spec = item.files[0]
        assert spec.key is not None
        page_facts(blob_path(spec.key, out), spec.key.rsplit("/", 1)[-1])
    print(f"pages measured as files are processed: {time.perf_counter() - started:.1f} s")

    # Baseline: qpdf concatenating the same files (warm the page cache first).
    for path in paths:
        path.read_bytes()
    listing = out / "files.txt"
    arguments = ["--empty", "--keep-files-open=y", "--pages", *map(str, paths), "--"]
    listing.write_text("\n".join(arguments) + "\n")
    assert LAUNCHER is not None
    qpdf_seconds, qpdf_rss, _ = LAUNCHER.run(["qpdf", f"@{listing}", str(out / "qpdf.pdf")])
    plan_file = out / "plan.pickle"
    plan_file.write_bytes(pickle.dumps(plan))
    process_seconds, rss, printed = LAUNCHER.run(
        [sys.executable, __file__, "--compile", str(plan_file), str(out / "binder.pdf")]
    )
    LAUNCHER.close()
    result = json.loads(printed)
    seconds = result["seconds"]  # the compilation; a worker starts Python and Django once
    assert not result["warnings"], result
    print(f"{'':<8}{'seconds':>9}{'pages':>8}{'pages/s':>9}{'peak RSS MB':>13}{'MB out':>8}")
    for name, secs, count, peak, path in (
        ("qpdf", qpdf_seconds, pages, qpdf_rss, out / "qpdf.pdf"),
        ("hezuo", seconds, result["pages"], rss, out / "binder.pdf"),
    ):
        print(
            f"{name:<8}{secs:>9.2f}{count:>8,}{count / secs:>9,.0f}{peak:>13,.0f}"
            f"{path.stat().st_size / 1e6:>8.0f}"
        )
    print(f"hezuo process with Python and Django start-up: {process_seconds:.2f} s")
    print(f"hezuo / qpdf: time {seconds / qpdf_seconds:.2f}× (goal ≤ 1.5×), ", end="")
    print(f"peak RSS {rss / qpdf_rss:.2f}× (goal ≤ 2×)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--compile":
        compile_only(sys.argv[2], sys.argv[3])
    else:
        main()
