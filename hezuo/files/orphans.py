"""Blobs no record refers to (orphans), found and — only when asked — removed.

Every blob is written before its ``StoredFile`` row (files.services), so for a moment an upload's
blob has no row: only blobs older than a grace period count as orphans, by the file's time in a
local folder or the object's LastModified in a bucket. A blob being written to a local folder is
first a ``.part`` temporary; those older than the grace period were left by a writer that died
and are listed apart. Nothing here runs by itself: ``hezuo orphan_blobs`` lists, and removes
only with ``--delete``.

The same bytes uploaded again reuse an existing blob without writing it, so an old orphan can
become referenced at any moment: such an upload touches the blob (files.storage), and each
orphan is looked up again — its row and its time — just before it is removed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.files.storage import Storage
from django.utils import timezone

from hezuo.files.inventory import StoreEntry, store_delete, store_entries
from hezuo.files.models import StoredFile
from hezuo.files.storage import blob_storage


@dataclass
class OrphanSearch:
    """What a look through the store found, older than ``cutoff`` unless said otherwise."""

    cutoff: datetime
    orphans: list[StoreEntry] = field(default_factory=list)
    temporaries: list[StoreEntry] = field(default_factory=list)
    recent: int = 0  # unreferenced blobs and temporaries newer than the cutoff, left alone
    unknown: list[StoreEntry] = field(default_factory=list)  # not named like a blob: left alone


def referenced_sha256s() -> set[str]:
    """The content hashes every stored-file row of every school refers to."""
    return set(StoredFile.objects.values_list("sha256", flat=True).distinct().iterator())


def find_orphans(*, now: datetime, grace: timedelta) -> OrphanSearch:
    search = OrphanSearch(cutoff=now - grace)
    referenced = referenced_sha256s()
    for entry in store_entries():
        if entry.is_temporary:
            found = search.temporaries
        elif entry.sha256 is None:
            search.unknown.append(entry)
            continue
        elif entry.sha256 in referenced:
            continue
        else:
            found = search.orphans
        if entry.modified_at < search.cutoff:
            found.append(entry)
        else:
            search.recent += 1
    search.orphans.sort(key=lambda entry: entry.key)
    search.temporaries.sort(key=lambda entry: entry.key)
    search.unknown.sort(key=lambda entry: entry.key)
    return search


def delete_orphans(
    entries: Iterable[StoreEntry], *, cutoff: datetime
) -> tuple[list[StoreEntry], list[StoreEntry]]:
    """Remove each entry unless, by now, a row refers to it or it was touched after ``cutoff``
    (an upload of the same bytes touches the blob it finds before its row is written);
    (removed, kept)."""
    removed: list[StoreEntry] = []
    kept: list[StoreEntry] = []
    storage = blob_storage()
    for entry in entries:
        referenced = (
            entry.sha256 is not None and StoredFile.objects.filter(sha256=entry.sha256).exists()
        )
        if referenced or _touched_since(storage, entry.key, cutoff):
            kept.append(entry)
            continue
        store_delete(entry.key)
        removed.append(entry)
    return removed, kept


def _touched_since(storage: Storage, key: str, cutoff: datetime) -> bool:
    try:
        modified = storage.get_modified_time(key)
    except (FileNotFoundError, OSError):
        return False
    if timezone.is_naive(modified):
        modified = timezone.make_aware(modified, UTC)
    return modified >= cutoff
