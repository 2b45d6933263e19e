"""Writes for evidence items, their files and their review.

Evidence belongs to the department that owns its task: that department's liaison and task
owner may keep it, the office admin may keep any, and reviewers decide on submitted items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.db import transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.activities.models import Activity
from hezuo.agreements.models import Agreement
from hezuo.construction.codes import code_parts, is_descendant
from hezuo.construction.models import ConstructionProject, Task, TaskAchievement, TaskPoint
from hezuo.core.errors import AccessDenied, HezuoError, NotFound
from hezuo.core.review import ReviewStatus
from hezuo.core.writes import create_audited, delete_audited, stored_for_update, update_audited
from hezuo.evidence.binder_import import require_import_evidence
from hezuo.evidence.jobs import EVIDENCE_IMPORT_JOB
from hezuo.evidence.models import (
    Evidence,
    EvidenceFile,
    EvidenceImport,
    EvidenceImportSource,
    EvidenceKind,
)
from hezuo.evidence.numbering import next_code, renumbering
from hezuo.files.inspection import display_name
from hezuo.files.models import StoredFile
from hezuo.files.services import stored_file_keep, stored_file_save
from hezuo.files.sniffing import FileType, sniff
from hezuo.jobs.services import job_queue
from hezuo.programmes.models import Programme


class EvidenceChanges(TypedDict, total=False):
    """What ``evidence_update`` may change besides its links (an item stays under its task),
    each with the type it takes."""

    code: str
    title: str
    kind: EvidenceKind
    dated_on: dt.date | None
    description: str


EVIDENCE_EDITABLE = tuple(EvidenceChanges.__annotations__)
LINK_FIELDS = ("task_points", "achievements", "activities", "agreements", "programmes")

# Who moves an item from one review status to another.
_SUBMITTER_MOVES = {
    (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED),
    (ReviewStatus.RETURNED, ReviewStatus.SUBMITTED),
}
_REVIEWER_MOVES = {
    (ReviewStatus.SUBMITTED, ReviewStatus.APPROVED),
    (ReviewStatus.SUBMITTED, ReviewStatus.RETURNED),
    (ReviewStatus.APPROVED, ReviewStatus.RETURNED),
}


def _require_keep(access: Access, task: Task) -> None:
    access.require(Capability.MANAGE_EVIDENCE, department_id=task.owner_department_id)


@transaction.atomic
def evidence_create(
    *,
    access: Access,
    project: ConstructionProject,
    task: Task,
    title: str,
    code: str = "",
    parent: Evidence | None = None,
    kind: EvidenceKind = EvidenceKind.OTHER,
    dated_on: dt.date | None = None,
    description: str = "",
    task_points: Iterable[TaskPoint] = (),
    achievements: Iterable[TaskAchievement] = (),
    activities: Iterable[Activity] = (),
    agreements: Iterable[Agreement] = (),
    programmes: Iterable[Programme] = (),
) -> Evidence:
    """Record an item. Without a code it gets the next free one under ``parent`` (an item of
    the same task) or, without a parent, directly under the task."""
    access.ensure_own(project, task, parent)
    _require_keep(access, task)
    code = code.strip()
    if not code:
        if parent is not None and (
            parent.task_id != task.pk or not is_descendant(parent.code, task.code)
        ):
            raise HezuoError(_("上级材料须属于同一建设任务。"))
        under = parent.code if parent is not None else task.code
        code = next_code(
            under, Evidence.objects.filter(project=project).values_list("code", flat=True)
        )
    links: dict[str, list[Model]] = {
        "task_points": list(task_points),
        "achievements": list(achievements),
        "activities": list(activities),
        "agreements": list(agreements),
        "programmes": list(programmes),
    }
    for related in links.values():
        access.ensure_own(*related)
    evidence = Evidence(
        school=access.school,
        project=project,
        task=task,
        code=code,
        title=title.strip(),
        kind=kind,
        dated_on=dated_on,
        description=description,
    )
    return create_audited(evidence, actor=access.user, m2m=links)


@transaction.atomic
def evidence_update(
    *,
    access: Access,
    evidence: Evidence,
    links: dict[str, Iterable[Model]] | None = None,
    **changes: Unpack[EvidenceChanges],
) -> Evidence:
    """The task the item is stored under decides who may keep it (a form may have put another
    task on the instance in hand)."""
    access.ensure_own(evidence)
    current = stored_for_update(evidence)
    _require_keep(access, current.task)
    m2m: dict[str, list[Model]] = {}
    for name, related in (links or {}).items():
        if name not in LINK_FIELDS:
            raise ValueError(f"not a link of evidence: {name}")
        items = list(related)
        access.ensure_own(*items)
        m2m[name] = items
    return update_audited(
        evidence,
        actor=access.user,
        changes=changes,
        allowed=EVIDENCE_EDITABLE,
        m2m=m2m,
        stored=current,
    )


def evidence_delete(*, access: Access, evidence: Evidence) -> None:
    access.ensure_own(evidence)
    _require_keep(access, evidence.task)
    delete_audited(evidence, actor=access.user)


@transaction.atomic
def evidence_file_attach(
    *, access: Access, evidence: Evidence, stored_file: StoredFile, name: str = ""
) -> EvidenceFile:
    """Add a file after the item's existing files, under ``name`` (the name it was uploaded
    under here, kept when it differs from the stored file's)."""
    access.ensure_own(evidence, stored_file)
    _require_keep(access, evidence.task)
    last = evidence.file_links.aggregate(last=Max("position"))["last"] or 0
    name = display_name(name) if name else ""
    return create_audited(
        EvidenceFile(
            school=access.school,
            evidence=evidence,
            stored_file=stored_file,
            position=last + 1,
            name="" if name == stored_file.original_name else name,
        ),
        actor=access.user,
    )


def evidence_file_detach(*, access: Access, link: EvidenceFile) -> None:
    """Take a file out of an item. The stored file itself stays (it may serve elsewhere, and
    stored bytes are never deleted while anything refers to them)."""
    access.ensure_own(link)
    evidence = link.evidence
    _require_keep(access, evidence.task)
    delete_audited(link, actor=access.user)


@transaction.atomic
def evidence_files_upload(
    *, access: Access, evidence: Evidence, uploads: Iterable[tuple[str, bytes]]
) -> tuple[list[EvidenceFile], list[str]]:
    """Store and attach several files; each is checked on its own, so one bad file is
    reported (its message in the list returned) without losing the good ones."""
    access.ensure_own(evidence)
    _require_keep(access, evidence.task)
    attached: list[EvidenceFile] = []
    problems: list[str] = []
    for name, data in uploads:
        try:
            with transaction.atomic():
                stored = stored_file_save(access=access, name=name, data=data)
                existing = evidence.file_links.filter(stored_file=stored).first()
                attached.append(
                    existing
                    or evidence_file_attach(
                        access=access, evidence=evidence, stored_file=stored, name=name
                    )
                )
        except (AccessDenied, NotFound):
            raise
        except HezuoError as error:
            problems.append(error.message)
    return attached, problems


@transaction.atomic
def evidence_review_move(
    *, access: Access, evidence: Evidence, to: ReviewStatus, comment: str = ""
) -> Evidence:
    """Submit an item for review, or approve / return it (a return needs a comment)."""
    access.ensure_own(evidence)
    current = stored_for_update(evidence)
    move = (ReviewStatus(current.review_status), to)
    if move in _SUBMITTER_MOVES:
        _require_keep(access, current.task)
    elif move in _REVIEWER_MOVES:
        access.require(Capability.REVIEW_EVIDENCE)
    else:
        raise HezuoError(
            _("不能把“%(from)s”的材料改为“%(to)s”。")
            % {"from": current.get_review_status_display(), "to": to.label}
        )
    return update_audited(
        evidence,
        actor=access.user,
        changes={"review_status": to, "review_comment": comment},
        allowed=("review_status", "review_comment"),
        stored=current,
    )


@transaction.atomic
def evidence_renumber(*, access: Access, project: ConstructionProject) -> dict[str, str]:
    """Close the gaps in a project's evidence codes (see numbering.renumbering): every moved
    item is saved with its new code and an audit event. Returns old code → new code."""
    access.ensure_own(project)
    access.require(Capability.MANAGE_EVIDENCE)
    items = {
        item.code: item for item in Evidence.objects.filter(project=project).select_related("task")
    }
    moves = renumbering(items, roots={item.task.code for item in items.values()})
    for old in sorted(moves, key=code_parts):
        update_audited(
            items[old], actor=access.user, changes={"code": moves[old]}, allowed=("code",)
        )
    return moves


@transaction.atomic
def evidence_import_request(
    *,
    access: Access,
    project: ConstructionProject,
    uploads: Iterable[tuple[str, bytes]],
    split_binders: bool,
    commit: bool,
) -> EvidenceImport:
    """Keep uploaded files and queue their preview (``commit`` False) or import into
    ``project``. Each file is stored as evidence would be (checked, then converted and indexed
    in the background); a PDF binder to split is kept as it is. A file refused here is named
    with the plan's other problems, so the person sees every problem at once."""
    access.ensure_own(project)
    require_import_evidence(access)
    kept: list[tuple[str, StoredFile]] = []
    refused: list[str] = []
    for name, data in uploads:
        try:
            with transaction.atomic():
                kept.append((name, _import_source_keep(access, name, data, split_binders)))
        except (AccessDenied, NotFound):
            raise
        except HezuoError as error:
            refused.append(error.message)
    if not kept and not refused:
        raise HezuoError(_("请选择要导入的文件。"))
    return _queue_import(
        access,
        EvidenceImport(
            project=project, split_binders=split_binders, is_commit=commit, refused=refused
        ),
        [(name[:500], stored) for name, stored in kept],
    )


def _queue_import(
    access: Access, run: EvidenceImport, sources: list[tuple[str, StoredFile]]
) -> EvidenceImport:
    """Record a preview or an import with its files, in upload order, and queue its job."""
    run.school = access.school
    run.created_by = access.user
    run = create_audited(run, actor=access.user)
    EvidenceImportSource.objects.bulk_create(
        EvidenceImportSource(run=run, position=position, name=name, stored_file=stored)
        for position, (name, stored) in enumerate(sources, start=1)
    )
    job_queue(access=access, kind=EVIDENCE_IMPORT_JOB, record=run)
    return run


def _import_source_keep(access: Access, name: str, data: bytes, split: bool) -> StoredFile:
    if split and name.lower().endswith(".pdf"):
        if sniff(data) != FileType.PDF:
            raise HezuoError(_("文件“%(name)s”不是 PDF 文件。") % {"name": name})
        return stored_file_keep(
            school=access.school,
            name=name,
            data=data,
            file_type=FileType.PDF,
            created_by=access.user,
        )
    return stored_file_save(access=access, name=name, data=data)


@transaction.atomic
def evidence_import_checked(*, access: Access, run: EvidenceImport) -> EvidenceImport:
    """Import the files of a preview that found nothing wrong, as they were uploaded."""
    access.ensure_own(run)
    require_import_evidence(access)
    if run.is_commit or not run.ok:
        raise HezuoError(_("只有预览无误的导入才能直接导入。"))
    return _queue_import(
        access,
        EvidenceImport(
            project=run.project, split_binders=run.split_binders, is_commit=True, checked=run
        ),
        [(source.name, source.stored_file) for source in run.sources.select_related("stored_file")],
    )
