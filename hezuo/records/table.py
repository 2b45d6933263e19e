"""The table of record kinds: one class per kind, in the order of the navigation — the
cooperation kinds here, a construction project's in ``hezuo.records.construction``, the school's
own in ``hezuo.records.school``. The web pages, the API, the exports, the imports' pages and the
addresses of records all read it (``KINDS``, ``kind_of``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.accounts.access import Access, Capability
from hezuo.activities.filters import ActivityFilterSet, OutcomeFilterSet
from hezuo.activities.forms import ActivityForm, OutcomeForm
from hezuo.activities.models import Activity, Outcome
from hezuo.activities.selectors import activity_get, activity_list, outcome_get, outcome_list
from hezuo.activities.services import (
    ACTIVITY_EDITABLE,
    OUTCOME_EDITABLE,
    activity_create,
    activity_delete,
    activity_update,
    outcome_create,
    outcome_delete,
    outcome_update,
)
from hezuo.agreements.filters import AgreementFilterSet
from hezuo.agreements.forms import AgreementForm
from hezuo.agreements.models import Agreement
from hezuo.agreements.selectors import agreement_get, agreement_list
from hezuo.agreements.services import (
    AGREEMENT_EDITABLE,
    agreement_create,
    agreement_delete,
    agreement_update,
)
from hezuo.assistance.filters import AssistanceFilterSet, AssistanceRecordFilterSet
from hezuo.assistance.forms import AssistanceForm, AssistanceRecordForm
from hezuo.assistance.models import Assistance, AssistanceRecord
from hezuo.assistance.selectors import (
    assistance_get,
    assistance_list,
    assistance_record_get,
    assistance_record_list,
)
from hezuo.assistance.services import (
    ASSISTANCE_EDITABLE,
    RECORD_EDITABLE,
    assistance_create,
    assistance_delete,
    assistance_record_add,
    assistance_record_delete,
    assistance_record_update,
    assistance_update,
)
from hezuo.core.kinds import Kind
from hezuo.core.text import listing
from hezuo.imports.activities import ActivitiesImport
from hezuo.imports.kinds import (
    AgreementsImport,
    AssistanceImport,
    PartnersImport,
    ProgrammesImport,
)
from hezuo.partners.filters import PartnerFilterSet
from hezuo.partners.forms import PartnerForm
from hezuo.partners.models import Partner
from hezuo.partners.selectors import partner_get, partner_list
from hezuo.partners.services import (
    PARTNER_EDITABLE,
    partner_create,
    partner_delete,
    partner_update,
)
from hezuo.programmes.approval_numbers import province_mismatch
from hezuo.programmes.filters import ProgrammeFilterSet
from hezuo.programmes.forms import ProgrammeForm
from hezuo.programmes.models import Programme
from hezuo.programmes.selectors import programme_get, programme_list
from hezuo.programmes.services import (
    PROGRAMME_EDITABLE,
    programme_create,
    programme_delete,
    programme_update,
)
from hezuo.records.construction import EvidenceItems, Projects, TaskPoints, Tasks
from hezuo.records.kind import Column, RecordKind, only
from hezuo.records.school import Departments, IndicatorDefinitions, Members


class Partners(RecordKind[Partner]):
    kind = Kind.PARTNERS
    model = Partner
    label_plural = pgettext_lazy("列表", "合作方")
    icon = "bi-globe2"
    columns: Sequence[Column[Partner]] = (
        Column(_("中文名称"), lambda p: p.name_zh, "name_zh", link=True),
        Column(_("外文名称"), lambda p: p.name_local, "name_local"),
        Column(_("国家/地区"), lambda p: p.country_display, "country_code"),
        Column(_("地区类别"), lambda p: p.get_region_category_display(), "region_category"),
        Column(_("机构类型"), lambda p: p.get_org_type_display(), "org_type"),
        Column(_("合作状态"), lambda p: p.get_status_display(), "status"),
    )
    filterset = PartnerFilterSet
    form = PartnerForm
    write = Capability.MANAGE_COOPERATION
    default_order = "name_zh"
    importer = PartnersImport

    def list(self, access: Access) -> QuerySet[Partner]:
        return partner_list(access=access)

    def get(self, access: Access, pk: int) -> Partner:
        return partner_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> Partner:
        return partner_create(access=access, **data)

    def update(self, access: Access, record: Partner, data: Mapping[str, Any]) -> Partner:
        return partner_update(access=access, partner=record, **only(data, PARTNER_EDITABLE))

    def delete(self, access: Access, record: Partner) -> None:
        partner_delete(access=access, partner=record)


class Agreements(RecordKind[Agreement]):
    kind = Kind.AGREEMENTS
    model = Agreement
    label_plural = pgettext_lazy("列表", "合作协议")
    icon = "bi-file-earmark-text"
    columns: Sequence[Column[Agreement]] = (
        Column(_("协议名称"), lambda a: a.title, "title", link=True),
        Column(_("协议类型"), lambda a: a.get_kind_display(), "kind"),
        Column(_("合作方"), lambda a: listing(p.name_zh for p in a.partners.all())),
        Column(_("状态"), lambda a: a.get_status_display(), "status"),
        Column(_("签署日期"), lambda a: a.signed_on, "signed_on"),
        Column(_("有效期至"), lambda a: a.valid_until, "valid_until"),
    )
    filterset = AgreementFilterSet
    form = AgreementForm
    write = Capability.MANAGE_COOPERATION
    default_order = "-signed_on"
    importer = AgreementsImport

    def list(self, access: Access) -> QuerySet[Agreement]:
        return agreement_list(access=access)

    def get(self, access: Access, pk: int) -> Agreement:
        return agreement_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> Agreement:
        return agreement_create(access=access, **data)

    def update(self, access: Access, record: Agreement, data: Mapping[str, Any]) -> Agreement:
        return agreement_update(
            access=access,
            agreement=record,
            partners=data["partners"],
            **only(data, AGREEMENT_EDITABLE),
        )

    def delete(self, access: Access, record: Agreement) -> None:
        agreement_delete(access=access, agreement=record)


class Programmes(RecordKind[Programme]):
    kind = Kind.PROGRAMMES
    model = Programme
    label_plural = pgettext_lazy("列表", "合作办学")
    icon = "bi-mortarboard"
    columns: Sequence[Column[Programme]] = (
        Column(_("项目名称"), lambda g: g.name, "name", link=True),
        Column(_("办学形式"), lambda g: g.get_form_display(), "form"),
        Column(_("办学层次"), lambda g: g.get_level_display(), "level"),
        Column(_("批准书编号"), lambda g: g.approval_number, "approval_number"),
        Column(_("状态"), lambda g: g.get_status_display(), "status"),
    )
    filterset = ProgrammeFilterSet
    form = ProgrammeForm
    write = Capability.MANAGE_COOPERATION
    default_order = "name"
    importer = ProgrammesImport

    def list(self, access: Access) -> QuerySet[Programme]:
        return programme_list(access=access)

    def get(self, access: Access, pk: int) -> Programme:
        return programme_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> Programme:
        return programme_create(access=access, **data)

    def update(self, access: Access, record: Programme, data: Mapping[str, Any]) -> Programme:
        return programme_update(
            access=access,
            programme=record,
            partners=data["partners"],
            **only(data, PROGRAMME_EDITABLE),
        )

    def delete(self, access: Access, record: Programme) -> None:
        programme_delete(access=access, programme=record)

    def warnings(self, access: Access, record: Programme) -> Sequence[str]:
        mismatch = province_mismatch(record.approval_number, access.school.province)
        return [mismatch] if mismatch else []


class Activities(RecordKind[Activity]):
    kind = Kind.ACTIVITIES
    model = Activity
    label_plural = pgettext_lazy("列表", "交流活动")
    icon = "bi-airplane"
    columns: Sequence[Column[Activity]] = (
        Column(_("活动名称"), lambda a: a.title, "title", link=True),
        Column(_("活动类型"), lambda a: a.get_activity_type_display(), "activity_type"),
        Column(_("方向"), lambda a: a.get_direction_display(), "direction"),
        Column(_("方式"), lambda a: a.get_mode_display(), "mode"),
        Column(_("开始日期"), lambda a: a.start_on, "start_on"),
        Column(_("牵头部门"), lambda a: a.department or "", "department__name"),
    )
    filterset = ActivityFilterSet
    form = ActivityForm
    write = Capability.RECORD_ACTIVITIES
    default_order = "-start_on"
    importer = ActivitiesImport

    def list(self, access: Access) -> QuerySet[Activity]:
        return activity_list(access=access)

    def get(self, access: Access, pk: int) -> Activity:
        return activity_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> Activity:
        return activity_create(access=access, **data)

    def update(self, access: Access, record: Activity, data: Mapping[str, Any]) -> Activity:
        return activity_update(
            access=access,
            activity=record,
            partners=data["partners"],
            **only(data, ACTIVITY_EDITABLE),
        )

    def delete(self, access: Access, record: Activity) -> None:
        activity_delete(access=access, activity=record)

    def department_of(self, record: Activity) -> int | None:
        return record.department_id


class Outcomes(RecordKind[Outcome]):
    kind = Kind.OUTCOMES
    model = Outcome
    label_plural = pgettext_lazy("列表", "成果")
    icon = "bi-trophy"
    columns: Sequence[Column[Outcome]] = (
        Column(_("成果名称"), lambda o: o.title, "title", link=True),
        Column(_("成果类型"), lambda o: o.get_kind_display(), "kind"),
        Column(_("级别"), lambda o: o.get_level_display(), "level"),
        Column(_("等级"), lambda o: o.grade, "grade"),
        Column(_("活动"), lambda o: o.activity.title, "activity__title"),
        Column(_("取得日期"), lambda o: o.achieved_on, "achieved_on"),
    )
    filterset = OutcomeFilterSet
    form = OutcomeForm
    write = Capability.RECORD_ACTIVITIES
    default_order = "-achieved_on"

    def list(self, access: Access) -> QuerySet[Outcome]:
        return outcome_list(access=access)

    def get(self, access: Access, pk: int) -> Outcome:
        return outcome_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> Outcome:
        return outcome_create(access=access, **data)

    def update(self, access: Access, record: Outcome, data: Mapping[str, Any]) -> Outcome:
        return outcome_update(access=access, outcome=record, **only(data, OUTCOME_EDITABLE))

    def delete(self, access: Access, record: Outcome) -> None:
        outcome_delete(access=access, outcome=record)

    def department_of(self, record: Outcome) -> int | None:
        return record.activity.department_id


class AssistanceRecords(RecordKind[AssistanceRecord]):
    kind = Kind.ASSISTANCE_RECORDS
    model = AssistanceRecord
    label_plural = pgettext_lazy("列表", "结对帮扶")
    icon = "bi-people"
    columns: Sequence[Column[AssistanceRecord]] = (
        Column(
            _("受扶单位"), lambda r: r.assistance.counterpart, "assistance__counterpart", link=True
        ),
        Column(_("年度"), lambda r: r.year, "year"),
        Column(_("帮扶事项"), lambda r: r.get_item_display(), "item"),
        Column(_("数量"), lambda r: r.display_quantity, "quantity"),
        Column(_("具体内容"), lambda r: r.detail),
    )
    filterset = AssistanceRecordFilterSet
    form = AssistanceRecordForm
    write = Capability.MANAGE_COOPERATION
    default_order = "-year"
    importer = AssistanceImport

    def list(self, access: Access) -> QuerySet[AssistanceRecord]:
        return assistance_record_list(access=access)

    def get(self, access: Access, pk: int) -> AssistanceRecord:
        return assistance_record_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> AssistanceRecord:
        return assistance_record_add(access=access, **data)

    def update(
        self, access: Access, record: AssistanceRecord, data: Mapping[str, Any]
    ) -> AssistanceRecord:
        return assistance_record_update(access=access, record=record, **only(data, RECORD_EDITABLE))

    def delete(self, access: Access, record: AssistanceRecord) -> None:
        assistance_record_delete(access=access, record=record)


class Pairings(RecordKind[Assistance]):
    kind = Kind.PAIRINGS
    model = Assistance
    label_plural = pgettext_lazy("列表", "结对帮扶关系")
    icon = "bi-link-45deg"
    columns: Sequence[Column[Assistance]] = (
        Column(_("受扶单位"), lambda a: a.counterpart, "counterpart", link=True),
        Column(_("帮扶类型"), lambda a: a.get_kind_display(), "kind"),
        Column(_("开始日期"), lambda a: a.start_on, "start_on"),
        Column(_("帮扶协议"), lambda a: a.agreement or "", "agreement__title"),
    )
    filterset = AssistanceFilterSet
    form = AssistanceForm
    write = Capability.MANAGE_COOPERATION
    default_order = "-start_on"

    def list(self, access: Access) -> QuerySet[Assistance]:
        return assistance_list(access=access)

    def get(self, access: Access, pk: int) -> Assistance:
        return assistance_get(access=access, pk=pk)

    def create(self, access: Access, data: Mapping[str, Any]) -> Assistance:
        return assistance_create(access=access, **data)

    def update(self, access: Access, record: Assistance, data: Mapping[str, Any]) -> Assistance:
        return assistance_update(
            access=access, assistance=record, **only(data, ASSISTANCE_EDITABLE)
        )

    def delete(self, access: Access, record: Assistance) -> None:
        assistance_delete(access=access, assistance=record)


KINDS: Mapping[Kind, RecordKind[Any]] = {
    table.kind: table
    for table in (
        Partners(),
        Agreements(),
        Programmes(),
        Activities(),
        Outcomes(),
        AssistanceRecords(),
        Pairings(),
        Projects(),
        Tasks(),
        TaskPoints(),
        EvidenceItems(),
        Members(),
        Departments(),
        IndicatorDefinitions(),
    )
}

_BY_MODEL: Mapping[type[models.Model], RecordKind[Any]] = {
    table.model: table for table in KINDS.values()
}


def kind_of(model: type[models.Model]) -> RecordKind[Any] | None:
    """The kind whose records are ``model``'s, if hezuo keeps them as a kind of record."""
    return _BY_MODEL.get(model)
