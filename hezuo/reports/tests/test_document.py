"""The neutral document: figures, notes and their numbering, and what renderers receive."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hezuo.reports.building import fingerprint
from hezuo.reports.document import Figure, Notes, Source, Table, as_data, number_text
from hezuo.reports.tests.documents import sample_document


def test_figures_are_written_without_trailing_zeros() -> None:
    assert number_text(Fraction(570)) == "570"
    assert number_text(Fraction(31, 2)) == "15.5"
    assert number_text(Fraction(1, 3)) == "0.33"
    assert number_text(Fraction(0)) == "0"


def test_an_estimate_is_never_written_without_its_label() -> None:
    figure = Figure("3125", unit="人日", note=4, label="估算口径，未计入统计")
    assert figure.plain() == "3125人日（估算口径，未计入统计）"


def test_notes_are_numbered_in_the_order_figures_are_written() -> None:
    notes = Notes()
    first = notes.figure("2", unit="人", what="挂职干部", sources=())
    second = notes.figure(
        "", what="任务完成率", value="共有 8 个任务要点", sources=(Source("任务要点", "a"),)
    )
    assert (first.note, second.note) == (1, 2)
    assert [note.value for note in notes.notes] == ["2人", "共有 8 个任务要点"]


def test_the_evidence_appendix_holds_the_codes_of_every_record_behind_a_figure() -> None:
    document = sample_document()
    notes = Notes(list(document.notes))
    assert notes.evidence_codes() == {"3.4.1.2.1"}


def test_the_data_for_renderers_keep_figures_apart_from_text() -> None:
    data = as_data(sample_document())
    paragraph = data["sections"][0]["blocks"][0]
    assert paragraph["parts"][0] == {"text": "学生境外交流培训"}
    assert paragraph["parts"][1] == {"figure": "570", "unit": "人日", "note": 1, "label": ""}
    assert data["notes"][0]["sources"][0]["evidence"] == ["3.4.1.2.1"]
    table = sample_document().sections[1].blocks[0]
    assert isinstance(table, Table)
    assert data["sections"][1]["blocks"][0]["widths"] == list(table.shares())
    assert sum(table.shares()) == pytest.approx(1)


def test_two_versions_from_the_same_data_have_the_same_fingerprint() -> None:
    assert fingerprint(sample_document(date="2026年11月")) == fingerprint(
        sample_document(date="2027年1月")
    )
    assert fingerprint(sample_document(days="570")) != fingerprint(sample_document(days="571"))


def test_the_plain_text_reads_every_figure_with_its_unit() -> None:
    text = sample_document().text()
    assert "学生境外交流培训570人日。" in text
    assert "3125人日（估算口径，未计入统计）" in text
