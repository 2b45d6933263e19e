"""Review warnings: what a reviewer must see before the figures go out."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hezuo.activities.lookalikes import Lookalikes
from hezuo.indicators.computation import Facts, ParticipationGroup, Result, Traits, compute_all
from hezuo.indicators.spec import Source, Spec, parse_spec
from hezuo.indicators.warnings import Definition, WarningKind, record_warnings, review_warnings


def rule(estimates: bool = False, **filters: object) -> Spec:
    return parse_spec(
        formula_kind="sum_person_days",
        filters=dict(filters),
        hours_per_day=8,
        include_estimates=estimates,
    )


def definition(code: str, name: str, spec: Spec, unit: str = "人日") -> Definition:
    return Definition(code=code, name=name, unit_label=unit, spec=spec)


RECEIVING = Traits(
    activity_type="teacher_training_received",
    direction="inbound",
    mode="online",
    is_estimate=False,
    partner_regions=frozenset({"hmt"}),
    partner_types=frozenset({"university"}),
    has_approved_evidence=True,
)
AUDIENCE = Traits(
    activity_type="international_communication",
    direction="outbound",
    mode="online",
    is_estimate=True,
    has_approved_evidence=False,
)
FACTS = Facts(
    participations=[
        ParticipationGroup(
            RECEIVING, "full_time_teacher", "trainee", 42, 42 * 1500, 0, 1, None, (1,), (1,)
        ),
        ParticipationGroup(
            AUDIENCE, "overseas_person", "trainee", 25000, 0, 25000 * 100, 1, 100, (2,), (2,)
        ),
    ],
)
TITLES = {1: "与澳门科技大学线上交流培训", 2: "外教视频国际传播"}


def warnings_for(
    definitions: dict[str, Definition], claims: dict[str, list[int]] | None = None
) -> list:  # type: ignore[type-arg]
    results = compute_all({code: d.spec for code, d in definitions.items()}, FACTS)
    return review_warnings(
        definitions=definitions,
        results=results,
        counted=results,
        claims=claims or {},
        claimed_traits={1: RECEIVING, 2: AUDIENCE},
        activity_titles=TITLES,
    )


def test_receiving_training_claimed_as_delivering_it_is_explained() -> None:
    delivered = rule(activity_types=["teacher_training_delivered"], directions=["outbound"])
    found = warnings_for(
        {"gjyx-4": definition("gjyx-4", "专任教师赴国（境）外指导和开展培训时间", delivered)},
        claims={"gjyx-4": [1]},
    )
    mismatch = [w for w in found if w.kind == WarningKind.CLAIM_MISMATCH]
    assert len(mismatch) == 1
    assert (
        "为“教师境外研修（受训）”，该指标只计“教师赴境外指导/开展培训（输出）”"
        in mismatch[0].message
    )
    assert "为“引进/来访”，该指标只计“输出/出访”" in mismatch[0].message


def test_a_claim_that_the_definition_meets_raises_nothing() -> None:
    received = rule(activity_types=["teacher_training_received"])
    found = warnings_for(
        {"xn-2": definition("xn-2", "教师境外研修培训", received)}, claims={"xn-2": [1]}
    )
    assert not [w for w in found if w.kind == WarningKind.CLAIM_MISMATCH]


def test_estimates_are_named_whether_counted_or_not() -> None:
    for estimates, kind, words in [
        (False, WarningKind.ESTIMATES_EXCLUDED, "未计入估算口径 3125 人日"),
        (True, WarningKind.ESTIMATES_COUNTED, "含估算口径 3125 人日"),
    ]:
        spec = rule(estimates, activity_types=["international_communication"])
        found = warnings_for({"xn-3": definition("xn-3", "国（境）外人员学习量", spec)})
        [warning] = [w for w in found if w.kind == kind]
        assert words in warning.message and "外教视频国际传播" in warning.message


def test_many_estimates_are_named_ten_and_counted() -> None:
    spec = rule(False, activity_types=["international_communication"])
    facts = Facts(
        participations=[
            ParticipationGroup(
                AUDIENCE, "overseas_person", "trainee", 10, 1000, 0, 1, None, (n,), (n,)
            )
            for n in range(100, 112)
        ]
    )
    definitions = {"xn-3": definition("xn-3", "国（境）外人员学习量", spec)}
    results = compute_all({"xn-3": spec}, facts)
    [warning] = review_warnings(
        definitions=definitions,
        results=results,
        counted=results,
        claims={},
        claimed_traits={},
        activity_titles={n: f"直播{n}" for n in range(100, 112)},
    )
    assert warning.activity_ids == tuple(range(100, 112))  # every one kept with the warning
    assert "直播109等 12 项活动）" in warning.message and "直播110" not in warning.message


def test_records_without_approved_evidence_are_counted() -> None:
    spec = rule(True, activity_types=["international_communication"])
    found = warnings_for({"xn-3": definition("xn-3", "国（境）外人员学习量", spec)})
    [warning] = [w for w in found if w.kind == WarningKind.NO_APPROVED_EVIDENCE]
    assert warning.activity_ids == (2,)
    assert warning.message == (
        "“国（境）外人员学习量”计入的 1 条记录所属的活动没有已通过审核的佐证材料。"
    )
    # Every counted activity has approved evidence: nothing to say.
    spec = rule(True, activity_types=["teacher_training_received"])
    found = warnings_for({"xn-2": definition("xn-2", "教师接受培训", spec)})
    assert [w for w in found if w.kind == WarningKind.NO_APPROVED_EVIDENCE] == []


def test_hours_that_are_not_whole_days_are_flagged() -> None:
    spec = rule(True, activity_types=["international_communication"])
    found = warnings_for({"xn-3": definition("xn-3", "国（境）外人员学习量", spec)})
    [warning] = [w for w in found if w.kind == WarningKind.HOURS_NOT_WHOLE_DAYS]
    assert warning.record_ids == (2,)


def _pair(a: int, b: int, unit_b: str = "人日") -> list:  # type: ignore[type-arg]
    spec = rule()
    definitions = {"x": definition("x", "甲", spec), "y": definition("y", "乙", spec, unit_b)}
    results = {
        "x": Result(value=Fraction(a), source=Source.PARTICIPATIONS),
        "y": Result(value=Fraction(b), source=Source.PARTICIPATIONS),
    }
    return review_warnings(
        definitions=definitions,
        results=results,
        counted=results,
        claims={},
        claimed_traits={},
        activity_titles=TITLES,
    )


def test_figures_are_never_compared_with_one_another() -> None:
    # 3126 人日 of internships beside the 3125 人日 estimate, two indicators equal by
    # construction: neither says anything about the records (a double entry is found in them).
    assert _pair(3125, 3126) == []
    assert _pair(3126, 3126) == []


def test_activities_that_look_alike_are_named_with_the_indicators_counting_them() -> None:
    spec = rule(activity_types=["teacher_training_received"])
    results = {"xn-2": compute_all({"xn-2": spec}, FACTS)["xn-2"]}
    [warning] = record_warnings(
        results=results,
        lookalikes=[Lookalikes((1, 3), dt.date(2021, 7, 5), dt.date(2021, 12, 17))],
        crossing={},
        period_label="2021",
        activity_titles={**TITLES, 3: "与澳门科技大学线上交流培训(教师团)"},
    )
    assert (warning.kind, warning.indicators, warning.activity_ids) == (
        WarningKind.LOOKALIKE_ACTIVITIES,
        ("xn-2",),
        (1, 3),
    )
    assert warning.message.startswith(
        "活动“与澳门科技大学线上交流培训”、“与澳门科技大学线上交流培训(教师团)”的日期"
        "（2021-07-05 至 2021-12-17）"
    )


def test_an_activity_into_the_next_year_is_named_only_where_it_counts() -> None:
    spec = rule(activity_types=["teacher_training_received"])
    results = {"xn-2": compute_all({"xn-2": spec}, FACTS)["xn-2"]}
    found = record_warnings(
        results=results,
        lookalikes=[],
        crossing={
            1: (dt.date(2021, 12, 20), dt.date(2022, 1, 8)),
            9: (dt.date(2021, 12, 1), dt.date(2022, 1, 1)),  # counted by no indicator
        },
        period_label="2021",
        activity_titles=TITLES,
    )
    assert [(w.kind, w.indicators, w.activity_ids) for w in found] == [
        (WarningKind.CROSSES_PERIOD, ("xn-2",), (1,))
    ]
