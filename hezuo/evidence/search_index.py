"""The evidence search index. Each item has a SearchEntry (its normalised text) and bigram
tokens in a vendor index: an FTS5 table on SQLite (plus a trigram FTS5 table over the entries'
text for longer terms), a tsvector column with a GIN index on PostgreSQL (migrations 0003 and
0004). Items are re-indexed whenever they or their files
change (see signals.py); searching is selectors.evidence_search."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from hezuo.evidence.bigrams import distinct_tokens, normalize, tokens
from hezuo.evidence.models import Evidence, EvidenceFile, SearchEntry

FTS_TABLE = "evidence_search"
TRIGRAM_TABLE = "evidence_search_trigram"
ENTRY_TABLE = SearchEntry._meta.db_table

SQLITE_SCHEMA = [
    # Prefix indexes for one-character queries: a character spells as 2 letters (ASCII) or
    # 6 (Chinese).
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
    "USING fts5(tokens, tokenize='ascii', prefix='2 6')",
]
POSTGRESQL_SCHEMA = [
    f"ALTER TABLE {ENTRY_TABLE} ADD COLUMN IF NOT EXISTS tokens tsvector",
    f"CREATE INDEX IF NOT EXISTS {ENTRY_TABLE}_tokens ON {ENTRY_TABLE} USING gin (tokens)",
]
SQLITE_TEARDOWN = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]
# Terms of three characters or more are found faster through trigrams (measured: 6-character
# phrases p95 7 ms → 3 ms at 100,000 items); SQLite's trigram tokenizer finds nothing shorter,
# which the bigram table serves. It indexes the entries' own text (external content).
SQLITE_TRIGRAM_SCHEMA = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAM_TABLE} USING fts5(body, tokenize='trigram', "
    f"content='{ENTRY_TABLE}', content_rowid='evidence_id')",
    f"INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}) VALUES ('rebuild')",
]
SQLITE_TRIGRAM_TEARDOWN = [f"DROP TABLE IF EXISTS {TRIGRAM_TABLE}"]
POSTGRESQL_TEARDOWN = [
    f"DROP INDEX IF EXISTS {ENTRY_TABLE}_tokens",
    f"ALTER TABLE {ENTRY_TABLE} DROP COLUMN IF EXISTS tokens",
]


def search_text(code: str, title: str, description: str, file_texts: Iterable[str]) -> str:
    """What is searched for one item: its code, title and description and its files' words."""
    return "\n".join(part for part in (code, title, description, *file_texts) if part)


def index_evidence(ids: Iterable[int]) -> None:
    """Recompute these items' search text and replace their index entries."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    file_texts: dict[int, list[str]] = {pk: [] for pk in wanted}
    for evidence_id, text in (
        EvidenceFile.objects.filter(evidence_id__in=wanted)
        .order_by("evidence_id", "position")
        .values_list("evidence_id", "stored_file__text")
    ):
        if text:
            file_texts[evidence_id].append(text)
    rows = []
    for pk, code, title, description in Evidence.objects.filter(pk__in=wanted).values_list(
        "pk", "code", "title", "description"
    ):
        text = search_text(code, title, description, file_texts[pk])
        Evidence.objects.filter(pk=pk).update(search_text=text)
        rows.append((pk, text))
    write_entries(rows, replace=wanted)


def write_entries(rows: Sequence[tuple[int, str]], *, replace: Iterable[int] = ()) -> None:
    """Put (evidence id, text) rows in the index, first removing the ids in ``replace``."""
    unindex(replace)
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"INSERT INTO {ENTRY_TABLE} (evidence_id, body, tokens) "
                "VALUES (%s, %s, array_to_tsvector(%s::text[]))",
                [(pk, normalize(text), distinct_tokens(text)) for pk, text in rows],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {ENTRY_TABLE} (evidence_id, body) VALUES (%s, %s)",
                [(pk, normalize(text)) for pk, text in rows],
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, tokens) VALUES (%s, %s)",
                [(pk, tokens(text)) for pk, text in rows],
            )
            cursor.executemany(
                f"INSERT INTO {TRIGRAM_TABLE} (rowid, body) VALUES (%s, %s)",
                [(pk, normalize(text)) for pk, text in rows],
            )


def unindex(ids: Iterable[int]) -> None:
    gone = list(ids)
    with connection.cursor() as cursor:
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            if connection.vendor != "postgresql":
                # An external-content index forgets a row by being told the text it indexed.
                cursor.execute(
                    f"INSERT INTO {TRIGRAM_TABLE} ({TRIGRAM_TABLE}, rowid, body) "
                    f"SELECT 'delete', evidence_id, body FROM {ENTRY_TABLE} "
                    f"WHERE evidence_id IN ({marks})",
                    chunk,
                )
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM {ENTRY_TABLE} WHERE evidence_id IN ({marks})", chunk)


def prune_stale() -> None:
    """Drop index rows whose entry is gone (after a bulk delete or a test database flush)."""
    tables = connection.introspection.table_names()
    if connection.vendor == "postgresql" or FTS_TABLE not in tables:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT evidence_id FROM {ENTRY_TABLE})"
        )
        if TRIGRAM_TABLE in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {ENTRY_TABLE})")
            if not cursor.fetchone()[0]:  # emptied behind the index's back: cheap to rebuild
                cursor.execute(f"INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}) VALUES ('rebuild')")
