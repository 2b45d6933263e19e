"""The office keeps the indicator catalogue in the UI: the counting rule is chosen from lists,
checked by the computation's own parser, and a new definition is computed at once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import User
from hezuo.indicators.models import FormulaKind, IndicatorDefinition, IndicatorUnit, ReportFamily
from hezuo.indicators.services import indicator_definition_create
from tests.personas import Personas
from tests.world import World, build_world

NEW = {
    "code": "xn-9",
    "name": "教师境外交流（线上）",
    "unit": IndicatorUnit.PERSON_DAY,
    "report_family": ReportFamily.SCHOOL,
    "valid_from_year": "2021",
    "formula_kind": FormulaKind.SUM_PERSON_DAYS,
    "hours_per_day": "8",
    "sequence": "9",
    "activity_types": ["teacher_training_received"],
    "modes": ["online", "hybrid"],
}


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def url(name: str, *args: object) -> str:
    return reverse(f"web:{name}", args=["alpha", *args])


def test_the_office_adds_a_definition_with_its_rule_chosen_from_lists(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    form = alice.get(url("create", "indicator-definitions")).content.decode()
    assert 'name="activity_types"' in form and 'name="person_categories"' in form
    saved = alice.post(url("create", "indicator-definitions"), NEW)
    assert saved.status_code == 302, saved.content.decode()
    definition = IndicatorDefinition.objects.get(code="xn-9")
    assert definition.filters == {
        "activity_types": ["teacher_training_received"],
        "modes": ["online", "hybrid"],
    }
    table = alice.get(reverse("web:indicators", args=["alpha"]), {"year": "2021"})
    assert "教师境外交流（线上）" in table.content.decode()


def test_a_rule_that_cannot_be_computed_is_refused_beside_the_form(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    page = client_of(personas.alice).post(
        url("create", "indicator-definitions"), {**NEW, "source": "assistance_records"}
    )
    assert page.status_code == 200
    assert "人日合计和人数合计只能统计参与记录" in page.content.decode()
    assert not IndicatorDefinition.objects.filter(code="xn-9").exists()


def test_a_ratio_without_its_indicators_is_refused_once_above_the_form(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    # The model checks the rule too; its finding is shown once, not raised as a server error.
    page = client_of(personas.alice).post(
        url("create", "indicator-definitions"), {**NEW, "formula_kind": FormulaKind.RATIO}
    )
    assert page.status_code == 200
    assert page.content.decode().count("比率须指定分子和分母指标代码") == 1
    assert not IndicatorDefinition.objects.filter(code="xn-9").exists()


def test_editing_keeps_the_code_and_changes_the_rule(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    definition = world.definition
    form = alice.get(url("edit", "indicator-definitions", definition.pk)).content.decode()
    assert "disabled" in form
    changed = alice.post(
        url("edit", "indicator-definitions", definition.pk),
        {
            **NEW,
            "code": "changed",
            "name": "改名后的指标",
            "formula_kind": definition.formula_kind,
            "unit": definition.unit,
            "person_categories": ["full_time_teacher"],
        },
    )
    assert changed.status_code == 302, changed.content.decode()
    definition.refresh_from_db()
    assert definition.code != "changed"
    assert definition.name == "改名后的指标"
    assert definition.filters["person_categories"] == ["full_time_teacher"]


def test_only_the_office_changes_the_catalogue(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    victor = client_of(personas.victor)
    assert victor.get(url("list", "indicator-definitions")).status_code == 200
    assert victor.post(url("create", "indicator-definitions"), NEW).status_code == 403
    lily = client_of(personas.lily)
    assert lily.post(url("delete", "indicator-definitions", world.definition.pk)).status_code == 403
    assert IndicatorDefinition.objects.filter(pk=world.definition.pk).exists()


def test_a_definition_that_cannot_be_computed_is_refused_by_every_door(
    personas: Personas, world: World
) -> None:
    with pytest.raises(ValidationError) as caught:
        indicator_definition_create(
            access=personas.access(personas.alice),
            code="bad",
            name="坏定义",
            unit=IndicatorUnit.PERSON,
            report_family=ReportFamily.SCHOOL,
            valid_from_year=2021,
            formula_kind=FormulaKind.COUNT_RECORDS,
            filters={"activity_types": ["no_such_type"]},
        )
    assert "no_such_type" in str(caught.value.message_dict["filters"])


def test_the_office_installs_a_shipped_catalogue_from_the_indicator_page(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    page = alice.get(reverse("web:indicators", args=["alpha"])).content.decode()
    assert 'data-testid="install"' in page
    installed = alice.post(
        reverse("web:indicator-install", args=["alpha"]),
        {"catalogue": "higher_quality_report_2017"},
    )
    assert installed.status_code == 302
    codes = set(
        IndicatorDefinition.objects.filter(
            school=personas.alpha, report_family=ReportFamily.HIGHER_QUALITY_REPORT
        ).values_list("code", flat=True)
    )
    assert {f"gjyx-{row}" for row in range(1, 10)} <= codes
    victor = client_of(personas.victor)
    refused = victor.post(
        reverse("web:indicator-install", args=["alpha"]), {"catalogue": "school_exchange_2021"}
    )
    assert refused.status_code == 403
