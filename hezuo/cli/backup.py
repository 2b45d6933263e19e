"""`hezuo backup FILE`: the database and every stored file it refers to, in one archive
(hezuo/cli/archive.py describes it; decision 0015), while the site runs.

Consistency. The database is dumped first, in one consistent view: SQLite's online backup API
copies the pages one read transaction sees; pg_dump runs in a snapshot exported by hezuo's own
repeatable-read transaction. The blobs to include are then read from that same view — the
dumped SQLite file, or the exporting transaction — never from the live database, so the
archive holds exactly the blobs the dumped rows refer to. They still exist when they are
copied a moment later: a blob is written before its row (so a row in the dump means its blob
was there), blobs are never changed (their key is their content's hash), and blobs are only
removed by ``hezuo orphan_blobs --delete``, which removes none a row refers to — only one whose
row was deleted after the dump could go, if the cleanup ran during the backup; the backup then
fails naming it, and is run again. Rows written after the dump are simply not in this backup.

A blob is copied as it is read (from the folder, or from the bucket as it arrives), its
SHA-256 checked against its key on the way: a damaged blob fails the backup instead of
being kept. The archive is written under a temporary name beside FILE and renamed to FILE only
when complete, so FILE is never a half-written archive."""

from __future__ import annotations

import os
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO

from django.db import connection

from hezuo.cli import postgres_database, sqlite_database
from hezuo.cli.archive import (
    DATABASE_MEMBERS,
    ENGINE_NAMES,
    MANIFEST,
    ArchiveError,
    Blob,
    HashingReader,
    Manifest,
    Progress,
    check_archive_name,
    file_sha256,
    hezuo_version,
    is_compressed,
    listed,
    megabytes,
)
from hezuo.cli.migration_state import latest_migrations
from hezuo.files.inventory import store_entries
from hezuo.files.models import blob_key
from hezuo.files.storage import blob_open


def backup(target: Path, *, include_blobs: bool, allow_missing_blobs: bool) -> int:
    try:
        _backup(target, include_blobs=include_blobs, allow_missing_blobs=allow_missing_blobs)
    except ArchiveError as error:
        print(f"备份失败 / the backup failed: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # the store or the disk: named, not a traceback
        print(
            f"备份失败 / the backup failed: {type(error).__name__}: {error}\n"
            f"未写入 {target} / nothing was written to {target}",
            file=sys.stderr,
        )
        return 1
    return 0


def _backup(target: Path, *, include_blobs: bool, allow_missing_blobs: bool) -> None:
    check_archive_name(target)
    target = target.absolute()
    if not target.parent.is_dir():
        raise ArchiveError(
            f"文件夹不存在：{target.parent} / the folder {target.parent} does not exist"
        )
    engine = connection.vendor
    if engine not in DATABASE_MEMBERS:
        raise ArchiveError(f"不支持的数据库 / unsupported database: {engine}")
    created_at = datetime.now(UTC)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".hezuo-backup-") as work:
        dumped = Path(work) / DATABASE_MEMBERS[engine]
        print(f"数据库 / database ({ENGINE_NAMES[engine]}) …", flush=True)
        server_major = tool_major = None
        if engine == "sqlite":
            sqlite_database.dump(sqlite_database.database_path(), dumped)
            applied = sqlite_database.applied_migrations(dumped)
            referenced = sqlite_database.referenced_blobs(dumped)
        else:
            snapshot, server_major, tool_major = postgres_database.dump(dumped)
            applied, referenced = snapshot.applied, snapshot.blobs
        dump_size = dumped.stat().st_size
        print(f"  {megabytes(dump_size)}", flush=True)
        blobs = [
            Blob(key=blob_key(sha256), sha256=sha256, size=size) for sha256, size in referenced
        ]
        print(f"检查文件存储 / checking the file store ({len(blobs)} 个文件 / files) …", flush=True)
        missing = _missing_from_store(blobs)
        if missing and not allow_missing_blobs:
            raise ArchiveError(_missing_message(missing))
        manifest = Manifest(
            hezuo_version=hezuo_version(),
            created_at=created_at.isoformat(timespec="seconds"),
            engine=engine,
            database_sha256=file_sha256(dumped),
            database_size=dump_size,
            migrations=latest_migrations(applied),
            blobs_included=include_blobs,
            blobs=blobs,
            missing_blobs=missing,
            server_major=server_major,
            dump_tool_major=tool_major,
        )
        absent = set(missing)
        included = [blob for blob in blobs if blob.key not in absent] if include_blobs else []
        with _archive_at(target) as tar:
            mtime = created_at.timestamp()
            described = manifest.to_json()
            _add(tar, MANIFEST, BytesIO(described), len(described), mtime)
            with dumped.open("rb") as handle:
                _add(tar, manifest.database_member, handle, dump_size, mtime)
            progress = Progress("文件 / files", len(included))
            for blob in included:
                _add_blob(tar, blob, mtime)
                progress.step(blob.size)
    _report(target, manifest)


def _missing_from_store(blobs: list[Blob]) -> list[str]:
    """The keys the store does not have; a blob whose size differs from its row's is damaged
    and stops the backup."""
    wanted = {blob.key: blob for blob in blobs}
    found: set[str] = set()
    for entry in store_entries():
        blob = wanted.get(entry.key)
        if blob is None:
            continue
        if entry.size != blob.size:
            raise ArchiveError(
                f"文件存储中的文件已损坏（大小 {entry.size}，应为 {blob.size}）：{entry.key} / "
                f"a stored file is damaged (size {entry.size}, recorded {blob.size}): {entry.key}"
            )
        found.add(entry.key)
    return sorted(set(wanted) - found)


def _missing_message(missing: list[str]) -> str:
    return (
        f"数据库引用的 {len(missing)} 个文件不在文件存储中 / {len(missing)} files the database "
        f"refers to are missing from the file store:\n{listed(missing)}\n"
        "未写入备份。如仍要备份（清单会列出缺失的文件），请加 --allow-missing-blobs / "
        "no archive was written; to back up without them (the manifest lists them), add "
        "--allow-missing-blobs"
    )


@contextmanager
def _archive_at(target: Path) -> Iterator[tarfile.TarFile]:
    """A tar archive written under a temporary name beside ``target`` (readable by its owner
    only: it holds every record), renamed to ``target`` once complete and on disk."""
    descriptor, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            if is_compressed(target):
                with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                    yield tar
            else:
                with tarfile.open(fileobj=raw, mode="w") as tar:
                    yield tar
            raw.flush()
            os.fsync(raw.fileno())
        temporary.replace(target)
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    finally:
        temporary.unlink(missing_ok=True)


def _add(tar: tarfile.TarFile, name: str, stream: IO[bytes], size: int, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    tar.addfile(info, stream)


def _add_blob(tar: tarfile.TarFile, blob: Blob, mtime: float) -> None:
    try:
        with blob_open(blob.key) as stream:
            reader = HashingReader(stream)
            _add(tar, blob.key, reader, blob.size, mtime)  # type: ignore[arg-type]
    except FileNotFoundError:
        raise ArchiveError(
            f"文件在备份过程中被删除：{blob.key}（是否同时运行了 hezuo orphan_blobs --delete？）"
            "请重新备份 / a file was removed while the backup ran (was hezuo orphan_blobs "
            f"--delete running?): {blob.key}; run the backup again"
        ) from None
    except OSError as error:
        if "unexpected end of data" not in str(error):
            raise
        raise ArchiveError(
            f"文件存储中的文件比记录的短（已损坏）：{blob.key} / a stored file is shorter than "
            f"recorded (damaged): {blob.key}"
        ) from None
    if reader.digest.hexdigest() != blob.sha256:
        raise ArchiveError(
            f"文件存储中的文件内容与其 SHA-256 不符（已损坏）：{blob.key} / a stored file's bytes "
            f"do not match its SHA-256 (damaged): {blob.key}"
        )


def _report(target: Path, manifest: Manifest) -> None:
    size = target.stat().st_size
    print(
        f"备份完成 / backup complete: {target} ({megabytes(size)})\n"
        f"  数据库 / database: {ENGINE_NAMES[manifest.engine]}, "
        f"{megabytes(manifest.database_size)}\n"
        f"  文件 / files: {len(manifest.blobs)} ({megabytes(manifest.blobs_size)})"
    )
    if not manifest.blobs_included:
        print(
            "  文件未写入备份（--no-blobs），清单列出了它们；请另行备份文件存储 / the files' bytes "
            "are not in the archive (--no-blobs), the manifest lists them: back the file store "
            "up on its own"
        )
    elif manifest.missing_blobs:
        print(
            f"  缺失 {len(manifest.missing_blobs)} 个文件，已记入清单 / "
            f"{len(manifest.missing_blobs)} missing files are listed in the manifest"
        )
