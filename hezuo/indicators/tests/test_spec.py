"""A definition's filters are checked before anything is counted."""

from __future__ import annotations

from typing import Any

import pytest

from hezuo.indicators.spec import InvalidSpec, Source, parse_spec


def spec(kind: str, filters: dict[str, Any]) -> object:
    return parse_spec(formula_kind=kind, filters=filters, hours_per_day=8, include_estimates=False)


def test_person_days_count_participation_rows_by_default() -> None:
    parsed = parse_spec(
        formula_kind="sum_person_days",
        filters={"activity_types": ["student_exchange"]},
        hours_per_day=6,
        include_estimates=True,
    )
    assert parsed.source == Source.PARTICIPATIONS
    assert parsed.choices == {"activity_types": frozenset({"student_exchange"})}
    assert (parsed.hours_per_day, parsed.include_estimates) == (6, True)


@pytest.mark.parametrize(
    ("kind", "filters", "message"),
    [
        ("sum_person_days", {"colour": ["red"]}, "未知的筛选条件“colour”"),
        ("sum_person_days", {"activity_types": ["picnic"]}, "无效取值：picnic"),
        ("sum_person_days", {"activity_types": []}, "须为非空列表"),
        ("sum_person_days", {"source": "outcomes"}, "人日合计和人数合计只能统计参与记录"),
        ("count_records", {"source": "outcomes", "person_categories": ["student"]}, "不适用于"),
        ("count_records", {"source": "planets"}, "统计对象“planets”无效"),
        ("sum_field", {"source": "activities"}, "字段合计只能统计"),
        ("ratio", {"numerator": "a"}, "比率须指定分子和分母"),
    ],
)
def test_a_bad_rule_is_refused_with_what_to_correct(
    kind: str, filters: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidSpec, match=message):
        spec(kind, filters)
