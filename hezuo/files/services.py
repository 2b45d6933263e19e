"""Storing files: bytes first (to a temporary name, then moved into place), then the row; then,
in the background, a PDF rendition, the page count and the text for search."""

from __future__ import annotations

import hashlib
import logging
from functools import partial
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.accounts.models import User
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.core.models import School
from hezuo.core.queues import CONVERSION_PRIORITY, CONVERSIONS, fair_priority
from hezuo.core.writes import create_audited, delete_audited, update_audited
from hezuo.files import conversion, extraction
from hezuo.files.inspection import display_name, inspect_upload
from hezuo.files.inventory import store_delete
from hezuo.files.models import Processing, StoredFile, blob_key
from hezuo.files.selectors import unused_files
from hezuo.files.signals import file_processed
from hezuo.files.sniffing import FileType
from hezuo.files.storage import blob_put, blob_put_file, blob_read

logger = logging.getLogger(__name__)


@transaction.atomic
def stored_file_save(*, access: Access, name: str, data: bytes) -> StoredFile:
    """Check and store ``data`` for the school and return its row (the existing one for known
    bytes). A new file is queued for conversion and text extraction once the row is committed."""
    _require_some_keeping(access)
    shown = display_name(name)
    inspection = inspect_upload(shown or name, data)
    stored, created = _put(
        school=access.school,
        name=shown,
        data=data,
        file_type=inspection.file_type,
        page_count=inspection.page_count,
        uploaded_by=access.user,
    )
    if not created and _kept_unprocessed(stored):
        # Kept earlier as it was (a report, an import's workbook, a binder to split): as an
        # upload it is converted and searched like any other.
        stored = update_audited(
            stored,
            actor=access.user,
            changes={"processing": Processing.PENDING},
            allowed=("processing",),
        )
        created = True
    if created:
        _queue_processing(stored)
    return stored


def _kept_unprocessed(stored: StoredFile) -> bool:
    """Whether a file was kept without conversion or text extraction (``stored_file_keep``,
    generated files): ready, yet with neither a rendition nor any text. A scanned PDF that was
    processed looks the same and is read again, which changes nothing."""
    return (
        stored.processing == Processing.READY
        and stored.pdf_rendition_id is None
        and not stored.text
    )


def _queue_processing(stored: StoredFile) -> None:
    """Once the row is committed, queue the file's conversion, behind fewer of its own school's
    files than of a school uploading in bulk (hezuo.core.queues)."""
    from hezuo.files.tasks import process_stored_file

    waiting = (
        StoredFile.objects.filter(school_id=stored.school_id, processing=Processing.PENDING)
        .exclude(pk=stored.pk)
        .count()
    )
    queued = process_stored_file.using(
        queue_name=CONVERSIONS, priority=fair_priority(CONVERSION_PRIORITY, waiting=waiting)
    )
    transaction.on_commit(partial(queued.enqueue, stored.pk))


def _require_some_keeping(access: Access) -> None:
    """Files are stored for evidence: whoever may keep evidence anywhere may store one (the
    item it is attached to checks the department)."""
    scope = access.department_scope(Capability.MANAGE_EVIDENCE)
    if scope is not None and not scope:
        raise AccessDenied()


def _put(
    *,
    school: School,
    name: str,
    data: bytes,
    file_type: FileType,
    page_count: int | None,
    uploaded_by: User | None,
    processing: Processing = Processing.PENDING,
) -> tuple[StoredFile, bool]:
    sha256 = hashlib.sha256(data).hexdigest()
    existing = StoredFile.objects.filter(school=school, sha256=sha256).first()
    if existing is not None:
        return existing, False
    blob_put(blob_key(sha256), data)
    row = StoredFile(
        school=school,
        sha256=sha256,
        size=len(data),
        file_type=file_type,
        page_count=page_count,
        original_name=name or sha256,
        uploaded_by=uploaded_by,
        processing=processing,
    )
    return create_audited(row, actor=uploaded_by), True


def stored_file_keep(
    *,
    school: School,
    name: str,
    data: bytes,
    file_type: FileType,
    created_by: User | None,
    page_count: int | None = None,
) -> StoredFile:
    """System work: keep a document as it is, with no conversion or text extraction (a report
    hezuo rendered, a report template the reports service has checked)."""
    stored, _created = _put(
        school=school,
        name=display_name(name) or name,
        data=data,
        file_type=file_type,
        page_count=page_count,
        uploaded_by=created_by,
        processing=Processing.READY,
    )
    return stored


def stored_file_save_generated(
    *,
    school: School,
    path: Path,
    name: str,
    page_count: int | None,
    created_by: User | None,
    file_type: FileType = FileType.PDF,
) -> StoredFile:
    """System work (binders, reports, folder exports): keep a file hezuo generated. It is
    streamed into storage, not read whole, and needs no processing (generated documents are not
    searched)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    sha256 = digest.hexdigest()
    existing = StoredFile.objects.filter(school=school, sha256=sha256).first()
    if existing is not None:
        return existing
    blob_put_file(blob_key(sha256), path)
    row = StoredFile(
        school=school,
        sha256=sha256,
        size=path.stat().st_size,
        file_type=file_type,
        page_count=page_count,
        original_name=name,
        uploaded_by=created_by,
        processing=Processing.READY,
    )
    return create_audited(row, actor=created_by)


def stored_file_process(*, stored_file: StoredFile) -> StoredFile:
    """System work (the worker): make the PDF rendition, count its pages and extract the text.
    A file that cannot be converted is marked "needs conversion" with the reason."""
    data = blob_read(stored_file.storage_key)
    file_type = FileType(stored_file.file_type)
    notes: list[str] = []
    pdf: bytes | None = data if file_type == FileType.PDF else None
    rendition: StoredFile | None = None
    if pdf is None:
        try:
            if file_type in conversion.OFFICE_TYPES:
                pdf = conversion.office_to_pdf(data, file_type)
            else:
                pdf = conversion.image_to_pdf(data)
        except conversion.ConversionUnavailable as reason:
            notes.append(str(reason))
        else:
            rendition, _created = _put(
                school=stored_file.school,
                name=f"{Path(stored_file.original_name).stem}.pdf",
                data=pdf,
                file_type=FileType.PDF,
                page_count=conversion.pdf_page_count(pdf),
                uploaded_by=None,
                processing=Processing.READY,
            )
    text = ""
    reader = extraction.DIRECT_READERS.get(file_type)
    try:
        if reader is not None:
            text = reader(data)
        elif pdf is not None and file_type not in conversion.IMAGE_TYPES:
            text = extraction.pdf_text(pdf)
    except Exception as error:  # a reader's failure must not lose the conversion
        logger.warning("text extraction failed for stored file %s: %r", stored_file.pk, error)
        notes.append(_("未能提取文字内容。"))
    converted = pdf is not None
    updated = update_audited(
        stored_file,
        actor=None,
        changes={
            "processing": Processing.READY if converted else Processing.NEEDS_CONVERSION,
            "processing_note": " ".join(notes),
            "pdf_rendition": rendition,
            "page_count": conversion.pdf_page_count(pdf) if pdf is not None else None,
            "text": text,
        },
        allowed=("processing", "processing_note", "pdf_rendition", "page_count", "text"),
    )
    file_processed.send(sender=StoredFile, stored_file=updated)
    return updated


def stored_file_reprocess(*, access: Access, stored_file: StoredFile) -> None:
    """Queue a file's conversion again (e.g. once LibreOffice is installed)."""
    access.ensure_own(stored_file)
    _require_some_keeping(access)

    update_audited(
        stored_file,
        actor=access.user,
        changes={"processing": Processing.PENDING, "processing_note": ""},
        allowed=("processing", "processing_note"),
    )
    _queue_processing(stored_file)


@transaction.atomic
def stored_file_purge(*, access: Access, stored_file: StoredFile) -> None:
    """Delete for good a stored file nothing refers to any more (audited), with its PDF
    rendition when nothing else uses that; once the deletion is committed, their bytes leave
    the store unless another row (another school's) still holds the same bytes. A file still
    in use is refused by name."""
    access.ensure_own(stored_file)
    unused = unused_files(access=access)  # requires MANAGE_SCHOOL
    if not unused.filter(pk=stored_file.pk).exists():
        raise HezuoError(
            _("“%(name)s”仍被佐证材料、协议、报告或其他记录使用，不能永久删除。")
            % {"name": stored_file.original_name}
        )
    rendition_id = stored_file.pdf_rendition_id
    gone = [stored_file.sha256]
    delete_audited(stored_file, actor=access.user)
    rendition = unused.filter(pk=rendition_id).first() if rendition_id is not None else None
    if rendition is not None:
        gone.append(rendition.sha256)
        delete_audited(rendition, actor=access.user)
    transaction.on_commit(partial(_forget_bytes, gone))


def _forget_bytes(digests: list[str]) -> None:
    for digest in digests:
        if not StoredFile.objects.filter(sha256=digest).exists():
            store_delete(blob_key(digest))
