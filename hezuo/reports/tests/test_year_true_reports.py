"""The yearly reports follow the records of their year and region: the 粤港澳大湾区 chapter is a
Guangdong school's, holds Hong Kong and Macao and never Taiwan; a school elsewhere has no such
chapter and its chapters are numbered without a gap; the internships table counts the students,
not the teachers who go with them; programmes are those begun by the year's end, each initiative
counted once; the assistance summary lists its items in the office's order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hezuo.accounts.access import Access, system_access
from hezuo.activities.models import (
    ActivityType,
    Direction,
    Mode,
    ParticipationRole,
    PersonCategory,
)
from hezuo.activities.services import ParticipationInput, activity_create
from hezuo.core.models import School
from hezuo.partners.models import PartnerType
from hezuo.partners.services import partner_create
from hezuo.reports.annual import build_annual
from hezuo.reports.document import Document, Section, Table, for_submission
from tests.personas import Personas

pytestmark = pytest.mark.django_db
DAY = dt.date(2021, 5, 10)


def _visit(access: Access, title: str, country: str) -> None:
    partner = partner_create(
        access=access, name_zh=f"{title}伙伴", country_code=country, org_type=PartnerType.UNIVERSITY
    )
    activity_create(
        access=access,
        title=title,
        activity_type=ActivityType.OUTBOUND_VISIT,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=DAY,
        end_on=DAY + dt.timedelta(days=2),
        country_code=country,
        partners=[partner],
        participations=[
            ParticipationInput(
                PersonCategory.FULL_TIME_TEACHER, ParticipationRole.MEMBER, 2, days=Decimal(3)
            )
        ],
    )


def _report(school: School) -> Document:
    access = system_access(school=school)
    return for_submission(build_annual(access=access, year=2021, narratives={}, today=DAY))


def _section(document: Document, key: str) -> Section:
    (found,) = (section for section in document.sections if section.key == key)
    return found


def _text(section: Section) -> str:
    return Document("annual", "", "", "", "", (section,)).text()


def test_the_bay_area_holds_hong_kong_and_macao_never_taiwan(personas: Personas) -> None:
    access = system_access(school=personas.alpha)  # Guangdong (44)
    _visit(access, "赴港研修", "HK")
    _visit(access, "赴澳交流", "MO")
    _visit(access, "赴台研学", "TW")
    _visit(access, "赴新加坡访问", "SG")  # not put in the chapter by the office
    from hezuo.programmes.models import ProgrammeForm, ProgrammeStatus
    from hezuo.programmes.services import programme_create

    programme_create(
        access=access,
        name="机器人产业学院",
        form=ProgrammeForm.INDUSTRY_COLLEGE,
        status=ProgrammeStatus.PREPARING,
        in_bay_area=True,
    )
    document = _report(personas.alpha)
    bay_area = _text(_section(document, "bay_area"))
    assert "赴港研修" in bay_area and "赴澳交流" in bay_area
    assert "赴台研学" not in bay_area and "台" not in bay_area.replace("平台", "")
    assert "赴新加坡访问" not in bay_area and "机器人产业学院" in bay_area
    exchanges = _text(_section(document, "exchanges"))
    assert "赴台研学" in exchanges, "Taiwan is in the exchanges of the year"
    titles = [section.title for section in document.sections]
    assert titles[:4] == [
        "一、合作办学",
        "二、国际交流合作",
        "三、粤港澳大湾区交流合作",
        "四、结对帮扶",
    ]


def test_a_school_outside_guangdong_has_no_bay_area_chapter(personas: Personas) -> None:
    access = system_access(school=personas.beta)  # Zhejiang (33)
    _visit(access, "赴港研修", "HK")
    document = _report(personas.beta)
    assert [section.key for section in document.sections] == [
        "programmes",
        "exchanges",
        "assistance",
        "evidence",
    ]
    assert [section.title for section in document.sections][:3] == [
        "一、合作办学",
        "二、国际交流合作",
        "三、结对帮扶",
    ]
    assert "粤港澳" not in document.text()


def test_the_internships_table_counts_the_students_only(personas: Personas) -> None:
    access = system_access(school=personas.alpha)
    activity_create(
        access=access,
        title="新加坡企业实习",
        activity_type=ActivityType.STUDENT_INTERNSHIP_ABROAD,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=DAY,
        end_on=DAY + dt.timedelta(days=29),
        country_code="SG",
        in_bay_area=True,  # the office put it in the chapter, as seed 000 does
        participations=[
            ParticipationInput(
                PersonCategory.STUDENT, ParticipationRole.INTERN, 10, days=Decimal(30)
            ),
            ParticipationInput(
                PersonCategory.FULL_TIME_TEACHER, ParticipationRole.LEADER, 1, days=Decimal(30)
            ),
        ],
    )
    bay_area = _section(_report(personas.alpha), "bay_area")
    (table,) = (
        block for block in bay_area.blocks if isinstance(block, Table) and "其他" in block.title
    )
    (row,) = table.rows
    assert row[0] == "新加坡企业实习" and str(row[-1]) != "" and "300人日" in _text(bay_area)
    assert "330人日" not in _text(bay_area)


def test_programmes_are_reported_as_of_the_year_and_each_initiative_once(
    personas: Personas,
) -> None:
    from hezuo.agreements.models import AgreementKind, AgreementStatus
    from hezuo.agreements.services import agreement_create
    from hezuo.programmes.models import ProgrammeForm, ProgrammeStatus
    from hezuo.programmes.services import programme_create

    access = system_access(school=personas.alpha)
    partner = partner_create(
        access=access, name_zh="斯莱戈理工学院", country_code="IE", org_type=PartnerType.UNIVERSITY
    )
    programme_create(
        access=access,
        name="中爱合作办学项目",
        form=ProgrammeForm.SINO_FOREIGN_PROGRAMME,
        partners=[partner],
        status=ProgrammeStatus.PREPARING,
        started_year=2021,
    )
    programme_create(
        access=access,
        name="UK NARIC 认证",
        form=ProgrammeForm.CERTIFICATION,
        status=ProgrammeStatus.APPLYING,
        started_year=2020,
    )
    agreement_create(
        access=access,
        title="中爱合作办学项目合作意向书",
        kind=AgreementKind.LETTER_OF_INTENT,
        partners=[partner],
        status=AgreementStatus.SIGNED,
        signed_on=dt.date(2021, 5, 20),
    )
    year_2021 = _text(_section(_report(personas.alpha), "programmes"))
    assert "筹备中的项目1个：中爱合作办学项目" in year_2021
    assert "申报中的项目1个：UK NARIC 认证" in year_2021
    assert "意向" not in year_2021, "its letter of intent is the same initiative"
    access_2016 = build_annual(access=access, year=2016, narratives={}, today=DAY)
    year_2016 = _text(_section(for_submission(access_2016), "programmes"))
    assert "中爱合作办学项目" not in year_2016 and "UK NARIC" not in year_2016
    assert "暂无在办或筹建的合作办学项目" in year_2016


def test_the_assistance_summary_lists_items_in_the_offices_order(personas: Personas) -> None:
    from hezuo.assistance.models import AssistanceItem, AssistanceKind
    from hezuo.assistance.services import assistance_create, assistance_record_add
    from hezuo.reports.assistance import build_assistance

    access = system_access(school=personas.alpha)
    pairing = assistance_create(
        access=access,
        counterpart="阳江职业技术学院",
        kind=AssistanceKind.PROVINCIAL_PAIRING,
        start_on=dt.date(2021, 3, 1),
    )
    for item, quantity, unit in (
        (AssistanceItem.COMPETITION_AWARD, 1, "项"),  # its key sorts first
        (AssistanceItem.FUNDS, 117, "万元"),
        (AssistanceItem.SECONDED_CADRES, 2, "人"),
    ):
        assistance_record_add(
            access=access,
            assistance=pairing,
            year=2021,
            item=item,
            quantity=Decimal(quantity),
            unit=unit,
        )
    document = build_assistance(access=access, year=2021, narratives={}, today=DAY)
    (table,) = (block for block in document.sections[0].blocks if isinstance(block, Table))
    assert [row[0] for row in table.rows] == ["挂职干部/专家", "帮扶经费", "竞赛获奖"]
