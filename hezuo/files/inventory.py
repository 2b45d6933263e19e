"""What the file store holds, for the platform's own bookkeeping (backup, restore, orphan
cleanup): every object under ``blobs/`` with its size and time, and a blob's bytes as a stream.

The local folder is walked; a bucket is listed (one request per thousand keys, not one per
blob). A blob is read from a bucket as it arrives: django-storages' ``S3File`` would first copy
the whole object into memory, which a backup of gigabytes cannot afford."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage

from hezuo.files.models import blob_key
from hezuo.files.storage import blob_storage, bucket_prefix

BLOBS = "blobs"
_BLOB_NAME = re.compile(r"^[0-9a-f]{64}$")
# storage.py writes a local blob beside its place as ".<sha256>.<uuid>.part", then renames it.
_TEMPORARY_NAME = re.compile(r"^\.[0-9a-f]{64}\.[0-9a-f]{32}\.part$")


@dataclass(frozen=True)
class StoreEntry:
    """One object of the store: its key (as blob_key() makes them), size and last change."""

    key: str
    size: int
    modified_at: datetime

    @property
    def sha256(self) -> str | None:
        """The content hash the key names, or None when the key is not a blob's."""
        name = self.key.rsplit("/", 1)[-1]
        if _BLOB_NAME.match(name) and blob_key(name) == self.key:
            return name
        return None

    @property
    def is_temporary(self) -> bool:
        """A local blob being written, or left behind by a writer that died."""
        return bool(_TEMPORARY_NAME.match(self.key.rsplit("/", 1)[-1]))


def store_entries() -> Iterator[StoreEntry]:
    """Every object under ``blobs/`` in the configured store, in no particular order."""
    storage = blob_storage()
    if isinstance(storage, FileSystemStorage):
        yield from _folder_entries(Path(storage.location))
    else:
        yield from _bucket_entries(storage)


def _folder_entries(root: Path) -> Iterator[StoreEntry]:
    for folder, _subfolders, names in os.walk(root / BLOBS):
        for name in names:
            path = Path(folder) / name
            try:
                status = path.stat()
            except FileNotFoundError:  # a temporary renamed or removed meanwhile
                continue
            yield StoreEntry(
                key=path.relative_to(root).as_posix(),
                size=status.st_size,
                modified_at=datetime.fromtimestamp(status.st_mtime, tz=UTC),
            )


def _bucket_entries(storage: Any) -> Iterator[StoreEntry]:
    location = bucket_prefix(storage)
    prefix = f"{location}{BLOBS}/"
    for item in storage.bucket.objects.filter(Prefix=prefix):
        yield StoreEntry(
            key=item.key[len(location) :], size=int(item.size), modified_at=item.last_modified
        )


def store_delete(key: str) -> None:
    """Remove one object of the store (only orphan cleanup does)."""
    blob_storage().delete(key)
