"""The kinds of record of the school itself: its members, departments and indicator definitions
(part of the table of record kinds, ``hezuo.records.table``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.accounts.access import Access, Capability
from hezuo.accounts.filters import DepartmentFilterSet, MembershipFilterSet
from hezuo.accounts.forms import DepartmentForm, MemberForm
from hezuo.accounts.models import Department, Membership
from hezuo.accounts.selectors import (
    department_get,
    department_list,
    membership_get,
    membership_list,
)
from hezuo.accounts.services import (
    department_create,
    department_delete,
    department_update,
    member_add,
    member_unlock,
    membership_remove,
    membership_set_active,
)
from hezuo.core.kinds import Kind
from hezuo.core.text import yes_no
from hezuo.indicators.filters import IndicatorDefinitionFilterSet
from hezuo.indicators.forms import IndicatorDefinitionForm
from hezuo.indicators.models import IndicatorDefinition
from hezuo.indicators.selectors import indicator_definition_get, indicator_definition_list
from hezuo.indicators.services import (
    DEFINITION_EDITABLE,
    indicator_definition_create,
    indicator_definition_delete,
    indicator_definition_update,
)
from hezuo.records.kind import Column, RecordKind, only


class Members(RecordKind[Membership]):
    kind = Kind.MEMBERS
    model = Membership
    label_plural = pgettext_lazy("列表", "用户与角色")
    icon = "bi-person-badge"
    columns: Sequence[Column[Membership]] = (
        Column(_("用户名"), lambda m: m.user.username, "user__username", link=True),
        Column(_("姓名"), lambda m: m.user.display_name, "user__display_name"),
        Column(_("角色"), lambda m: m.get_role_display(), "role"),
        Column(_("部门"), lambda m: m.department or "", "department__name"),
        Column(_("有效"), lambda m: yes_no(m.is_active), "is_active"),
    )
    filterset = MembershipFilterSet
    form = MemberForm
    write = Capability.MANAGE_SCHOOL
    default_order = "user__username"

    def list(self, access: Access) -> QuerySet[Membership]:
        return membership_list(access=access)

    def get(self, access: Access, pk: int) -> Membership:
        return membership_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> Membership:
        return member_add(
            access=access,
            username=data["username"],
            role=data["role"],
            department=data["department"],
            display_name=data["display_name"],
            email=data["email"],
            password=data["password"] or None,
        )

    def update(self, access: Access, record: Membership, data: Mapping[str, Any]) -> Membership:
        if data.get("unlock"):
            member_unlock(access=access, membership=record)
        return membership_set_active(access=access, membership=record, is_active=data["is_active"])

    def delete(self, access: Access, record: Membership) -> None:
        membership_remove(access=access, membership=record)


class Departments(RecordKind[Department]):
    kind = Kind.DEPARTMENTS
    model = Department
    label_plural = pgettext_lazy("列表", "部门与二级学院")
    icon = "bi-buildings"
    columns: Sequence[Column[Department]] = (
        Column(_("名称"), lambda d: d.name, "name", link=True),
        Column(_("类型"), lambda d: d.get_kind_display(), "kind"),
    )
    filterset = DepartmentFilterSet
    form = DepartmentForm
    write = Capability.MANAGE_SCHOOL
    default_order = "name"

    def list(self, access: Access) -> QuerySet[Department]:
        return department_list(access=access)

    def get(self, access: Access, pk: int) -> Department:
        return department_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> Department:
        return department_create(access=access, **data)

    def update(self, access: Access, record: Department, data: Mapping[str, Any]) -> Department:
        return department_update(access=access, department=record, **data)

    def delete(self, access: Access, record: Department) -> None:
        department_delete(access=access, department=record)


class IndicatorDefinitions(RecordKind[IndicatorDefinition]):
    kind = Kind.INDICATOR_DEFINITIONS
    model = IndicatorDefinition
    label_plural = pgettext_lazy("列表", "指标目录")
    icon = "bi-bar-chart"
    columns: Sequence[Column[IndicatorDefinition]] = (
        Column(_("指标代码"), lambda d: d.code, "code", link=True),
        Column(_("指标名称"), lambda d: d.name, "name", link=True),
        Column(_("单位"), lambda d: d.get_unit_display(), "unit"),
        Column(_("报告类别"), lambda d: d.get_report_family_display(), "report_family"),
        Column(_("适用起始年度"), lambda d: d.valid_from_year, "valid_from_year"),
        Column(_("适用截止年度"), lambda d: d.valid_to_year or "", "valid_to_year"),
        Column(_("计算方式"), lambda d: d.get_formula_kind_display(), "formula_kind"),
    )
    filterset = IndicatorDefinitionFilterSet
    form = IndicatorDefinitionForm
    write = Capability.MANAGE_SCHOOL
    default_order = "report_family"

    def list(self, access: Access) -> QuerySet[IndicatorDefinition]:
        return indicator_definition_list(access=access)

    def get(self, access: Access, pk: int) -> IndicatorDefinition:
        return indicator_definition_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> IndicatorDefinition:
        return indicator_definition_create(access=access, **data)

    def update(
        self, access: Access, record: IndicatorDefinition, data: Mapping[str, Any]
    ) -> IndicatorDefinition:
        return indicator_definition_update(
            access=access, definition=record, **only(data, DEFINITION_EDITABLE)
        )

    def delete(self, access: Access, record: IndicatorDefinition) -> None:
        indicator_definition_delete(access=access, definition=record)
