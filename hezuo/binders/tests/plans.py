"""A binder plan for tests and benchmarks: one task (9.2 unless told) with one point in 2021
that every item proves."""

from __future__ import annotations

from collections.abc import Sequence

from hezuo.binders.layout import Item, Plan, PointSpec, Section, YearSpec


def plan_of(
    items: Sequence[Item], *, code: str = "9.2", title: str = "搭建香港职业教育合作交流平台"
) -> Plan:
    section = Section(
        code=code,
        title=title,
        level="学校层面",
        part1_title="第一部分 四年建设概况及成效",
        kpi=f"“{title}”方面共有 1 个任务要点。",
        overview="与香港职业训练局开展深度交流。",
        achievements=(),
        years=(
            YearSpec(
                2021,
                "一、2021年度",
                "年度概况",
                (PointSpec("1.", "建立工作小组", "", tuple(item.code for item in items[:50])),),
            ),
        ),
    )
    return Plan(
        title=f"{code} 佐证材料",
        school="深圳市龙岗职业技术学校",
        project="广东省高水平中职学校建设项目",
        parent="9.提升国际及粤港澳台交流合作水平",
        heading=f"{code} {title}",
        level="学校层面建设任务",
        date="2026年11月",
        sections=(section,),
        items=tuple(items),
    )
