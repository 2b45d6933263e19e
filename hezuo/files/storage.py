"""The bytes of stored files: put once under their content key, read back, never overwritten.

The backend is Django's default storage: a local folder (embedded default) or an S3-compatible
bucket through django-storages (see config.env.storage_from_env). Keys come from blob_key(),
i.e. from the content's hash, never from anything a user typed."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages


def blob_storage() -> Storage:
    return storages["default"]


def blob_put(key: str, data: bytes) -> None:
    """Put ``data`` at ``key`` unless it is already there. Content addressing makes an existing
    blob with this key identical, so it is never overwritten."""
    storage = blob_storage()
    if storage.exists(key):
        return
    if isinstance(storage, FileSystemStorage):
        # Write beside the target and rename: a crash leaves a temporary file, never a
        # half-written blob under its real name.
        target = Path(storage.path(key))
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
        try:
            with temporary.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.replace(target)
        finally:
            temporary.unlink(missing_ok=True)
        return
    # An object store publishes an object whole or not at all.
    saved = storage.save(key, ContentFile(data))
    if saved != key:  # pragma: no cover - a backend that renames would break content addressing
        raise RuntimeError(f"storage saved {key!r} as {saved!r}")


def blob_open(key: str) -> IO[bytes]:
    """A binary stream of the blob's bytes (the caller closes it)."""
    return blob_storage().open(key, "rb")


def blob_read(key: str) -> bytes:
    with blob_open(key) as stream:
        return stream.read()


def blob_exists(key: str) -> bool:
    return bool(blob_storage().exists(key))
