"""The indicators workbook: official wording as headings, the computed values in its cells,
one sheet per indicator listing its records — read back by openpyxl and by LibreOffice."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hezuo.accounts.access import Access, system_access
from hezuo.activities.calculations import round_figure
from hezuo.core.models import School
from hezuo.indicators.figures import Figures, indicator_figures
from hezuo.indicators.services import indicator_value_override, indicator_values_snapshot
from hezuo.indicators.xlsx import figures_workbook
from tests.office import convert

pytestmark = pytest.mark.django_db


@pytest.fixture
def torch(demo: list[School]) -> Access:
    return system_access(school="zhongshan-torch")


@pytest.fixture
def figures(torch: Access) -> Figures:
    return indicator_figures(access=torch, year=2021, include_estimates=True)


@pytest.fixture
def workbook(torch: Access, figures: Figures, tmp_path: Path) -> Path:
    path = tmp_path / "torch-2021.xlsx"
    path.write_bytes(figures_workbook(access=torch, figures=figures))
    return path


def test_the_summary_has_the_official_wording_and_the_computed_values(
    workbook: Path, figures: Figures
) -> None:
    summary = load_workbook(workbook)["指标汇总"]
    assert [cell.value for cell in summary[2]][:5] == ["序号", "指标", "单位", "计算值", "采用值"]
    names = [row[1] for row in summary.iter_rows(min_row=3, values_only=True)]
    values = [row[3] for row in summary.iter_rows(min_row=3, values_only=True)]
    assert names == [d.name for d in figures.definitions.values()]
    assert "在校生服务“走出去”企业国（境）外实习时间" in names
    expected = [float(round_figure(r.value, 4)) for r in figures.results.values()]
    assert values == expected
    by_name = dict(zip(names, values, strict=True))
    assert by_name["学生境外交流培训"] == 570
    assert by_name["国（境）外人员学习量"] == 3125


def test_each_indicator_sheet_lists_its_records(workbook: Path) -> None:
    book = load_workbook(workbook)
    internships = book["gjyx-3"]
    assert internships["A1"].value == "在校生服务“走出去”企业国（境）外实习时间"
    assert internships["B2"].value == 3126
    headings = [cell.value for cell in internships[4]]
    assert headings[:2] == ["记录编号", "活动"] and "人日" in headings
    person_days = [
        row[headings.index("人日")] for row in internships.iter_rows(min_row=5, values_only=True)
    ]
    assert sorted(float(str(days)) for days in person_days) == [66, 3060]
    warnings = [row[1] for row in book["核对提示"].iter_rows(min_row=2, values_only=True)]
    assert any("没有已通过审核的佐证材料" in str(message) for message in warnings)


def test_the_records_carry_their_evidence_codes(workbook: Path) -> None:
    meeting = load_workbook(workbook)["gjyx-3"]
    assert meeting.max_row == 6  # two internship rows
    # the internship has no evidence; the column is there and empty
    headings = [cell.value for cell in meeting[4]]
    assert [
        r[headings.index("佐证材料")] for r in meeting.iter_rows(min_row=5, values_only=True)
    ] == [None, None]


def test_an_override_shows_beside_the_computed_value(
    torch: Access, figures: Figures, tmp_path: Path
) -> None:
    from decimal import Decimal

    [stored] = [
        v
        for v in indicator_values_snapshot(access=torch, figures=figures)
        if v.definition.code == "xn-1"
    ]
    indicator_value_override(
        access=torch, value=stored, override_value=Decimal(600), reason="补录线下交流"
    )
    path = tmp_path / "override.xlsx"
    path.write_bytes(figures_workbook(access=torch, figures=figures))
    summary = load_workbook(path)["指标汇总"]
    [row] = [
        r for r in summary.iter_rows(min_row=3, values_only=True) if r[1] == "学生境外交流培训"
    ]
    assert row[3:6] == (570, 600, "补录线下交流")


def test_libreoffice_reads_the_same_cells(workbook: Path, figures: Figures, tmp_path: Path) -> None:
    every_sheet_as_csv = (
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    )
    produced = convert(workbook, every_sheet_as_csv, tmp_path / "csv")
    sheets = {path.stem.removeprefix(f"{workbook.stem}-"): path for path in produced}
    assert "gjyx-3" in sheets and "指标汇总" in sheets
    with sheets["指标汇总"].open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    read = {row[1]: float(row[3]) for row in rows[2:]}
    for definition in figures.definitions.values():
        assert read[definition.name] == float(
            round_figure(figures.results[definition.code].value, 4)
        )
