"""Reads for evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from hezuo.accounts.access import Access, Capability, scoped, scoped_get
from hezuo.construction.models import ConstructionProject, Task
from hezuo.core.errors import NotFound
from hezuo.core.review import ReviewStatus
from hezuo.evidence.bigrams import Query
from hezuo.evidence.models import Evidence, EvidenceFile, EvidenceImport
from hezuo.evidence.numbering import CodeProblem, code_problems, renumbering
from hezuo.evidence.search_index import ENTRY_TABLE, FTS_TABLE, TRIGRAM_TABLE
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


@dataclass(frozen=True)
class SearchFilters:
    kind: str = ""
    year: int | None = None
    task: Task | None = None
    review_status: str = ""


# A search whose filters keep at most this many of the school's items reads those items' texts
# instead of walking the index: a filter that excludes every hit of a common term would
# otherwise confirm each of the term's candidates to find none.
FILTER_FIRST = 1000


def _filter_conditions(
    access: Access, filters: SearchFilters
) -> tuple[list[str], list[str | int | dt.date]]:
    """The filters as SQL conditions on the items (``e``), the school's first."""
    conditions = ["e.school_id = %s"]
    parameters: list[str | int | dt.date] = [access.school.pk]
    if filters.kind:
        conditions.append("e.kind = %s")
        parameters.append(filters.kind)
    if filters.year is not None:
        conditions.append("e.dated_on >= %s AND e.dated_on < %s")
        parameters += [dt.date(filters.year, 1, 1), dt.date(filters.year + 1, 1, 1)]
    if filters.task is not None:
        prefix = f"{filters.task.code}."
        conditions.append("e.project_id = %s AND substr(e.code, 1, %s) = %s")
        parameters += [filters.task.project_id, len(prefix), prefix]
        if connection.vendor == "sqlite":
            # The same codes as a range of the (project, code) index in SQLite's binary order
            # ("/" follows "."), so the items under a task are found without reading the others.
            conditions.append("e.code >= %s AND e.code < %s")
            parameters += [prefix, f"{prefix[:-1]}/"]
    if filters.review_status:
        conditions.append("e.review_status = %s")
        parameters.append(filters.review_status)
    return conditions, parameters


def _few_filtered(conditions: list[str], parameters: list[str | int | dt.date]) -> bool:
    """Whether the filters keep at most ``FILTER_FIRST`` items (counted no further)."""
    statement = (
        f"SELECT count(*) FROM (SELECT 1 FROM {Evidence._meta.db_table} e "
        f"WHERE {' AND '.join(conditions)} LIMIT %s) kept"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*parameters, FILTER_FIRST + 1])
        (count,) = cursor.fetchone()
    return bool(count <= FILTER_FIRST)


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

    One query: the index gives candidates in id order (FTS5 walks them newest first and stops
    at the limit), the entry's normalised text confirms each term, the filters narrow. When
    the filters keep few items (``FILTER_FIRST``), those items' texts are read instead."""
    access.require(Capability.READ)
    query = Query.parse(text)
    filters = filters or SearchFilters()
    access.ensure_own(filters.task)
    if not query or limit <= 0:
        return []
    conditions, filter_parameters = _filter_conditions(access, filters)
    postgresql = connection.vendor == "postgresql"
    contains = "strpos(s.body, %s) > 0" if postgresql else "instr(s.body, %s) > 0"
    parameters: list[str | int | dt.date] = []
    sql: list[str]
    if len(conditions) > 1 and _few_filtered(conditions, filter_parameters):
        source = f"{Evidence._meta.db_table} e JOIN {ENTRY_TABLE} s ON s.evidence_id = e.id"
        sql = []
        order = "e.id"
    elif postgresql:
        source = f"{ENTRY_TABLE} s JOIN {Evidence._meta.db_table} e ON e.id = s.evidence_id"
        sql = ["s.tokens @@ to_tsquery('simple', %s)"]
        order = "s.evidence_id"
        parameters = [query.tsquery()]
    elif query.long_terms:
        # Terms of 3+ characters through the trigram index, shorter ones through the bigrams.
        # CROSS JOIN keeps the index first in SQLite's plan: given an index on a filter, the
        # planner would rather walk the filtered items and search the index for each.
        source = (
            f"{TRIGRAM_TABLE} f CROSS JOIN {Evidence._meta.db_table} e ON e.id = f.rowid "
            f"CROSS JOIN {ENTRY_TABLE} s ON s.evidence_id = e.id"
        )
        sql = [f"f.{TRIGRAM_TABLE} MATCH %s"]
        order = "f.rowid"
        parameters = [query.trigram_match()]
        if query.short_terms:
            sql.append(f"e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)")
            parameters.append(query.fts5(query.short_terms))
    else:
        source = (
            f"{FTS_TABLE} f CROSS JOIN {Evidence._meta.db_table} e ON e.id = f.rowid "
            f"CROSS JOIN {ENTRY_TABLE} s ON s.evidence_id = e.id"
        )
        sql = [f"f.{FTS_TABLE} MATCH %s"]
        order = "f.rowid"
        parameters = [query.fts5()]
    sql += conditions
    parameters += filter_parameters
    for term in query.terms:  # the index finds candidates; the text confirms each term
        sql.append(contains)
        parameters.append(term)
    statement = (
        f"SELECT e.id FROM {source} WHERE {' AND '.join(sql)} "
        f"ORDER BY {order} DESC LIMIT %s OFFSET %s"
    )
    parameters += [limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
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
