"""Keeping the search index in step with the items and their files, whatever writes them
(services, the admin, imports): an item is re-indexed when it or its file list changes, or when
one of its files has been read; a deleted item leaves the index."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from hezuo.evidence import search_index
from hezuo.evidence.models import Evidence, EvidenceFile
from hezuo.files.models import StoredFile
from hezuo.files.signals import file_processed


@receiver(post_save, sender=Evidence, dispatch_uid="evidence-index-item")
def _item_saved(sender: Any, instance: Evidence, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        search_index.index_evidence([instance.pk])


@receiver(post_delete, sender=Evidence, dispatch_uid="evidence-unindex-item")
def _item_deleted(sender: Any, instance: Evidence, **kwargs: Any) -> None:
    search_index.unindex([instance.pk])


@receiver(post_save, sender=EvidenceFile, dispatch_uid="evidence-index-file-added")
@receiver(post_delete, sender=EvidenceFile, dispatch_uid="evidence-index-file-removed")
def _files_changed(sender: Any, instance: EvidenceFile, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    # In a cascade the item itself may already be gone: then there is nothing to index.
    if Evidence.objects.filter(pk=instance.evidence_id).exists():
        search_index.index_evidence([instance.evidence_id])


@receiver(file_processed, dispatch_uid="evidence-index-file-read")
def _file_read(sender: Any, stored_file: StoredFile, **kwargs: Any) -> None:
    ids = EvidenceFile.objects.filter(stored_file=stored_file).values_list("evidence_id", flat=True)
    search_index.index_evidence(list(ids))


@receiver(post_migrate, dispatch_uid="evidence-prune-index")
def _after_migrate_or_flush(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "label", "") == "evidence":
        search_index.prune_stale()
