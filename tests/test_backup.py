"""`hezuo backup`, `hezuo restore` and `hezuo orphan_blobs` as a school's IT department runs them:
each in a process of its own, on installations of their own — a SQLite file in the
installation's folder or, when the suite runs on PostgreSQL, a database made for the test — with
the files in a local folder or in a bucket of moto's S3 server.

Installation A is built once for the module (migrated, the two demo schools with their evidence
files) and backed up once; every restore goes into a new, empty installation, which is then
compared with A table by table, row by row, and blob by blob."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from config.env import database_from_url
from hezuo.files.models import blob_key
from tests.contents import S3_KEYS, database_rows, s3_client, stored_blobs
from tests.installation import HEZUO, environment

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres://", "postgresql://"))

# Installation A: migrated, with the demo schools and their files (a password hash made for
# tests: the real one takes half a second per demo account).
SEED = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", verbosity=0)
"""


def _admin() -> Any:
    """An autocommitting connection to the PostgreSQL server the suite runs on."""
    import psycopg

    settings = database_from_url(DATABASE_URL)
    return psycopg.connect(
        dbname="postgres",
        user=str(settings["USER"]),
        password=str(settings["PASSWORD"]),
        host=str(settings["HOST"]),
        port=str(settings["PORT"] or 5432),
        autocommit=True,
    )


def _connect(database: str) -> Any:
    import psycopg

    return psycopg.connect(_url(database))


def _url(database: str) -> str:
    return urlunsplit(urlsplit(DATABASE_URL)._replace(path=f"/{database}"))


@dataclass
class Installation:
    var: Path
    database: str | None = None  # a PostgreSQL database; SQLite in ``var`` otherwise
    bucket: str | None = None
    endpoint: str | None = None
    media: Path | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def sqlite(self) -> Path:
        return self.var / "hezuo.sqlite3"

    @property
    def media_root(self) -> Path:
        return self.media or self.var / "media"

    def hezuo(self, *args: str) -> subprocess.CompletedProcess[str]:
        settings = dict(self.extra)
        if self.database:
            settings["DATABASE_URL"] = _url(self.database)
        if self.media:
            settings["HEZUO_MEDIA_ROOT"] = str(self.media)
        if self.bucket:
            settings.update(
                HEZUO_S3_BUCKET=self.bucket,
                HEZUO_S3_ENDPOINT_URL=str(self.endpoint),
                HEZUO_S3_ACCESS_KEY_ID=S3_KEYS["aws_access_key_id"],
                HEZUO_S3_SECRET_ACCESS_KEY=S3_KEYS["aws_secret_access_key"],
            )
        return subprocess.run(
            [*HEZUO, *args],
            env=environment(self.var, **settings),
            capture_output=True,
            text=True,
            timeout=600,
        )

    def rows(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows (in a stable order), and on PostgreSQL every sequence's value."""
        return database_rows(sqlite=self.sqlite, url=_url(self.database) if self.database else "")

    def is_empty(self) -> bool:
        if self.database is None:
            return not self.sqlite.exists() or not self.rows()
        return not {table for table in self.rows() if table != "(sequences)"}

    def blobs(self) -> dict[str, str]:
        """Every object under blobs/ in the store, with the SHA-256 of its bytes."""
        return stored_blobs(
            media=self.media_root, bucket=self.bucket or "", endpoint=self.endpoint or ""
        )


def _database_made(made: list[str]) -> str | None:
    if not ON_POSTGRESQL:
        return None
    name = f"hezuo_backup_{uuid.uuid4().hex[:12]}"
    with closing(_admin()) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    made.append(name)
    return name


def _drop(databases: list[str]) -> None:
    if databases:
        with closing(_admin()) as admin:
            for name in databases:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installation]:
    """Installation A: the demo schools and their evidence files."""
    made: list[str] = []
    try:
        installation = Installation(
            var=tmp_path_factory.mktemp("source") / "var", database=_database_made(made)
        )
        seeded = subprocess.run(
            [*HEZUO[:1], "-c", SEED],
            env=environment(
                installation.var,
                **({"DATABASE_URL": _url(installation.database)} if installation.database else {}),
            ),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert seeded.returncode == 0, seeded.stderr
        yield installation
    finally:
        _drop(made)


@pytest.fixture(scope="module")
def archive(source: Installation, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A's backup with its files."""
    path = tmp_path_factory.mktemp("archives") / "hezuo-backup.tar.gz"
    made = source.hezuo("backup", str(path))
    assert made.returncode == 0, made.stderr
    assert "备份完成 / backup complete" in made.stdout
    return path


@pytest.fixture
def new_installation(tmp_path: Path) -> Iterator[Callable[..., Installation]]:
    """New, empty installations (on PostgreSQL, each with a database of its own)."""
    made: list[str] = []

    def make(**options: Any) -> Installation:
        var = tmp_path / f"installation-{len(list(tmp_path.glob('installation-*')))}"
        var.mkdir()
        return Installation(var=var / "var", database=_database_made(made), **options)

    yield make
    _drop(made)


def _manifest(path: Path) -> tuple[dict[str, Any], list[str]]:
    with tarfile.open(path, "r:*") as tar:
        names = tar.getnames()
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.loads(member.read()), names


def _referenced(installation: Installation) -> dict[str, str]:
    """blob key → SHA-256 for every stored-file row of the installation."""
    shas = {row[0] for row in _stored_files(installation)}
    return {blob_key(sha): sha for sha in shas}


def _stored_files(installation: Installation) -> list[tuple[Any, ...]]:
    if installation.database is None:
        with closing(sqlite3.connect(installation.sqlite)) as database:
            return list(database.execute("SELECT sha256, size FROM files_storedfile"))
    with closing(_connect(installation.database)) as database:
        return list(database.execute("SELECT sha256, size FROM files_storedfile").fetchall())


def test_a_restored_backup_has_every_row_and_every_file_of_the_installation(
    source: Installation, archive: Path, new_installation: Callable[..., Installation]
) -> None:
    manifest, names = _manifest(archive)
    referenced = _referenced(source)
    assert len(referenced) >= 10, "the demo's evidence files are in the installation"
    assert source.blobs() == referenced
    assert names[:2] == ["manifest.json", manifest["database"]["member"]]
    assert sorted(names[2:]) == sorted(referenced)
    assert manifest["database"]["engine"] == ("postgresql" if ON_POSTGRESQL else "sqlite")
    assert {item["key"]: item["sha256"] for item in manifest["blobs"]["items"]} == referenced
    assert manifest["migrations"]["files"].startswith("00")
    assert not list(archive.parent.glob(".*")), "no temporary file is left beside the archive"

    checked = source.hezuo("restore", "--verify-only", str(archive))
    assert checked.returncode == 0, checked.stderr
    assert "备份完好 / the archive is sound." in checked.stdout

    target = new_installation()
    restored = target.hezuo("restore", str(archive))

    assert restored.returncode == 0, restored.stderr
    assert "恢复完成 / restore complete." in restored.stdout and "hezuo upgrade" in restored.stdout
    rows = target.rows()
    assert rows == source.rows()
    assert len(rows["files_storedfile"]) >= 10 and rows["core_school"]
    assert target.blobs() == referenced


def test_a_restore_refuses_an_installation_that_is_not_empty(
    source: Installation, archive: Path
) -> None:
    before = source.rows()

    refused = source.hezuo("restore", str(archive))

    assert refused.returncode == 1
    assert "不是空的" in refused.stderr and "is not empty" in refused.stderr
    assert source.rows() == before


def _rewritten(archive: Path, copy: Path, name: str, change: Callable[[bytes], bytes]) -> None:
    """A copy of the archive in which the member ``name`` has other bytes (of any length)."""
    with tarfile.open(archive, "r:*") as tar, tarfile.open(copy, "w:gz") as rewritten:
        for member in tar:
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == name:
                data = change(data)
                member.size = len(data)
            rewritten.addfile(member, io.BytesIO(data))


def _damaged(archive: Path, copy: Path) -> str:
    """A copy of the archive in which the last blob has one byte changed; its key."""
    with tarfile.open(archive, "r:*") as tar:
        key = [name for name in tar.getnames() if name.startswith("blobs/")][-1]
    _rewritten(archive, copy, key, lambda data: bytes([data[0] ^ 0xFF]) + data[1:])
    return key


def test_a_damaged_archive_is_refused_before_anything_is_written(
    archive: Path, new_installation: Callable[..., Installation], tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.tar.gz"
    key = _damaged(archive, damaged)
    target = new_installation()

    refused = target.hezuo("restore", str(damaged))

    assert refused.returncode == 1
    assert "已损坏" in refused.stderr and "damaged" in refused.stderr and key in refused.stderr
    assert target.is_empty()
    assert target.blobs() == {}, "no file was put into the store either"


def _from_elsewhere(manifest: dict[str, Any]) -> dict[str, Any]:
    other = "sqlite" if ON_POSTGRESQL else "postgresql"
    manifest["database"]["engine"] = other
    return manifest


def _from_newer_code(manifest: dict[str, Any]) -> dict[str, Any]:
    manifest["hezuo_version"] = "9.0.0"
    manifest["migrations"]["files"] = "9999_from_the_future"
    return manifest


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (_from_elsewhere, "restoring across engines is not supported"),
        (_from_newer_code, "files.9999_from_the_future. Upgrade hezuo to 9.0.0 or later"),
    ],
)
def test_a_restore_refuses_an_archive_of_another_engine_or_of_newer_code(
    archive: Path,
    new_installation: Callable[..., Installation],
    tmp_path: Path,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    refusal: str,
) -> None:
    doctored = tmp_path / "doctored.tar.gz"
    _rewritten(
        archive,
        doctored,
        "manifest.json",
        lambda data: json.dumps(change(json.loads(data))).encode(),
    )
    target = new_installation()

    refused = target.hezuo("restore", str(doctored))

    assert refused.returncode == 1
    assert refusal in refused.stderr, refused.stderr
    assert target.is_empty()


def test_a_backup_refuses_a_pg_dump_older_than_the_server(
    source: Installation, tmp_path: Path
) -> None:
    """On PostgreSQL an old pg_dump is refused by name; SQLite backs up without it."""
    tools = tmp_path / "bin"
    tools.mkdir()
    old_pg_dump = tools / "pg_dump"
    old_pg_dump.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old_pg_dump.chmod(0o755)
    installation = replace(source, extra={"PATH": f"{tools}:{os.environ['PATH']}"})
    path = tmp_path / "refused.tar"

    made = installation.hezuo("backup", str(path))

    if not ON_POSTGRESQL:
        assert made.returncode == 0, made.stderr
        assert path.exists()
        return
    assert made.returncode == 1
    assert "pg_dump 9 cannot dump a PostgreSQL" in made.stderr, made.stderr
    assert not path.exists() and not list(tmp_path.glob(".*"))


def test_a_manifest_only_backup_is_restored_against_the_store_which_must_hold_every_file(
    source: Installation, new_installation: Callable[..., Installation], tmp_path: Path
) -> None:
    path = tmp_path / "manifest-only.tar"
    made = source.hezuo("backup", "--no-blobs", str(path))
    assert made.returncode == 0, made.stderr
    manifest, names = _manifest(path)
    assert names == ["manifest.json", manifest["database"]["member"]]
    assert manifest["blobs"]["included"] is False
    assert len(manifest["blobs"]["items"]) == len(_referenced(source))

    # The new installation's store: a copy of A's, from which one file was lost.
    target = new_installation(media=tmp_path / "store")
    shutil.copytree(source.media_root, target.media_root)
    lost = sorted(_referenced(source))[0]
    (target.media_root / lost).unlink()

    refused = target.hezuo("restore", str(path))

    assert refused.returncode == 1
    assert lost in refused.stderr and "--allow-missing-blobs" in refused.stderr
    assert target.is_empty()

    accepted = target.hezuo("restore", "--allow-missing-blobs", str(path))

    assert accepted.returncode == 0, accepted.stderr
    assert "restored without 1 files" in accepted.stdout and lost in accepted.stdout
    assert target.rows() == source.rows()


def test_an_installation_on_s3_is_backed_up_with_its_files_and_restored_into_another_bucket(
    source: Installation,
    s3_endpoint: str,
    new_installation: Callable[..., Installation],
    tmp_path: Path,
) -> None:
    s3 = s3_client(s3_endpoint)
    bucket_a, bucket_b = (f"hezuo-{uuid.uuid4().hex[:12]}" for _ in range(2))
    for bucket in (bucket_a, bucket_b):
        s3.create_bucket(Bucket=bucket)
    for key in _referenced(source):  # A, with its files in a bucket instead of its folder
        s3.upload_file(str(source.media_root / key), bucket_a, key)
    on_s3 = replace(source, bucket=bucket_a, endpoint=s3_endpoint)
    path = tmp_path / "from-s3.tar.gz"

    made = on_s3.hezuo("backup", str(path))
    assert made.returncode == 0, made.stderr
    target = new_installation(bucket=bucket_b, endpoint=s3_endpoint)
    restored = target.hezuo("restore", str(path))

    assert restored.returncode == 0, restored.stderr
    assert target.blobs() == on_s3.blobs() == _referenced(source)
    assert target.rows() == source.rows()

    # An orphan in the bucket: listed by its LastModified (--grace-hours 0 lists every one).
    orphan = blob_key(hashlib.sha256(b"orphan").hexdigest())
    s3.put_object(Bucket=bucket_b, Key=orphan, Body=b"orphan")
    deleted = target.hezuo("orphan_blobs", "--grace-hours", "0", "--delete")
    assert deleted.returncode == 0, deleted.stderr
    assert orphan in deleted.stdout
    assert target.blobs() == _referenced(source)


def _plant(root: Path, key: str, data: bytes, *, age_hours: float) -> Path:
    path = root / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    then = time.time() - age_hours * 3600
    os.utime(path, (then, then))
    return path


def test_orphan_blobs_lists_old_orphans_and_deletes_only_them_with_delete(
    source: Installation, tmp_path: Path
) -> None:
    installation = replace(source, media=tmp_path / "store")
    shutil.copytree(source.media_root, installation.media_root)
    referenced = _referenced(source)
    root = installation.media_root
    for key in referenced:  # old, and referenced: never an orphan
        os.utime(root / key, (time.time() - 72 * 3600,) * 2)
    old_sha = hashlib.sha256(b"old orphan").hexdigest()
    old = _plant(root, blob_key(old_sha), b"old orphan", age_hours=30)
    new_sha = hashlib.sha256(b"new orphan").hexdigest()
    new = _plant(root, blob_key(new_sha), b"new orphan", age_hours=1)
    part = _plant(
        root,
        f"{blob_key(new_sha).rsplit('/', 1)[0]}/.{new_sha}.{uuid.uuid4().hex}.part",
        b"half",
        age_hours=48,
    )

    listed = installation.hezuo("orphan_blobs")

    assert listed.returncode == 0, listed.stderr
    assert blob_key(old_sha) in listed.stdout and part.name in listed.stdout
    assert blob_key(new_sha) not in listed.stdout
    assert not set(referenced) & set(listed.stdout.split())
    assert "--delete" in listed.stdout
    assert old.exists() and part.exists(), "nothing is deleted without --delete"

    deleted = installation.hezuo("orphan_blobs", "--delete")

    assert deleted.returncode == 0, deleted.stderr
    assert not old.exists() and not part.exists()
    assert new.exists(), "a blob newer than the grace period may be an upload under way"
    assert set(installation.blobs()) == {*referenced, blob_key(new_sha)}
