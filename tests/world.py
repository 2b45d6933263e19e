"""A small, complete school for tests: one record of every kind, made through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from hezuo.accounts.access import Access, system_access
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
from hezuo.activities.services import ParticipationInput, activity_create, outcome_create
from hezuo.agreements.models import Agreement, AgreementKind, AgreementStatus
from hezuo.agreements.services import agreement_create
from hezuo.assistance.models import Assistance, AssistanceItem, AssistanceKind, AssistanceRecord
from hezuo.assistance.services import assistance_create, assistance_record_add
from hezuo.construction.models import ConstructionProject, ProjectKind, Task, TaskPoint
from hezuo.construction.services import project_create, task_create, task_point_create
from hezuo.evidence.models import Evidence
from hezuo.evidence.services import evidence_create
from hezuo.indicators.models import (
    FormulaKind,
    IndicatorDefinition,
    IndicatorUnit,
    ReportFamily,
)
from hezuo.indicators.services import indicator_definition_create
from hezuo.partners.models import Partner, PartnerType
from hezuo.partners.services import partner_create
from hezuo.programmes.models import Programme, ProgrammeForm
from hezuo.programmes.services import programme_create
from tests.personas import Personas


@dataclass
class World:
    access: Access
    partner: Partner
    agreement: Agreement
    programme: Programme
    activity: Activity
    participation: Participation
    outcome: Outcome
    definition: IndicatorDefinition
    project: ConstructionProject
    task: Task
    point: TaskPoint
    evidence: Evidence
    assistance: Assistance
    record: AssistanceRecord


def build_world(personas: Personas) -> World:
    access = system_access(school=personas.alpha)
    partner = partner_create(
        access=access, name_zh="香港职业训练局", country_code="HK", org_type=PartnerType.PUBLIC_BODY
    )
    agreement = agreement_create(
        access=access,
        title="合作备忘录",
        kind=AgreementKind.MOU,
        partners=[partner],
        status=AgreementStatus.IN_FORCE,
        signed_on=dt.date(2021, 3, 1),
        valid_from=dt.date(2021, 3, 1),
        valid_until=dt.date(2026, 2, 28),
    )
    programme = programme_create(
        access=access,
        name="内地与香港合作办学",
        form=ProgrammeForm.HMT_COOPERATION,
        partners=[partner],
        approval_number="PDE44HK3A20210001N",
    )
    activity = activity_create(
        access=access,
        title="赴港研修",
        activity_type=ActivityType.TEACHER_TRAINING_RECEIVED,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 7, 1),
        end_on=dt.date(2021, 7, 5),
        country_code="HK",
        partners=[partner],
        department=personas.college,
        participations=[
            ParticipationInput(
                PersonCategory.FULL_TIME_TEACHER, ParticipationRole.TRAINEE, 2, days=Decimal(5)
            )
        ],
    )
    outcome = outcome_create(
        access=access, activity=activity, kind=OutcomeKind.CERTIFICATION, title="研修结业证书"
    )
    definition = indicator_definition_create(
        access=access,
        code="teacher-days",
        name="专任教师赴国（境）外指导和开展培训时间",
        unit=IndicatorUnit.PERSON_DAY,
        report_family=ReportFamily.HIGHER_QUALITY_REPORT,
        valid_from_year=2017,
        valid_to_year=2022,
        formula_kind=FormulaKind.SUM_PERSON_DAYS,
    )
    project = project_create(
        access=access,
        name="高水平学校建设项目",
        kind=ProjectKind.PROVINCIAL_SECONDARY,
        period_start_year=2021,
        period_end_year=2024,
    )
    parent = task_create(access=access, project=project, code="9", title="国际交流")
    task = task_create(
        access=access,
        project=project,
        code="9.2",
        title="搭建香港职业教育合作交流平台",
        parent=parent,
        owner_department=personas.office,
    )
    point = task_point_create(
        access=access,
        task=task,
        year=2022,
        sequence=1,
        text="专题讲座",
        target_unit="次",
        target_quantity=Decimal(1),
    )
    evidence = evidence_create(
        access=access,
        project=project,
        task=task,
        code="9.2.1",
        title="讲座方案",
        task_points=[point],
        activities=[activity],
    )
    assistance = assistance_create(
        access=access,
        counterpart="阳江职业技术学院",
        kind=AssistanceKind.PROVINCIAL_PAIRING,
        start_on=dt.date(2019, 1, 1),
    )
    record = assistance_record_add(
        access=access,
        assistance=assistance,
        year=2021,
        item=AssistanceItem.FUNDS,
        quantity=Decimal(117),
        unit="万元",
    )
    return World(
        access=access,
        partner=partner,
        agreement=agreement,
        programme=programme,
        activity=activity,
        participation=activity.participations.get(),
        outcome=outcome,
        definition=definition,
        project=project,
        task=task,
        point=point,
        evidence=evidence,
        assistance=assistance,
        record=record,
    )
