"""The demo schools' 2021 indicators reproduce the seed figures, with provenance and warnings."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from hezuo.accounts.access import Access, system_access
from hezuo.activities.models import Activity, Participation
from hezuo.core.errors import HezuoError
from hezuo.core.models import AuditEvent, School
from hezuo.indicators.facts import indicator_facts
from hezuo.indicators.figures import indicator_figures
from hezuo.indicators.models import IndicatorValue
from hezuo.indicators.periods import Period, PeriodKind
from hezuo.indicators.services import indicator_value_override, indicator_values_snapshot
from hezuo.indicators.warnings import WarningKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def torch(demo: list[School]) -> Access:
    return system_access(school="zhongshan-torch")


def values(access: Access, **options: object) -> dict[str, int]:
    figures = indicator_figures(access=access, year=2021, **options)  # type: ignore[arg-type]
    return {code: int(result.value) for code, result in figures.results.items()}


def test_2021_reproduces_the_seed_figures(torch: Access) -> None:
    figures = values(torch)
    assert figures["xn-1"] == 570  # 学生境外交流培训
    assert figures["xn-2"] == 657  # 教师境外研修培训
    assert figures["gjyx-3"] == 3126  # 在校生服务“走出去”企业国（境）外实习时间
    assert figures["xn-4"] == 117  # 帮扶经费（万元）
    assert figures["gjyx-4"] == 0  # teachers receiving training do not deliver it


def test_the_video_audience_counts_only_with_estimates_and_a_warning(torch: Access) -> None:
    assert values(torch)["xn-3"] == 0
    figures = indicator_figures(access=torch, year=2021, include_estimates=True)
    assert figures.results["xn-3"].value == 3125
    kinds = {(w.kind, w.indicators) for w in figures.warnings}
    assert (WarningKind.ESTIMATES_COUNTED, ("xn-3",)) in kinds
    # 3126 人日 of internships beside it is another figure, not a duplicate.
    assert not [w for w in figures.warnings if w.kind == WarningKind.LOOKALIKE_ACTIVITIES]


def test_without_estimates_the_review_says_what_was_left_out(torch: Access) -> None:
    figures = indicator_figures(access=torch, year=2021)
    messages = [w.message for w in figures.warnings if w.kind == WarningKind.ESTIMATES_EXCLUDED]
    assert messages == [
        "“国（境）外人员学习量”未计入估算口径 3125 人日（外教 Paul 视频经新华社海外账号播出）。"
    ]
    assert not [w for w in figures.warnings if w.kind == WarningKind.LOOKALIKE_ACTIVITIES]


def test_the_claimed_macau_training_is_flagged_for_the_delivery_indicator(torch: Access) -> None:
    figures = indicator_figures(access=torch, year=2021)
    [claim] = [w for w in figures.warnings if w.kind == WarningKind.CLAIM_MISMATCH]
    assert claim.indicators == ("gjyx-4",)
    assert "专业教师与澳门科技大学线上交流培训" in claim.message


def test_a_snapshot_keeps_the_records_behind_each_value(torch: Access) -> None:
    indicator_values_snapshot(access=torch, figures=indicator_figures(access=torch, year=2021))
    stored = IndicatorValue.objects.get(definition__code="xn-2", year=2021)
    assert stored.value == 657
    rows = Participation.objects.filter(pk__in=stored.provenance["records"])
    assert sum(row.headcount for row in rows) == 42
    titles = set(
        Activity.objects.filter(pk__in=stored.provenance["activities"]).values_list(
            "title", flat=True
        )
    )
    assert titles == {"专业教师与澳门科技大学线上交流培训"}
    assert any(w["kind"] == "no_approved_evidence" for w in stored.warnings)


def test_computing_again_with_nothing_changed_writes_nothing(torch: Access) -> None:
    indicator_values_snapshot(access=torch, figures=indicator_figures(access=torch, year=2021))
    events = AuditEvent.objects.count()
    indicator_values_snapshot(access=torch, figures=indicator_figures(access=torch, year=2021))
    assert AuditEvent.objects.count() == events


def test_an_override_needs_a_reason_and_keeps_the_computed_value(torch: Access) -> None:
    [value] = [
        v
        for v in indicator_values_snapshot(
            access=torch, figures=indicator_figures(access=torch, year=2021)
        )
        if v.definition.code == "xn-1"
    ]
    with pytest.raises(HezuoError, match="须填写理由"):
        indicator_value_override(access=torch, value=value, override_value=Decimal(600), reason=" ")
    indicator_value_override(
        access=torch, value=value, override_value=Decimal(600), reason="补录线下交流 30 人日"
    )
    value.refresh_from_db()
    assert (value.value, value.computed_value) == (600, 570)
    event = AuditEvent.objects.filter(object_id=value.pk, action="update").latest("id")
    assert event.changes["override_reason"] == ["", "补录线下交流 30 人日"]


def test_the_academic_year_runs_from_september(torch: Access) -> None:
    period = Period(2021, PeriodKind.ACADEMIC)
    facts = indicator_facts(access=torch, period=period)
    ids = {pk for group in facts.participations for pk in group.activity_ids}
    titles = set(Activity.objects.filter(pk__in=ids).values_list("title", flat=True))
    assert "龙华科技大学线上交流课程" in titles  # October 2021
    assert "台湾朝阳科技大学线上研习营" not in titles  # July 2021


def test_an_outsider_computes_nothing_of_another_school(torch: Access) -> None:
    other = system_access(school="shenzhen-longgang")
    facts = indicator_facts(access=other, period=Period(2022))
    torch_activities = set(
        Activity.objects.filter(school=School.objects.get(slug="zhongshan-torch")).values_list(
            "pk", flat=True
        )
    )
    seen = {pk for group in facts.participations for pk in group.activity_ids}
    seen |= {activity.id for activity in facts.activities}
    assert seen, "Longgang's own 2022 activities are there"
    assert not seen & torch_activities


def test_the_command_prints_json_with_counts(
    torch: Access, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command(
        "compute_indicators",
        school="zhongshan-torch",
        year=2021,
        format="json",
        include_estimates=True,
    )
    out, err = capsys.readouterr()
    rows = {row["code"]: row for row in json.loads(out)}
    assert rows["xn-3"] == {
        "code": "xn-3",
        "name": "国（境）外人员学习量",
        "unit": "人日",
        "value": 3125.0,
        "records": 1,
    }
    assert rows["gjyx-3"]["records"] == 2
    assert "“国（境）外人员学习量”有 1 条参与记录的课时数不是每日 8 课时的整数倍" in err
    assert IndicatorValue.objects.filter(year=2021, includes_estimates=True).exists()


def test_the_command_reports_an_unknown_school(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到标识为“nowhere”的学校"):
        call_command("compute_indicators", school="nowhere", year=2021)
