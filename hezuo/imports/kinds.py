"""What can be imported: partners, agreements, programmes, activities with their participation
rows, task points and assistance records. Each importer names its sheets and columns, finds a
row's record by its natural key, and writes through the same services as the pages, so an
import is refused what a page would refuse, and every change is audited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hezuo.accounts.access import Access, Capability
from hezuo.agreements.models import Agreement
from hezuo.agreements.selectors import agreement_list
from hezuo.agreements.services import AGREEMENT_EDITABLE, agreement_create, agreement_update
from hezuo.assistance.models import Assistance, AssistanceRecord
from hezuo.assistance.selectors import assistance_list, assistance_record_list
from hezuo.assistance.services import (
    RECORD_EDITABLE,
    assistance_record_add,
    assistance_record_update,
)
from hezuo.construction.models import Task, TaskPoint
from hezuo.construction.selectors import project_list, task_list_all, task_point_list_all
from hezuo.construction.services import (
    TASK_POINT_EDITABLE,
    task_point_create,
    task_point_update,
)
from hezuo.core.kinds import Kind
from hezuo.imports.activities import ActivitiesImport
from hezuo.imports.columns import Column, Lookup, Sheet
from hezuo.imports.importer import (
    Importer,
    Key,
    RowRefused,
    by_name,
    department_lookup,
    named,
    partner_lookup,
)
from hezuo.imports.importing import Row
from hezuo.imports.models import ImportKind
from hezuo.partners.models import Partner
from hezuo.partners.selectors import partner_list
from hezuo.partners.services import PARTNER_EDITABLE, partner_create, partner_update
from hezuo.programmes.approval_numbers import normalise_approval_number, province_mismatch
from hezuo.programmes.models import Programme
from hezuo.programmes.selectors import programme_list
from hezuo.programmes.services import PROGRAMME_EDITABLE, programme_create, programme_update

__all__ = ["IMPORTERS", "ActivitiesImport", "Importer"]


class PartnersImport(Importer):
    slug = ImportKind.PARTNERS
    label = ImportKind.PARTNERS.label
    capability = Capability.MANAGE_COOPERATION
    editable = PARTNER_EDITABLE
    sheets = (
        Sheet(
            gettext_lazy("合作方"),
            Partner,
            [
                Column("name_zh", required=True),
                Column("name_local"),
                Column("country_code", required=True),
                Column("org_type", required=True),
                Column("status"),
                Column("is_belt_and_road"),
                Column("website"),
                Column("schac_code"),
                Column("pic"),
                Column("erasmus_code"),
                Column("notes"),
            ],
            key=("name_zh",),
            note=gettext_lazy("中文名称相同的合作方视为同一条记录：再次导入会更新其余各列。"),
        ),
    )

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        return named(partner_list(access=self.access), "name_zh", rows)

    def record_key(self, record: Partner) -> Key:
        return (record.name_zh,)

    def create(self, values: dict[str, Any]) -> None:
        partner_create(access=self.access, **values)

    def update(self, record: Partner, changes: dict[str, Any]) -> None:
        partner_update(access=self.access, partner=record, **changes)


class AgreementsImport(Importer):
    slug = ImportKind.AGREEMENTS
    label = ImportKind.AGREEMENTS.label
    capability = Capability.MANAGE_COOPERATION
    editable = (*AGREEMENT_EDITABLE, "partners")
    sheets = (
        Sheet(
            gettext_lazy("合作协议"),
            Agreement,
            [
                Column("title", required=True),
                Column("kind", required=True),
                Column("partners", lookup=Kind.PARTNERS, many=True),
                Column("department", lookup=Kind.DEPARTMENTS),
                Column("status"),
                Column("signed_on"),
                Column("valid_from"),
                Column("valid_until"),
                Column("notes"),
            ],
            key=("title", "signed_on"),
            note=gettext_lazy(
                "协议名称与签署日期都相同的协议视为同一条记录。合作方填写其中文或外文名称，"
                "多个合作方用顿号（、）分隔。"
            ),
        ),
    )

    def load_lookups(self) -> dict[Kind, Lookup]:
        return {
            Kind.PARTNERS: partner_lookup(self.access),
            Kind.DEPARTMENTS: department_lookup(self.access),
        }

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        return named(agreement_list(access=self.access).prefetch_related("partners"), "title", rows)

    def record_key(self, record: Agreement) -> Key:
        return (record.title, record.signed_on)

    def create(self, values: dict[str, Any]) -> None:
        agreement_create(access=self.access, **{"partners": (), **values})

    def update(self, record: Agreement, changes: dict[str, Any]) -> None:
        agreement_update(access=self.access, agreement=record, **changes)


class ProgrammesImport(Importer):
    slug = ImportKind.PROGRAMMES
    label = ImportKind.PROGRAMMES.label
    capability = Capability.MANAGE_COOPERATION
    editable = (*PROGRAMME_EDITABLE, "partners")
    sheets = (
        Sheet(
            gettext_lazy("合作办学项目"),
            Programme,
            [
                Column("name", required=True),
                Column("form", required=True),
                Column("partners", lookup=Kind.PARTNERS, many=True),
                Column("department", lookup=Kind.DEPARTMENTS),
                Column("major"),
                Column("level"),
                Column("approval_number"),
                Column("is_filed_with_moe"),
                Column("approval_valid_until"),
                Column("duration_years"),
                Column("intake_per_cohort"),
                Column("started_year"),
                Column("in_bay_area"),
                Column("intake_start_year"),
                Column("intake_end_year"),
                Column("certificates"),
                Column("status"),
                Column("notes"),
            ],
            key=("name",),
            note=gettext_lazy(
                "项目名称相同的项目视为同一条记录。批准书编号如 MOE44UK2A20211234N。"
            ),
        ),
    )

    def load_lookups(self) -> dict[Kind, Lookup]:
        return {
            Kind.PARTNERS: partner_lookup(self.access),
            Kind.DEPARTMENTS: department_lookup(self.access),
        }

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        return named(programme_list(access=self.access).prefetch_related("partners"), "name", rows)

    def record_key(self, record: Programme) -> Key:
        return (record.name,)

    def changes(self, record: Any, values: dict[str, Any]) -> dict[str, Any]:
        if "approval_number" in values:
            values = {
                **values,
                "approval_number": normalise_approval_number(values["approval_number"]),
            }
        return super().changes(record, values)

    def warnings(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        number = str(values.get("approval_number") or "")
        mismatch = province_mismatch(number, self.access.school.province)
        return [("approval_number", mismatch)] if mismatch else []

    def create(self, values: dict[str, Any]) -> None:
        programme_create(access=self.access, **values)

    def update(self, record: Programme, changes: dict[str, Any]) -> None:
        programme_update(access=self.access, programme=record, **changes)


class AssistanceImport(Importer):
    slug = ImportKind.ASSISTANCE
    label = ImportKind.ASSISTANCE.label
    capability = Capability.MANAGE_COOPERATION
    editable = RECORD_EDITABLE
    sheets = (
        Sheet(
            gettext_lazy("帮扶记录"),
            AssistanceRecord,
            [
                Column("counterpart", required=True, of=Assistance),
                Column("kind", required=True, of=Assistance),
                Column("year", required=True),
                Column("item", required=True),
                Column("quantity", required=True),
                Column("unit", required=True),
                Column("approximation"),
                Column("detail"),
            ],
            key=("counterpart", "kind", "year", "item", "detail"),
            note=gettext_lazy(
                "受扶单位与帮扶类型须与 hezuo 中已有的结对帮扶关系一致。受扶单位、帮扶类型、年度、"
                "帮扶事项和具体内容都相同的行视为同一条记录：再次导入会更新数量、单位和约数。"
            ),
        ),
    )

    def __init__(self, access: Access) -> None:
        super().__init__(access)
        self.pairings = {(a.counterpart, a.kind): a for a in assistance_list(access=access)}

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        return assistance_record_list(access=self.access).select_related("assistance")

    def record_key(self, record: AssistanceRecord) -> Key:
        pairing = record.assistance
        return (pairing.counterpart, pairing.kind, record.year, record.item, record.detail)

    def values(self, row: Row) -> dict[str, Any]:
        values = dict(row.values)
        counterpart, kind = values.pop("counterpart"), values.pop("kind")
        pairing = self.pairings.get((counterpart, kind))
        if pairing is None:
            raise RowRefused(
                "counterpart",
                _("没有与“%(counterpart)s”的这类结对帮扶关系：请先在“结对帮扶关系”中添加。")
                % {"counterpart": counterpart},
            )
        return {"assistance": pairing, **values}

    def create(self, values: dict[str, Any]) -> None:
        assistance_record_add(access=self.access, **values)

    def update(self, record: AssistanceRecord, changes: dict[str, Any]) -> None:
        assistance_record_update(access=self.access, record=record, **changes)


class TaskPointsImport(Importer):
    slug = ImportKind.POINTS
    label = ImportKind.POINTS.label
    capability = Capability.EDIT_TASK_POINTS
    editable = TASK_POINT_EDITABLE
    sheets = (
        Sheet(
            gettext_lazy("任务要点"),
            TaskPoint,
            [
                Column("project", required=True, of=Task, lookup=Kind.PROJECTS),
                Column("code", required=True, of=Task, label=gettext_lazy("任务编号")),
                Column("year", required=True),
                Column("sequence", required=True),
                Column("text", required=True),
                Column("target_quantity"),
                Column("target_unit"),
                Column("status"),
                Column("completed_on"),
                Column("narrative"),
            ],
            key=("project", "code", "year", "sequence"),
            note=gettext_lazy(
                "建设项目填写其名称，任务编号如 9.2。建设项目、任务编号、年度和序号都相同的行视为"
                "同一个要点：再次导入会更新其内容、目标、状态与完成情况。"
            ),
        ),
    )

    def __init__(self, access: Access) -> None:
        super().__init__(access)
        self.tasks = {(t.project_id, t.code): t for t in task_list_all(access=access)}

    def load_lookups(self) -> dict[Kind, Lookup]:
        return {Kind.PROJECTS: by_name(project_list(access=self.access), "name")}

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        return task_point_list_all(access=self.access).select_related("task__project")

    def record_key(self, record: TaskPoint) -> Key:
        return (record.task.project, record.task.code, record.year, record.sequence)

    def values(self, row: Row) -> dict[str, Any]:
        values = dict(row.values)
        project, code = values.pop("project"), values.pop("code")
        task = self.tasks.get((project.pk, code))
        if task is None:
            raise RowRefused(
                "code",
                _("建设项目“%(project)s”中没有编号为“%(code)s”的建设任务。")
                % {"project": project, "code": code},
            )
        return {"task": task, **values}

    def create(self, values: dict[str, Any]) -> None:
        task_point_create(access=self.access, **values)

    def update(self, record: TaskPoint, changes: dict[str, Any]) -> None:
        task_point_update(access=self.access, point=record, **changes)


IMPORTERS: dict[str, type[Importer]] = {
    importer.slug: importer
    for importer in (
        PartnersImport,
        AgreementsImport,
        ProgrammesImport,
        ActivitiesImport,
        TaskPointsImport,
        AssistanceImport,
    )
}
