"""The indicators page says when a year has no official table installed, and the office carries
the last one forward from that notice with one button; a viewer sees the notice without it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from hezuo.accounts.access import system_access
from hezuo.accounts.models import User
from hezuo.indicators.models import IndicatorDefinition
from hezuo.indicators.services import indicator_catalogue_install
from tests.personas import Personas

NOTICE = "2025年没有已安装的官方指标表"


@pytest.fixture
def installed(personas: Personas) -> None:
    """Alpha holds only the 2017–2022 国际影响表."""
    indicator_catalogue_install(
        access=system_access(school=personas.alpha), name="higher_quality_report_2017"
    )


def url(name: str, school: str = "alpha") -> str:
    return reverse(f"web:{name}", args=[school])


@pytest.mark.usefixtures("installed")
def test_the_office_sees_the_notice_and_carries_the_table_forward(
    personas: Personas, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    page = alice.get(url("indicators"), {"year": "2025"}).content.decode()
    assert NOTICE in page
    assert "高职质量年报（2017—2022年度）" in page
    assert 'data-testid="carry-forward"' in page

    carried = alice.post(url("indicator-carry-forward"), {"year": "2025"}, follow=True)

    assert carried.redirect_chain[-1][0].endswith("?year=2025")
    page = carried.content.decode()
    assert "已把官方指标表沿用到2025年度（9个指标）。" in page
    assert NOTICE not in page
    assert "全日制国（境）外留学生人数" in page
    assert IndicatorDefinition.objects.filter(valid_from_year=2023, valid_to_year=2025).count() == 9


@pytest.mark.usefixtures("installed")
def test_a_year_within_the_table_shows_no_notice(
    personas: Personas, client_of: Callable[[User], Client]
) -> None:
    page = client_of(personas.alice).get(url("indicators"), {"year": "2021"}).content.decode()
    assert 'data-testid="no-official-table"' not in page


@pytest.mark.usefixtures("installed")
def test_a_viewer_sees_the_notice_but_cannot_carry_forward(
    personas: Personas, client_of: Callable[[User], Client]
) -> None:
    victor = client_of(personas.victor)
    page = victor.get(url("indicators"), {"year": "2025"}).content.decode()
    assert NOTICE in page
    assert 'data-testid="carry-forward"' not in page
    assert victor.post(url("indicator-carry-forward"), {"year": "2025"}).status_code == 403
    assert not IndicatorDefinition.objects.filter(valid_from_year=2023).exists()


@pytest.mark.usefixtures("installed")
def test_another_schools_admin_finds_nothing_to_carry(
    personas: Personas, client_of: Callable[[User], Client]
) -> None:
    oscar = client_of(personas.oscar)
    assert oscar.post(url("indicator-carry-forward"), {"year": "2025"}).status_code == 404
    assert not IndicatorDefinition.objects.filter(valid_from_year=2023).exists()


def test_a_school_without_a_table_is_told_to_install_one(
    personas: Personas, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    page = alice.get(url("indicators"), {"year": "2025"}).content.decode()
    assert NOTICE in page
    assert 'data-testid="carry-forward"' not in page
    assert "请在下方安装随系统提供的指标目录" in page
    refused = alice.post(url("indicator-carry-forward"), {"year": "2025"}, follow=True)
    assert "没有可沿用的表" in refused.content.decode()


@pytest.mark.usefixtures("installed")
def test_the_dashboard_of_a_year_past_the_table_says_so_and_points_to_the_indicators(
    personas: Personas, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    page = alice.get(url("dashboard"), {"year": "2025"}).content.decode()
    assert 'data-testid="lapsed-tables"' in page and NOTICE in page
    assert "最近的是高职质量年报（2017—2022年度）。" in page
    assert f'href="{url("indicators")}?year=2025"' in page
    within = alice.get(url("dashboard"), {"year": "2021"}).content.decode()
    assert 'data-testid="lapsed-tables"' not in within
    # A school that never installed one (its own indicators only) is not told every day.
    oscar = client_of(personas.oscar).get(url("dashboard", "beta"), {"year": "2025"})
    assert oscar.status_code == 200
    assert 'data-testid="lapsed-tables"' not in oscar.content.decode()
