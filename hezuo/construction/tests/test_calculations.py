"""Task codes and the completion rate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hezuo.construction.calculations import Completion, completion, kpi_sentence
from hezuo.construction.codes import (
    code_sort_key,
    is_descendant,
    is_valid_code,
    parent_code,
    sortable_code,
)


@pytest.mark.parametrize("code", ["9", "9.2", "3.4.1", "3.4.1.2.1", "10.12"])
def test_valid_codes(code: str) -> None:
    assert is_valid_code(code)


@pytest.mark.parametrize("code", ["", "3.4.1.2.", "0.1", "3..4", "03.4", "a.1", "9.2 "])
def test_invalid_codes_including_the_seeds_trailing_dot(code: str) -> None:
    assert not is_valid_code(code)


def test_codes_sort_by_number_not_by_text() -> None:
    codes = ["3.4.1.10", "3.4.1.2.1", "3.4.1", "3.4.1.2", "3.4.1.1"]
    assert sorted(codes, key=code_sort_key) == [
        "3.4.1",
        "3.4.1.1",
        "3.4.1.2",
        "3.4.1.2.1",
        "3.4.1.10",
    ]


def test_parents_and_descendants() -> None:
    assert parent_code("3.4.1.2.1") == "3.4.1.2"
    assert parent_code("9") is None
    assert is_descendant("9.2.1", "9.2")
    assert not is_descendant("9.21", "9.2")


def test_eight_of_eight_points_is_one_hundred_percent() -> None:
    result = completion(["completed"] * 8)
    assert (result.total, result.completed, result.percent) == (8, 8, 100)


def test_the_rate_counts_only_completed_points() -> None:
    result = completion(["completed"] * 7 + ["delayed"])
    assert result.percent == 88  # 87.5 rounds half up
    assert completion([]).percent == 0


@given(st.lists(st.sampled_from(["not_started", "in_progress", "completed", "delayed"])))
def test_the_rate_is_completed_over_all(statuses: list[str]) -> None:
    result = completion(statuses)
    assert result.total == len(statuses)
    assert result.completed == statuses.count("completed")
    assert 0 <= result.percent <= 100


def test_the_kpi_sentence_is_worded_as_the_binders_word_it() -> None:
    sentence = kpi_sentence(
        task_title="搭建香港职业教育合作交流平台", result=Completion(8, 7), as_of_year=2024
    )
    assert sentence == (
        "“搭建香港职业教育合作交流平台”方面共有8个任务要点，截至2024年年底，"
        "共完成7个建设任务点，任务完成率88%。"
    )


@given(st.lists(st.lists(st.integers(1, 9999), min_size=1, max_size=5), min_size=2, max_size=30))
def test_sortable_codes_sort_as_the_numbers_do(parts: list[list[int]]) -> None:
    codes = [".".join(str(n) for n in p) for p in parts]
    assert sorted(codes, key=sortable_code) == sorted(codes, key=code_sort_key)
    assert sortable_code("9.2.10") > sortable_code("9.2.9")


def test_a_completed_point_counts_only_with_approved_evidence_where_the_school_asks() -> None:
    from hezuo.construction.calculations import AWAITING_EVIDENCE, counted_status

    assert counted_status("completed", approved_evidence=0, needs_approved=False) == "completed"
    assert counted_status("completed", approved_evidence=0, needs_approved=True) == (
        AWAITING_EVIDENCE
    )
    assert counted_status("completed", approved_evidence=2, needs_approved=True) == "completed"
    assert counted_status("in_progress", approved_evidence=0, needs_approved=True) == (
        "in_progress"
    )
