"""Seed 003 as records: 深圳市龙岗职业技术学校, 广东省高水平中职学校建设项目, task 9.2
"搭建香港职业教育合作交流平台": 8 task points (2 a year, 2021–2024), all completed, each with
the evidence titles of the binder, the year narratives and the two achievements of 第一部分."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hezuo.accounts.access import Access
from hezuo.accounts.models import DepartmentKind
from hezuo.accounts.services import department_create
from hezuo.activities.models import ActivityType, Direction, Mode
from hezuo.activities.services import activity_create
from hezuo.construction.models import ProjectKind, TaskLevel, TaskPointStatus
from hezuo.construction.services import (
    project_create,
    task_achievement_create,
    task_create,
    task_point_create,
    task_year_summary_set,
)
from hezuo.evidence.models import EvidenceKind
from hezuo.evidence.services import evidence_create
from hezuo.partners.models import PartnerType
from hezuo.partners.services import partner_create

SLUG = "shenzhen-longgang"
SCHOOL = {
    "name": "深圳市龙岗职业技术学校",
    "name_en": "Shenzhen Longgang Vocational and Technical School",
    "slug": SLUG,
    "code": "",
    "province": "44",
}
OFFICE = "外事工作办公室"
LIAISON_DEPARTMENT = "机电部"

TASK_NARRATIVE = (
    "龙岗职业技术学校主动作为，重点锚定核心战略伙伴，扎实构建与香港合作交流的多元化网络，"
    "深耕具有龙职特色的国际化办学。成立外事工作领导小组和办公室、国（境）外合作办学教学领导工作小组，"
    "制定与香港合作办学管理办法。与香港职业教育相关学校或机构开展师资队伍、教学资源、人才培养、"
    "学科建设等方面交流合作。组织教师赴港参加 2023 年深圳市技能菁英香港研修培训班；吴晓云老师赴香港"
    "攻读 MA-ELTA 课程。通过中港交流推进“1+X”书证融通，开拓专业建设新发展。"
)

YEAR_NARRATIVES = {
    2021: (
        "与香港职业训练局开展深度交流，推进合作办学、科学研究、社会服务、人才培养等多方面的协同合作，"
        "提升两地职业教育和人才培训的水平。"
    ),
    2022: (
        "进一步加强与香港职业教育专家的交流与合作，通过专题讲座探讨职业教育多元共治实施措施及粤港澳大湾区"
        "职业发展的未来，为我校学子提供更加广阔的教育资源和平台，拓宽升学、留学渠道，进一步提升学历和专业水平。"
    ),
    2023: (
        "2023 年，学校携手香港相关职业学校或机构在教育资源共享、双元制培训研修、师生互访、"
        "文化交流等多个领域展开全面合作，进一步加强沟通与协作，共同探索粤港教育的新路径和新模式，实现教育事业跨越式发展。"
    ),
    2024: (
        "通过与香港职业训练局的深入沟通，初步达成了与我校机电部、汽车部相关专业开展专升本提升计划等合作"
        "培养意向，进一步拓展粤港人才联合培养，推进职专毕业生留港计划，可持续为香港本地行业的发展提供技能"
        "人才支撑，也为内地中职学生在香港就业奠定了基础。"
    ),
}

# (year, sequence, text, target quantity, unit, evidence titles with their kinds)
TASK_POINTS: list[tuple[int, int, str, str | None, str, list[tuple[str, EvidenceKind]]]] = [
    (
        2021,
        1,
        "建立与香港相关职业学校合作办学教学领导工作小组，组建合作办学教学团队",
        None,
        "",
        [
            (
                "建立与香港相关职业学校合作办学教学领导工作小组，组建合作办学教学团队",
                EvidenceKind.NOTICE_OR_PLAN,
            )
        ],
    ),
    (
        2021,
        2,
        "制定与香港相关职业学校合作方案",
        "1",
        "份",
        [
            ("深圳市龙岗职业技术学校与香港合作办学管理办法（试行）", EvidenceKind.NOTICE_OR_PLAN),
            (
                "宣传资料：中港交流--积极推进“1+X”书证融通，开拓专业建设新发展",
                EvidenceKind.NEWS_REPORT,
            ),
        ],
    ),
    (
        2022,
        1,
        "邀请香港相关职业教育专家到校开展 1 次专题讲座",
        "1",
        "次",
        [
            ("香港职业教育专家讲座方案", EvidenceKind.NOTICE_OR_PLAN),
            ("香港职业教育专家讲座报道", EvidenceKind.NEWS_REPORT),
        ],
    ),
    (
        2022,
        2,
        "召开与香港相关学校或机构开展交流研讨会 1 次",
        "1",
        "次",
        [
            ("关于参加《香港职训局高峰学院交流会》活动方案", EvidenceKind.NOTICE_OR_PLAN),
            ("香港相关学校或机构交流研讨会报道", EvidenceKind.NEWS_REPORT),
        ],
    ),
    (
        2023,
        1,
        "组织教师团队到香港相关职业学校或机构参观交流",
        None,
        "",
        [
            ("颜广科 香港职业教育现状", EvidenceKind.RECORD),
            ("2023年深圳市技能菁英香港研修相关材料（颜广科老师）", EvidenceKind.RECORD),
            ("我校教师赴香港交流进修相关材料", EvidenceKind.RECORD),
        ],
    ),
    (
        2023,
        2,
        "引进合作单位教育资源",
        None,
        "",
        [
            (
                "深圳市人力资源和社会保障局关于商请支持技能菁英参加 2020年研修资助项目的函",
                EvidenceKind.LETTER,
            ),
            ("香港研修培训官方课程", EvidenceKind.OTHER),
            ("培训记录", EvidenceKind.RECORD),
            ("深圳市龙岗职业技术学校赴香港学习考察交流联系函", EvidenceKind.LETTER),
        ],
    ),
    (
        2024,
        1,
        "建立与香港相关学校或机构的长效合作模式",
        None,
        "",
        [
            ("中港交流：积极推进“1+X”书证融通相关材料", EvidenceKind.NEWS_REPORT),
            ("香港专业教育学院开放日交流记录", EvidenceKind.RECORD),
        ],
    ),
    (
        2024,
        2,
        "总结与香港相关学校或机构的合作经验，形成总结性材料 1 份",
        "1",
        "份",
        [("深圳市龙岗职业技术学校与香港职业训练局合作经验总结报告", EvidenceKind.SUMMARY_REPORT)],
    ),
]

ACHIEVEMENTS = [
    (1, "建立与香港相关职业学校合作办学领导工作小组及教学团队", (2021, 1)),
    (2, "形成与香港相关职业学校合作方案 1 份", (2021, 2)),
]


def load(access: Access) -> None:
    departments = {
        name: department_create(access=access, name=name, kind=kind)
        for name, kind in [
            (OFFICE, DepartmentKind.FUNCTIONAL),
            ("机电部", DepartmentKind.COLLEGE),
            ("汽车部", DepartmentKind.COLLEGE),
        ]
    }
    office = departments[OFFICE]
    vtc = partner_create(
        access=access,
        name_zh="香港职业训练局",
        name_local="Vocational Training Council",
        country_code="HK",
        org_type=PartnerType.PUBLIC_BODY,
        website="https://www.vtc.edu.hk",
    )
    ive = partner_create(
        access=access,
        name_zh="香港专业教育学院",
        name_local="Hong Kong Institute of Vocational Education",
        country_code="HK",
        org_type=PartnerType.VOCATIONAL_SCHOOL,
    )

    activities = {
        (2022, 1): activity_create(
            access=access,
            title="香港职业教育专家到校专题讲座",
            activity_type=ActivityType.VISIT_RECEPTION,
            direction=Direction.INBOUND,
            mode=Mode.OFFLINE,
            start_on=dt.date(2022, 11, 15),
            country_code="HK",
            partners=[vtc],
            department=office,
        ),
        (2022, 2): activity_create(
            access=access,
            title="香港职训局高峰学院交流会",
            activity_type=ActivityType.INTERNATIONAL_CONFERENCE,
            direction=Direction.BOTH,
            mode=Mode.ONLINE,
            start_on=dt.date(2022, 12, 8),
            country_code="HK",
            partners=[vtc],
            department=office,
        ),
        (2023, 1): activity_create(
            access=access,
            title="2023年深圳市技能菁英香港研修培训班",
            activity_type=ActivityType.TEACHER_TRAINING_RECEIVED,
            direction=Direction.OUTBOUND,
            mode=Mode.OFFLINE,
            start_on=dt.date(2023, 7, 10),
            country_code="HK",
            partners=[vtc],
            department=office,
        ),
        (2024, 1): activity_create(
            access=access,
            title="香港专业教育学院开放日交流",
            activity_type=ActivityType.OUTBOUND_VISIT,
            direction=Direction.OUTBOUND,
            mode=Mode.OFFLINE,
            start_on=dt.date(2024, 3, 9),
            country_code="HK",
            partners=[ive],
            department=office,
        ),
    }

    project = project_create(
        access=access,
        name="广东省高水平中职学校建设项目",
        kind=ProjectKind.PROVINCIAL_SECONDARY,
        period_start_year=2021,
        period_end_year=2024,
    )
    task_9 = task_create(
        access=access,
        project=project,
        code="9",
        title="提升国际及粤港澳台交流合作水平",
        owner_department=office,
    )
    task = task_create(
        access=access,
        project=project,
        code="9.2",
        title="搭建香港职业教育合作交流平台",
        parent=task_9,
        level=TaskLevel.SCHOOL,
        owner_department=office,
        narrative=TASK_NARRATIVE,
    )
    for year, narrative in YEAR_NARRATIVES.items():
        task_year_summary_set(access=access, task=task, year=year, narrative=narrative)

    achievements = {
        point: task_achievement_create(access=access, task=task, sequence=sequence, title=title)
        for sequence, title, point in ACHIEVEMENTS
    }
    number = 0
    for year, sequence, text, target, unit, evidence_titles in TASK_POINTS:
        point = task_point_create(
            access=access,
            task=task,
            year=year,
            sequence=sequence,
            text=text,
            target_quantity=D(target) if target else None,
            target_unit=unit,
            status=TaskPointStatus.COMPLETED,
            completed_on=dt.date(year, 12, 20),
        )
        activity = activities.get((year, sequence))
        achievement = achievements.get((year, sequence))
        for title, kind in evidence_titles:
            number += 1
            evidence_create(
                access=access,
                project=project,
                task=task,
                code=f"9.2.{number}",
                title=title,
                kind=kind,
                task_points=[point],
                activities=[activity] if activity else [],
                achievements=[achievement] if achievement else [],
            )
