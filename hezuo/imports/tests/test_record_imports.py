"""Every kind of import adds, finds again by natural key, and updates through its services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models

from hezuo.agreements.models import Agreement
from hezuo.assistance.models import AssistanceRecord
from hezuo.construction.models import TaskPoint
from hezuo.core.models import AuditAction, AuditEvent
from hezuo.imports.importing import run_import
from hezuo.imports.kinds import (
    AgreementsImport,
    AssistanceImport,
    Importer,
    PartnersImport,
    ProgrammesImport,
    TaskPointsImport,
)
from hezuo.imports.tests.books import xlsx
from hezuo.partners.models import Partner
from hezuo.programmes.models import Programme
from tests.personas import Personas, in_alpha
from tests.world import World, build_world


@dataclass
class Case:
    importer: type[Importer]
    model: type[models.Model]
    rows: list[list[Any]]  # the heading row, then two new records
    change: tuple[int, int, Any]  # (row, column, new value) for the second import
    check: Callable[[Any], Any]  # the changed value as stored
    expected: Any


CASES = {
    "partners": Case(
        PartnersImport,
        Partner,
        [
            ["中文名称*", "外文名称", "国家/地区*", "机构类型*", "合作状态", "共建“一带一路”国家"],
            ["斯莱戈理工学院", "IT Sligo", "爱尔兰", "高校", "合作中", "否"],
            ["澳门城市大学", "", "MO", "高校", "", "否"],
        ],
        (2, 4, "暂停"),
        lambda p: in_alpha(Partner).get(name_zh="澳门城市大学").status,
        "paused",
    ),
    "agreements": Case(
        AgreementsImport,
        Agreement,
        [
            ["协议名称*", "协议类型*", "合作方", "牵头部门", "状态", "签署日期", "有效期至"],
            [
                "学分互认协议",
                "学分互认",
                "香港职业训练局",
                "包装学院",
                "生效",
                dt.date(2022, 5, 1),
                dt.date(2027, 4, 30),
            ],
            ["实习协议", "实习/就业协议", "", "", "草拟", None, None],
        ],
        (1, 6, dt.date(2028, 4, 30)),
        lambda a: in_alpha(Agreement).get(title="学分互认协议").valid_until,
        dt.date(2028, 4, 30),
    ),
    "programmes": Case(
        ProgrammesImport,
        Programme,
        [
            ["项目名称*", "办学形式*", "合作方", "批准书编号", "学制（年）", "状态"],
            [
                "物流管理专业合作项目",
                "中外合作办学项目",
                "香港职业训练局",
                "moe44uk2a20211234n",
                3,
                "正常招生",
            ],
            ["澳门认证项目", "认证项目", "", "", 1.5, ""],
        ],
        (2, 4, 2),
        lambda g: in_alpha(Programme).get(name="澳门认证项目").duration_years,
        Decimal(2),
    ),
    "points": Case(
        TaskPointsImport,
        TaskPoint,
        [
            [
                "建设项目*",
                "任务编号*",
                "年度*",
                "序号*",
                "要点内容*",
                "目标数量",
                "目标单位",
                "状态",
            ],
            ["高水平学校建设项目", "9.2", 2022, 2, "交流访问", 2, "次", "进行中"],
            ["高水平学校建设项目", "9.2", 2023, 1, "联合培训", None, "", "未开始"],
        ],
        (1, 7, "已完成"),
        lambda p: in_alpha(TaskPoint).get(year=2022, sequence=2).status,
        "completed",
    ),
    "assistance": Case(
        AssistanceImport,
        AssistanceRecord,
        [
            ["受扶单位*", "帮扶类型*", "年度*", "帮扶事项*", "数量*", "单位*", "约数", "具体内容"],
            ["阳江职业技术学院", "省内结对", 2022, "培训", 2300, "人次", "近", ""],
            ["阳江职业技术学院", "省内结对", 2022, "竞赛获奖", 2, "项", "", "广东省赛银奖"],
        ],
        (1, 4, 2400),
        lambda r: in_alpha(AssistanceRecord).get(item="training").quantity,
        Decimal(2400),
    ),
}


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


@pytest.mark.parametrize("name", list(CASES))
def test_import_adds_then_finds_again_then_updates(
    personas: Personas, world: World, name: str
) -> None:
    case = CASES[name]
    access = personas.access(personas.alice)
    before = case.model._default_manager.count()
    data = xlsx({str(case.importer.sheets[0].title): case.rows})
    outcome = run_import(case.importer(access), data, dry_run=False)
    assert outcome.problems == []
    assert (outcome.created, outcome.updated, outcome.unchanged) == (2, 0, 0)
    assert case.model._default_manager.count() == before + 2

    events = in_alpha(AuditEvent).count()
    again = run_import(case.importer(access), data, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert in_alpha(AuditEvent).count() == events

    rows = [list(row) for row in case.rows]
    row, column, value = case.change
    rows[row][column] = value
    changed = run_import(
        case.importer(access), xlsx({str(case.importer.sheets[0].title): rows}), dry_run=False
    )
    assert changed.problems == []
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert case.check(None) == case.expected
    update = (
        in_alpha(AuditEvent)
        .filter(
            action=AuditAction.UPDATE, content_type=ContentType.objects.get_for_model(case.model)
        )
        .get()
    )
    assert update.actor_id == personas.alice.pk


def test_a_point_of_an_unknown_task_is_refused_beside_the_task_code(
    personas: Personas, world: World
) -> None:
    rows = [CASES["points"].rows[0], ["高水平学校建设项目", "9.9", 2022, 1, "某要点"]]
    outcome = run_import(
        TaskPointsImport(personas.access(personas.alice)), xlsx({"任务要点": rows}), dry_run=False
    )
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "B (任务编号*)")]
    assert "没有编号为“9.9”的建设任务" in outcome.problems[0].message


def test_a_point_outside_the_project_period_is_refused_by_the_database_rule(
    personas: Personas, world: World
) -> None:
    rows = [CASES["points"].rows[0], ["高水平学校建设项目", "9.2", 2030, 1, "超出建设期"]]
    outcome = run_import(
        TaskPointsImport(personas.access(personas.alice)), xlsx({"任务要点": rows}), dry_run=False
    )
    assert [p.row for p in outcome.problems] == [2]
    assert in_alpha(TaskPoint).filter(year=2030).count() == 0


def test_a_task_owner_updates_their_points_but_may_not_add_any(
    personas: Personas, world: World
) -> None:
    rows = [
        CASES["points"].rows[0],
        ["高水平学校建设项目", "9.2", 2022, 1, "专题讲座", 1, "次", "已完成"],
        ["高水平学校建设项目", "9.2", 2022, 3, "新要点", None, "", ""],
    ]
    outcome = run_import(
        TaskPointsImport(personas.access(personas.tom)), xlsx({"任务要点": rows}), dry_run=False
    )
    assert [(p.row, p.message) for p in outcome.problems] == [(3, "您没有执行此操作的权限。")]
    world.point.refresh_from_db()
    assert world.point.status == "not_started"
    outcome = run_import(
        TaskPointsImport(personas.access(personas.tom)), xlsx({"任务要点": rows[:2]}), dry_run=False
    )
    assert outcome.updated == 1
    world.point.refresh_from_db()
    assert world.point.status == "completed"


def test_assistance_of_an_unknown_pairing_is_refused(personas: Personas, world: World) -> None:
    rows = [CASES["assistance"].rows[0], ["某县职业学校", "东西部协作", 2022, "培训", 10, "人次"]]
    outcome = run_import(
        AssistanceImport(personas.access(personas.alice)), xlsx({"帮扶记录": rows}), dry_run=False
    )
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "A (受扶单位*)")]


def test_an_unknown_partner_name_is_refused_with_the_name(personas: Personas, world: World) -> None:
    rows = [
        CASES["agreements"].rows[0],
        ["协议", "学分互认", "香港职业训练局、不存在大学", "", "草拟"],
    ]
    outcome = run_import(
        AgreementsImport(personas.access(personas.alice)), xlsx({"合作协议": rows}), dry_run=False
    )
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "C (合作方)")]
    assert "不存在大学" in outcome.problems[0].message


def test_a_row_matching_two_records_is_refused_rather_than_guessed(
    personas: Personas, world: World
) -> None:
    from hezuo.agreements.models import AgreementKind, AgreementStatus
    from hezuo.agreements.services import agreement_create

    agreement_create(
        access=world.access,
        title=world.agreement.title,
        kind=AgreementKind(world.agreement.kind),
        partners=[],
        status=AgreementStatus(world.agreement.status),
        signed_on=world.agreement.signed_on,
    )
    rows = [
        CASES["agreements"].rows[0],
        ["合作备忘录", "框架协议/备忘录", "", "", "生效", dt.date(2021, 3, 1)],
    ]
    outcome = run_import(
        AgreementsImport(personas.access(personas.alice)), xlsx({"合作协议": rows}), dry_run=False
    )
    assert [(p.row, p.message) for p in outcome.problems] == [
        (2, "hezuo 中有多条记录与此行相同（合作备忘录、2021-03-01），无法确定要更新哪一条。")
    ]
