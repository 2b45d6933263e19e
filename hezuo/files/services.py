"""Storing files: bytes first (to a temporary name, then moved into place), then the row."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import transaction
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.core.errors import HezuoError
from hezuo.core.writes import create_audited
from hezuo.files.models import StoredFile, blob_key
from hezuo.files.sniffing import sniff


def _write_blob(key: str, data: bytes) -> None:
    """Put ``data`` at ``key`` unless it is already there. Content addressing makes an existing
    blob with this key identical, so it is never overwritten."""
    storage = storages["default"]
    if storage.exists(key):
        return
    if isinstance(storage, FileSystemStorage):
        # Write beside the target and rename: a crash leaves a temporary file, never a
        # half-written blob under its real name.
        target = Path(storage.path(key))
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
        return
    storage.save(key, ContentFile(data))  # object stores publish an object whole or not at all


@transaction.atomic
def stored_file_save(*, access: Access, name: str, data: bytes) -> StoredFile:
    """Store ``data`` for the school and return its row (the existing one for known bytes)."""
    access.require(Capability.MANAGE_EVIDENCE)
    if not data:
        raise HezuoError(_("文件“%(name)s”是空文件。") % {"name": name})
    sha256 = hashlib.sha256(data).hexdigest()
    existing = StoredFile.objects.filter(school=access.school, sha256=sha256).first()
    if existing is not None:
        return existing
    _write_blob(blob_key(sha256), data)
    return create_audited(
        StoredFile(
            school=access.school,
            sha256=sha256,
            size=len(data),
            file_type=sniff(data),
            original_name=Path(name).name[:255] or sha256,
            uploaded_by=access.user,
        ),
        actor=access.user,
    )
