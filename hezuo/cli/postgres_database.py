"""The PostgreSQL side of backup and restore: pg_dump and pg_restore with Django's connection
settings (host, port, user, database; the password in ``PGPASSWORD`` and the SSL options in
``PGSSLMODE`` … — never on a command line, which other users of the machine can read).

A dump runs in a snapshot hezuo exports from a repeatable-read transaction: the migration state
and the blobs the backup records are read in that same transaction, so they describe exactly
the database pg_dump writes, while the site goes on writing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.backends.postgresql.client import DatabaseClient

from hezuo.cli.archive import ArchiveError
from hezuo.files.models import StoredFile

# libpq's parameters (in DATABASE_URL's query, hence OPTIONS) that Django's client helper does
# not pass on, and their environment variables.
_MORE_ENVIRONMENT = {
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "sslcrl": "PGSSLCRL",
    "sslnegotiation": "PGSSLNEGOTIATION",
    "gssencmode": "PGGSSENCMODE",
    "channel_binding": "PGCHANNELBINDING",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
}
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


def _settings() -> dict[str, Any]:
    return dict(connection.settings_dict)


def _connection_arguments(settings: dict[str, Any]) -> list[str]:
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments.append(f"{option}={settings[key]}")
    arguments.append(f"--dbname={settings['NAME']}")
    return arguments


def _environment(settings: dict[str, Any]) -> dict[str, str]:
    _arguments, secrets = DatabaseClient.settings_to_cmd_args_env(settings, [])
    environment = {**os.environ, **(secrets or {})}
    options = settings.get("OPTIONS") or {}
    for option, variable in _MORE_ENVIRONMENT.items():
        if options.get(option):
            environment[variable] = str(options[option])
    return environment


def _tool(name: str) -> tuple[str, int]:
    """The program's path and major version; an error naming the package when it is missing."""
    path = shutil.which(name)
    if path is None:
        raise ArchiveError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt install postgresql-client）/ "
            f"{name} was not found: install the PostgreSQL client tools "
            "(Debian: apt install postgresql-client)"
        )
    output = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    match = _VERSION.search(output)
    if match is None:
        raise ArchiveError(f"无法读取 {name} 的版本 / cannot read {name}'s version: {output!r}")
    return path, int(match.group(1))


def server_major() -> int:
    connection.ensure_connection()
    version = connection.pg_version  # type: ignore[attr-defined]  # e.g. 150020
    return int(version) // 10000


@dataclass(frozen=True)
class Snapshot:
    applied: list[tuple[str, str]]
    blobs: list[tuple[str, int]]


@contextmanager
def _exported_snapshot() -> Iterator[tuple[str, Snapshot]]:
    """A repeatable-read transaction held open: its snapshot's name for pg_dump, and what the
    backup records about the database, read in that snapshot."""
    table = connection.ops.quote_name(StoredFile._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (name,) = cursor.fetchone()
        try:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = [(str(app), str(migration)) for app, migration in cursor.fetchall()]
            cursor.execute(f"SELECT sha256, MAX(size) FROM {table} GROUP BY sha256 ORDER BY sha256")
            blobs = [(str(sha256), int(size)) for sha256, size in cursor.fetchall()]
        except DatabaseError as error:  # no such table: the database was never migrated
            raise ArchiveError(
                "数据库尚未建立（没有 hezuo 的数据表）：没有可备份的内容 / the database has "
                f"no hezuo tables yet: nothing to back up ({error})"
            ) from None
        yield str(name), Snapshot(applied=applied, blobs=blobs)


def dump(target: Path) -> tuple[Snapshot, int, int]:
    """pg_dump of the configured database into ``target``; what the snapshot holds, the
    server's major version and pg_dump's."""
    pg_dump, tool_major = _tool("pg_dump")
    server = server_major()
    if tool_major < server:
        raise ArchiveError(
            f"pg_dump 的版本（{tool_major}）低于数据库服务器（PostgreSQL {server}），不能备份："
            f"请安装 postgresql-client-{server} / pg_dump {tool_major} cannot dump a PostgreSQL "
            f"{server} server: install the client tools of version {server} or later "
            f"(Debian: postgresql-client-{server})"
        )
    settings = _settings()
    with _exported_snapshot() as (snapshot_name, snapshot):
        finished = subprocess.run(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot_name}",
                f"--file={target}",
                *_connection_arguments(settings),
            ],
            env=_environment(settings),
            capture_output=True,
            text=True,
        )
    if finished.returncode != 0:
        raise ArchiveError(
            f"pg_dump 失败 / pg_dump failed (status {finished.returncode}):\n"
            f"{finished.stderr.strip()}"
        )
    return snapshot, server, tool_major


def check(path: Path, dump_tool_major: int | None) -> None:
    """pg_restore can read the dump (it lists its contents; nothing is written)."""
    pg_restore = _restore_tool(dump_tool_major)
    finished = subprocess.run(
        [pg_restore, "--list", str(path)], capture_output=True, text=True, env=dict(os.environ)
    )
    if finished.returncode != 0:
        raise ArchiveError(
            f"数据库转储无法读取 / the database dump cannot be read:\n{finished.stderr.strip()}"
        )


def _restore_tool(dump_tool_major: int | None) -> str:
    pg_restore, tool_major = _tool("pg_restore")
    if dump_tool_major is not None and tool_major < dump_tool_major:
        raise ArchiveError(
            f"备份由 pg_dump {dump_tool_major} 生成，pg_restore {tool_major} 不能读取："
            f"请安装 postgresql-client-{dump_tool_major} / the dump was made by pg_dump "
            f"{dump_tool_major}, which pg_restore {tool_major} cannot read: install the client "
            f"tools of version {dump_tool_major} or later"
        )
    return pg_restore


def is_empty() -> bool:
    """The configured database can be restored into: it holds no table, view or sequence
    outside PostgreSQL's own schemas (a database just made by CREATE DATABASE)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM pg_catalog.pg_class AS c
            JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND n.nspname <> 'information_schema'
              AND n.nspname NOT LIKE 'pg\\_%'
            """
        )
        (count,) = cursor.fetchone()
    return int(count) == 0


def restore(path: Path, *, dump_tool_major: int | None, source_server_major: int | None) -> None:
    """pg_restore into the configured (empty) database, all or nothing."""
    pg_restore = _restore_tool(dump_tool_major)
    server = server_major()
    if source_server_major is not None and server < source_server_major:
        raise ArchiveError(
            f"备份来自 PostgreSQL {source_server_major}，不能恢复到较旧的 PostgreSQL {server} / "
            f"the archive comes from PostgreSQL {source_server_major} and cannot be restored "
            f"into the older PostgreSQL {server}"
        )
    settings = _settings()
    connection.close()  # pg_restore works in a session of its own
    finished = subprocess.run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *_connection_arguments(settings),
            str(path),
        ],
        env=_environment(settings),
        capture_output=True,
        text=True,
    )
    if finished.returncode != 0:
        raise ArchiveError(
            "pg_restore 失败，数据库未作改动 / pg_restore failed, the database was left as it "
            f"was (status {finished.returncode}):\n{finished.stderr.strip()}"
        )
