"""Compiling a binder from its plan: fetch each file's PDF, check it, set the generated pages
with the right page numbers, assemble. A file that cannot be used becomes a placeholder page
that names it and the problem, and a warning in the result; one bad file never fails a binder.

The document is set in Chinese whatever the language of its maker: it is the school's
submission to the province."""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import translation

from hezuo.binders import assembly, layout
from hezuo.binders import problems as messages
from hezuo.binders.assembly import Front, Options, Source
from hezuo.binders.facts import page_facts
from hezuo.binders.folder import write_folder
from hezuo.binders.layout import Item, Plan
from hezuo.binders.problems import FileWarning, Problem
from hezuo.files.sniffing import FileType
from hezuo.files.storage import blob_path
from hezuo.files.typesetting import TypesettingError, render_pdf, render_pdf_with_anchors
from hezuo.jobs.progress import Cancelled, Progress

RESOURCES = Path(__file__).with_name("resources")
DOCUMENT_LANGUAGE = "zh-hans"


@dataclass(frozen=True)
class Result:
    pages: int
    size: int
    warnings: tuple[FileWarning, ...]


@dataclass(frozen=True)
class BinderOptions:
    page_numbers: bool = True
    watermark: str = ""


def compile_binder(
    plan: Plan,
    options: BinderOptions,
    output: Path,
    progress: Progress | None = None,
    *,
    handle_budget: int | None = None,
) -> Result:
    """Write the binder of ``plan`` to ``output`` (complete or not at all)."""
    with translation.override(DOCUMENT_LANGUAGE), tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        _report(progress, 0, "读取佐证材料文件")
        pages, problems, paths, measured = _inspect(plan, folder, progress)
        for attempt in range(2):
            sources, owners, warnings = _sources(plan, pages, problems, paths, measured)
            starts = layout.offsets(plan, pages)
            front_data = layout.page_data(plan, starts)
            watermark = (
                render_pdf(RESOURCES / "watermark.typ", {"text": options.watermark})
                if options.watermark
                else None
            )
            _report(progress, 20, "生成封面、目录和建设情况")

            def step(done: int, total: int) -> bool:
                share = 20 + int(75 * done / max(total, 1))
                return progress(share, "") if progress is not None else True

            # typst sets the generated pages in a thread of its own (it lets go of the
            # interpreter) while the evidence is copied.
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="binder-front") as pool:
                front = pool.submit(_front, plan, front_data, starts, dict(pages))
                try:
                    assembled = assembly.assemble(
                        front.result,
                        sources,
                        Options(
                            title=plan.title,
                            author=plan.school,
                            page_numbers=options.page_numbers,
                            watermark=watermark,
                        ),
                        output,
                        step,
                        handle_budget=handle_budget,
                    )
                except (Cancelled, TypesettingError):
                    raise
                except Exception:
                    # A file that opened but cannot be copied whole (a damaged stream): find
                    # it, let a placeholder stand for it, and assemble again once.
                    if attempt:
                        raise
                    found = _unreadable(paths, problems)
                    if not found:
                        raise
                    for key in found:
                        pages[key] = 1
                    continue
            for (code, name), lost in zip(owners, assembled.problems, strict=True):
                warnings.extend(FileWarning(code, name, problem) for problem in lost)
            count = assembled.pages
            _report(progress, 100, f"完成：共 {count} 页")
            return Result(pages=count, size=output.stat().st_size, warnings=tuple(warnings))
    raise AssertionError("unreachable")  # pragma: no cover


FileKey = tuple[str, int]


def _front(
    plan: Plan, data: dict[str, Any], starts: dict[str, int], pages: dict[FileKey, int]
) -> Front:
    """The generated pages set from ``data``, the outline and the contents' links."""
    pdf, anchor_values = render_pdf_with_anchors(RESOURCES / "binder.typ", data)
    anchors = {value["key"]: value["page"] for value in anchor_values}
    front_pages = anchors["end"]
    return Front(
        pdf,
        layout.outline(plan, anchors, front_pages, starts, pages),
        layout.contents_links(data["contents"], anchor_values, front_pages),
    )


@dataclass(frozen=True)
class Measured:
    """For each file, which pages have content where their number goes, which cannot be
    drawn."""

    occupied: dict[FileKey, tuple[bool, ...]]
    damaged: dict[FileKey, tuple[int, ...]]


def _inspect(
    plan: Plan, folder: Path, progress: Progress | None
) -> tuple[dict[FileKey, int], dict[FileKey, Problem], dict[FileKey, Path], Measured]:
    """Each file's page count, where its PDF is on disk and which of its pages have content
    where their number goes, or its problem (a repaired file has both)."""
    pages: dict[FileKey, int] = {}
    problems: dict[FileKey, Problem] = {}
    paths: dict[FileKey, Path] = {}
    occupied: dict[FileKey, tuple[bool, ...]] = {}
    damaged: dict[FileKey, tuple[int, ...]] = {}
    total = sum(len(item.files) for item in plan.items) or 1
    done = 0
    for item in plan.items:
        for index, spec in enumerate(item.files):
            key = (item.code, index)
            done += 1
            if spec.key is None:
                problems[key] = spec.problem or Problem(messages.NOT_CONVERTED)
                continue
            try:
                path = blob_path(spec.key, folder)
            except OSError:
                problems[key] = Problem(messages.MISSING)
                continue
            found = page_facts(path, spec.key.rsplit("/", 1)[-1])
            if found.problem is not None:
                problems[key] = found.problem
            if found.pages:
                pages[key], paths[key] = found.pages, path
                occupied[key], damaged[key] = found.occupied, found.damaged
            if done % 25 == 0:
                _report(progress, int(15 * done / total), "")
    return pages, problems, paths, Measured(occupied, damaged)


def _sources(
    plan: Plan,
    pages: dict[FileKey, int],
    problems: dict[FileKey, Problem],
    paths: dict[FileKey, Path],
    measured: Measured,
) -> tuple[list[Source], list[tuple[str, str]], list[FileWarning]]:
    """What goes into the binder for each file (with its item's code and its name), and the
    warnings; sets a placeholder's page count (one) in ``pages``."""
    sources: list[Source] = []
    owners: list[tuple[str, str]] = []
    warnings: list[FileWarning] = []
    for item in plan.items:
        if not item.files:
            problem = Problem(messages.NO_FILES)
            warnings.append(FileWarning(item.code, "", problem))
            sources.append(Source(None, _placeholder(item, "", problem)))
            owners.append((item.code, ""))
            continue
        for index, spec in enumerate(item.files):
            key = (item.code, index)
            owners.append((item.code, spec.name))
            if key in problems:
                warnings.append(FileWarning(item.code, spec.name, problems[key]))
            if key in paths:
                source, lost = _file_source(item, spec.name, paths[key], measured, key)
                sources.append(source)
                warnings.extend(lost)
            else:
                pages[key] = 1
                sources.append(Source(None, _placeholder(item, spec.name, problems[key])))
    return sources, owners, warnings


def _file_source(
    item: Item, name: str, path: Path, measured: Measured, key: FileKey
) -> tuple[Source, list[FileWarning]]:
    """A file that goes in: its pages that cannot be drawn stood in for by a page saying so,
    the others framed; the warnings listing both kinds by their page in the file."""
    damaged = measured.damaged.get(key, ())
    occupied = tuple(
        crowded and page not in damaged
        for page, crowded in enumerate(measured.occupied.get(key, ()))
    )
    stand_ins = tuple(
        (
            page,
            _placeholder(
                item, name, Problem(messages.PAGE_DAMAGED, str(page + 1)), "此处页面无法显示"
            ),
        )
        for page in damaged
    )
    warnings = []
    for message, numbers in (
        (messages.PAGE_DAMAGED, [page + 1 for page in damaged]),
        (messages.SCALED, [page for page, crowded in enumerate(occupied, 1) if crowded]),
    ):
        if numbers:
            detail = "、".join(str(number) for number in numbers)
            warnings.append(FileWarning(item.code, name, Problem(message, detail)))
    return Source(path, occupied=occupied, stand_ins=stand_ins), warnings


def _placeholder(
    item: Item, name: str, problem: Problem, heading: str = "此处材料未能编入"
) -> bytes:
    rows = [["佐证材料", item.heading]]
    if name:
        rows.append(["文件", name])
    rows.append(["原因", str(problem)])
    return render_pdf(RESOURCES / "placeholder.typ", {"heading": heading, "rows": rows})


def _unreadable(paths: dict[FileKey, Path], problems: dict[FileKey, Problem]) -> list[FileKey]:
    found = []
    for key, path in list(paths.items()):
        problem = assembly.readable(path)
        if problem is not None:
            problems[key] = problem
            del paths[key]
            found.append(key)
    return found


def _report(progress: Progress | None, percent: int, line: str) -> None:
    if progress is not None and not progress(percent, line):
        raise Cancelled()


@dataclass(frozen=True)
class Made:
    """What ``make_binder`` wrote: a PDF (with its page count) or a ZIP of folders (with the
    number of files in it)."""

    pages: int | None
    files: int | None
    size: int
    warnings: tuple[FileWarning, ...]
    file_type: FileType
    suffix: str


def make_binder(
    plan: Plan,
    *,
    folder: bool,
    options: BinderOptions,
    output: Path,
    progress: Progress | None = None,
) -> Made:
    """The binder of ``plan`` as a PDF, or with ``folder`` its evidence tree as a ZIP."""
    if folder:
        tree = write_folder(plan, output, progress)
        return Made(None, tree.files, tree.size, tree.missing, FileType.ZIP, "zip")
    result = compile_binder(plan, options, output, progress)
    return Made(result.pages, None, result.size, result.warnings, FileType.PDF, "pdf")
