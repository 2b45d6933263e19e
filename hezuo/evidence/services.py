"""Writes for evidence items, their files and their review.

Evidence belongs to the department that owns its task: that department's liaison and task
owner may keep it, the office admin may keep any, and reviewers decide on submitted items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.activities.models import Activity
from hezuo.agreements.models import Agreement
from hezuo.construction.models import ConstructionProject, Task, TaskAchievement, TaskPoint
from hezuo.core.errors import HezuoError
from hezuo.core.writes import create_audited, delete_audited, update_audited
from hezuo.evidence.models import Evidence, EvidenceFile, EvidenceKind, ReviewStatus
from hezuo.files.models import StoredFile
from hezuo.programmes.models import Programme

EVIDENCE_EDITABLE = ("code", "title", "kind", "dated_on", "description")
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
    code: str,
    title: str,
    kind: EvidenceKind = EvidenceKind.OTHER,
    dated_on: dt.date | None = None,
    description: str = "",
    task_points: Iterable[TaskPoint] = (),
    achievements: Iterable[TaskAchievement] = (),
    activities: Iterable[Activity] = (),
    agreements: Iterable[Agreement] = (),
    programmes: Iterable[Programme] = (),
) -> Evidence:
    access.ensure_own(project, task)
    _require_keep(access, task)
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
        code=code.strip(),
        title=title.strip(),
        kind=kind,
        dated_on=dated_on,
        description=description,
        search_text=f"{code} {title}",
    )
    return create_audited(evidence, actor=access.user, m2m=links)


def evidence_update(
    *,
    access: Access,
    evidence: Evidence,
    links: dict[str, Iterable[Model]] | None = None,
    **changes: object,
) -> Evidence:
    access.ensure_own(evidence)
    _require_keep(access, evidence.task)
    m2m: dict[str, list[Model]] = {}
    for name, related in (links or {}).items():
        if name not in LINK_FIELDS:
            raise ValueError(f"not a link of evidence: {name}")
        items = list(related)
        access.ensure_own(*items)
        m2m[name] = items
    if {"code", "title"} & set(changes):
        code = changes.get("code", evidence.code)
        title = changes.get("title", evidence.title)
        changes["search_text"] = f"{code} {title}"
    return update_audited(
        evidence,
        actor=access.user,
        changes=changes,
        allowed=(*EVIDENCE_EDITABLE, "search_text"),
        m2m=m2m,
    )


def evidence_delete(*, access: Access, evidence: Evidence) -> None:
    access.ensure_own(evidence)
    _require_keep(access, evidence.task)
    delete_audited(evidence, actor=access.user)


@transaction.atomic
def evidence_file_attach(
    *, access: Access, evidence: Evidence, stored_file: StoredFile
) -> EvidenceFile:
    """Add a file after the item's existing files."""
    access.ensure_own(evidence, stored_file)
    _require_keep(access, evidence.task)
    last = evidence.file_links.aggregate(last=Max("position"))["last"] or 0
    return create_audited(
        EvidenceFile(
            school=access.school, evidence=evidence, stored_file=stored_file, position=last + 1
        ),
        actor=access.user,
    )


def evidence_review_move(
    *, access: Access, evidence: Evidence, to: ReviewStatus, comment: str = ""
) -> Evidence:
    """Submit an item for review, or approve / return it (a return needs a comment)."""
    access.ensure_own(evidence)
    move = (ReviewStatus(evidence.review_status), to)
    if move in _SUBMITTER_MOVES:
        _require_keep(access, evidence.task)
    elif move in _REVIEWER_MOVES:
        access.require(Capability.REVIEW_EVIDENCE)
    else:
        raise HezuoError(
            _("不能把“%(from)s”的材料改为“%(to)s”。")
            % {"from": evidence.get_review_status_display(), "to": to.label}
        )
    return update_audited(
        evidence,
        actor=access.user,
        changes={"review_status": to, "review_comment": comment},
        allowed=("review_status", "review_comment"),
    )
