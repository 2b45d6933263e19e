"""The pre-submission audit of a binder: what a reviewer checks before the binder goes to the
province. Shown before compiling and stored with the binder.

- numbering gaps and duplicates among the evidence codes;
- task points without approved evidence;
- evidence linked to nothing (no point, result, activity, agreement or programme);
- files that cannot go in (no PDF, damaged) and items without files;
- figures based on estimates (activities marked as estimated, with their method);
- near-duplicates: one file in several items, two items with the same title, or linked
  activities that look like one exchange recorded twice (same dates, partners and rows);
- the total pages and size of the files."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.access import Access, scoped
from hezuo.activities.lookalikes import lookalike_activities
from hezuo.activities.models import Activity
from hezuo.binders.layout import Item
from hezuo.binders.plan import Scope, binder_items, scope_evidence
from hezuo.construction.models import TaskPoint
from hezuo.core.chinese import chinese_date
from hezuo.core.review import ReviewStatus
from hezuo.evidence.selectors import evidence_numbering

KINDS = {
    "gap": _("编号缺号"),
    "duplicate_code": _("编号重复"),
    "point_without_approved": _("任务要点没有已通过审核的佐证材料"),
    "unlinked": _("材料没有关联任务要点、成效、活动、协议或项目"),
    "unreadable": _("文件不能编入汇编"),
    "no_files": _("材料还没有文件"),
    "estimate": _("数字基于估算"),
    "same_file": _("同一文件出现在多份材料中"),
    "same_title": _("多份材料标题相同"),
    "lookalike": _("疑似重复录入的活动（日期、合作方与参与记录都相同）"),
}


@dataclass(frozen=True)
class Finding:
    kind: str  # a key of KINDS
    code: str  # the evidence code, point, or activity it is about
    text: str  # the record's own words: title, point text, method note


@dataclass(frozen=True)
class Audit:
    findings: tuple[Finding, ...]
    items: int
    files: int
    pages: int
    size: int

    def as_json(self) -> dict[str, Any]:
        return {
            "findings": [asdict(finding) for finding in self.findings],
            "items": self.items,
            "files": self.files,
            "pages": self.pages,
            "size": self.size,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audit:
        return cls(
            findings=tuple(Finding(**finding) for finding in data.get("findings", [])),
            items=int(data.get("items", 0)),
            files=int(data.get("files", 0)),
            pages=int(data.get("pages", 0)),
            size=int(data.get("size", 0)),
        )

    def grouped(self) -> list[tuple[str, str, list[Finding]]]:
        """(kind, label, findings) for each kind with findings, in the order of KINDS."""
        by_kind: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            by_kind[finding.kind].append(finding)
        return [
            (kind, str(label), by_kind[kind]) for kind, label in KINDS.items() if kind in by_kind
        ]


def binder_audit(*, access: Access, scope: Scope, items: Sequence[Item] | None = None) -> Audit:
    """The audit of what a binder of ``scope`` would hold, as ``access`` sees the records;
    ``items`` are the plan's when the caller has them already."""
    access.ensure_own(scope.project, scope.task)
    findings: list[Finding] = []
    prefix = f"{scope.task.code}." if scope.task is not None else ""

    def in_scope(code: str) -> bool:
        return scope.task is None or code == scope.task.code or code.startswith(prefix)

    for task, problem in evidence_numbering(access=access, project=scope.project).problems:
        if in_scope(task.code):
            kind = "gap" if problem.kind == "gap" else "duplicate_code"
            findings.append(Finding(kind, problem.code, f"{task.code} {task.title}"))

    points = scoped(TaskPoint.objects.filter(task__project=scope.project), access=access)
    if scope.task is not None:
        points = points.filter(Q(task=scope.task) | Q(task__code__startswith=prefix))
    if scope.year is not None:
        points = points.filter(year=scope.year)
    lacking = (
        points.annotate(
            approved=Count(
                "evidence", filter=Q(evidence__review_status=ReviewStatus.APPROVED), distinct=True
            )
        )
        .filter(approved=0)
        .select_related("task")
        .order_by("task__code_sort", "year", "sequence")
    )
    for point in lacking:
        label = f"{point.task.code} {point.year}-{point.sequence}"
        findings.append(Finding("point_without_approved", label, point.text))

    if items is None:
        items = binder_items(access=access, scope=scope)
    records = scope_evidence(access=access, scope=scope).annotate(
        links=Count("task_points", distinct=True)
        + Count("achievements", distinct=True)
        + Count("activities", distinct=True)
        + Count("agreements", distinct=True)
        + Count("programmes", distinct=True)
    )
    linked = records.prefetch_related(
        Prefetch(
            "activities",
            queryset=Activity.objects.only("id", "title", "is_estimate", "method_note"),
            to_attr="linked_activities",
        )
    )
    findings += [
        Finding("unlinked", record.code, record.title)
        for record in sorted(linked, key=lambda record: record.code_sort)
        if record.links == 0
    ]
    activities: dict[int, Activity] = {
        activity.pk: activity
        for record in linked
        for activity in getattr(record, "linked_activities", [])
    }
    holders: dict[int, list[str]] = defaultdict(list)
    titles: dict[str, list[str]] = defaultdict(list)
    files = pages = size = 0
    for item in items:
        if not item.files:
            findings.append(Finding("no_files", item.code, item.title))
        for spec in item.files:
            files += 1
            if spec.stored_id is not None:
                holders[spec.stored_id].append(item.code)
            if spec.key is None:
                findings.append(Finding("unreadable", item.code, f"{spec.name}：{spec.problem}"))
            pages += spec.pages
            size += spec.size
        titles[_normalised(item.title)].append(item.code)
    for activity in activities.values():
        if activity.is_estimate:
            findings.append(Finding("estimate", activity.title, activity.method_note))
    findings += _lookalikes(activities)
    for codes in holders.values():
        if len(codes) > 1:
            findings.append(Finding("same_file", "、".join(codes), ""))
    for codes in titles.values():
        if len(codes) > 1:
            findings.append(Finding("same_title", "、".join(codes), ""))
    return Audit(findings=tuple(findings), items=len(items), files=files, pages=pages, size=size)


def _lookalikes(activities: dict[int, Activity]) -> list[Finding]:
    """Activities behind the binder that look like one exchange recorded twice (the same
    dates, partners and participation rows, whatever their titles: hezuo.activities.lookalikes).
    Figures that merely come out close are not compared."""
    found = []
    for group in lookalike_activities(Activity.objects.filter(pk__in=activities)):
        titles = " / ".join(activities[pk].title for pk in group.activity_ids)
        found.append(Finding("lookalike", titles, chinese_date(group.start_on)))
    return found


def _normalised(title: str) -> str:
    return re.sub(r"[\s\W_]+", "", title).lower()
