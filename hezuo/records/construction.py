"""The kinds of record of a construction project: the project, its tasks and task points, and
its evidence items (part of the table of record kinds, ``hezuo.records.table``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.accounts.access import Access, Capability
from hezuo.construction.filters import ProjectFilterSet, TaskFilterSet, TaskPointFilterSet
from hezuo.construction.forms import ProjectForm, TaskForm, TaskPointForm
from hezuo.construction.models import ConstructionProject, Task, TaskPoint
from hezuo.construction.selectors import (
    project_get,
    project_list,
    task_get,
    task_list_all,
    task_point_get,
    task_point_list_all,
)
from hezuo.construction.services import (
    PROJECT_EDITABLE,
    TASK_EDITABLE,
    TASK_POINT_EDITABLE,
    project_create,
    project_delete,
    project_update,
    task_create,
    task_delete,
    task_point_create,
    task_point_delete,
    task_point_update,
    task_update,
)
from hezuo.core.kinds import Kind
from hezuo.evidence.filters import EvidenceFilterSet
from hezuo.evidence.forms import EvidenceForm
from hezuo.evidence.models import Evidence
from hezuo.evidence.selectors import evidence_get, evidence_list
from hezuo.evidence.services import (
    EVIDENCE_EDITABLE,
    LINK_FIELDS,
    evidence_create,
    evidence_delete,
    evidence_update,
)
from hezuo.imports.kinds import (
    TaskPointsImport,
)
from hezuo.records.kind import Column, RecordKind, only


class Projects(RecordKind[ConstructionProject]):
    kind = Kind.PROJECTS
    model = ConstructionProject
    label_plural = pgettext_lazy("列表", "建设项目")
    icon = "bi-diagram-3"
    columns: Sequence[Column[ConstructionProject]] = (
        Column(_("项目名称"), lambda p: p.name, "name", link=True),
        Column(_("项目类别"), lambda p: p.get_kind_display(), "kind"),
        Column(_("建设起始年度"), lambda p: p.period_start_year, "period_start_year"),
        Column(_("建设截止年度"), lambda p: p.period_end_year, "period_end_year"),
    )
    filterset = ProjectFilterSet
    form = ProjectForm
    write = Capability.MANAGE_SCHOOL
    default_order = "-period_start_year"

    def list(self, access: Access) -> QuerySet[ConstructionProject]:
        return project_list(access=access)

    def get(self, access: Access, pk: int) -> ConstructionProject:
        return project_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> ConstructionProject:
        return project_create(access=access, **data)

    def update(
        self, access: Access, record: ConstructionProject, data: Mapping[str, Any]
    ) -> ConstructionProject:
        return project_update(access=access, project=record, **only(data, PROJECT_EDITABLE))

    def delete(self, access: Access, record: ConstructionProject) -> None:
        project_delete(access=access, project=record)


class Tasks(RecordKind[Task]):
    kind = Kind.TASKS
    model = Task
    label_plural = pgettext_lazy("列表", "建设任务")
    icon = "bi-list-nested"
    columns: Sequence[Column[Task]] = (
        Column(_("编号"), lambda t: t.code, "code_sort", link=True),
        Column(_("任务名称"), lambda t: t.title, "title"),
        Column(_("层面"), lambda t: t.get_level_display(), "level"),
        Column(_("责任部门"), lambda t: t.owner_department or "", "owner_department__name"),
        Column(_("建设项目"), lambda t: t.project, "project__name"),
    )
    filterset = TaskFilterSet
    form = TaskForm
    write = Capability.EDIT_TASK_POINTS
    create_with = Capability.MANAGE_SCHOOL
    default_order = "code_sort"

    def list(self, access: Access) -> QuerySet[Task]:
        return task_list_all(access=access)

    def get(self, access: Access, pk: int) -> Task:
        return task_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> Task:
        return task_create(access=access, **data)

    def update(self, access: Access, record: Task, data: Mapping[str, Any]) -> Task:
        return task_update(access=access, task=record, **only(data, TASK_EDITABLE))

    def delete(self, access: Access, record: Task) -> None:
        task_delete(access=access, task=record)

    def department_of(self, record: Task) -> int | None:
        return record.owner_department_id


class TaskPoints(RecordKind[TaskPoint]):
    kind = Kind.TASK_POINTS
    model = TaskPoint
    label_plural = pgettext_lazy("列表", "任务要点")
    icon = "bi-check2-square"
    columns: Sequence[Column[TaskPoint]] = (
        Column(_("建设任务"), lambda p: p.task.code, "task__code_sort"),
        Column(_("年度"), lambda p: p.year, "year"),
        Column(_("序号"), lambda p: p.sequence, "sequence"),
        Column(_("要点内容"), lambda p: p.text, "text", link=True),
        Column(_("状态"), lambda p: p.get_status_display(), "status"),
    )
    filterset = TaskPointFilterSet
    form = TaskPointForm
    write = Capability.EDIT_TASK_POINTS
    create_with = Capability.MANAGE_SCHOOL
    default_order = "year"
    importer = TaskPointsImport

    def list(self, access: Access) -> QuerySet[TaskPoint]:
        return task_point_list_all(access=access)

    def get(self, access: Access, pk: int) -> TaskPoint:
        return task_point_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> TaskPoint:
        return task_point_create(access=access, **data)

    def update(self, access: Access, record: TaskPoint, data: Mapping[str, Any]) -> TaskPoint:
        return task_point_update(access=access, point=record, **only(data, TASK_POINT_EDITABLE))

    def delete(self, access: Access, record: TaskPoint) -> None:
        task_point_delete(access=access, point=record)

    def department_of(self, record: TaskPoint) -> int | None:
        return record.task.owner_department_id


class EvidenceItems(RecordKind[Evidence]):
    kind = Kind.EVIDENCE
    model = Evidence
    label_plural = pgettext_lazy("列表", "佐证材料")
    icon = "bi-folder2-open"
    columns: Sequence[Column[Evidence]] = (
        Column(_("编号"), lambda e: e.code, "code_sort", link=True),
        Column(_("材料名称"), lambda e: e.title, "title"),
        Column(_("材料类型"), lambda e: e.get_kind_display(), "kind"),
        Column(_("建设任务"), lambda e: e.task, "task__code_sort"),
        Column(_("审核状态"), lambda e: e.get_review_status_display(), "review_status"),
    )
    filterset = EvidenceFilterSet
    form = EvidenceForm
    write = Capability.MANAGE_EVIDENCE
    default_order = "code_sort"

    def list(self, access: Access) -> QuerySet[Evidence]:
        return evidence_list(access=access)

    def get(self, access: Access, pk: int) -> Evidence:
        return evidence_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> Evidence:
        return evidence_create(access=access, **data)

    def update(self, access: Access, record: Evidence, data: Mapping[str, Any]) -> Evidence:
        return evidence_update(
            access=access,
            evidence=record,
            links={name: data[name] for name in LINK_FIELDS if name in data},
            **only(data, EVIDENCE_EDITABLE),
        )

    def delete(self, access: Access, record: Evidence) -> None:
        evidence_delete(access=access, evidence=record)

    def department_of(self, record: Evidence) -> int | None:
        return record.task.owner_department_id
