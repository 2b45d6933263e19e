"""The official table's layout: the year before beside the data year, a dash for a row not in
force the year before, an estimate column only when a row has an estimate, and notes numbered in
the order a reader meets them."""

from __future__ import annotations

from hezuo.indicators.models import IndicatorDefinition, IndicatorUnit, ReportFamily
from hezuo.reports.document import Figure, Notes
from hezuo.reports.figures import IndicatorRow
from hezuo.reports.quality import NOT_IN_FORCE, official_table, table_name


def _row(code: str, notes: Notes, value: str, *, estimate: str = "") -> IndicatorRow:
    definition = IndicatorDefinition(
        code=code,
        name=f"指标{code}",
        unit=IndicatorUnit.PERSON_DAY,
        report_family=ReportFamily.HIGHER_QUALITY_REPORT,
    )

    def noted(text: str, label: str = "") -> Figure:
        return notes.figure(text, unit="人日", label=label, what=code, sources=())

    return IndicatorRow(definition, noted(value), noted(estimate, "估算") if estimate else None, ())


def test_the_year_before_stands_beside_the_year_and_notes_run_in_reading_order() -> None:
    notes, notes_before = Notes(), Notes()
    rows = [_row("a", notes, "10"), _row("b", notes, "20", estimate="5")]
    before = {"a": _row("a", notes_before, "7")}
    table, merged = official_table(
        rows, before, year=2021, notes=notes, notes_before=notes_before, title="国际影响表"
    )
    assert table.headers == ("序号", "指标", "单位", "2020年", "2021年", "估算口径（未计入）")
    first, second = table.rows
    assert first[:3] == ("1", "指标a", "人日")
    assert first[3] == Figure("7", note=1) and first[4] == Figure("10", note=2)
    assert first[5] == ""
    assert second[3] == NOT_IN_FORCE
    assert second[4] == Figure("20", note=3)
    assert second[5] == Figure("5", unit="人日", note=4, label="估算")
    assert [note.number for note in merged.notes] == [1, 2, 3, 4]
    assert [note.value for note in merged.notes] == ["7人日", "10人日", "20人日", "5人日（估算）"]


def test_no_estimate_no_estimate_column() -> None:
    notes = Notes()
    table, _ = official_table(
        [_row("a", notes, "1")], {}, year=2021, notes=notes, notes_before=Notes(), title="t"
    )
    assert table.headers == ("序号", "指标", "单位", "2020年", "2021年")


def test_the_table_is_named_as_its_report_family_names_it() -> None:
    notes = Notes()
    higher = _row("a", notes, "1")
    assert table_name([higher]) == "国际影响表"
    secondary = _row("b", notes, "1")
    secondary.definition.report_family = ReportFamily.SECONDARY_QUALITY_REPORT
    assert table_name([secondary]) == "国际合作指标表"
    assert table_name([higher, secondary]) == "国际合作指标表"
