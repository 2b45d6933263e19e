"""Official indicator tables per year that never end silently: a year after the last installed
table is said to have none (the selector, ``compute_indicators``), and the office carries the
last table forward to it as a new version, after which the year is computed.

Alice is Alpha's office admin, Victor reads Alpha, Oscar keeps Beta."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from hezuo.accounts.access import Access, system_access
from hezuo.activities.models import ActivityType, Direction, Mode, ParticipationRole, PersonCategory
from hezuo.activities.services import ParticipationInput, activity_create
from hezuo.core.errors import AccessDenied, HezuoError, NotFound
from hezuo.core.models import AuditAction, AuditEvent
from hezuo.indicators.catalogues import read_catalogue
from hezuo.indicators.models import IndicatorDefinition, IndicatorValue, ReportFamily
from hezuo.indicators.selectors import indicator_official_tables
from hezuo.indicators.services import (
    CARRIED,
    indicator_catalogue_carry_forward,
    indicator_catalogue_install,
)
from tests.personas import Personas

TABLE = "higher_quality_report_2017"
CHECKING_TEXT = ("解析器", "核对", "通行理解")


@pytest.fixture
def alpha(personas: Personas) -> Access:
    """Alpha with only the 2017–2022 国际影响表 installed (and the school's own statistics)."""
    access = system_access(school=personas.alpha)
    indicator_catalogue_install(access=access, name=TABLE)
    indicator_catalogue_install(access=access, name="school_exchange_2021")
    return access


def _teachers_abroad(access: Access, year: int) -> None:
    """Three full-time teachers delivering training abroad for four days (国际影响表 row 4)."""
    activity_create(
        access=access,
        title=f"赴马来西亚开展师资培训（{year}）",
        activity_type=ActivityType.TEACHER_TRAINING_DELIVERED,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(year, 5, 6),
        end_on=dt.date(year, 5, 9),
        country_code="MY",
        participations=[
            ParticipationInput(
                PersonCategory.FULL_TIME_TEACHER,
                ParticipationRole.INSTRUCTOR,
                3,
                days=Decimal(4),
            )
        ],
    )


def test_the_catalogue_cites_its_public_source_and_keeps_its_caveats_apart() -> None:
    catalogue = read_catalogue(TABLE)
    assert "国际影响表" in catalogue.source_ref
    assert "教育部职业教育与成人教育司" in catalogue.source_ref
    assert "2017—2022年度" in catalogue.source_ref
    assert not any(text in catalogue.source_ref for text in CHECKING_TEXT)
    assert "填表说明核对" in catalogue.note


def test_installing_writes_the_citation_as_source_and_the_caveat_as_note(alpha: Access) -> None:
    catalogue = read_catalogue(TABLE)
    installed = IndicatorDefinition.objects.filter(school=alpha.school, valid_from_year=2017)
    assert installed.count() == 9
    assert set(installed.values_list("source_ref", "note")) == {
        (catalogue.source_ref, catalogue.note)
    }


def test_the_migration_moves_the_old_checking_text_out_of_the_citation(alpha: Access) -> None:
    migration = importlib.import_module("hezuo.indicators.migrations.0004_definition_note")
    installed = IndicatorDefinition.objects.filter(school=alpha.school, valid_from_year=2017)
    installed.update(source_ref=migration.OLD_SOURCE_REF, note="")  # as installed before
    installed.filter(code="gjyx-9").update(source_ref="本校核定的依据")  # the office's own
    migration.cite_the_source(apps, None)
    assert set(installed.exclude(code="gjyx-9").values_list("source_ref", "note")) == {
        (read_catalogue(TABLE).source_ref, read_catalogue(TABLE).note)
    }
    assert installed.get(code="gjyx-9").source_ref == "本校核定的依据"
    migration.restore_the_old_text(apps, None)
    assert set(installed.exclude(code="gjyx-9").values_list("source_ref", flat=True)) == {
        migration.OLD_SOURCE_REF
    }


def test_a_year_within_the_table_has_it_and_a_later_one_has_none(alpha: Access) -> None:
    within = indicator_official_tables(access=alpha, year=2021)
    assert within.applies and not within.lapsed
    later = indicator_official_tables(access=alpha, year=2025)
    assert not later.applies
    [lapsed] = later.lapsed
    assert (lapsed.report_family, lapsed.valid_from_year, lapsed.valid_to_year, lapsed.size) == (
        ReportFamily.HIGHER_QUALITY_REPORT,
        2017,
        2022,
        9,
    )
    assert lapsed.label == "高职质量年报（2017—2022年度）"


def test_compute_for_a_year_without_a_table_names_the_command_then_computes_after_it(
    alpha: Access,
) -> None:
    """The issue's Done-when line, through the commands an operator types."""
    _teachers_abroad(alpha, 2025)
    with pytest.raises(CommandError) as refused:
        call_command("compute_indicators", school="alpha", year=2025, format="json")
    message = str(refused.value)
    assert "2025年没有已安装的官方指标表" in message
    assert "高职质量年报（2017—2022年度）" in message
    assert "hezuo carry_indicators_forward --school alpha --year 2025" in message
    assert not IndicatorValue.objects.filter(school=alpha.school, year=2025).exists()

    call_command("carry_indicators_forward", school="alpha", year=2025)
    call_command("compute_indicators", school="alpha", year=2025, format="json")

    stored = {
        value.definition.code: value.computed_value
        for value in IndicatorValue.objects.filter(school=alpha.school, year=2025)
    }
    assert {f"gjyx-{n}" for n in range(1, 10)} <= set(stored)
    assert stored["gjyx-4"] == Decimal(12)  # 3 teachers × 4 days


def test_carrying_forward_keeps_the_official_years_and_adds_a_version_of_its_own(
    alpha: Access,
) -> None:
    events = AuditEvent.objects.filter(action=AuditAction.CREATE).count()

    carried = indicator_catalogue_carry_forward(access=alpha, year=2025)

    assert len(carried) == 9
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() == events + 9
    official = IndicatorDefinition.objects.filter(school=alpha.school, valid_from_year=2017)
    assert set(official.values_list("valid_to_year", flat=True)) == {2022}
    new = IndicatorDefinition.objects.filter(pk__in=[d.pk for d in carried])
    assert set(new.values_list("valid_from_year", "valid_to_year", "is_official")) == {
        (2023, 2025, True)
    }
    original = official.get(code="gjyx-3")
    copy = new.get(code="gjyx-3")
    assert (copy.name, copy.unit, copy.filters, copy.source_ref) == (
        original.name,
        original.unit,
        original.filters,
        original.source_ref,
    )
    assert copy.note.startswith(f"{CARRIED}2017—2022年度的官方指标表：2023—2025年度")
    assert original.note in copy.note
    assert indicator_official_tables(access=alpha, year=2024).applies
    assert not indicator_official_tables(access=alpha, year=2026).applies


def test_the_next_year_is_carried_again_from_the_carried_version(alpha: Access) -> None:
    indicator_catalogue_carry_forward(access=alpha, year=2025)
    again = indicator_catalogue_carry_forward(access=alpha, year=2026)
    assert {(d.valid_from_year, d.valid_to_year) for d in again} == {(2026, 2026)}
    note = again[0].note
    assert note.startswith(f"{CARRIED}2023—2025年度的官方指标表：2026年度没有")
    assert note.count(CARRIED) == 1


def test_a_year_that_has_its_table_is_not_carried(alpha: Access) -> None:
    with pytest.raises(HezuoError, match="2021年已有适用的官方指标表"):
        indicator_catalogue_carry_forward(access=alpha, year=2021)


def test_a_school_that_never_installed_a_table_is_told_to_install_one(
    personas: Personas,
) -> None:
    beta = system_access(school=personas.beta)
    with pytest.raises(HezuoError, match="请先安装指标目录"):
        indicator_catalogue_carry_forward(access=beta, year=2025)
    with pytest.raises(CommandError) as refused:
        call_command("compute_indicators", school="beta", year=2025)
    assert "hezuo install_indicators --school beta" in str(refused.value)
    assert TABLE in str(refused.value)


def test_the_schools_own_indicators_are_computed_only_when_asked_for(
    alpha: Access, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command(
        "compute_indicators",
        school="alpha",
        year=2025,
        format="json",
        school_indicators_only=True,
        no_store=True,
    )
    codes = {row["code"] for row in json.loads(capsys.readouterr().out)}
    assert codes == {"xn-1", "xn-2", "xn-3", "xn-4"}


def test_a_viewer_cannot_carry_forward_and_another_school_finds_nothing(
    personas: Personas, alpha: Access
) -> None:
    with pytest.raises(AccessDenied):
        indicator_catalogue_carry_forward(access=personas.access(personas.victor), year=2025)
    beta = personas.access(personas.oscar, personas.beta)
    with pytest.raises(HezuoError):
        indicator_catalogue_carry_forward(access=beta, year=2025)  # Beta has no table to carry
    assert not IndicatorDefinition.objects.filter(valid_from_year=2023).exists()
    assert not indicator_official_tables(access=beta, year=2021).applies


def test_carrying_forward_refuses_an_unknown_school(db: None) -> None:
    with pytest.raises(NotFound):
        system_access(school="nowhere")
    with pytest.raises(CommandError):
        call_command("carry_indicators_forward", school="nowhere", year=2025)
