"""The counting rules of docs/indicators.md ("计数规则 / Counting rules"), each on the records a
school keeps: outcomes by their own date, the school's class-hours in a day, activities that
run into the next year, and duplicates only where the records look alike."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.apps import apps
from openpyxl import load_workbook

from hezuo.accounts.access import Access, system_access
from hezuo.accounts.services import school_update
from hezuo.activities.models import (
    Activity,
    ActivityLikeness,
    ActivityType,
    Direction,
    Mode,
    OutcomeKind,
    Participation,
    ParticipationRole,
    PersonCategory,
    StandardKind,
)
from hezuo.activities.selectors import outcome_list
from hezuo.activities.services import ParticipationInput, activity_create, outcome_create
from hezuo.core.models import School
from hezuo.indicators.figures import definition_spec, indicator_figures
from hezuo.indicators.models import FormulaKind, IndicatorDefinition, IndicatorUnit, ReportFamily
from hezuo.indicators.provenance import indicator_records
from hezuo.indicators.services import (
    indicator_catalogue_install,
    indicator_definition_create,
    indicator_definition_update,
)
from hezuo.indicators.xlsx import figures_workbook
from hezuo.partners.models import PartnerType
from hezuo.partners.services import partner_create
from tests.personas import Personas

pytestmark = pytest.mark.django_db

STUDENT, TRAINEE = PersonCategory.STUDENT, ParticipationRole.TRAINEE


@pytest.fixture
def alpha(personas: Personas) -> Access:
    return system_access(school=personas.alpha)


def exchange(
    access: Access,
    title: str,
    start_on: dt.date,
    end_on: dt.date | None,
    *rows: ParticipationInput,
    **more: Any,
) -> Activity:
    return activity_create(
        access=access,
        title=title,
        activity_type=ActivityType.STUDENT_EXCHANGE,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=start_on,
        end_on=end_on,
        participations=rows,
        **more,
    )


def values(access: Access, year: int) -> dict[str, Fraction]:
    figures = indicator_figures(access=access, year=year)
    return {code: result.value for code, result in figures.results.items()}


# Outcomes are counted in the year of their own date.


def test_a_standard_adopted_in_2024_counts_in_2024_whenever_its_activity_was(alpha: Access) -> None:
    indicator_definition_create(
        access=alpha,
        code="standards",
        name="课程标准被国（境）外采用数",
        unit=IndicatorUnit.ITEM,
        report_family=ReportFamily.SCHOOL,
        valid_from_year=2017,
        formula_kind=FormulaKind.COUNT_RECORDS,
        filters={"source": "outcomes", "outcome_kinds": ["standard_adopted"]},
    )
    development = activity_create(
        access=alpha,
        title="与赞比亚合作开发课程标准",
        activity_type=ActivityType.STANDARD_DEVELOPMENT,
        direction=Direction.OUTBOUND,
        mode=Mode.HYBRID,
        start_on=dt.date(2023, 9, 12),
    )
    adopted = outcome_create(
        access=alpha,
        activity=development,
        kind=OutcomeKind.STANDARD_ADOPTED,
        standard_kind=StandardKind.CURRICULUM,
        title="《机电一体化》课程标准被赞比亚采用",
        achieved_on=dt.date(2024, 3, 10),
    )
    undated = outcome_create(
        access=alpha,
        activity=development,
        kind=OutcomeKind.STANDARD_ADOPTED,
        standard_kind=StandardKind.CURRICULUM,
        title="《电气控制》课程标准被采用（日期待补）",
    )

    assert values(alpha, 2023)["standards"] == 1  # only the undated one, by its activity
    assert values(alpha, 2024)["standards"] == 1
    assert indicator_figures(access=alpha, year=2024).results["standards"].records == (adopted.pk,)
    assert list(outcome_list(access=alpha, year=2024)) == [adopted]
    assert list(outcome_list(access=alpha, year=2023)) == [undated]


# The school's class-hours in a day, unless a definition sets its own.


@pytest.fixture
def six_hours_a_day(alpha: Access) -> Access:
    school_update(access=alpha, hours_per_day=6)
    indicator_catalogue_install(access=alpha, name="school_exchange_2021")
    exchange(
        alpha,
        "线上工作坊",
        dt.date(2021, 5, 10),
        dt.date(2021, 5, 12),
        ParticipationInput(STUDENT, TRAINEE, 10, hours=Decimal(9)),
    )
    return alpha


def test_an_installed_catalogue_leaves_the_class_hours_to_the_school(
    six_hours_a_day: Access,
) -> None:
    definitions = IndicatorDefinition.objects.filter(school=six_hours_a_day.school)
    assert {d.hours_per_day for d in definitions} == {None}
    assert {d.hours_per_day_in_force for d in definitions} == {6}


def test_hours_are_converted_with_the_schools_class_hours_everywhere(
    six_hours_a_day: Access,
) -> None:
    access = six_hours_a_day
    figures = indicator_figures(access=access, year=2021)
    assert figures.results["xn-1"].value == 15  # 10 × 9 class-hours ÷ 6, not ÷ 8 (11.25)
    definition = figures.definitions["xn-1"]
    table = indicator_records(
        access=access,
        source=figures.results["xn-1"].source,
        ids=figures.results["xn-1"].records,
        hours_per_day=definition_spec(definition).hours_per_day,
    )
    [row] = table.rows
    assert row[table.headings.index("人日")] == 15
    [part_days] = [w for w in figures.warnings if w.kind == "hours_not_whole_days"]
    assert "每日 6 课时" in part_days.message
    book = load_workbook(io.BytesIO(figures_workbook(access=access, figures=figures)))
    summary = {row[7]: row[3] for row in book["指标汇总"].iter_rows(min_row=3, values_only=True)}
    assert summary["xn-1"] == 15
    sheet = book["xn-1"]
    headings = [cell.value for cell in sheet[4]]
    assert sheet.cell(5, headings.index("人日") + 1).value == 15


def test_a_definition_that_sets_its_own_class_hours_keeps_them(six_hours_a_day: Access) -> None:
    access = six_hours_a_day
    own = IndicatorDefinition.objects.get(school=access.school, code="xn-1")
    indicator_definition_update(access=access, definition=own, hours_per_day=8)
    assert values(access, 2021)["xn-1"] == Fraction(45, 4)  # 10 × 9 ÷ 8
    indicator_catalogue_install(access=access, name="school_exchange_2021")  # again
    assert values(access, 2021)["xn-1"] == Fraction(45, 4)


def test_the_migration_empties_only_what_catalogue_installation_wrote(alpha: Access) -> None:
    migration = importlib.import_module(
        "hezuo.indicators.migrations.0003_hours_per_day_of_the_school"
    )
    indicator_catalogue_install(access=alpha, name="school_exchange_2021")
    installed = IndicatorDefinition.objects.filter(school=alpha.school)
    installed.update(hours_per_day=8)  # what installation wrote before
    installed.filter(code="xn-2").update(hours_per_day=6)  # a number the office chose
    own = indicator_definition_create(
        access=alpha,
        code="own",
        name="自定指标",
        unit=IndicatorUnit.PERSON_DAY,
        report_family=ReportFamily.SCHOOL,
        valid_from_year=2021,
        formula_kind=FormulaKind.SUM_PERSON_DAYS,
        hours_per_day=8,
    )
    migration.leave_catalogue_rows_to_the_school(apps, None)
    hours = dict(
        IndicatorDefinition.objects.filter(school=alpha.school).values_list("code", "hours_per_day")
    )
    assert hours == {"xn-1": None, "xn-2": 6, "xn-3": None, "xn-4": None, own.code: 8}
    migration.write_the_old_default(apps, None)
    assert set(
        IndicatorDefinition.objects.filter(school=alpha.school).values_list(
            "hours_per_day", flat=True
        )
    ) == {6, 8}


# An activity running into the next year counts wholly in the year it starts, and says so.


def test_an_activity_into_the_next_year_counts_in_its_first_and_is_flagged(
    alpha: Access,
) -> None:
    indicator_catalogue_install(access=alpha, name="school_exchange_2021")
    exchange(
        alpha,
        "寒假赴新加坡研修",
        dt.date(2021, 12, 27),
        dt.date(2022, 1, 7),
        ParticipationInput(STUDENT, TRAINEE, 5, days=Decimal(12)),
    )
    first = indicator_figures(access=alpha, year=2021)
    assert first.results["xn-1"].value == 60
    [crossing] = [w for w in first.warnings if w.kind == "crosses_period"]
    assert crossing.indicators == ("xn-1",)
    assert crossing.message == (
        "活动“寒假赴新加坡研修”（2021-12-27 至 2022-01-07）跨入下一年度，"
        "按开始日期整体计入2021年度，下一年度不再计入。"
    )
    second = indicator_figures(access=alpha, year=2022)
    assert second.results["xn-1"].value == 0
    assert not [w for w in second.warnings if w.kind == "crosses_period"]


# Duplicates: records that look alike, never figures that come out close.


@pytest.fixture
def torch(demo: list[School]) -> Access:
    return system_access(school="zhongshan-torch")


def test_an_internship_entered_twice_under_another_title_is_flagged(
    torch: Access,
) -> None:
    original = Activity.objects.get(
        school=torch.school, title="在校生服务“走出去”企业国（境）外实习"
    )
    copy = activity_create(
        access=torch,
        title=original.title + "(教师团)",
        activity_type=ActivityType(original.activity_type),
        direction=Direction(original.direction),
        mode=Mode(original.mode),
        start_on=original.start_on,
        end_on=original.end_on,
        partners=original.partners.all(),
        participations=[
            ParticipationInput(
                PersonCategory(row.person_category),
                ParticipationRole(row.role),
                row.headcount,
                days=row.days,
                hours=row.hours,
            )
            for row in original.participations.all()
        ],
    )
    figures = indicator_figures(access=torch, year=2021, include_estimates=True)

    [double] = [w for w in figures.warnings if w.kind == "lookalike_activities"]
    assert double.activity_ids == (original.pk, copy.pk)
    assert "gjyx-3" in double.indicators
    assert double.message == (
        "活动“在校生服务“走出去”企业国（境）外实习”、“在校生服务“走出去”企业国（境）外实习(教师团)”"
        "的日期（2021-01-04 至 2021-12-31）、合作方和参与记录完全相同，"
        "可能是同一活动重复录入；请核对，删去多余的一条。"
    )


def test_3126_internships_beside_the_3125_estimate_are_not_a_duplicate(torch: Access) -> None:
    for estimates in (False, True):
        figures = indicator_figures(access=torch, year=2021, include_estimates=estimates)
        assert figures.results["gjyx-3"].value == 3126
        assert figures.results["xn-3"].value == (3125 if estimates else 0)
        assert [w.message for w in figures.warnings if "重复" in w.message] == []
        for warning in figures.warnings:
            assert not {"gjyx-3", "xn-3"} <= set(warning.indicators), warning.message


def test_activities_alike_but_for_partners_rows_or_estimate_are_not_duplicates(
    alpha: Access,
) -> None:
    indicator_catalogue_install(access=alpha, name="school_exchange_2021")
    partner = partner_create(
        access=alpha, name_zh="香港职业训练局", country_code="HK", org_type=PartnerType.PUBLIC_BODY
    )
    day, end = dt.date(2021, 3, 1), dt.date(2021, 3, 5)
    row = ParticipationInput(STUDENT, TRAINEE, 8, days=Decimal(5))
    other_row = ParticipationInput(STUDENT, TRAINEE, 9, days=Decimal(5))
    exchange(alpha, "赴港交流", day, end, row)
    exchange(alpha, "赴港交流（第二批）", day, end, other_row)
    exchange(alpha, "赴港交流（与职训局）", day, end, row, partners=[partner])
    next_day = dt.timedelta(days=1)
    exchange(alpha, "赴港交流（次日出发）", day + next_day, end + next_day, row)
    exchange(alpha, "赴港交流（取消）", day, end, row, is_cancelled=True)
    exchange(alpha, "赴港交流（估算）", day, end, row, is_estimate=True, method_note="按名单估算")
    exchange(alpha, "筹备会", day, end)
    exchange(alpha, "筹备会（二）", day, end)
    for estimates in (False, True):
        figures = indicator_figures(access=alpha, year=2021, include_estimates=estimates)
        assert [w for w in figures.warnings if w.kind == "lookalike_activities"] == []


def lookalike_groups(access: Access) -> list[tuple[int, ...]]:
    figures = indicator_figures(access=access, year=2021)
    return [w.activity_ids for w in figures.warnings if w.kind == "lookalike_activities"]


def test_activities_alike_are_found_again_after_every_change_whatever_wrote_it(
    alpha: Access,
) -> None:
    """Only activities that share their likeness (kept with the month's tallies) are compared;
    a change made in SQL, not through a service, is seen as well."""
    indicator_catalogue_install(access=alpha, name="school_exchange_2021")
    day, end = dt.date(2021, 3, 1), dt.date(2021, 3, 5)
    row = ParticipationInput(STUDENT, TRAINEE, 8, days=Decimal(5))
    first = exchange(alpha, "赴港交流", day, end, row)
    later = end + dt.timedelta(days=1)
    second = exchange(alpha, "赴港交流（次日返回）", day, later, row)
    exchange(
        alpha,
        "赴港交流（另一批）",
        day,
        end,
        ParticipationInput(STUDENT, TRAINEE, 9, days=Decimal(5)),
    )
    both = [(first.pk, second.pk)]
    assert lookalike_groups(alpha) == []
    assert ActivityLikeness.objects.filter(activity_id__in=[first.pk, second.pk]).count() == 2

    # Each change made alike or apart in SQL, each seen by the next read.
    Activity.objects.filter(pk=second.pk).update(end_on=end)
    assert lookalike_groups(alpha) == both
    Participation.objects.filter(activity=second).update(headcount=7)
    assert lookalike_groups(alpha) == []
    Participation.objects.filter(activity=second).update(headcount=8, days=Decimal("5.00"))
    assert lookalike_groups(alpha) == both
    Activity.objects.filter(pk=first.pk).update(is_estimate=True, method_note="按名单估算")
    assert lookalike_groups(alpha) == []
    Activity.objects.filter(pk=second.pk).update(is_estimate=True, method_note="按名单估算")
    assert lookalike_groups(alpha) == both
    Activity.objects.filter(pk=first.pk).update(is_cancelled=True)
    assert lookalike_groups(alpha) == []


def test_a_likeness_shared_by_chance_is_no_lookalike(
    alpha: Access, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sharing a likeness only makes activities candidates: they are compared in full."""
    indicator_catalogue_install(access=alpha, name="school_exchange_2021")
    monkeypatch.setattr("hezuo.activities.tallies.likeness", lambda *values: 42)
    day, end = dt.date(2021, 3, 1), dt.date(2021, 3, 5)
    row = ParticipationInput(STUDENT, TRAINEE, 8, days=Decimal(5))
    first = exchange(alpha, "赴港交流", day, end, row)
    exchange(
        alpha,
        "赴港交流（第二批）",
        day,
        end,
        ParticipationInput(STUDENT, TRAINEE, 9, days=Decimal(5)),
    )
    later = dt.timedelta(days=1)
    exchange(alpha, "赴港交流（次日出发）", day + later, end + later, row)
    second = exchange(alpha, "赴港交流（重复）", day, end, row)
    assert lookalike_groups(alpha) == [(first.pk, second.pk)]
    assert list(ActivityLikeness.objects.values_list("likeness", flat=True)) == [42] * 4


def test_activities_alike_are_found_when_the_tallies_cannot_be_brought_up_to_date(
    alpha: Access, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that cannot refresh the months (a replica, a busy database) compares every
    activity of the period instead."""
    indicator_catalogue_install(access=alpha, name="school_exchange_2021")
    monkeypatch.setattr("hezuo.activities.tallies.tallies_refresh", lambda **span: False)
    day, end = dt.date(2021, 3, 1), dt.date(2021, 3, 5)
    row = ParticipationInput(STUDENT, TRAINEE, 8, days=Decimal(5))
    first = exchange(alpha, "赴港交流", day, end, row)
    second = exchange(alpha, "赴港交流（重复）", day, end, row)
    assert lookalike_groups(alpha) == [(first.pk, second.pk)]
    assert not ActivityLikeness.objects.exists()
