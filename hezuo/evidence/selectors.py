"""Reads for evidence."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from hezuo.accounts.access import Access, Capability, scoped, scoped_get
from hezuo.construction.models import ConstructionProject, Task
from hezuo.core.errors import NotFound
from hezuo.core.review import ReviewStatus
from hezuo.evidence.bigrams import Query
from hezuo.evidence.models import Evidence, EvidenceFile, EvidenceImport
from hezuo.evidence.numbering import CodeProblem, code_problems, renumbering
from hezuo.evidence.searching import Page, SearchFilters, filter_conditions, search_ids
from hezuo.files.models import StoredFile
from hezuo.files.selectors import stored_file_get


def evidence_list(
    *,
    access: Access,
    project: ConstructionProject | None = None,
    task: Task | None = None,
    review_status: ReviewStatus | None = None,
) -> QuerySet[Evidence]:
    access.ensure_own(project, task)
    items = scoped(Evidence.objects.all(), access=access).select_related("task")
    if project is not None:
        items = items.filter(project=project)
    if task is not None:
        items = items.filter(project=task.project_id, code__startswith=f"{task.code}.")
    if review_status is not None:
        items = items.filter(review_status=review_status)
    return items


def evidence_get(*, access: Access, pk: object) -> Evidence:
    return scoped_get(Evidence.objects.select_related("task", "project"), access=access, pk=pk)


def evidence_stored_file_get(*, access: Access, pk: object) -> StoredFile:
    """A stored file as the evidence pages and the API's file endpoints serve it: one of the
    school's evidence files, or one the asker uploaded. Generated documents (binders, reports,
    exports) and import uploads are served by their own pages, under their own rules; a file id
    alone reaches none of them."""
    stored = stored_file_get(access=access, pk=pk)
    asker = access.user.pk if access.user is not None else None
    if stored.uploaded_by_id is not None and stored.uploaded_by_id == asker:
        return stored
    if not EvidenceFile.objects.filter(school=access.school, stored_file=stored).exists():
        raise NotFound()
    return stored


def evidence_import_list(
    *, access: Access, project: ConstructionProject
) -> QuerySet[EvidenceImport]:
    """The project's previews and imports of existing evidence, newest first."""
    access.ensure_own(project)
    runs = scoped(EvidenceImport.objects.all(), access=access)
    return runs.filter(project=project).select_related("project", "job", "created_by")


def evidence_import_get(*, access: Access, pk: object) -> EvidenceImport:
    return scoped_get(
        EvidenceImport.objects.select_related("project", "job", "created_by"),
        access=access,
        pk=pk,
    )


def evidence_search(
    *,
    access: Access,
    text: str,
    filters: SearchFilters | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[Evidence]:
    """The items ``evidence_search_ids`` finds, in its order, with their tasks."""
    found = evidence_search_ids(
        access=access, text=text, filters=filters, limit=limit, offset=offset
    )
    # Only what a hit shows (its task); no default ordering to compile for an id lookup.
    loaded = Evidence.objects.select_related("task").order_by().in_bulk(found)
    return [loaded[pk] for pk in found]


def evidence_search_ids(
    *,
    access: Access,
    text: str,
    filters: SearchFilters | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[int]:
    """The ids of the school's items whose code, title, description or files' text contain
    every term of ``text`` — exactly those a substring scan would find — newest first;
    ``limit`` of them after skipping ``offset`` (ask for one more than you show to know
    whether more follow).

    The index gives candidates newest first, the entry's normalised text confirms each term,
    the filters narrow; with filters, the cheaper of that and reading the filtered items'
    texts is chosen (``hezuo.evidence.searching``)."""
    access.require(Capability.READ)
    query = Query.parse(text)
    filters = filters or SearchFilters()
    access.ensure_own(filters.task)
    if not query or limit <= 0:
        return []
    return search_ids(
        query,
        filter_conditions(access, filters),
        Page(limit, offset),
    )


@dataclass(frozen=True)
class Numbering:
    """A project's evidence codes as a reviewer checks them before submitting."""

    problems: list[tuple[Task, CodeProblem]]
    moves: list[tuple[Evidence, str]]  # item, the code renumbering would give it


def evidence_numbering(*, access: Access, project: ConstructionProject) -> Numbering:
    """Gaps and duplicates per task, and the renumbering that would close the gaps."""
    access.ensure_own(project)
    items = list(
        scoped(Evidence.objects.filter(project=project), access=access).select_related("task")
    )
    by_task: dict[int, tuple[Task, list[str]]] = {}
    for item in items:
        by_task.setdefault(item.task_id, (item.task, []))[1].append(item.code)
    problems = [
        (task, problem)
        for task, codes in sorted(by_task.values(), key=lambda entry: entry[0].code_sort)
        for problem in code_problems(codes, roots=[task.code])
    ]
    moves = renumbering([item.code for item in items], roots={item.task.code for item in items})
    by_code = {item.code: item for item in items}
    return Numbering(
        problems=problems,
        moves=sorted(
            ((by_code[old], new) for old, new in moves.items()),
            key=lambda move: move[0].code_sort,
        ),
    )
