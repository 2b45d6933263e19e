"""Every invariant is a named database rule: a bad row gets a clear message from full_clean()
(what services call) and is refused by the database itself when something bypasses them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from hezuo.accounts.models import Department, Membership, Role
from hezuo.activities.models import (
    Activity,
    ActivityType,
    Direction,
    Mode,
    Outcome,
    OutcomeKind,
    Participation,
    ParticipationRole,
    PersonCategory,
)
from hezuo.agreements.models import Agreement, AgreementKind, AgreementStatus
from hezuo.assistance.models import Assistance, AssistanceItem, AssistanceRecord
from hezuo.construction.models import ConstructionProject, ProjectKind, Task, TaskPoint
from hezuo.core.bounds import DATE_MESSAGE, HEADCOUNT_MAX, HEADCOUNT_MESSAGE
from hezuo.core.models import School, SchoolStage
from hezuo.core.review import ReviewStatus
from hezuo.evidence.models import Evidence
from hezuo.files.models import StoredFile
from hezuo.files.sniffing import FileType
from hezuo.indicators.models import IndicatorDefinition
from hezuo.jobs.models import Job, JobStatus
from hezuo.partners.models import Partner, PartnerContact, PartnerType
from hezuo.programmes.models import Programme, ProgrammeForm
from tests.personas import Personas
from tests.world import World, build_world

Factory = Callable[[Personas, World], models.Model]


def _activity(p: Personas, w: World, **fields: object) -> Activity:
    values: dict[str, object] = {
        "school": p.alpha,
        "title": "访问",
        "activity_type": ActivityType.VISIT_RECEPTION,
        "direction": Direction.INBOUND,
        "mode": Mode.OFFLINE,
        "start_on": dt.date(2021, 5, 1),
    }
    values.update(fields)
    return Activity(**values)


def _participation(p: Personas, w: World, **fields: object) -> Participation:
    values: dict[str, object] = {
        "school": p.alpha,
        "activity": w.activity,
        "person_category": PersonCategory.STUDENT,
        "role": ParticipationRole.TRAINEE,
        "headcount": 1,
    }
    values.update(fields)
    return Participation(**values)


def _point(p: Personas, w: World, **fields: object) -> TaskPoint:
    values: dict[str, object] = {
        "school": p.alpha,
        "task": w.task,
        "year": 2023,
        "sequence": 1,
        "text": "要点",
    }
    values.update(fields)
    return TaskPoint(**values)


# (constraint name, a row that breaks it, the message full_clean gives — None where a field
# validator speaks first or clean() repairs the value, so only the database check is shown)
CASES: list[tuple[str, Factory, str | None]] = [
    (
        "school_code_unique",
        lambda p, w: School(
            name="丙校",
            slug="c",
            stage=SchoolStage.HIGHER,
            province="44",
            code=p.alpha.code,
        ),
        "已有学校使用该学校标识码。",
    ),
    (
        "department_name_unique_per_school",
        lambda p, w: Department(school=p.alpha, name="包装学院"),
        "本校已有同名部门。",
    ),
    (
        "membership_department_role_has_department",
        lambda p, w: Membership(school=p.alpha, user=p.victor, role=Role.DEPARTMENT_LIAISON),
        "二级学院联络员和任务负责人必须指定所属部门。",
    ),
    (
        "membership_unique_school_role",
        lambda p, w: Membership(school=p.alpha, user=p.rita, role=Role.REVIEWER),
        "该用户在本校已有相同的角色。",
    ),
    (
        "membership_unique_department_role",
        lambda p, w: Membership(
            school=p.alpha, user=p.lily, role=Role.DEPARTMENT_LIAISON, department=p.college
        ),
        "该用户在该部门已有相同的角色。",
    ),
    (
        "partner_name_unique_per_school",
        lambda p, w: Partner(
            school=p.alpha,
            name_zh=w.partner.name_zh,
            country_code="HK",
            region_category="hmt",
            org_type=PartnerType.PUBLIC_BODY,
        ),
        "本校已有同名合作方。",
    ),
    (
        "partnercontact_one_primary",
        lambda p, w: PartnerContact(school=p.alpha, partner=w.partner, name="乙", is_primary=True),
        "每个合作方只能有一位主要联系人。",
    ),
    (
        "agreement_valid_until_after_valid_from",
        lambda p, w: Agreement(
            school=p.alpha,
            title="协议",
            kind=AgreementKind.MOU,
            valid_from=dt.date(2022, 1, 1),
            valid_until=dt.date(2021, 1, 1),
        ),
        "有效期截止日期不能早于生效日期。",
    ),
    (
        "agreement_signed_has_signed_on",
        lambda p, w: Agreement(
            school=p.alpha, title="协议", kind=AgreementKind.MOU, status=AgreementStatus.SIGNED
        ),
        "已签署、生效或到期的协议须填写签署日期。",
    ),
    (
        "programme_approval_number_unique_per_school",
        lambda p, w: Programme(
            school=p.alpha,
            name="另一项目",
            form=ProgrammeForm.HMT_COOPERATION,
            approval_number=w.programme.approval_number,
        ),
        "本校已有使用该批准书编号的项目。",
    ),
    (
        "programme_intake_end_after_start",
        lambda p, w: Programme(
            school=p.alpha,
            name="项目",
            form=ProgrammeForm.HMT_COOPERATION,
            intake_start_year=2022,
            intake_end_year=2020,
        ),
        "招生截止年份不能早于起始年份。",
    ),
    (
        "activity_end_on_after_start_on",
        lambda p, w: _activity(p, w, end_on=dt.date(2021, 4, 30)),
        "结束日期不能早于开始日期。",
    ),
    (
        "activity_estimate_has_method_note",
        lambda p, w: _activity(p, w, is_estimate=True),
        "估算口径的活动须写明计算说明。",
    ),
    (
        "participation_headcount_at_least_one",
        lambda p, w: _participation(p, w, headcount=0, days=Decimal(1)),
        None,
    ),
    (
        "participation_days_or_hours",
        lambda p, w: _participation(p, w),
        "天数和课时数须填写其中一项，且只能填写一项。",
    ),
    (
        "participation_days_or_hours",
        lambda p, w: _participation(p, w, days=Decimal(1), hours=Decimal(8)),
        "天数和课时数须填写其中一项，且只能填写一项。",
    ),
    ("participation_days_positive", lambda p, w: _participation(p, w, days=Decimal(0)), None),
    ("participation_hours_positive", lambda p, w: _participation(p, w, hours=Decimal(-2)), None),
    (
        "outcome_standard_has_kind",
        lambda p, w: Outcome(
            school=p.alpha, activity=w.activity, title="标准", kind=OutcomeKind.STANDARD_ADOPTED
        ),
        "被采用的标准须注明是专业教学标准还是课程标准。",
    ),
    (
        "outcome_quantity_has_unit",
        lambda p, w: Outcome(
            school=p.alpha,
            activity=w.activity,
            title="覆盖",
            kind=OutcomeKind.AUDIENCE_REACH,
            quantity=Decimal(1510000),
        ),
        "填写数量时须注明单位。",
    ),
    (
        "indicatordefinition_unique_version",
        lambda p, w: IndicatorDefinition(
            school=p.alpha,
            code=w.definition.code,
            name="重复",
            unit=w.definition.unit,
            report_family=w.definition.report_family,
            valid_from_year=2017,
            formula_kind=w.definition.formula_kind,
        ),
        "该报告类别下已有同代码、同起始年度的指标。",
    ),
    (
        "indicatordefinition_years_ordered",
        lambda p, w: IndicatorDefinition(
            school=p.alpha,
            code="x",
            name="x",
            unit=w.definition.unit,
            report_family=w.definition.report_family,
            valid_from_year=2022,
            valid_to_year=2021,
            formula_kind=w.definition.formula_kind,
        ),
        "适用截止年度不能早于起始年度。",
    ),
    (
        "constructionproject_name_unique_per_school",
        lambda p, w: ConstructionProject(
            school=p.alpha,
            name=w.project.name,
            kind=ProjectKind.OTHER,
            period_start_year=2021,
            period_end_year=2022,
        ),
        "本校已有同名建设项目。",
    ),
    (
        "constructionproject_period_ordered",
        lambda p, w: ConstructionProject(
            school=p.alpha,
            name="新项目",
            kind=ProjectKind.OTHER,
            period_start_year=2024,
            period_end_year=2021,
        ),
        "建设截止年度不能早于起始年度。",
    ),
    (
        "task_code_unique_per_project",
        lambda p, w: Task(
            school=p.alpha, project=w.project, parent=w.task.parent, code="9.2", title="重复"
        ),
        "本项目已有该编号的建设任务。",
    ),
    (
        "taskpoint_sequence_unique_per_task_year",
        lambda p, w: _point(p, w, year=w.point.year, sequence=w.point.sequence),
        "该任务在本年度已有此序号的要点。",
    ),
    (
        "taskpoint_target_has_unit",
        lambda p, w: _point(p, w, target_quantity=Decimal(1)),
        "目标数量须大于 0 并注明单位（如“次”“份”）。",
    ),
    (
        "taskpoint_year_in_project_period",
        lambda p, w: _point(p, w, year=2025),
        "年度应在建设期 2021–2024 年之内。",
    ),
    (
        "evidence_code_unique_per_project",
        lambda p, w: Evidence(
            school=p.alpha, project=w.project, task=w.task, code="9.2.1", title="重复"
        ),
        "本项目已有该编号的佐证材料。",
    ),
    (
        "evidence_returned_has_comment",
        lambda p, w: Evidence(
            school=p.alpha,
            project=w.project,
            task=w.task,
            code="9.2.2",
            title="退回",
            review_status=ReviewStatus.RETURNED,
        ),
        "退回时须填写审核意见。",
    ),
    (
        "assistance_end_on_after_start_on",
        lambda p, w: Assistance(
            school=p.alpha,
            counterpart="某校",
            kind=w.assistance.kind,
            start_on=dt.date(2021, 1, 1),
            end_on=dt.date(2020, 1, 1),
        ),
        "结束日期不能早于开始日期。",
    ),
    (
        "assistance_unique_counterpart_kind",
        lambda p, w: Assistance(
            school=p.alpha,
            counterpart=w.assistance.counterpart,
            kind=w.assistance.kind,
            start_on=dt.date(2021, 1, 1),
        ),
        "已有该受扶单位的同类帮扶关系。",
    ),
    (
        "assistancerecord_quantity_not_negative",
        lambda p, w: AssistanceRecord(
            school=p.alpha,
            assistance=w.assistance,
            year=2021,
            item=AssistanceItem.TRAINING,
            quantity=Decimal(-1),
            unit="人",
        ),
        "数量不能为负数。",
    ),
    (
        "assistancerecord_has_unit",
        lambda p, w: AssistanceRecord(
            school=p.alpha,
            assistance=w.assistance,
            year=2021,
            item=AssistanceItem.TRAINING,
            quantity=Decimal(1),
            unit="",
        ),
        None,
    ),
    (
        "job_progress_at_most_100",
        lambda p, w: Job(school=p.alpha, kind="binder", title="汇编", progress=101),
        None,
    ),
    (
        "job_succeeded_is_complete",
        lambda p, w: Job(
            school=p.alpha, kind="binder", title="汇编", status=JobStatus.SUCCEEDED, progress=50
        ),
        "已完成的任务进度应为 100%。",
    ),
    (
        "storedfile_not_empty",
        lambda p, w: StoredFile(
            school=p.alpha, sha256="0" * 64, size=0, file_type=FileType.PDF, original_name="a.pdf"
        ),
        "文件为空。",
    ),
    # The bounds every date and head count keeps (hezuo.core.bounds).
    (
        "activity_start_on_in_bounds",
        lambda p, w: _activity(p, w, start_on=dt.date(9999, 12, 31)),
        str(DATE_MESSAGE),
    ),
    (
        "activity_end_on_in_bounds",
        lambda p, w: _activity(p, w, end_on=dt.date(2101, 1, 1)),
        str(DATE_MESSAGE),
    ),
    (
        "participation_headcount_in_bounds",
        lambda p, w: _participation(p, w, headcount=HEADCOUNT_MAX + 1, days=Decimal(1)),
        str(HEADCOUNT_MESSAGE),
    ),
    (
        "outcome_achieved_on_in_bounds",
        lambda p, w: Outcome(
            school=p.alpha,
            activity=w.activity,
            title="奖项",
            kind=OutcomeKind.AWARD,
            achieved_on=dt.date(1989, 12, 31),
        ),
        str(DATE_MESSAGE),
    ),
    (
        "agreement_signed_on_in_bounds",
        lambda p, w: Agreement(
            school=p.alpha, title="协议", kind=AgreementKind.MOU, signed_on=dt.date(1, 1, 1)
        ),
        str(DATE_MESSAGE),
    ),
    (
        "agreement_valid_from_in_bounds",
        lambda p, w: Agreement(
            school=p.alpha, title="协议", kind=AgreementKind.MOU, valid_from=dt.date(1900, 1, 1)
        ),
        str(DATE_MESSAGE),
    ),
    (
        "agreement_valid_until_in_bounds",
        lambda p, w: Agreement(
            school=p.alpha,
            title="协议",
            kind=AgreementKind.MOU,
            valid_until=dt.date(9999, 12, 31),
        ),
        str(DATE_MESSAGE),
    ),
    (
        "taskpoint_completed_on_in_bounds",
        lambda p, w: _point(p, w, completed_on=dt.date(2200, 1, 1)),
        str(DATE_MESSAGE),
    ),
    (
        "assistance_start_on_in_bounds",
        lambda p, w: Assistance(
            school=p.alpha, counterpart="某校", kind=w.assistance.kind, start_on=dt.date(1, 1, 1)
        ),
        str(DATE_MESSAGE),
    ),
    (
        "assistance_end_on_in_bounds",
        lambda p, w: Assistance(
            school=p.alpha,
            counterpart="某校",
            kind=w.assistance.kind,
            start_on=dt.date(2021, 1, 1),
            end_on=dt.date(9999, 1, 1),
        ),
        str(DATE_MESSAGE),
    ),
    (
        "programme_approval_valid_until_in_bounds",
        lambda p, w: Programme(
            school=p.alpha,
            name="项目",
            form=ProgrammeForm.HMT_COOPERATION,
            approval_valid_until=dt.date(9999, 12, 31),
        ),
        str(DATE_MESSAGE),
    ),
    (
        "evidence_dated_on_in_bounds",
        lambda p, w: Evidence(
            school=p.alpha,
            project=w.project,
            task=w.task,
            code="9.2.7",
            title="照片",
            dated_on=dt.date(9999, 12, 31),
        ),
        str(DATE_MESSAGE),
    ),
]

# Rows that full_clean() repairs rather than rejects; the database still refuses them raw.
REPAIRED_BY_CLEAN: list[tuple[str, Factory, str | None]] = [
    (
        "partner_region_matches_country",
        lambda p, w: Partner(
            school=p.alpha,
            name_zh="某大学",
            country_code="GB",
            region_category="hmt",
            org_type=PartnerType.UNIVERSITY,
        ),
        None,
    ),
]


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _sqlite_unique_failure(model: type[models.Model], name: str) -> str:
    """What SQLite says when the unique constraint ``name`` of ``model`` refuses a row."""
    table = model._meta.db_table
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.name == name:
            columns = [model._meta.get_field(field).column for field in constraint.fields]  # type: ignore[union-attr]
            return "UNIQUE constraint failed: " + ", ".join(f"{table}.{c}" for c in columns)
    return ""


@pytest.fixture
def world(personas: Personas) -> World:
    p = personas
    p.alpha.code = "4144099990"
    p.alpha.save()
    w = build_world(p)
    PartnerContact.objects.create(school=p.alpha, partner=w.partner, name="甲", is_primary=True)
    return w


@pytest.mark.parametrize(("name", "factory", "message"), CASES, ids=[c[0] for c in CASES])
def test_full_clean_explains_the_broken_rule(
    personas: Personas, world: World, name: str, factory: Factory, message: str | None
) -> None:
    row = factory(personas, world)
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    if message is not None:
        assert message in _messages(caught.value)


@pytest.mark.parametrize(
    ("name", "factory", "message"),
    CASES + REPAIRED_BY_CLEAN,
    ids=[c[0] for c in CASES + REPAIRED_BY_CLEAN],
)
def test_the_database_refuses_the_row_by_name(
    personas: Personas, world: World, name: str, factory: Factory, message: str | None
) -> None:
    row = factory(personas, world)
    before = type(row)._default_manager.count()
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        row.save()
    # PostgreSQL names every constraint; SQLite names CHECK and trigger failures, and a UNIQUE
    # failure by the columns of the constraint.
    text = str(caught.value)
    assert name in text or text == _sqlite_unique_failure(type(row), name)
    assert type(row)._default_manager.count() == before


def test_shrinking_a_project_period_past_its_points_is_refused(
    personas: Personas, world: World
) -> None:
    project = world.project
    project.period_end_year = 2021  # the world has a 2022 point
    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    assert "有 1 个任务要点的年度不在新的建设期内，请先调整这些要点。" in _messages(caught.value)
    with (
        pytest.raises(IntegrityError, match="taskpoint_year_in_project_period"),
        transaction.atomic(),
    ):
        ConstructionProject.objects.filter(pk=project.pk).update(period_end_year=2021)


def test_a_point_moved_out_of_the_period_is_refused_by_the_database(
    personas: Personas, world: World
) -> None:
    with (
        pytest.raises(IntegrityError, match="taskpoint_year_in_project_period"),
        transaction.atomic(),
    ):
        TaskPoint.objects.filter(pk=world.point.pk).update(year=2030)
    world.point.refresh_from_db()
    assert world.point.year == 2022


def test_full_clean_derives_the_region_from_the_country(personas: Personas, world: World) -> None:
    partner = REPAIRED_BY_CLEAN[0][1](personas, world)
    assert isinstance(partner, Partner)
    partner.full_clean()
    assert partner.region_category == "foreign"


def test_a_refused_change_leaves_the_record_in_hand_as_stored(personas: Personas) -> None:
    from hezuo.accounts.access import system_access
    from hezuo.accounts.services import school_update

    access = system_access(school=personas.alpha)
    with pytest.raises(ValidationError):
        school_update(access=access, name="新校名", hours_per_day=0)
    assert (access.school.name, access.school.hours_per_day) == ("甲职业技术学院", 8)
    assert School.objects.get(pk=personas.alpha.pk).hours_per_day == 8
