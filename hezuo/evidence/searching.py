"""The SQL of evidence search (``selectors.evidence_search_ids`` checks access and parses the
query first). Two ways to one answer — exactly the items a substring scan would find, newest
first:

- **by the index**: the bigram or trigram index gives candidates newest first, each is joined
  to its item (the filters) and its entry's normalised text (every term confirmed); a page
  stops the walk once it is full;
- **by the filters**: the items the filters keep are read, each entry's text confirmed.

Without filters the index is the way. With filters, the cheaper way is chosen as a planner
would: filters that keep few items (``FILTER_FIRST``) are read at once, and filters that keep
very many (``COUNT_CAP``) leave it to the index; between the two, the index's newest candidates
are tried first — as many as cost about what reading the filtered items would — which fill a
page whenever the filters keep a fair share of the term's hits; when they do not (a filter that
keeps none of a common term's hits), the filtered items are read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from hezuo.accounts.access import Access
from hezuo.construction.models import Task
from hezuo.evidence.bigrams import Query
from hezuo.evidence.models import Evidence
from hezuo.evidence.search_index import ENTRY_TABLE, FTS_TABLE, TRIGRAM_TABLE

FILTER_FIRST = 1000  # filters keeping at most this many items are read at once
COUNT_CAP = 20_000  # filters keeping more items than this leave the way to the index
# Confirming one of the index's candidates costs about as much as reading this many filtered
# items (measured with benchmarks/bench_search.py: 16 µs and 1.7 µs at 100,000 items).
CANDIDATE_COST = 8
CANDIDATES_FIRST = 200  # the fewest of the index's newest candidates tried

Parameter = str | int | dt.date
ITEMS = Evidence._meta.db_table


@dataclass(frozen=True)
class SearchFilters:
    kind: str = ""
    year: int | None = None
    task: Task | None = None
    review_status: str = ""


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int = 0


@dataclass(frozen=True)
class Conditions:
    """SQL conditions on the items (``e``), the school's first, and their parameters."""

    sql: list[str]
    parameters: list[Parameter]

    @property
    def filtering(self) -> bool:
        return len(self.sql) > 1


def filter_conditions(access: Access, filters: SearchFilters) -> Conditions:
    sql = ["e.school_id = %s"]
    parameters: list[Parameter] = [access.school.pk]
    if filters.kind:
        sql.append("e.kind = %s")
        parameters.append(filters.kind)
    if filters.year is not None:
        sql.append("e.dated_on >= %s AND e.dated_on < %s")
        parameters += [dt.date(filters.year, 1, 1), dt.date(filters.year + 1, 1, 1)]
    if filters.task is not None:
        prefix = f"{filters.task.code}."
        sql.append("e.project_id = %s AND substr(e.code, 1, %s) = %s")
        parameters += [filters.task.project_id, len(prefix), prefix]
        if connection.vendor == "sqlite":
            # The same codes as a range of the (project, code) index in SQLite's binary order
            # ("/" follows "."), so the items under a task are found without reading the others.
            sql.append("e.code >= %s AND e.code < %s")
            parameters += [prefix, f"{prefix[:-1]}/"]
    if filters.review_status:
        sql.append("e.review_status = %s")
        parameters.append(filters.review_status)
    return Conditions(sql, parameters)


def _rows(statement: str, parameters: list[Parameter]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        return [row[0] for row in cursor.fetchall()]


def _count(statement: str, parameters: list[Parameter], cap: int) -> int:
    """The number of rows ``statement`` gives, counted no further than ``cap`` + 1."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM ({statement} LIMIT %s) counted", [*parameters, cap + 1]
        )
        (count,) = cursor.fetchone()
    return int(count)


def _candidates(query: Query) -> tuple[str, list[Parameter], str]:
    """The index's candidates as a statement of ids (newest first once ordered), its
    parameters, and the name of its id column."""
    if connection.vendor == "postgresql":
        return (
            f"SELECT evidence_id FROM {ENTRY_TABLE} WHERE tokens @@ to_tsquery('simple', %s)",
            [query.tsquery()],
            "evidence_id",
        )
    if query.long_terms:
        # Terms of 3+ characters through the trigram index, shorter ones through the bigrams.
        statement = f"SELECT rowid FROM {TRIGRAM_TABLE} WHERE {TRIGRAM_TABLE} MATCH %s"
        parameters: list[Parameter] = [query.trigram_match()]
        if query.short_terms:
            statement += f" AND rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
            parameters.append(query.fts5(query.short_terms))
        return statement, parameters, "rowid"
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query.fts5()], "rowid"


def _confirmed(query: Query, conditions: Conditions) -> tuple[list[str], list[Parameter]]:
    """The filters and, for each term, its occurrence in the entry's text."""
    contains = (
        "strpos(s.body, %s) > 0" if connection.vendor == "postgresql" else "instr(s.body, %s) > 0"
    )
    return (
        [*conditions.sql, *(contains for _ in query.terms)],
        [*conditions.parameters, *query.terms],
    )


def _by_index(
    query: Query, conditions: Conditions, page: Page, *, cap: int | None = None
) -> list[int]:
    """Walk the index's candidates (only the newest ``cap`` of them, when given). SQLite keeps
    the join in this order (its CROSS JOIN): given an index on a filter, its planner would
    rather walk the filtered items and search the index once for each."""
    candidates, parameters, column = _candidates(query)
    if cap is not None:
        candidates += f" ORDER BY {column} DESC LIMIT %s"
        parameters = [*parameters, cap]
    where, confirming = _confirmed(query, conditions)
    join = "JOIN" if connection.vendor == "postgresql" else "CROSS JOIN"
    statement = (
        f"SELECT e.id FROM ({candidates}) f {join} {ITEMS} e ON e.id = f.{column} "
        f"{join} {ENTRY_TABLE} s ON s.evidence_id = e.id WHERE {' AND '.join(where)} "
        # In the index's own order, so that it is walked newest first and stops at the page.
        f"ORDER BY f.{column} DESC LIMIT %s OFFSET %s"
    )
    return _rows(statement, [*parameters, *confirming, page.limit, page.offset])


def _by_filters(query: Query, conditions: Conditions, page: Page) -> list[int]:
    """Read the items the filters keep, each entry's text confirmed. Ordered by ``+e.id``, an
    expression, so that SQLite's planner reads them through the filters' index and sorts them,
    rather than walking every item of the school in the order of the school's index."""
    where, confirming = _confirmed(query, conditions)
    statement = (
        f"SELECT e.id FROM {ITEMS} e JOIN {ENTRY_TABLE} s ON s.evidence_id = e.id "
        f"WHERE {' AND '.join(where)} ORDER BY +e.id DESC LIMIT %s OFFSET %s"
    )
    return _rows(statement, [*confirming, page.limit, page.offset])


def search_ids(query: Query, conditions: Conditions, page: Page) -> list[int]:
    if not conditions.filtering:
        return _by_index(query, conditions, page)
    kept = f"SELECT 1 FROM {ITEMS} e WHERE {' AND '.join(conditions.sql)}"
    filtered = _count(kept, conditions.parameters, COUNT_CAP)
    if filtered <= FILTER_FIRST:
        return _by_filters(query, conditions, page)
    if filtered > COUNT_CAP:
        return _by_index(query, conditions, page)  # a broad filter: the index's way
    # The newest candidates, as many as cost about what reading the filtered items would: a
    # page fills from them whenever the filters keep a fair share of the term's hits.
    cap = max(CANDIDATES_FIRST, filtered // CANDIDATE_COST)
    found = _by_index(query, conditions, page, cap=cap)
    if len(found) == page.limit:
        return found
    candidates, parameters, _column = _candidates(query)
    if _count(candidates, parameters, cap) <= cap:
        return found  # every candidate was tried
    return _by_filters(query, conditions, page)
