"""Reads for evidence."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet, Value
from django.db.models.functions import StrIndex

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.construction.models import ConstructionProject, Task
from hezuo.evidence.bigrams import Query
from hezuo.evidence.models import Evidence, ReviewStatus
from hezuo.evidence.numbering import CodeProblem, code_problems, renumbering
from hezuo.evidence.search_index import ENTRY_TABLE, FTS_TABLE


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


@dataclass(frozen=True)
class SearchFilters:
    kind: str = ""
    year: int | None = None
    task: Task | None = None
    review_status: str = ""


# Candidates are read from the index newest first in batches of this many, so a common term
# (港, 学院) costs one short index read rather than a sort of every item that contains it.
_BATCH = 200


def evidence_search(
    *,
    access: Access,
    text: str,
    filters: SearchFilters | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[Evidence]:
    """The school's items whose code, title, description or files' text contain every term of
    ``text`` — exactly those a substring scan would find — newest first; ``limit`` of them
    after skipping ``offset`` (ask for one more than you show to know whether more follow)."""
    query = Query.parse(text)
    filters = filters or SearchFilters()
    access.ensure_own(filters.task)
    items = scoped(Evidence.objects.all(), access=access)
    if not query or limit <= 0:
        return []
    for number, term in enumerate(query.terms):
        # The index finds candidates; the entry's text confirms each term really occurs.
        items = items.alias(**{f"_at{number}": StrIndex("search_entry__body", Value(term))})
        items = items.filter(**{f"_at{number}__gt": 0})
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.year is not None:
        items = items.filter(dated_on__year=filters.year)
    if filters.task is not None:
        items = items.filter(
            project=filters.task.project_id, code__startswith=f"{filters.task.code}."
        )
    if filters.review_status:
        items = items.filter(review_status=filters.review_status)
    found: list[int] = []
    to_skip = offset
    read = 0
    while len(found) < limit:
        batch = _candidates(query, start=read, count=_BATCH)
        read += len(batch)
        kept = set(items.filter(pk__in=batch).order_by().values_list("pk", flat=True))
        for pk in batch:
            if pk not in kept:
                continue
            if to_skip:
                to_skip -= 1
            elif len(found) < limit:
                found.append(pk)
        if len(batch) < _BATCH:
            break
    loaded = {
        item.pk: item
        for item in Evidence.objects.filter(pk__in=found).select_related("task", "project")
    }
    return [loaded[pk] for pk in found]


def _candidates(query: Query, *, start: int, count: int) -> list[int]:
    """Ids of items the index holds for ``query``, newest first."""
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT evidence_id FROM {ENTRY_TABLE} WHERE tokens @@ to_tsquery('simple', %s) "
            "ORDER BY evidence_id DESC LIMIT %s OFFSET %s"
        )
        parameters: list[str | int] = [query.tsquery(), count, start]
    else:
        sql = (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            "ORDER BY rowid DESC LIMIT %s OFFSET %s"
        )
        parameters = [query.fts5(), count, start]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return [row[0] for row in cursor.fetchall()]


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
