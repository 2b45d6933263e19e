"""The resources of the web UI, in the order of the navigation."""

from __future__ import annotations

from typing import Any

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
    membership_remove,
    membership_set_active,
)
from hezuo.activities.calculations import round_figure
from hezuo.activities.filters import ActivityFilterSet, OutcomeFilterSet
from hezuo.activities.forms import ActivityForm, OutcomeForm
from hezuo.activities.models import Activity, Outcome
from hezuo.activities.selectors import (
    activity_get,
    activity_list,
    activity_person_days,
    outcome_get,
    outcome_list,
    participation_list,
)
from hezuo.activities.services import (
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
from hezuo.agreements.services import agreement_create, agreement_delete, agreement_update
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
    assistance_create,
    assistance_delete,
    assistance_record_add,
    assistance_record_delete,
    assistance_record_update,
    assistance_update,
)
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
from hezuo.core.text import listing, yes_no
from hezuo.evidence.filters import EvidenceFilterSet
from hezuo.evidence.forms import EvidenceForm
from hezuo.evidence.models import Evidence
from hezuo.evidence.selectors import evidence_get, evidence_list
from hezuo.evidence.services import evidence_create, evidence_delete, evidence_update
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
from hezuo.partners.filters import PartnerFilterSet
from hezuo.partners.forms import PartnerForm
from hezuo.partners.models import Partner
from hezuo.partners.selectors import partner_get, partner_list
from hezuo.partners.services import partner_create, partner_delete, partner_update
from hezuo.programmes.filters import ProgrammeFilterSet
from hezuo.programmes.forms import ProgrammeForm
from hezuo.programmes.models import Programme
from hezuo.programmes.selectors import programme_get, programme_list
from hezuo.programmes.services import programme_create, programme_delete, programme_update
from hezuo.web.evidence import detail_context as evidence_detail_context
from hezuo.web.resources import Column, Resource


def _participation_context(access: Access, activity: Activity) -> dict[str, Any]:
    per_day = access.school.hours_per_day
    rows = [
        (row, round_figure(row.person_days(per_day)))
        for row in participation_list(access=access, activity=activity)
    ]
    total = activity_person_days(access=access, activity=activity)
    return {"participation_rows": rows, "person_days_total": round_figure(total)}


def _without(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in names}


PARTNERS: Resource[Partner] = Resource(
    slug="partners",
    model=Partner,
    label=_("合作方"),
    label_plural=pgettext_lazy("列表", "合作方"),
    icon="bi-globe2",
    columns=[
        Column(_("中文名称"), lambda p: p.name_zh, "name_zh", link=True),
        Column(_("外文名称"), lambda p: p.name_local, "name_local"),
        Column(_("国家/地区"), lambda p: p.country_display, "country_code"),
        Column(_("地区类别"), lambda p: p.get_region_category_display(), "region_category"),
        Column(_("机构类型"), lambda p: p.get_org_type_display(), "org_type"),
        Column(_("合作状态"), lambda p: p.get_status_display(), "status"),
    ],
    filterset=PartnerFilterSet,
    form=PartnerForm,
    list=lambda access: partner_list(access=access),
    get=lambda access, pk: partner_get(access=access, pk=pk),
    create=lambda access, data: partner_create(access=access, **data),
    update=lambda access, obj, data: partner_update(access=access, partner=obj, **data),
    delete=lambda access, obj: partner_delete(access=access, partner=obj),
    write=Capability.MANAGE_COOPERATION,
    default_order="name_zh",
)

AGREEMENTS: Resource[Agreement] = Resource(
    slug="agreements",
    model=Agreement,
    label=_("合作协议"),
    label_plural=pgettext_lazy("列表", "合作协议"),
    icon="bi-file-earmark-text",
    columns=[
        Column(_("协议名称"), lambda a: a.title, "title", link=True),
        Column(_("协议类型"), lambda a: a.get_kind_display(), "kind"),
        Column(_("合作方"), lambda a: listing(p.name_zh for p in a.partners.all())),
        Column(_("状态"), lambda a: a.get_status_display(), "status"),
        Column(_("签署日期"), lambda a: a.signed_on, "signed_on"),
        Column(_("有效期至"), lambda a: a.valid_until, "valid_until"),
    ],
    filterset=AgreementFilterSet,
    form=AgreementForm,
    list=lambda access: agreement_list(access=access),
    get=lambda access, pk: agreement_get(access=access, pk=pk),
    create=lambda access, data: agreement_create(access=access, **data),
    update=lambda access, obj, data: agreement_update(
        access=access, agreement=obj, partners=data["partners"], **_without(data, "partners")
    ),
    delete=lambda access, obj: agreement_delete(access=access, agreement=obj),
    write=Capability.MANAGE_COOPERATION,
    default_order="-signed_on",
)

PROGRAMMES: Resource[Programme] = Resource(
    slug="programmes",
    model=Programme,
    label=_("合作办学项目"),
    label_plural=pgettext_lazy("列表", "合作办学"),
    icon="bi-mortarboard",
    columns=[
        Column(_("项目名称"), lambda g: g.name, "name", link=True),
        Column(_("办学形式"), lambda g: g.get_form_display(), "form"),
        Column(_("办学层次"), lambda g: g.get_level_display(), "level"),
        Column(_("批准书编号"), lambda g: g.approval_number, "approval_number"),
        Column(_("状态"), lambda g: g.get_status_display(), "status"),
    ],
    filterset=ProgrammeFilterSet,
    form=ProgrammeForm,
    list=lambda access: programme_list(access=access),
    get=lambda access, pk: programme_get(access=access, pk=pk),
    create=lambda access, data: programme_create(access=access, **data),
    update=lambda access, obj, data: programme_update(
        access=access, programme=obj, partners=data["partners"], **_without(data, "partners")
    ),
    delete=lambda access, obj: programme_delete(access=access, programme=obj),
    write=Capability.MANAGE_COOPERATION,
    default_order="name",
)

ACTIVITIES: Resource[Activity] = Resource(
    slug="activities",
    model=Activity,
    label=_("交流活动"),
    label_plural=pgettext_lazy("列表", "交流活动"),
    icon="bi-airplane",
    columns=[
        Column(_("活动名称"), lambda a: a.title, "title", link=True),
        Column(_("活动类型"), lambda a: a.get_activity_type_display(), "activity_type"),
        Column(_("方向"), lambda a: a.get_direction_display(), "direction"),
        Column(_("方式"), lambda a: a.get_mode_display(), "mode"),
        Column(_("开始日期"), lambda a: a.start_on, "start_on"),
        Column(_("牵头部门"), lambda a: a.department or "", "department__name"),
    ],
    filterset=ActivityFilterSet,
    form=ActivityForm,
    list=lambda access: activity_list(access=access),
    get=lambda access, pk: activity_get(access=access, pk=pk),
    create=lambda access, data: activity_create(access=access, **data),
    update=lambda access, obj, data: activity_update(
        access=access, activity=obj, partners=data["partners"], **_without(data, "partners")
    ),
    delete=lambda access, obj: activity_delete(access=access, activity=obj),
    write=Capability.RECORD_ACTIVITIES,
    department_of=lambda activity: activity.department_id,
    default_order="-start_on",
    detail_template="web/activity_detail.html",
    detail_context=lambda access, activity: _participation_context(access, activity),
)

ASSISTANCE_RECORDS: Resource[AssistanceRecord] = Resource(
    slug="assistance",
    model=AssistanceRecord,
    label=_("帮扶记录"),
    label_plural=pgettext_lazy("列表", "结对帮扶"),
    icon="bi-people",
    columns=[
        Column(
            _("受扶单位"), lambda r: r.assistance.counterpart, "assistance__counterpart", link=True
        ),
        Column(_("年度"), lambda r: r.year, "year"),
        Column(_("帮扶事项"), lambda r: r.get_item_display(), "item"),
        Column(_("数量"), lambda r: r.display_quantity, "quantity"),
        Column(_("具体内容"), lambda r: r.detail),
    ],
    filterset=AssistanceRecordFilterSet,
    form=AssistanceRecordForm,
    list=lambda access: assistance_record_list(access=access),
    get=lambda access, pk: assistance_record_get(access=access, pk=pk),
    create=lambda access, data: assistance_record_add(access=access, **data),
    update=lambda access, obj, data: assistance_record_update(
        access=access, record=obj, **_without(data, "assistance")
    ),
    delete=lambda access, obj: assistance_record_delete(access=access, record=obj),
    write=Capability.MANAGE_COOPERATION,
    default_order="-year",
)

OUTCOMES: Resource[Outcome] = Resource(
    slug="outcomes",
    model=Outcome,
    label=_("成果"),
    label_plural=pgettext_lazy("列表", "成果"),
    icon="bi-trophy",
    columns=[
        Column(_("成果名称"), lambda o: o.title, "title", link=True),
        Column(_("成果类型"), lambda o: o.get_kind_display(), "kind"),
        Column(_("级别"), lambda o: o.get_level_display(), "level"),
        Column(_("等级"), lambda o: o.grade, "grade"),
        Column(_("活动"), lambda o: o.activity.title, "activity__title"),
        Column(_("取得日期"), lambda o: o.achieved_on, "achieved_on"),
    ],
    filterset=OutcomeFilterSet,
    form=OutcomeForm,
    list=lambda access: outcome_list(access=access),
    get=lambda access, pk: outcome_get(access=access, pk=pk),
    create=lambda access, data: outcome_create(access=access, **data),
    update=lambda access, obj, data: outcome_update(
        access=access, outcome=obj, **_without(data, "activity")
    ),
    delete=lambda access, obj: outcome_delete(access=access, outcome=obj),
    write=Capability.RECORD_ACTIVITIES,
    department_of=lambda outcome: outcome.activity.department_id,
    default_order="-achieved_on",
)

EVIDENCE_LINKS = ("task_points", "activities", "agreements", "programmes")

EVIDENCE: Resource[Evidence] = Resource(
    slug="evidence",
    model=Evidence,
    label=_("佐证材料"),
    label_plural=pgettext_lazy("列表", "佐证材料"),
    icon="bi-folder2-open",
    columns=[
        Column(_("编号"), lambda e: e.code, "code_sort", link=True),
        Column(_("材料名称"), lambda e: e.title, "title"),
        Column(_("材料类型"), lambda e: e.get_kind_display(), "kind"),
        Column(_("建设任务"), lambda e: e.task, "task__code_sort"),
        Column(_("审核状态"), lambda e: e.get_review_status_display(), "review_status"),
    ],
    filterset=EvidenceFilterSet,
    form=EvidenceForm,
    list=lambda access: evidence_list(access=access),
    get=lambda access, pk: evidence_get(access=access, pk=pk),
    create=lambda access, data: evidence_create(access=access, **data),
    update=lambda access, obj, data: evidence_update(
        access=access,
        evidence=obj,
        links={name: data[name] for name in EVIDENCE_LINKS},
        **_without(data, "project", "task", "parent", *EVIDENCE_LINKS),
    ),
    delete=lambda access, obj: evidence_delete(access=access, evidence=obj),
    write=Capability.MANAGE_EVIDENCE,
    department_of=lambda evidence: evidence.task.owner_department_id,
    default_order="code_sort",
    detail_template="web/evidence_detail.html",
    detail_context=lambda access, evidence: evidence_detail_context(access, evidence),
)


PAIRINGS: Resource[Assistance] = Resource(
    slug="pairings",
    model=Assistance,
    label=_("结对帮扶关系"),
    label_plural=pgettext_lazy("列表", "结对帮扶关系"),
    icon="bi-link-45deg",
    columns=[
        Column(_("受扶单位"), lambda a: a.counterpart, "counterpart", link=True),
        Column(_("帮扶类型"), lambda a: a.get_kind_display(), "kind"),
        Column(_("开始日期"), lambda a: a.start_on, "start_on"),
        Column(_("帮扶协议"), lambda a: a.agreement or "", "agreement__title"),
    ],
    filterset=AssistanceFilterSet,
    form=AssistanceForm,
    list=lambda access: assistance_list(access=access),
    get=lambda access, pk: assistance_get(access=access, pk=pk),
    create=lambda access, data: assistance_create(access=access, **data),
    update=lambda access, obj, data: assistance_update(access=access, assistance=obj, **data),
    delete=lambda access, obj: assistance_delete(access=access, assistance=obj),
    write=Capability.MANAGE_COOPERATION,
    default_order="-start_on",
)


MEMBERS: Resource[Membership] = Resource(
    slug="members",
    model=Membership,
    label=_("成员"),
    label_plural=pgettext_lazy("列表", "用户与角色"),
    icon="bi-person-badge",
    columns=[
        Column(_("用户名"), lambda m: m.user.username, "user__username", link=True),
        Column(_("姓名"), lambda m: m.user.display_name, "user__display_name"),
        Column(_("角色"), lambda m: m.get_role_display(), "role"),
        Column(_("部门"), lambda m: m.department or "", "department__name"),
        Column(_("有效"), lambda m: yes_no(m.is_active), "is_active"),
    ],
    filterset=MembershipFilterSet,
    form=MemberForm,
    list=lambda access: membership_list(access=access),
    get=lambda access, pk: membership_get(access=access, pk=pk),
    create=lambda access, data: member_add(
        access=access,
        username=data["username"],
        role=data["role"],
        department=data["department"],
        display_name=data["display_name"],
        email=data["email"],
        password=data["password"] or None,
    ),
    update=lambda access, obj, data: membership_set_active(
        access=access, membership=obj, is_active=data["is_active"]
    ),
    delete=lambda access, obj: membership_remove(access=access, membership=obj),
    write=Capability.MANAGE_SCHOOL,
    default_order="user__username",
)

DEPARTMENTS: Resource[Department] = Resource(
    slug="departments",
    model=Department,
    label=_("部门"),
    label_plural=pgettext_lazy("列表", "部门与二级学院"),
    icon="bi-buildings",
    columns=[
        Column(_("名称"), lambda d: d.name, "name", link=True),
        Column(_("类型"), lambda d: d.get_kind_display(), "kind"),
    ],
    filterset=DepartmentFilterSet,
    form=DepartmentForm,
    list=lambda access: department_list(access=access),
    get=lambda access, pk: department_get(access=access, pk=pk),
    create=lambda access, data: department_create(access=access, **data),
    update=lambda access, obj, data: department_update(access=access, department=obj, **data),
    delete=lambda access, obj: department_delete(access=access, department=obj),
    write=Capability.MANAGE_SCHOOL,
    default_order="name",
)

PROJECTS: Resource[ConstructionProject] = Resource(
    slug="projects",
    model=ConstructionProject,
    label=_("建设项目"),
    label_plural=pgettext_lazy("列表", "建设项目"),
    icon="bi-diagram-3",
    columns=[
        Column(_("项目名称"), lambda p: p.name, "name", link=True),
        Column(_("项目类别"), lambda p: p.get_kind_display(), "kind"),
        Column(_("建设起始年度"), lambda p: p.period_start_year, "period_start_year"),
        Column(_("建设截止年度"), lambda p: p.period_end_year, "period_end_year"),
    ],
    filterset=ProjectFilterSet,
    form=ProjectForm,
    list=lambda access: project_list(access=access),
    get=lambda access, pk: project_get(access=access, pk=pk),
    create=lambda access, data: project_create(access=access, **data),
    update=lambda access, obj, data: project_update(access=access, project=obj, **data),
    delete=lambda access, obj: project_delete(access=access, project=obj),
    write=Capability.MANAGE_SCHOOL,
    default_order="-period_start_year",
    detail_template="web/project_detail.html",
)

TASKS: Resource[Task] = Resource(
    slug="tasks",
    model=Task,
    label=_("建设任务"),
    label_plural=pgettext_lazy("列表", "建设任务"),
    icon="bi-list-nested",
    columns=[
        Column(_("编号"), lambda t: t.code, "code_sort", link=True),
        Column(_("任务名称"), lambda t: t.title, "title"),
        Column(_("层面"), lambda t: t.get_level_display(), "level"),
        Column(_("责任部门"), lambda t: t.owner_department or "", "owner_department__name"),
        Column(_("建设项目"), lambda t: t.project, "project__name"),
    ],
    filterset=TaskFilterSet,
    form=TaskForm,
    list=lambda access: task_list_all(access=access),
    get=lambda access, pk: task_get(access=access, pk=pk),
    create=lambda access, data: task_create(access=access, **data),
    update=lambda access, obj, data: task_update(
        access=access, task=obj, **_without(data, "project", "parent", "code")
    ),
    delete=lambda access, obj: task_delete(access=access, task=obj),
    write=Capability.EDIT_TASK_POINTS,
    create_with=Capability.MANAGE_SCHOOL,
    department_of=lambda task: task.owner_department_id,
    default_order="code_sort",
)

TASK_POINTS: Resource[TaskPoint] = Resource(
    slug="points",
    model=TaskPoint,
    label=_("任务要点"),
    label_plural=pgettext_lazy("列表", "任务要点"),
    icon="bi-check2-square",
    columns=[
        Column(_("建设任务"), lambda p: p.task.code, "task__code_sort"),
        Column(_("年度"), lambda p: p.year, "year"),
        Column(_("序号"), lambda p: p.sequence, "sequence"),
        Column(_("要点内容"), lambda p: p.text, "text", link=True),
        Column(_("状态"), lambda p: p.get_status_display(), "status"),
    ],
    filterset=TaskPointFilterSet,
    form=TaskPointForm,
    list=lambda access: task_point_list_all(access=access),
    get=lambda access, pk: task_point_get(access=access, pk=pk),
    create=lambda access, data: task_point_create(access=access, **data),
    update=lambda access, obj, data: task_point_update(
        access=access, point=obj, **_without(data, "task")
    ),
    delete=lambda access, obj: task_point_delete(access=access, point=obj),
    write=Capability.EDIT_TASK_POINTS,
    create_with=Capability.MANAGE_SCHOOL,
    department_of=lambda point: point.task.owner_department_id,
    default_order="year",
)

INDICATOR_DEFINITIONS: Resource[IndicatorDefinition] = Resource(
    slug="indicator-definitions",
    model=IndicatorDefinition,
    label=_("指标定义"),
    label_plural=pgettext_lazy("列表", "指标目录"),
    icon="bi-bar-chart",
    columns=[
        Column(_("指标代码"), lambda d: d.code, "code", link=True),
        Column(_("指标名称"), lambda d: d.name, "name", link=True),
        Column(_("单位"), lambda d: d.get_unit_display(), "unit"),
        Column(_("报告类别"), lambda d: d.get_report_family_display(), "report_family"),
        Column(_("适用起始年度"), lambda d: d.valid_from_year, "valid_from_year"),
        Column(_("适用截止年度"), lambda d: d.valid_to_year or "", "valid_to_year"),
        Column(_("计算方式"), lambda d: d.get_formula_kind_display(), "formula_kind"),
    ],
    filterset=IndicatorDefinitionFilterSet,
    form=IndicatorDefinitionForm,
    list=lambda access: indicator_definition_list(access=access),
    get=lambda access, pk: indicator_definition_get(access=access, pk=pk),
    create=lambda access, data: indicator_definition_create(access=access, **data),
    update=lambda access, obj, data: indicator_definition_update(
        access=access,
        definition=obj,
        **{key: value for key, value in data.items() if key in DEFINITION_EDITABLE},
    ),
    delete=lambda access, obj: indicator_definition_delete(access=access, definition=obj),
    write=Capability.MANAGE_SCHOOL,
    default_order="report_family",
)

RESOURCES: dict[str, Resource[Any]] = {
    resource.slug: resource
    for resource in (
        PARTNERS,
        AGREEMENTS,
        PROGRAMMES,
        ACTIVITIES,
        OUTCOMES,
        ASSISTANCE_RECORDS,
        PAIRINGS,
        PROJECTS,
        TASKS,
        TASK_POINTS,
        EVIDENCE,
        MEMBERS,
        DEPARTMENTS,
        INDICATOR_DEFINITIONS,
    )
}
