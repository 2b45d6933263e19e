"""What an installation holds, read from outside it, for tests that compare two installations
(a backup and its restore): every table's rows and every stored blob's SHA-256."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import boto3
import psycopg

S3_KEYS = {"aws_access_key_id": "hezuo", "aws_secret_access_key": "hezuo-secret"}


def database_rows(*, sqlite: Path | None = None, url: str = "") -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (in a stable order), and on PostgreSQL every sequence's value: of the
    SQLite file ``sqlite``, or of the PostgreSQL database at ``url``."""
    if not url:
        assert sqlite is not None
        with closing(sqlite3.connect(sqlite)) as database:
            tables = [
                name
                for (name,) in database.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {
                table: sorted(database.execute(f'SELECT * FROM "{table}"'), key=repr)
                for table in tables
            }
    with closing(psycopg.connect(url)) as database:
        tables = [
            name
            for (name,) in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
        rows: dict[str, list[tuple[Any, ...]]] = {
            table: sorted(database.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
        rows["(sequences)"] = sorted(
            database.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()
        )
        return rows


def s3_client(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **S3_KEYS)


def stored_blobs(
    *, media: Path | None = None, bucket: str = "", endpoint: str = ""
) -> dict[str, str]:
    """Every object under blobs/ in the store — the folder ``media`` or the bucket — with the
    SHA-256 of its bytes."""
    found = {}
    if bucket:
        s3 = s3_client(endpoint)
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
                found[item["Key"]] = hashlib.sha256(body).hexdigest()
        return found
    assert media is not None
    for path in (media / "blobs").rglob("*"):
        if path.is_file():
            key = path.relative_to(media).as_posix()
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
