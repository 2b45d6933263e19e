"""The table of service calls the audit test runs: one call of every service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import models

from hezuo.accounts import services as accounts
from hezuo.accounts.models import Role
from hezuo.activities import services as activities
from hezuo.activities.models import (
    Activity,
    ActivityType,
    Direction,
    Mode,
    OutcomeKind,
    ParticipationRole,
    PersonCategory,
)
from hezuo.agreements import services as agreements
from hezuo.agreements.models import AgreementKind
from hezuo.assistance import services as assistance
from hezuo.assistance.models import Approximation, AssistanceItem, AssistanceKind
from hezuo.construction import services as construction
from hezuo.construction.models import ProjectKind, TaskPointStatus
from hezuo.core.kinds import Kind
from hezuo.core.models import AuditAction, SchoolStage
from hezuo.exports import services as exports
from hezuo.indicators import services as indicators
from hezuo.indicators.figures import indicator_figures
from hezuo.indicators.models import FormulaKind, IndicatorUnit, ReportFamily
from hezuo.jobs import services as jobs
from hezuo.partners import services as partners
from hezuo.partners.models import PartnerType
from hezuo.programmes import services as programmes
from hezuo.programmes.models import ProgrammeForm
from tests.audit_cases_binders import (
    BINDER_ACTED_BY_THE_SYSTEM,
    BINDER_CASES,
    BINDER_NOT_AUDITED,
)
from tests.audit_cases_evidence import EVIDENCE_CASES
from tests.audit_cases_evidence import deleted as _deleted
from tests.audit_cases_reports import IMPORT_CASES, REPORT_ACTED_BY_THE_SYSTEM, REPORT_CASES
from tests.personas import Personas
from tests.signin import locked_out
from tests.world import World

# A call of one service: given the personas and a world (acting as Alice), it writes and returns
# the record the event must be about (or, for deletions, its model and id).
Call = Callable[[Personas, World], "models.Model | tuple[type[models.Model], int]"]


def _saved_rows(w: World) -> models.Model:
    activities.participations_save(
        access=w.access,
        activity=w.activity,
        rows=[
            (
                w.participation,
                activities.ParticipationInput(
                    PersonCategory.FULL_TIME_TEACHER, ParticipationRole.TRAINEE, 3, days=Decimal(5)
                ),
            )
        ],
    )
    return w.participation


def _replaced_rows(w: World) -> models.Model:
    activities.participations_replace(
        access=w.access,
        activity=w.activity,
        rows=[
            (
                w.participation.pk,
                activities.ParticipationInput(
                    PersonCategory.STUDENT, ParticipationRole.TRAINEE, 4, days=Decimal(2)
                ),
            )
        ],
    )
    return w.participation


def _created_many(w: World) -> models.Model:
    draft = activities.ActivityDraft(
        {
            "title": "批量导入的来访",
            "activity_type": ActivityType.VISIT_RECEPTION,
            "direction": Direction.INBOUND,
            "mode": Mode.OFFLINE,
            "start_on": dt.date(2021, 3, 3),
        }
    )
    assert activities.activities_create_many(access=w.access, drafts=[draft]) == []
    return Activity.objects.get(title="批量导入的来访")


CASES: dict[str, tuple[Call, AuditAction]] = {
    **EVIDENCE_CASES,
    **BINDER_CASES,
    **REPORT_CASES,
    **IMPORT_CASES,
    "exports.export_request": (
        lambda p, w: exports.export_request(
            access=w.access, kind=Kind.PARTNERS, query="q=%E6%96%AF&o=name_zh&page=2"
        ),
        AuditAction.CREATE,
    ),
    "activities.activities_create_many": (lambda p, w: _created_many(w), AuditAction.CREATE),
    "accounts.school_create": (
        lambda p, w: accounts.school_create(
            name="丙校", slug="gamma", stage=SchoolStage.SECONDARY, province="44"
        ),
        AuditAction.CREATE,
    ),
    "accounts.school_update": (
        lambda p, w: accounts.school_update(access=w.access, hours_per_day=6),
        AuditAction.UPDATE,
    ),
    "accounts.department_create": (
        lambda p, w: accounts.department_create(access=w.access, name="电子工程学院"),
        AuditAction.CREATE,
    ),
    "accounts.department_update": (
        lambda p, w: accounts.department_update(
            access=w.access, department=p.college, name="包装与设计学院"
        ),
        AuditAction.UPDATE,
    ),
    "accounts.department_delete": (
        lambda p, w: _deleted(
            d := accounts.department_create(access=w.access, name="待撤销的部门"),
            lambda: accounts.department_delete(access=w.access, department=d),
        ),
        AuditAction.DELETE,
    ),
    "accounts.member_add": (
        lambda p, w: accounts.member_add(access=w.access, username="newbie", role=Role.VIEWER),
        AuditAction.CREATE,
    ),
    "accounts.membership_remove": (
        lambda p, w: _deleted(
            m := p.victor.memberships.get(),
            lambda: accounts.membership_remove(access=w.access, membership=m),
        ),
        AuditAction.DELETE,
    ),
    "accounts.membership_set_active": (
        lambda p, w: accounts.membership_set_active(
            access=w.access, membership=p.victor.memberships.get(), is_active=False
        ),
        AuditAction.UPDATE,
    ),
    "accounts.member_unlock": (
        lambda p, w: accounts.member_unlock(
            access=w.access, membership=locked_out(p.victor).memberships.get()
        ),
        AuditAction.UPDATE,
    ),
    "accounts.api_token_create": (
        lambda p, w: accounts.api_token_create(access=p.access(p.alice), name="同步")[0],
        AuditAction.CREATE,
    ),
    "accounts.api_token_revoke": (
        lambda p, w: accounts.api_token_revoke(
            access=p.access(p.alice),
            token=accounts.api_token_create(access=p.access(p.alice), name="同步")[0],
        ),
        AuditAction.UPDATE,
    ),
    "jobs.job_create": (
        lambda p, w: jobs.job_create(access=w.access, kind="binder", title="汇编", params={}),
        AuditAction.CREATE,
    ),
    "jobs.job_start": (
        lambda p, w: jobs.job_start(
            job=jobs.job_create(access=w.access, kind="k", title="t", params={})
        ),
        AuditAction.UPDATE,
    ),
    "jobs.job_succeed": (
        lambda p, w: jobs.job_succeed(
            job=jobs.job_create(access=w.access, kind="k", title="t", params={})
        ),
        AuditAction.UPDATE,
    ),
    "jobs.job_fail": (
        lambda p, w: jobs.job_fail(
            job=jobs.job_create(access=w.access, kind="k", title="t", params={}), error="坏了"
        ),
        AuditAction.UPDATE,
    ),
    "jobs.job_request_cancel": (
        lambda p, w: jobs.job_request_cancel(
            access=w.access, job=jobs.job_create(access=w.access, kind="k", title="t", params={})
        ),
        AuditAction.UPDATE,
    ),
    "partners.partner_create": (
        lambda p, w: partners.partner_create(
            access=w.access,
            name_zh="澳门科技大学",
            country_code="MO",
            org_type=PartnerType.UNIVERSITY,
        ),
        AuditAction.CREATE,
    ),
    "partners.partner_update": (
        lambda p, w: partners.partner_update(
            access=w.access, partner=w.partner, website="https://vtc.edu.hk"
        ),
        AuditAction.UPDATE,
    ),
    "partners.partner_delete": (
        lambda p, w: _deleted(
            c := partners.partner_create(
                access=w.access, name_zh="临时", country_code="IE", org_type=PartnerType.AGENT
            ),
            lambda: partners.partner_delete(access=w.access, partner=c),
        ),
        AuditAction.DELETE,
    ),
    "partners.contact_add": (
        lambda p, w: partners.contact_add(access=w.access, partner=w.partner, name="陈先生"),
        AuditAction.CREATE,
    ),
    "partners.contact_delete": (
        lambda p, w: _deleted(
            c := partners.contact_add(access=w.access, partner=w.partner, name="陈先生"),
            lambda: partners.contact_delete(access=w.access, contact=c),
        ),
        AuditAction.DELETE,
    ),
    "agreements.agreement_create": (
        lambda p, w: agreements.agreement_create(
            access=w.access,
            title="意向书",
            kind=AgreementKind.LETTER_OF_INTENT,
            partners=[w.partner],
        ),
        AuditAction.CREATE,
    ),
    "agreements.agreement_update": (
        lambda p, w: agreements.agreement_update(
            access=w.access, agreement=w.agreement, valid_until=dt.date(2027, 2, 28)
        ),
        AuditAction.UPDATE,
    ),
    "agreements.expiry_notices_send": (
        lambda p, w: agreements.expiry_notices_send(access=w.access, today=dt.date(2026, 1, 10))[0],
        AuditAction.CREATE,
    ),
    "agreements.agreement_delete": (
        lambda p, w: _deleted(
            a := agreements.agreement_create(
                access=w.access, title="草稿", kind=AgreementKind.OTHER, partners=[]
            ),
            lambda: agreements.agreement_delete(access=w.access, agreement=a),
        ),
        AuditAction.DELETE,
    ),
    "programmes.programme_create": (
        lambda p, w: programmes.programme_create(
            access=w.access, name="EAL 现代学徒制班", form=ProgrammeForm.CERTIFICATION
        ),
        AuditAction.CREATE,
    ),
    "programmes.programme_update": (
        lambda p, w: programmes.programme_update(
            access=w.access, programme=w.programme, intake_per_cohort=40
        ),
        AuditAction.UPDATE,
    ),
    "programmes.programme_delete": (
        lambda p, w: _deleted(
            g := programmes.programme_create(
                access=w.access,
                name="临时",
                form=ProgrammeForm.CERTIFICATION,
            ),
            lambda: programmes.programme_delete(access=w.access, programme=g),
        ),
        AuditAction.DELETE,
    ),
    "activities.activity_create": (
        lambda p, w: activities.activity_create(
            access=w.access,
            title="来访",
            activity_type=ActivityType.VISIT_RECEPTION,
            direction=Direction.INBOUND,
            mode=Mode.OFFLINE,
            start_on=dt.date(2021, 3, 3),
        ),
        AuditAction.CREATE,
    ),
    "activities.activity_update": (
        lambda p, w: activities.activity_update(access=w.access, activity=w.activity, place="香港"),
        AuditAction.UPDATE,
    ),
    "activities.activity_delete": (
        lambda p, w: _deleted(
            a := activities.activity_create(
                access=w.access,
                title="临时",
                activity_type=ActivityType.OTHER,
                direction=Direction.BOTH,
                mode=Mode.ONLINE,
                start_on=dt.date(2021, 3, 3),
            ),
            lambda: activities.activity_delete(access=w.access, activity=a),
        ),
        AuditAction.DELETE,
    ),
    "activities.participation_add": (
        lambda p, w: activities.participation_add(
            access=w.access,
            activity=w.activity,
            row=activities.ParticipationInput(
                PersonCategory.ADMINISTRATOR, ParticipationRole.LEADER, 1, days=Decimal(5)
            ),
        ),
        AuditAction.CREATE,
    ),
    "activities.participations_save": (
        lambda p, w: _saved_rows(w),
        AuditAction.UPDATE,
    ),
    "activities.participations_replace": (
        lambda p, w: _replaced_rows(w),
        AuditAction.UPDATE,
    ),
    "activities.participation_update": (
        lambda p, w: activities.participation_update(
            access=w.access, participation=w.participation, headcount=3
        ),
        AuditAction.UPDATE,
    ),
    "activities.participation_delete": (
        lambda p, w: _deleted(
            w.participation,
            lambda: activities.participation_delete(access=w.access, participation=w.participation),
        ),
        AuditAction.DELETE,
    ),
    "activities.outcome_create": (
        lambda p, w: activities.outcome_create(
            access=w.access, activity=w.activity, kind=OutcomeKind.AWARD, title="银奖"
        ),
        AuditAction.CREATE,
    ),
    "activities.outcome_update": (
        lambda p, w: activities.outcome_update(access=w.access, outcome=w.outcome, grade="优秀"),
        AuditAction.UPDATE,
    ),
    "activities.outcome_delete": (
        lambda p, w: _deleted(
            w.outcome, lambda: activities.outcome_delete(access=w.access, outcome=w.outcome)
        ),
        AuditAction.DELETE,
    ),
    "indicators.indicator_definition_create": (
        lambda p, w: indicators.indicator_definition_create(
            access=w.access,
            code="student-days",
            name="学生境外交流培训",
            unit=IndicatorUnit.PERSON_DAY,
            report_family=ReportFamily.SCHOOL,
            valid_from_year=2021,
            formula_kind=FormulaKind.SUM_PERSON_DAYS,
        ),
        AuditAction.CREATE,
    ),
    "indicators.indicator_definition_update": (
        lambda p, w: indicators.indicator_definition_update(
            access=w.access, definition=w.definition, hours_per_day=6
        ),
        AuditAction.UPDATE,
    ),
    "indicators.indicator_definition_delete": (
        lambda p, w: _deleted(
            w.definition,
            lambda: indicators.indicator_definition_delete(
                access=w.access, definition=w.definition
            ),
        ),
        AuditAction.DELETE,
    ),
    "indicators.indicator_catalogue_install": (
        lambda p, w: indicators.indicator_catalogue_install(
            access=w.access, name="school_exchange_2021"
        )[0],
        AuditAction.CREATE,
    ),
    "indicators.indicator_catalogue_carry_forward": (
        lambda p, w: indicators.indicator_catalogue_carry_forward(access=w.access, year=2025)[0],
        AuditAction.CREATE,
    ),
    "indicators.indicator_definition_claim": (
        lambda p, w: indicators.indicator_definition_claim(
            access=w.access, definition=w.definition, activities=[w.activity]
        ),
        AuditAction.UPDATE,
    ),
    "indicators.indicator_values_snapshot": (
        lambda p, w: indicators.indicator_values_snapshot(
            access=w.access, figures=indicator_figures(access=w.access, year=2021)
        )[0],
        AuditAction.CREATE,
    ),
    "indicators.indicator_override_set": (
        lambda p, w: indicators.indicator_override_set(
            access=w.access,
            figures=indicator_figures(access=w.access, year=2021),
            code=w.definition.code,
            override_value=Decimal(12),
            reason="按原始台账更正",
        ),
        AuditAction.UPDATE,
    ),
    "indicators.indicator_value_override": (
        lambda p, w: indicators.indicator_value_override(
            access=w.access,
            value=indicators.indicator_values_snapshot(
                access=w.access, figures=indicator_figures(access=w.access, year=2021)
            )[0],
            override_value=Decimal(12),
            reason="按原始台账更正",
        ),
        AuditAction.UPDATE,
    ),
    "construction.project_create": (
        lambda p, w: construction.project_create(
            access=w.access,
            name="双高计划",
            kind=ProjectKind.NATIONAL_DOUBLE_HIGH,
            period_start_year=2019,
            period_end_year=2023,
        ),
        AuditAction.CREATE,
    ),
    "construction.project_update": (
        lambda p, w: construction.project_update(
            access=w.access, project=w.project, round="第一轮"
        ),
        AuditAction.UPDATE,
    ),
    "construction.project_delete": (
        lambda p, w: _deleted(
            c := construction.project_create(
                access=w.access,
                name="临时项目",
                kind=ProjectKind.OTHER,
                period_start_year=2025,
                period_end_year=2026,
            ),
            lambda: construction.project_delete(access=w.access, project=c),
        ),
        AuditAction.DELETE,
    ),
    "construction.task_delete": (
        lambda p, w: _deleted(
            t := construction.task_create(
                access=w.access, project=w.project, code="9.9", title="临时", parent=w.task.parent
            ),
            lambda: construction.task_delete(access=w.access, task=t),
        ),
        AuditAction.DELETE,
    ),
    "construction.task_create": (
        lambda p, w: construction.task_create(
            access=w.access, project=w.project, code="9.3", title="新任务", parent=w.task.parent
        ),
        AuditAction.CREATE,
    ),
    "construction.task_update": (
        lambda p, w: construction.task_update(
            access=w.access, task=w.task, narrative="四年建设概况"
        ),
        AuditAction.UPDATE,
    ),
    "construction.task_point_create": (
        lambda p, w: construction.task_point_create(
            access=w.access, task=w.task, year=2023, sequence=1, text="赴港交流"
        ),
        AuditAction.CREATE,
    ),
    "construction.task_point_update": (
        lambda p, w: construction.task_point_update(
            access=w.access, point=w.point, status=TaskPointStatus.COMPLETED
        ),
        AuditAction.UPDATE,
    ),
    "construction.task_point_delete": (
        lambda p, w: _deleted(
            t := construction.task_point_create(
                access=w.access, task=w.task, year=2024, sequence=1, text="总结"
            ),
            lambda: construction.task_point_delete(access=w.access, point=t),
        ),
        AuditAction.DELETE,
    ),
    "construction.task_year_summary_set": (
        lambda p, w: construction.task_year_summary_set(
            access=w.access, task=w.task, year=2022, narrative="年度概况"
        ),
        AuditAction.CREATE,
    ),
    "construction.task_achievement_create": (
        lambda p, w: construction.task_achievement_create(
            access=w.access, task=w.task, sequence=1, title="形成合作方案 1 份"
        ),
        AuditAction.CREATE,
    ),
    "assistance.assistance_create": (
        lambda p, w: assistance.assistance_create(
            access=w.access,
            counterpart="六盘水幼儿师范高等专科学校",
            kind=AssistanceKind.EAST_WEST,
            start_on=dt.date(2021, 12, 20),
        ),
        AuditAction.CREATE,
    ),
    "assistance.assistance_update": (
        lambda p, w: assistance.assistance_update(
            access=w.access, assistance=w.assistance, notes="结对帮扶计划"
        ),
        AuditAction.UPDATE,
    ),
    "assistance.assistance_delete": (
        lambda p, w: _deleted(
            w.assistance,
            lambda: assistance.assistance_delete(access=w.access, assistance=w.assistance),
        ),
        AuditAction.DELETE,
    ),
    "assistance.assistance_record_add": (
        lambda p, w: assistance.assistance_record_add(
            access=w.access,
            assistance=w.assistance,
            year=2021,
            item=AssistanceItem.SHARED_JOBS,
            quantity=Decimal(1800),
            unit="个",
        ),
        AuditAction.CREATE,
    ),
    "assistance.assistance_record_update": (
        lambda p, w: assistance.assistance_record_update(
            access=w.access, record=w.record, approximation=Approximation.OVER
        ),
        AuditAction.UPDATE,
    ),
    "assistance.assistance_record_delete": (
        lambda p, w: _deleted(
            w.record, lambda: assistance.assistance_record_delete(access=w.access, record=w.record)
        ),
        AuditAction.DELETE,
    ),
}


# Writes made by the platform or a worker, not by the signed-in user.
ACTED_BY_THE_SYSTEM = {
    "files.stored_file_process",
    "accounts.school_create",
    "jobs.job_start",
    "jobs.job_succeed",
    "jobs.job_fail",
    *BINDER_ACTED_BY_THE_SYSTEM,
    *REPORT_ACTED_BY_THE_SYSTEM,
}

# Writes that are deliberately not audited, and why.
NOT_AUDITED = {
    "jobs.job_report_progress": "progress ticks are many and decide nothing; the row keeps them",
    "jobs.job_progress_reporter": "makes a callback whose writes are job_report_progress's",
    **BINDER_NOT_AUDITED,
}
