"""The evidence tree as a ZIP of folders and code-prefixed files, for platforms that take
folders rather than one PDF. Pure of the database: it works from a binder's plan.

Each item's files are named after its code and title ("9.2.3 香港职业教育专家讲座方案.pdf"; with
several files "9.2.5-1 …", "9.2.5-2 …"); an item with items below it becomes a folder holding its
own files and theirs. A file goes in as its PDF when it has one (what the binder shows), as
uploaded otherwise; a file that is nowhere to be found is listed, with the reason, in
"未能导出的文件.txt" at the top and in the warnings."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from hezuo.binders import problems as messages
from hezuo.binders.assembly import replaced_when_complete
from hezuo.binders.layout import FileSpec, Item, Plan
from hezuo.binders.problems import FileWarning, Problem
from hezuo.construction.codes import code_sort_key
from hezuo.files.storage import blob_open
from hezuo.jobs.progress import Cancelled, Progress

MISSING_LIST = "未能导出的文件.txt"
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
NAME_LIMIT = 120  # characters of a folder or file name, before the extension


@dataclass(frozen=True)
class Entry:
    path: str  # inside the archive, "/"-separated
    item: Item
    spec: FileSpec
    key: str  # storage key of the bytes that go in


@dataclass(frozen=True)
class FolderResult:
    files: int
    size: int
    missing: tuple[FileWarning, ...]


def entries(plan: Plan) -> list[Entry]:
    """Where each file goes in the archive."""
    root = _safe(plan.heading) or "evidence"
    items = sorted(plan.items, key=lambda item: code_sort_key(item.code))
    codes = {item.code for item in items}
    parents = {parent for item in items for parent in _ancestors(item.code) if parent in codes}
    folders: dict[str, str] = {}
    taken: set[str] = set()
    found: list[Entry] = []
    for item in items:
        above = next((code for code in _ancestors(item.code) if code in codes), None)
        where = folders[above] if above is not None else root
        if item.code in parents:
            where = folders[item.code] = f"{where}/{_safe(item.heading)}"
        for number, spec in enumerate(item.files, start=1):
            key = spec.key or spec.original
            if not key:
                continue
            suffix = ".pdf" if spec.key else PurePosixPath(spec.name).suffix.lower()
            stem = item.heading if len(item.files) == 1 else f"{item.code}-{number} {item.title}"
            path = _unique(f"{where}/{_safe(stem)}", suffix, taken)
            found.append(Entry(path, item, spec, key))
    return found


def write_folder(plan: Plan, output: Path, progress: Progress | None = None) -> FolderResult:
    """Write the ZIP to ``output`` through a temporary name beside it."""
    listed = entries(plan)
    missing = [
        FileWarning(item.code, spec.name, spec.problem or Problem(messages.MISSING))
        for item in plan.items
        for spec in item.files
        if not (spec.key or spec.original)
    ]
    written = 0
    with (
        replaced_when_complete(output) as temporary,
        zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED, allowZip64=True) as archive,
    ):
        for done, entry in enumerate(listed, start=1):
            try:
                with blob_open(entry.key) as source, archive.open(entry.path, "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
                written += 1
            except OSError:
                missing.append(
                    FileWarning(entry.item.code, entry.spec.name, Problem(messages.MISSING))
                )
            if progress is not None and not progress(int(95 * done / len(listed)), ""):
                raise Cancelled()
        if missing:
            root = _safe(plan.heading) or "evidence"
            lines = [f"{code} {name}：{problem}" for code, name, problem in missing]
            archive.writestr(f"{root}/{MISSING_LIST}", "\n".join(lines) + "\n")
    return FolderResult(files=written, size=output.stat().st_size, missing=tuple(missing))


def _ancestors(code: str) -> Iterator[str]:
    """9.2.1.1 → 9.2.1, 9.2, 9 (nearest first)."""
    parts = code.split(".")
    for end in range(len(parts) - 1, 0, -1):
        yield ".".join(parts[:end])


def _safe(name: str) -> str:
    cleaned = UNSAFE.sub("_", name).strip(" .")
    return cleaned[:NAME_LIMIT].rstrip(" .")


def _unique(stem: str, suffix: str, taken: set[str]) -> str:
    path, number = f"{stem}{suffix}", 2
    while path.lower() in taken:
        path, number = f"{stem} ({number}){suffix}", number + 1
    taken.add(path.lower())
    return path
