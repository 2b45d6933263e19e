"""`hezuo restore FILE`: an archive of `hezuo backup` brought back into a new, empty
installation (decision 0015).

The target must be empty — SQLite: no database file, or one without a single table;
PostgreSQL: a database without a single table, view or sequence (as CREATE DATABASE makes it) —
and of the archive's engine; an archive whose migrations this code does not know (made by a
newer hezuo) is refused. Nothing is written until the whole archive has been read and checked:
the dump's SHA-256 and readability, every blob's SHA-256 and size, nothing missing, nothing
unexpected. Then the blobs are put into the configured store (each checked again as it is
written) and the database is written last, all at once: the SQLite file renamed into place,
or pg_restore in a single transaction. A failure before that leaves the database as it was
(empty); blobs already put are content-addressed, harmless, and reused by the next attempt.

An archive made with --no-blobs holds the manifest only: the configured store must already
hold every blob it lists (the bucket's own backup), which is checked by size and SHA-256 before
anything is written."""

from __future__ import annotations

import sys
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.db import connection

from hezuo.cli import postgres_database, sqlite_database
from hezuo.cli.archive import (
    CHUNK,
    ENGINE_NAMES,
    MANIFEST,
    ArchiveError,
    Blob,
    HashingReader,
    Manifest,
    Progress,
    hezuo_version,
    listed,
    megabytes,
)
from hezuo.cli.migration_state import compare_with_code
from hezuo.files.inventory import store_entries
from hezuo.files.storage import blob_open, blob_put_file

_DAMAGED = (tarfile.TarError, EOFError, zlib.error)


def restore(source: Path, *, verify_only: bool, allow_missing_blobs: bool) -> int:
    try:
        _restore(source, verify_only=verify_only, allow_missing_blobs=allow_missing_blobs)
    except ArchiveError as error:
        print(f"恢复失败 / the restore failed: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # the store, the disk: named, not a traceback
        print(f"恢复失败 / the restore failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


def _restore(source: Path, *, verify_only: bool, allow_missing_blobs: bool) -> None:
    if not source.is_file():
        raise ArchiveError(f"找不到备份文件：{source} / there is no backup file at {source}")
    manifest = _read_manifest(source)
    _describe(source, manifest)
    staging = None
    if not verify_only:
        _check_target(manifest)
        if manifest.engine == "sqlite":  # beside the target, to be renamed into place
            staging = sqlite_database.database_path().parent
            staging.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging, prefix=".hezuo-restore-") as work:
        staged = Path(work) / manifest.database_member
        print("检查备份 / checking the archive …", flush=True)
        _check_archive(source, manifest, staged)
        unusable = set(manifest.missing_blobs)
        if not manifest.blobs_included:
            print("检查文件存储 / checking the file store …", flush=True)
            unusable |= set(_check_store(manifest.blobs))
        if unusable and not allow_missing_blobs:
            raise ArchiveError(_unusable_message(sorted(unusable)))
        if verify_only:
            print("备份完好 / the archive is sound.")
            return
        expected = _expected_blobs(manifest)
        put = Progress("放入文件存储 / into the file store", len(expected))
        try:
            if expected:
                _put_blobs(source, expected, Path(work), put)
            print("写入数据库 / writing the database …", flush=True)
            if manifest.engine == "sqlite":
                sqlite_database.install(staged, sqlite_database.database_path())
            else:
                postgres_database.restore(
                    staged,
                    dump_tool_major=manifest.dump_tool_major,
                    source_server_major=manifest.server_major,
                )
        except Exception as error:
            problem = (
                error if isinstance(error, ArchiveError) else f"{type(error).__name__}: {error}"
            )
            raise ArchiveError(
                f"{problem}\n数据库未写入。已放入文件存储的 {put.done} 个文件按内容寻址，不影响"
                "重试：排除问题后重新运行恢复 / the database was not written. The "
                f"{put.done} files already put into the store are content-addressed and do no "
                "harm: fix the problem and run the restore again"
            ) from error
    if unusable:
        print(
            f"已恢复，但缺少 {len(unusable)} 个文件（--allow-missing-blobs）：它们不能下载，汇编"
            f"中以占位页代替 / restored without {len(unusable)} files (--allow-missing-blobs): "
            f"they cannot be downloaded, and binders show a placeholder page for them:\n"
            f"{listed(sorted(unusable))}"
        )
    _next_steps(manifest)


@contextmanager
def _members(source: Path) -> Iterator[Iterator[tuple[tarfile.TarInfo, IO[bytes]]]]:
    """The archive's members in order, each with its bytes (read once, as they come)."""
    try:
        with tarfile.open(source, mode="r|*") as tar:

            def members() -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
                for member in tar:
                    data = tar.extractfile(member) if member.isfile() else None
                    if data is None:
                        raise ArchiveError(
                            f"备份中有意外的条目：{member.name} / unexpected entry in the "
                            f"archive: {member.name}"
                        )
                    yield member, data

            yield members()
    except _DAMAGED as error:
        raise ArchiveError(
            f"备份文件已损坏或不完整 / the archive is damaged or incomplete: {error}"
        ) from None


def _read_manifest(source: Path) -> Manifest:
    with _members(source) as members:
        for member, data in members:
            if member.name != MANIFEST:
                break
            return Manifest.from_json(data.read())
    raise ArchiveError(
        f"这不是 hezuo 的备份文件（开头没有 {MANIFEST}）/ this is not a hezuo backup "
        f"(it does not begin with {MANIFEST})"
    )


def _describe(source: Path, manifest: Manifest) -> None:
    print(
        f"备份 / archive: {source}\n"
        f"  生成于 / made at {manifest.created_at} by hezuo {manifest.hezuo_version}\n"
        f"  数据库 / database: {ENGINE_NAMES[manifest.engine]}, "
        f"{megabytes(manifest.database_size)}\n"
        f"  文件 / files: {len(manifest.blobs)} ({megabytes(manifest.blobs_size)})"
        + ("" if manifest.blobs_included else "，仅清单 / manifest only"),
        flush=True,
    )


def _check_target(manifest: Manifest) -> None:
    engine = connection.vendor
    if engine != manifest.engine:
        raise ArchiveError(
            f"备份中是 {ENGINE_NAMES[manifest.engine]} 数据库，本安装使用 "
            f"{ENGINE_NAMES.get(engine, engine)}：不能跨数据库恢复 / the archive holds a "
            f"{ENGINE_NAMES[manifest.engine]} database and this installation uses "
            f"{ENGINE_NAMES.get(engine, engine)}: restoring across engines is not supported"
        )
    comparison = compare_with_code(manifest.migrations)
    if comparison.unknown:
        names = ", ".join(comparison.unknown)
        raise ArchiveError(
            f"备份由较新的 hezuo {manifest.hezuo_version} 生成（本机为 {hezuo_version()}），"
            f"含本版本没有的迁移：{names}。请先把 hezuo 升级到 {manifest.hezuo_version} "
            f"或更高 / the archive was made by a newer hezuo ({manifest.hezuo_version}; this is "
            f"{hezuo_version()}) and has migrations this code does not know: {names}. Upgrade "
            f"hezuo to {manifest.hezuo_version} or later first"
        )
    if engine == "sqlite":
        path = sqlite_database.database_path()
        if not sqlite_database.is_empty(path):
            raise ArchiveError(
                f"目标数据库不是空的：{path} 已有数据。恢复只写入新的空安装：请先把该文件移走，或"
                f"让 HEZUO_VAR_DIR / DATABASE_URL 指向新位置 / the target database is not empty: "
                f"{path} already holds data. A restore only writes into a new, empty "
                "installation: move that file away first, or point HEZUO_VAR_DIR / "
                "DATABASE_URL elsewhere"
            )
    elif not postgres_database.is_empty():
        name = connection.settings_dict["NAME"]
        raise ArchiveError(
            f"目标数据库 {name} 不是空的（已有数据表）。恢复只写入新建的空数据库：请用 createdb "
            f"新建一个并让 DATABASE_URL 指向它 / the target database {name} is not empty (it "
            "has tables). A restore only writes into a newly created, empty database: make "
            "one with createdb and point DATABASE_URL at it"
        )


def _check_archive(source: Path, manifest: Manifest, staged: Path) -> None:
    """Read the whole archive: the dump into ``staged``, every blob hashed (and dropped)."""
    expected = _expected_blobs(manifest)
    seen: set[str] = set()
    database_seen = False
    with _members(source) as members:
        for member, data in members:
            if member.name == MANIFEST and not seen and not database_seen:
                continue
            if member.name == manifest.database_member and not database_seen:
                database_seen = True
                with staged.open("wb") as copy:
                    reader = _read_through(data, copy)
                if (reader.digest.hexdigest(), reader.size) != (
                    manifest.database_sha256,
                    manifest.database_size,
                ):
                    raise ArchiveError(
                        "数据库转储与清单不符（备份已损坏）/ the database dump does not match "
                        "the manifest (the archive is damaged)"
                    )
                continue
            blob = expected.get(member.name)
            if blob is None or member.name in seen:
                raise ArchiveError(
                    f"备份中有意外的条目：{member.name} / unexpected entry in the archive: "
                    f"{member.name}"
                )
            _verify_blob(blob, data)
            seen.add(blob.key)
    if not database_seen:
        raise ArchiveError("备份中没有数据库 / the archive holds no database")
    absent = sorted(set(expected) - seen)
    if absent:
        raise ArchiveError(
            f"备份不完整，缺少 {len(absent)} 个文件（如 {absent[0]}）/ the archive is incomplete: "
            f"{len(absent)} files are missing (e.g. {absent[0]})"
        )
    if manifest.engine == "sqlite":
        sqlite_database.check(staged)
    else:
        postgres_database.check(staged, manifest.dump_tool_major)


def _expected_blobs(manifest: Manifest) -> dict[str, Blob]:
    if not manifest.blobs_included:
        return {}
    absent = set(manifest.missing_blobs)
    return {blob.key: blob for blob in manifest.blobs if blob.key not in absent}


def _read_through(data: IO[bytes], copy: IO[bytes] | None = None) -> HashingReader:
    """Read ``data`` to its end (into ``copy`` if given), hashing and counting it."""
    reader = HashingReader(data)
    while chunk := reader.read(CHUNK):
        if copy is not None:
            copy.write(chunk)
    return reader


def _verify_blob(blob: Blob, data: IO[bytes], copy: IO[bytes] | None = None) -> None:
    reader = _read_through(data, copy)
    if (reader.digest.hexdigest(), reader.size) != (blob.sha256, blob.size):
        raise ArchiveError(
            f"文件内容与清单不符（备份已损坏）：{blob.key} / a file's bytes do not match the "
            f"manifest (the archive is damaged): {blob.key}"
        )


def _put_blobs(source: Path, expected: dict[str, Blob], work: Path, progress: Progress) -> None:
    """Each blob of the archive into the configured store, checked again on the way."""
    staged = work / "blob"
    with _members(source) as members:
        for member, data in members:
            blob = expected.get(member.name)
            if blob is None:
                continue
            with staged.open("wb") as copy:
                _verify_blob(blob, data, copy)
            blob_put_file(blob.key, staged)
            staged.unlink()
            progress.step(blob.size)


def _check_store(blobs: list[Blob]) -> list[str]:
    """The listed blobs the configured store lacks or holds with other bytes."""
    wanted = {blob.key: blob for blob in blobs}
    sizes = {entry.key: entry.size for entry in store_entries() if entry.key in wanted}
    unusable = []
    progress = Progress("检查 / checked", len(blobs))
    for blob in blobs:
        if sizes.get(blob.key) != blob.size:
            unusable.append(blob.key)
        else:
            try:
                with blob_open(blob.key) as stream:
                    _verify_blob(blob, stream)
            except (ArchiveError, FileNotFoundError):
                unusable.append(blob.key)
        progress.step(blob.size)
    return unusable


def _unusable_message(keys: list[str]) -> str:
    return (
        f"{len(keys)} 个文件缺失或已损坏 / {len(keys)} files are missing or damaged:\n"
        f"{listed(keys)}\n"
        "未写入任何内容。请先把它们放回文件存储（例如从存储桶的版本或备份中恢复）；若接受缺失，"
        "加 --allow-missing-blobs 恢复其余内容 / nothing was written. Put them back into the "
        "file store first (e.g. from the bucket's versions or backup); to restore the rest "
        "without them, add --allow-missing-blobs"
    )


def _next_steps(manifest: Manifest) -> None:
    behind = compare_with_code(manifest.migrations).behind
    print("恢复完成 / restore complete.")
    if behind:
        print(
            f"备份的数据库比本版本旧（待迁移：{', '.join(behind)}）：下一步运行 hezuo upgrade / "
            f"the archive's database is older than this code (migrations to apply in: "
            f"{', '.join(behind)}): run hezuo upgrade next"
        )
    else:
        print(
            "下一步运行 hezuo upgrade（静态文件、翻译、文件存储检查）/ next, run hezuo upgrade "
            "(static files, translations, the file store check)"
        )
