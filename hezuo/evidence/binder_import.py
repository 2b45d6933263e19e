"""Bringing existing evidence in: a folder of files named like
"3.4.1.2.1 爱尔兰斯莱戈理工学院…到访学校.pdf", or a bookmarked PDF binder split on its outline.
Both become a list of sources (a name and a way to read the bytes); planning reads the codes and
titles from the names, finds each code's task, and checks every file before anything is
written; importing writes all of it or nothing."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from django.db import transaction
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.construction.codes import code_parts, is_descendant
from hezuo.construction.models import ConstructionProject, Task
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.core.text import clauses
from hezuo.evidence.models import Evidence
from hezuo.evidence.numbering import code_from_name
from hezuo.files.inspection import inspect_upload

ALLOWED_SUFFIXES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".jpg", ".jpeg"}
ALLOWED_SUFFIXES |= {".png", ".tif", ".tiff"}


def require_import_evidence(access: Access) -> None:
    """Who may bring existing evidence in: whoever may keep evidence in some department (each
    item written is checked against its task's department)."""
    if access.department_scope(Capability.MANAGE_EVIDENCE) == frozenset():
        raise AccessDenied()


@dataclass(frozen=True)
class Source:
    name: str  # shown to the user: a path inside the folder, or a bookmark title
    read: Callable[[], bytes]


@dataclass
class PlannedItem:
    code: str
    title: str
    task: Task | None
    existing: Evidence | None
    sources: list[Source] = field(default_factory=list)


@dataclass
class ImportPlan:
    items: list[PlannedItem]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def folder_sources(folder: Path) -> list[Source]:
    """Every evidence file under ``folder`` (sub-folders too), in name order. Hidden files and
    other types are left out; they are not evidence."""
    found = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and path.suffix.lower() in ALLOWED_SUFFIXES
    )
    return [Source(name=str(path.relative_to(folder)), read=path.read_bytes) for path in found]


def binder_sources(data: bytes, *, name: str = "binder.pdf") -> list[Source]:
    """The items of a bookmarked PDF: each bookmark that starts with a code covers its pages
    up to the next bookmark (at any level); a bookmark with no pages of its own (a heading
    over its sub-items) is no item."""
    try:
        document = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise HezuoError(_("PDF 文件“%(name)s”设有打开密码。") % {"name": name}) from error
    except pikepdf.PdfError as error:
        raise HezuoError(_("PDF 文件“%(name)s”已损坏，无法打开。") % {"name": name}) from error
    with document:
        marks = sorted(
            {(page, order, title) for order, (title, page) in enumerate(_bookmarks(document))},
            key=lambda mark: (mark[0], mark[1]),
        )
        if not marks:
            raise HezuoError(_("PDF 文件“%(name)s”没有书签，无法拆分。") % {"name": name})
        total = len(document.pages)
        sources = []
        for index, (start, _order, title) in enumerate(marks):
            end = marks[index + 1][0] if index + 1 < len(marks) else total
            if end <= start or code_from_name(title) is None:
                continue
            sources.append(Source(name=f"{title}.pdf", read=_slice(data, start, end)))
        return sources


def _bookmarks(document: pikepdf.Pdf) -> Iterator[tuple[str, int]]:
    with document.open_outline() as outline:
        stack = list(reversed(outline.root))
        while stack:
            item = stack.pop()
            page = _page_of(document, item)
            if page is not None:
                yield item.title.strip(), page
            stack.extend(reversed(item.children))


def _page_of(document: pikepdf.Pdf, item: pikepdf.OutlineItem) -> int | None:
    destination: Any = item.destination
    if destination is None and item.action is not None and "/D" in item.action:
        destination = item.action.D
    if isinstance(destination, (pikepdf.String, pikepdf.Name)):
        destination = _named_destination(document, destination)
    if isinstance(destination, pikepdf.Dictionary) and "/D" in destination:
        destination = destination.D
    if isinstance(destination, pikepdf.Array) and len(destination) > 0:
        target: Any = destination[0]
        if isinstance(target, int):
            return target
        for number, page in enumerate(document.pages):
            if page.obj.objgen == target.objgen:
                return number
    return None


def _named_destination(document: pikepdf.Pdf, name: object) -> object:
    key = str(name).lstrip("/")
    names = document.Root.get("/Names")
    if names is not None and "/Dests" in names:
        tree = pikepdf.NameTree(names.Dests)
        if key in tree:
            return tree[key]
    dests = document.Root.get("/Dests")
    if dests is not None and f"/{key}" in dests:
        return dests[f"/{key}"]
    return None


def _slice(data: bytes, start: int, end: int) -> Callable[[], bytes]:
    def read() -> bytes:
        with pikepdf.open(io.BytesIO(data)) as whole, pikepdf.new() as part:
            part.pages.extend(whole.pages[start:end])
            buffer = io.BytesIO()
            part.save(buffer)
            return buffer.getvalue()

    return read


def plan_import(
    *,
    access: Access,
    project: ConstructionProject,
    sources: Iterable[Source],
    step: Callable[[str], object] = lambda name: None,
) -> ImportPlan:
    """What importing ``sources`` would do, with every problem found (reads each file once to
    check it; writes nothing). ``step`` is told the name of each file as it is read."""
    access.ensure_own(project)
    tasks = sorted(
        Task.objects.filter(project=project), key=lambda task: -len(code_parts(task.code))
    )
    existing = {item.code: item for item in Evidence.objects.filter(project=project)}
    scope = access.department_scope(Capability.MANAGE_EVIDENCE)  # None: every department
    items: dict[str, PlannedItem] = {}
    problems: list[str] = []
    for source in sources:
        step(source.name)
        stem = Path(source.name).stem
        named = code_from_name(stem)
        if named is None:
            problems.append(_("“%(name)s”：名称没有以编号开头。") % {"name": source.name})
            continue
        if named.incomplete:
            problems.append(
                _("“%(name)s”：编号“%(code)s.”不完整，缺少最后一位。")
                % {"name": source.name, "code": named.code}
            )
            continue
        task = next((task for task in tasks if is_descendant(named.code, task.code)), None)
        if task is None:
            problems.append(
                _("“%(name)s”：项目中没有编号“%(code)s”所属的建设任务。")
                % {"name": source.name, "code": named.code}
            )
            continue
        if scope is not None and task.owner_department_id not in scope:
            problems.append(
                _("“%(name)s”：您无权保存建设任务“%(code)s”的佐证材料。")
                % {"name": source.name, "code": task.code}
            )
            continue
        try:
            inspect_upload(Path(source.name).name, source.read())
        except HezuoError as error:
            problems.append(error.message)
            continue
        planned = items.setdefault(
            named.code,
            PlannedItem(
                code=named.code,
                title=named.title or stem,
                task=task,
                existing=existing.get(named.code),
            ),
        )
        planned.sources.append(source)
    ordered = sorted(items.values(), key=lambda item: code_parts(item.code))
    return ImportPlan(items=ordered, problems=problems)


@dataclass(frozen=True)
class ImportResult:
    created: int
    files: int


@transaction.atomic
def run_import(
    *,
    access: Access,
    project: ConstructionProject,
    plan: ImportPlan,
    step: Callable[[str], object] = lambda code: None,
) -> ImportResult:
    """Write a plan that has no problems: new items, and every file attached to its item.
    Everything is written or nothing is. ``step`` is told the code of each item as it is
    written."""
    from hezuo.evidence.services import evidence_create, evidence_files_upload

    if not plan.ok:
        raise HezuoError(_("导入清单中有问题，未导入任何内容。"))
    created = attached = 0
    for planned in plan.items:
        assert planned.task is not None
        step(planned.code)
        item = planned.existing
        if item is None:
            item = evidence_create(
                access=access,
                project=project,
                task=planned.task,
                code=planned.code,
                title=planned.title[:300],
            )
            created += 1
        links, problems = evidence_files_upload(
            access=access,
            evidence=item,
            uploads=[(Path(source.name).name, source.read()) for source in planned.sources],
        )
        if problems:
            raise HezuoError(clauses(problems))
        attached += len(links)
    return ImportResult(created=created, files=attached)
