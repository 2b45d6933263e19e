"""Checks and imports as background jobs: the workbook is kept, the worker reads it as the
person who uploaded it would, and the outcome (counts and every problem) stays with the run.
A check that found nothing wrong can be imported as it is, without uploading it again."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access
from hezuo.core.errors import HezuoError
from hezuo.core.writes import create_audited
from hezuo.files.models import StoredFile
from hezuo.files.services import stored_file_keep
from hezuo.files.sniffing import FileType
from hezuo.imports.jobs import IMPORT_JOB
from hezuo.imports.models import ImportKind, ImportRun
from hezuo.imports.rules import require_import
from hezuo.jobs.services import job_queue


@transaction.atomic
def import_request(*, access: Access, kind: str, name: str, data: bytes, commit: bool) -> ImportRun:
    """Keep an uploaded workbook and queue its check (``commit`` False) or its import."""
    kind = ImportKind(kind)
    require_import(access, kind)
    if not data:
        raise HezuoError(_("文件“%(name)s”是空文件。") % {"name": name})
    source = stored_file_keep(
        school=access.school, name=name, data=data, file_type=FileType.XLSX, created_by=access.user
    )
    return _queue(access, kind, source_run=None, source=source, commit=commit)


@transaction.atomic
def import_checked(*, access: Access, run: ImportRun) -> ImportRun:
    """Import the workbook of a check that found nothing wrong."""
    access.ensure_own(run)
    require_import(access, run.kind)
    if run.is_commit or not run.ok:
        raise HezuoError(_("只有检查无误的文件才能直接导入。"))
    return _queue(access, run.kind, source_run=run, source=run.source, commit=True)


def _queue(
    access: Access, kind: str, *, source_run: ImportRun | None, source: StoredFile, commit: bool
) -> ImportRun:
    run = create_audited(
        ImportRun(
            school=access.school,
            kind=kind,
            source=source,
            is_commit=commit,
            checked=source_run,
            created_by=access.user,
        ),
        actor=access.user,
    )
    job_queue(access=access, kind=IMPORT_JOB, record=run)
    return run
