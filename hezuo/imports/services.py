"""Checks and imports as background jobs: the workbook is kept, the worker reads it as the
person who uploaded it would, and the outcome (counts and every problem) stays with the run.
A check that found nothing wrong can be imported as it is, without uploading it again."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, access_for, system_access
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.core.writes import create_audited, update_audited
from hezuo.files.models import StoredFile
from hezuo.files.services import stored_file_keep
from hezuo.files.sniffing import FileType
from hezuo.files.storage import blob_read
from hezuo.imports.importing import run_import
from hezuo.imports.kinds import IMPORTERS, Importer
from hezuo.imports.models import ImportKind, ImportRun
from hezuo.jobs.models import Job, JobStatus
from hezuo.jobs.services import (
    job_fail,
    job_progress_reporter,
    job_queue_for,
    job_start,
    job_succeed,
)

JOB_KIND = "import"


def may_import(access: Access, kind: str) -> bool:
    """Whether the actor may import ``kind`` at all: they may write some of its records.
    Each row is still checked by the services as it is written."""
    importer = IMPORTERS.get(kind)
    return importer is not None and access.department_scope(importer.capability) != frozenset()


def _require(access: Access, kind: str) -> None:
    if not may_import(access, kind):
        raise AccessDenied()


@transaction.atomic
def import_request(*, access: Access, kind: str, name: str, data: bytes, commit: bool) -> ImportRun:
    """Keep an uploaded workbook and queue its check (``commit`` False) or its import."""
    kind = ImportKind(kind)
    _require(access, kind)
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
    _require(access, run.kind)
    if run.is_commit or not run.ok:
        raise HezuoError(_("只有检查无误的文件才能直接导入。"))
    return _queue(access, run.kind, source_run=run, source=run.source, commit=True)


def _queue(
    access: Access, kind: str, *, source_run: ImportRun | None, source: StoredFile, commit: bool
) -> ImportRun:
    from hezuo.imports.tasks import import_job

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
    job_queue_for(access=access, record=run, kind=JOB_KIND, title=str(run), task=import_job)
    return run


def import_execute(*, job_id: int) -> str:
    """System work (the worker): check or import the workbook of job ``job_id`` as the person
    who asked would write it. Returns the job's final status."""
    job = Job.objects.select_related("school").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return "skipped"
    run = (
        ImportRun.objects.select_related("source", "created_by")
        .filter(pk=job.params.get(JOB_KIND), school=job.school)
        .first()
    )
    if run is None:
        job_fail(job=job, error=_("找不到这次导入。"))
        return JobStatus.FAILED
    job_start(job=job)
    progress = job_progress_reporter(job=job)
    try:
        access = (
            access_for(school=job.school, user=run.created_by)
            if run.created_by is not None
            else system_access(school=job.school)
        )
        _require(access, run.kind)
        importer: Importer = IMPORTERS[run.kind](access)
        progress(5, _("读取文件"))
        outcome = run_import(
            importer,
            blob_read(run.source.storage_key),
            dry_run=not run.is_commit,
            progress=progress,
        )
        with transaction.atomic():
            update_audited(
                run, actor=None, changes={"outcome": outcome.as_data()}, allowed=("outcome",)
            )
            job_succeed(job=job)
    except Exception as error:  # the job records every failure (a user's lost access too)
        message = error.message if isinstance(error, HezuoError) else str(error)
        job_fail(job=job, error=message or type(error).__name__)
        return JobStatus.FAILED
    return JobStatus.SUCCEEDED
