"""Seed 000's evidence: item 3.4.1 (the 2021 report) and its sub-items under the school's 双高
task 3.4, the 2021 points they account for, and the office's claim of the Macau training for
an indicator it does not meet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hezuo.accounts.access import Access
from hezuo.accounts.models import Department
from hezuo.activities.models import Activity
from hezuo.agreements.models import Agreement
from hezuo.construction.models import ProjectKind, TaskLevel, TaskPointStatus
from hezuo.construction.services import project_create, task_create, task_point_create
from hezuo.evidence.models import EvidenceKind
from hezuo.evidence.services import evidence_create
from hezuo.indicators.models import IndicatorDefinition
from hezuo.indicators.services import indicator_definition_claim
from hezuo.programmes.models import Programme


def load(
    access: Access,
    *,
    office: Department,
    sligo_programme: Programme,
    nait_programme: Programme,
    visit: Activity,
    video_meeting: Activity,
    macau_training: Activity,
    intent: Agreement,
    mou: Agreement,
    lunghwa_agreement: Agreement,
) -> None:
    # The evidence of item 3.4.1 and its sub-items.
    project = project_create(
        access=access,
        name="中国特色高水平高职学校和专业建设计划",
        kind=ProjectKind.NATIONAL_DOUBLE_HIGH,
        period_start_year=2019,
        period_end_year=2023,
        round="第一轮（高水平专业群建设单位）",
    )
    task_3 = task_create(access=access, project=project, code="3", title="提升国际化水平")
    task_34 = task_create(
        access=access,
        project=project,
        code="3.4",
        title="深化国际交流与合作办学",
        parent=task_3,
        level=TaskLevel.SCHOOL,
        owner_department=office,
    )
    # The 2021 points the report (evidence 3.4.1) accounts for; illustrative wording.
    programme_point = task_point_create(
        access=access,
        task=task_34,
        year=2021,
        sequence=1,
        text="推进中外合作办学，新增合作办学意向 1 项",
        target_quantity=D(1),
        target_unit="项",
        status=TaskPointStatus.COMPLETED,
        completed_on=dt.date(2021, 5, 20),
    )
    exchange_point = task_point_create(
        access=access,
        task=task_34,
        year=2021,
        sequence=2,
        text="线上线下开展国际交流，形成年度合作办学情况报告 1 份",
        target_quantity=D(1),
        target_unit="份",
        status=TaskPointStatus.COMPLETED,
        completed_on=dt.date(2021, 12, 31),
    )
    points = {
        "3.4.1": [exchange_point],
        "3.4.1.1": [programme_point],
        "3.4.1.2.1": [programme_point],
        "3.4.1.2.2": [programme_point],
    }
    for code, title, evidence_kind, dated_on, links in [
        (
            "3.4.1",
            "2021年合作办学情况报告",
            EvidenceKind.SUMMARY_REPORT,
            dt.date(2021, 12, 31),
            {"programmes": [sligo_programme, nait_programme]},
        ),
        (
            "3.4.1.1",
            "中外合作办学项目批准书",
            EvidenceKind.APPROVAL,
            None,
            {"programmes": [nait_programme]},
        ),
        (
            "3.4.1.2.1",
            "爱尔兰斯莱戈理工学院中国特别代表刘旭到访学校",
            EvidenceKind.NEWS_REPORT,
            dt.date(2021, 5, 12),
            {"activities": [visit]},
        ),
        (
            "3.4.1.2.2",
            "关于赴中山火炬职业技术学院进行国际合作洽谈工作访问函",
            EvidenceKind.LETTER,
            dt.date(2021, 5, 6),
            {"activities": [visit], "agreements": [intent]},
        ),
        (
            "3.4.1.2.3",
            "学校举行中爱合作办学项目视频会议",
            EvidenceKind.NEWS_REPORT,
            dt.date(2021, 6, 9),
            {"activities": [video_meeting]},
        ),
        (
            "3.4.1.3",
            "长期学术合作关系备忘录",
            EvidenceKind.AGREEMENT,
            dt.date(2019, 6, 18),
            {"agreements": [mou]},
        ),
        (
            "3.4.1.4",
            "龙华科技大学合作办学协议",
            EvidenceKind.AGREEMENT,
            dt.date(2018, 11, 2),
            {"agreements": [lunghwa_agreement]},
        ),
    ]:
        evidence_create(
            access=access,
            project=project,
            task=task_34,
            code=code,
            title=title,
            kind=evidence_kind,
            dated_on=dated_on,
            task_points=points.get(code, []),
            **links,  # type: ignore[arg-type]
        )

    # The report counted the Macau training as teachers' training time; the office has claimed
    # it for the official "teachers delivering training abroad" row, which it does not meet —
    # the indicator review shows exactly that.
    delivered = IndicatorDefinition.objects.get(school=access.school, code="gjyx-4")
    indicator_definition_claim(access=access, definition=delivered, activities=[macau_training])
