"""The backup archive (decision 0015): a tar file, gzip-compressed when its name ends in
``.tar.gz`` or ``.tgz``, holding in this order

    manifest.json                  what the archive holds (below), first so it is read first
    database.sqlite3 | database.pgdump   the database: a SQLite file, or pg_dump's custom format
    blobs/ab/cd/<sha256> …         the stored files' bytes under their storage keys (absent when
                                   the backup was made with --no-blobs)

The manifest names the hezuo version, the time, the database engine (and PostgreSQL's and
pg_dump's major versions), the latest migration of each app, the dump's SHA-256 and size, and
every blob the dumped database refers to with its SHA-256 and size. Member names are never used
as paths: a blob is looked up by the key ``blob_key()`` makes of a hash the manifest lists."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

from hezuo.files.models import blob_key

FORMAT = "hezuo-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1024 * 1024


def hezuo_version() -> str:
    try:
        return version("hezuo")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without install
        return "unknown"


class ArchiveError(Exception):
    """A backup or restore that cannot go on; the message is bilingual ("中文 / English")."""


def is_compressed(path: Path) -> bool:
    return path.name.endswith((".tar.gz", ".tgz"))


def check_archive_name(path: Path) -> None:
    if not (path.name.endswith(".tar") or is_compressed(path)):
        raise ArchiveError(
            f"备份文件名须以 .tar 或 .tar.gz 结尾：{path} / "
            f"the backup file's name must end in .tar or .tar.gz: {path}"
        )


@dataclass(frozen=True)
class Blob:
    key: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    hezuo_version: str
    created_at: str
    engine: str
    database_sha256: str
    database_size: int
    migrations: dict[str, str]
    blobs_included: bool
    blobs: list[Blob]
    missing_blobs: list[str]  # referenced by the database but absent from the store
    server_major: int | None = None  # PostgreSQL only
    dump_tool_major: int | None = None  # pg_dump's, PostgreSQL only

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.engine]

    @property
    def blobs_size(self) -> int:
        return sum(blob.size for blob in self.blobs)

    def to_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "hezuo_version": self.hezuo_version,
            "created_at": self.created_at,
            "database": {
                "engine": self.engine,
                "member": self.database_member,
                "sha256": self.database_sha256,
                "size": self.database_size,
                "server_major": self.server_major,
                "pg_dump_major": self.dump_tool_major,
            },
            "migrations": self.migrations,
            "blobs": {
                "included": self.blobs_included,
                "count": len(self.blobs),
                "size": self.blobs_size,
                "missing": self.missing_blobs,
                "items": [
                    {"key": blob.key, "sha256": blob.sha256, "size": blob.size}
                    for blob in self.blobs
                ],
            },
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            document = json.loads(data)
            if document.get("format") != FORMAT:
                raise ValueError("format")
            if document.get("format_version") != FORMAT_VERSION:
                raise ArchiveError(
                    f"备份格式版本 {document.get('format_version')} 由较新的 hezuo "
                    f"{document.get('hezuo_version')} 生成，本版本不能读取 / the archive's format "
                    f"({document.get('format_version')}) was made by a newer hezuo "
                    f"({document.get('hezuo_version')}); upgrade hezuo to restore it"
                )
            database, blobs = document["database"], document["blobs"]
            manifest = cls(
                hezuo_version=str(document["hezuo_version"]),
                created_at=str(document["created_at"]),
                engine=str(database["engine"]),
                database_sha256=str(database["sha256"]),
                database_size=int(database["size"]),
                server_major=_optional_int(database.get("server_major")),
                dump_tool_major=_optional_int(database.get("pg_dump_major")),
                migrations={str(app): str(name) for app, name in document["migrations"].items()},
                blobs_included=bool(blobs["included"]),
                blobs=[
                    Blob(key=str(item["key"]), sha256=str(item["sha256"]), size=int(item["size"]))
                    for item in blobs["items"]
                ],
                missing_blobs=[str(key) for key in blobs["missing"]],
            )
        except ArchiveError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ArchiveError(
                "这不是 hezuo 的备份文件（清单无法读取）/ "
                "this is not a hezuo backup (its manifest cannot be read)"
            ) from None
        if manifest.engine not in DATABASE_MEMBERS or not _SHA256.match(manifest.database_sha256):
            raise ArchiveError("备份清单有误 / the archive's manifest is invalid")
        for blob in manifest.blobs:
            if not _SHA256.match(blob.sha256) or blob.key != blob_key(blob.sha256):
                raise ArchiveError(
                    f"备份清单中的文件键有误：{blob.key} / the manifest lists an invalid key"
                )
        return manifest


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


class HashingReader:
    """A stream that hashes and counts what is read through it (tarfile reads blobs from it)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def listed(keys: list[str], *, at_most: int = 20) -> str:
    """Keys one per line, indented, the first ``at_most`` of them."""
    shown = "\n".join(f"  {key}" for key in keys[:at_most])
    return shown + (f"\n  … (+{len(keys) - at_most})" if len(keys) > at_most else "")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


class Progress:
    """Prints "label: done/total" at each tenth of the way (a log line, not a bar: backups
    run from cron and their output is mailed or kept)."""

    def __init__(self, label: str, total: int) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.size = 0
        self._shown = 0

    def step(self, size: int) -> None:
        self.done += 1
        self.size += size
        tenth = self.done * 10 // max(self.total, 1)
        if tenth > self._shown or self.done == self.total:
            self._shown = tenth
            print(f"  {self.label}: {self.done}/{self.total} ({megabytes(self.size)})", flush=True)
