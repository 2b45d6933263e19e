"""The SQLite side of backup and restore.

The dump is SQLite's online backup API (``sqlite3.Connection.backup``) run in one step: it copies
the live database's pages as one read transaction sees them, so the copy is consistent while the
site runs (in WAL mode readers do not stop writers, and writers do not disturb the copy). The
copy is switched to a rollback journal, so it is one self-contained file, and checked.

A restore writes the file beside the target and renames it into place only when every check has
passed; the target must not be a database yet (see ``is_empty``)."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from hezuo.cli.archive import ArchiveError
from hezuo.files.models import StoredFile


def database_path() -> Path:
    from django.db import connection

    return Path(str(connection.settings_dict["NAME"]))


def dump(source: Path, target: Path) -> None:
    if not source.is_file():
        raise ArchiveError(
            f"数据库文件不存在：{source}（没有可备份的内容）/ "
            f"there is no database at {source} (nothing to back up)"
        )
    with (
        closing(sqlite3.connect(source, timeout=20)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    check(target)


def check(path: Path) -> None:
    """The file is a SQLite database whose structure SQLite finds sound."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as database:
            outcome = database.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        outcome = str(error)
    if outcome != "ok":
        raise ArchiveError(f"数据库副本已损坏：{outcome} / the database copy is damaged: {outcome}")


def applied_migrations(path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as database:
        try:
            rows = database.execute("SELECT app, name FROM django_migrations").fetchall()
        except sqlite3.OperationalError:
            raise ArchiveError(
                "数据库尚未建立（没有 hezuo 的数据表）：没有可备份的内容 / the database has "
                "no hezuo tables yet: nothing to back up"
            ) from None
    return [(str(app), str(name)) for app, name in rows]


def referenced_blobs(path: Path) -> list[tuple[str, int]]:
    """(sha256, size) of every blob the stored-file rows of the dumped database refer to."""
    table = StoredFile._meta.db_table
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as database:
        rows = database.execute(
            f'SELECT sha256, MAX(size) FROM "{table}" GROUP BY sha256 ORDER BY sha256'
        ).fetchall()
    return [(str(sha256), int(size)) for sha256, size in rows]


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def is_empty(path: Path) -> bool:
    """The target can be restored into: no file, an empty file, or a database without a single
    table or view (what a connection leaves when it opened a database that was not there)."""
    if not path.exists():
        return not any(companion.exists() for companion in _companions(path)[:1])
    if path.stat().st_size == 0:
        return True
    try:
        with closing(sqlite3.connect(path, timeout=20)) as database:
            (count,) = database.execute(
                "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view')"
            ).fetchone()
    except sqlite3.DatabaseError:
        return False  # not a database we can read: never overwrite it
    return int(count) == 0


def install(staged: Path, target: Path) -> None:
    """Move the checked copy into place (the caller made sure the target is empty). The old
    file's journal and shared-memory files go first: SQLite would apply a leftover journal
    to the new file."""
    for companion in _companions(target):
        companion.unlink(missing_ok=True)
    with staged.open("rb") as handle:
        os.fsync(handle.fileno())
    staged.replace(target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
