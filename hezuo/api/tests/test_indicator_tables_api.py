"""Official indicator tables through the API: whether one applies to a year, carrying the last
one forward, and the catalogue's definitions kept as the web form keeps them (the same rules:
the office admin writes, a viewer reads, another school finds nothing)."""

from __future__ import annotations

import pytest
from django.test import Client

from hezuo.accounts.access import Access, system_access
from hezuo.accounts.services import api_token_create
from hezuo.indicators.models import IndicatorDefinition
from hezuo.indicators.services import indicator_catalogue_install
from tests.personas import Personas

BASE = "/api/v1/schools/alpha"
DEFINITIONS = f"{BASE}/indicator-definitions/"


@pytest.fixture
def installed(personas: Personas) -> None:
    """Alpha holds only the 2017–2022 国际影响表."""
    indicator_catalogue_install(
        access=system_access(school=personas.alpha), name="higher_quality_report_2017"
    )


def bearer(access: Access) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(access=access, name='指标表')[1]}"}


@pytest.mark.usefixtures("installed")
def test_the_api_says_a_year_has_no_table_and_the_office_carries_it_forward(
    personas: Personas,
) -> None:
    office = bearer(personas.access(personas.alice))
    before = Client().get(f"{BASE}/indicator-tables/?year=2025", headers=office).json()
    assert before["applies"] is False and before["in_force"] == []
    assert [(t["valid_from_year"], t["valid_to_year"], t["size"]) for t in before["lapsed"]] == [
        (2017, 2022, 9)
    ]

    carried = Client().post(
        f"{BASE}/indicator-tables/carry-forward/",
        {"year": 2025},
        content_type="application/json",
        headers=office,
    )

    assert carried.status_code == 201, carried.content
    rows = carried.json()
    assert len(rows) == 9
    assert {(r["valid_from_year"], r["valid_to_year"]) for r in rows} == {(2023, 2025)}
    after = Client().get(f"{BASE}/indicator-tables/?year=2025", headers=office).json()
    assert after["applies"] is True
    values = Client().get(f"{BASE}/indicators/?year=2025", headers=office).json()
    assert len(values) == 9
    again = Client().post(
        f"{BASE}/indicator-tables/carry-forward/",
        {"year": 2025},
        content_type="application/json",
        headers=office,
    )
    assert again.status_code == 400 and "已有适用的官方指标表" in again.json()["detail"]


@pytest.mark.usefixtures("installed")
def test_a_viewer_reads_the_tables_but_cannot_carry_them_and_an_outsider_finds_nothing(
    personas: Personas,
) -> None:
    viewer = bearer(personas.access(personas.victor))
    assert Client().get(f"{BASE}/indicator-tables/?year=2025", headers=viewer).status_code == 200
    refused = Client().post(
        f"{BASE}/indicator-tables/carry-forward/",
        {"year": 2025},
        content_type="application/json",
        headers=viewer,
    )
    assert refused.status_code == 403
    outsider = bearer(personas.access(personas.oscar, personas.beta))
    for response in (
        Client().get(f"{BASE}/indicator-tables/?year=2025", headers=outsider),
        Client().post(
            f"{BASE}/indicator-tables/carry-forward/",
            {"year": 2025},
            content_type="application/json",
            headers=outsider,
        ),
    ):
        assert response.status_code == 404
    assert not IndicatorDefinition.objects.filter(valid_from_year=2023).exists()


@pytest.mark.usefixtures("installed")
def test_the_office_creates_changes_and_deletes_definitions_through_the_api(
    personas: Personas,
) -> None:
    office = bearer(personas.access(personas.alice))
    created = Client().post(
        DEFINITIONS,
        {
            "code": "gj-2025-1",
            "name": "国（境）外合作办学项目数",
            "unit": "item",
            "report_family": "higher_quality_report",
            "valid_from_year": 2025,
            "formula_kind": "count_records",
            "source": "programmes",
            "programme_forms": ["overseas_branch"],
            "source_ref": "2025年度学校年报指标表",
            "note": "表名待当年通知公布后核对",
        },
        content_type="application/json",
        headers=office,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["note"] == "表名待当年通知公布后核对"
    assert IndicatorDefinition.objects.get(pk=body["id"]).filters == {
        "source": "programmes",
        "programme_forms": ["overseas_branch"],
    }
    record = f"{DEFINITIONS}{body['id']}/"

    changed = Client().patch(
        record, {"valid_to_year": 2025}, content_type="application/json", headers=office
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["valid_to_year"] == 2025
    wrong = Client().patch(
        record, {"valid_to_year": 2020}, content_type="application/json", headers=office
    )
    assert wrong.status_code == 400 and "适用截止年度不能早于起始年度" in wrong.json()["detail"]

    assert Client().delete(record, headers=office).status_code == 204
    assert not IndicatorDefinition.objects.filter(code="gj-2025-1").exists()


@pytest.mark.usefixtures("installed")
def test_a_viewer_cannot_change_a_definition_and_an_outsider_cannot_see_it(
    personas: Personas,
) -> None:
    definition = IndicatorDefinition.objects.get(code="gjyx-1", school=personas.alpha)
    record = f"{DEFINITIONS}{definition.pk}/"
    viewer = bearer(personas.access(personas.victor))
    assert Client().get(record, headers=viewer).status_code == 200
    assert (
        Client()
        .patch(record, {"name": "改"}, content_type="application/json", headers=viewer)
        .status_code
        == 403
    )
    assert Client().delete(record, headers=viewer).status_code == 403
    outsider = bearer(personas.access(personas.oscar, personas.beta))
    assert Client().get(record, headers=outsider).status_code == 404
    definition.refresh_from_db()
    assert definition.name == "全日制国（境）外留学生人数"
