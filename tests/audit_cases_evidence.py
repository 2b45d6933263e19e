"""The audit test's calls for stored files and evidence (merged into audit_cases.CASES)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from hezuo.core.models import AuditAction
from hezuo.core.review import ReviewStatus
from hezuo.evidence import services as evidence
from hezuo.files import services as files
from tests import samples
from tests.personas import Personas
from tests.world import World

Call = Callable[[Personas, World], Any]


def deleted(instance: models.Model, delete: Callable[[], None]) -> tuple[type[models.Model], int]:
    """Delete through ``delete`` and name what was deleted (its row is gone afterwards)."""
    model, pk = type(instance), instance.pk
    delete()
    return model, pk


def _renumbered(world: Any) -> Any:
    moved = evidence.evidence_create(
        access=world.access, project=world.project, task=world.task, code="9.2.5", title="断号"
    )
    evidence.evidence_renumber(access=world.access, project=world.project)
    return moved


def _reprocessed(world: Any, stored: Any) -> Any:
    files.stored_file_process(stored_file=stored)
    files.stored_file_reprocess(access=world.access, stored_file=stored)
    return stored


def _evidence_import_previewed(world: Any, *, run: bool) -> Any:
    """A preview of one file named for the world's task, done by the worker when ``run``."""
    from hezuo.jobs.services import job_run

    preview = evidence.evidence_import_request(
        access=world.access,
        project=world.project,
        uploads=[("9.2.5 方案.pdf", samples.pdf("plan"))],
        split_binders=False,
        commit=False,
    )
    if run:
        assert preview.job_id is not None
        job_run(job_id=preview.job_id)
        preview.refresh_from_db()
    return preview


EVIDENCE_CASES: dict[str, tuple[Call, AuditAction]] = {
    "files.stored_file_save": (
        lambda p, w: files.stored_file_save(access=w.access, name="a.pdf", data=samples.pdf("a")),
        AuditAction.CREATE,
    ),
    "files.stored_file_process": (
        lambda p, w: files.stored_file_process(
            stored_file=files.stored_file_save(
                access=w.access, name="a.docx", data=samples.docx("香港")
            )
        ),
        AuditAction.UPDATE,
    ),
    "files.stored_file_reprocess": (
        lambda p, w: _reprocessed(
            w, files.stored_file_save(access=w.access, name="a.png", data=samples.image())
        ),
        AuditAction.UPDATE,
    ),
    "files.stored_file_purge": (
        lambda p, w: deleted(
            stored := files.stored_file_save(
                access=w.access, name="废弃.pdf", data=samples.pdf("purged")
            ),
            lambda: files.stored_file_purge(access=w.access, stored_file=stored),
        ),
        AuditAction.DELETE,
    ),
    "evidence.evidence_create": (
        lambda p, w: evidence.evidence_create(
            access=w.access, project=w.project, task=w.task, code="9.2.2", title="讲座报道"
        ),
        AuditAction.CREATE,
    ),
    "evidence.evidence_update": (
        lambda p, w: evidence.evidence_update(
            access=w.access, evidence=w.evidence, title="香港职业教育专家讲座方案"
        ),
        AuditAction.UPDATE,
    ),
    "evidence.evidence_delete": (
        lambda p, w: deleted(
            e := evidence.evidence_create(
                access=w.access, project=w.project, task=w.task, code="9.2.9", title="临时"
            ),
            lambda: evidence.evidence_delete(access=w.access, evidence=e),
        ),
        AuditAction.DELETE,
    ),
    "evidence.evidence_file_attach": (
        lambda p, w: evidence.evidence_file_attach(
            access=w.access,
            evidence=w.evidence,
            stored_file=files.stored_file_save(
                access=w.access, name="方案.pdf", data=samples.pdf("plan")
            ),
        ),
        AuditAction.CREATE,
    ),
    "evidence.evidence_file_detach": (
        lambda p, w: deleted(
            link := evidence.evidence_file_attach(
                access=w.access,
                evidence=w.evidence,
                stored_file=files.stored_file_save(
                    access=w.access, name="a.pdf", data=samples.pdf("detach")
                ),
            ),
            lambda: evidence.evidence_file_detach(access=w.access, link=link),
        ),
        AuditAction.DELETE,
    ),
    "evidence.evidence_files_upload": (
        lambda p, w: evidence.evidence_files_upload(
            access=w.access,
            evidence=w.evidence,
            uploads=[("a.pdf", samples.pdf("upload")), ("b.txt", b"not allowed")],
        )[0][0],
        AuditAction.CREATE,
    ),
    "evidence.evidence_renumber": (
        lambda p, w: _renumbered(w),
        AuditAction.UPDATE,
    ),
    "evidence.evidence_review_move": (
        lambda p, w: evidence.evidence_review_move(
            access=w.access, evidence=w.evidence, to=ReviewStatus.SUBMITTED
        ),
        AuditAction.UPDATE,
    ),
    "evidence.evidence_import_request": (
        lambda p, w: _evidence_import_previewed(w, run=False),
        AuditAction.CREATE,
    ),
    "evidence.evidence_import_checked": (
        lambda p, w: evidence.evidence_import_checked(
            access=w.access, run=_evidence_import_previewed(w, run=True)
        ),
        AuditAction.CREATE,
    ),
}
