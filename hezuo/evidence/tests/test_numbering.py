"""Evidence numbering: names read into codes and titles, the next free code, gaps and
duplicates found, and a renumbering that closes gaps without collisions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hezuo.construction.codes import code_parts
from hezuo.evidence.numbering import (
    CodeProblem,
    NamedCode,
    code_from_name,
    code_problems,
    next_code,
    renumbering,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "3.4.1.2.1 爱尔兰斯莱戈理工学院中国特别代表刘旭到访学校",
            NamedCode("3.4.1.2.1", "爱尔兰斯莱戈理工学院中国特别代表刘旭到访学校"),
        ),
        ("3.4.1.1中外合作办学项目批准书", NamedCode("3.4.1.1", "中外合作办学项目批准书")),
        (
            "3.4.1.2.校举办举行中爱合作办学项目视频会议",
            NamedCode("3.4.1.2", "校举办举行中爱合作办学项目视频会议", incomplete=True),
        ),
        ("9.2.3. 香港研学方案", NamedCode("9.2.3", "香港研学方案")),
        ("9.2.4、交流总结", NamedCode("9.2.4", "交流总结")),
        ("01.2 编号有前导零", None),
        ("会议纪要", None),
    ],
)
def test_a_name_gives_its_code_and_title(name: str, expected: NamedCode | None) -> None:
    assert code_from_name(name) == expected


def test_the_next_code_follows_the_highest_child() -> None:
    existing = ["9.2.1", "9.2.3", "9.2.3.1", "9.3.7"]
    assert next_code("9.2", existing) == "9.2.4"
    assert next_code("9.2.3", existing) == "9.2.3.2"
    assert next_code("9.4", existing) == "9.4.1"


def test_gaps_and_duplicates_are_found_below_the_task_only() -> None:
    codes = ["3.4.1", "3.4.1.1", "3.4.1.2.1", "3.4.1.2.3", "3.4.1.4", "3.4.1.4"]
    assert code_problems(codes, roots=["3.4"]) == [
        CodeProblem("gap", "3.4.1.2.2"),
        CodeProblem("gap", "3.4.1.3"),
        CodeProblem("duplicate", "3.4.1.4", 2),
    ]
    assert CodeProblem("gap", "3.1") in code_problems(codes), "without roots every level counts"


def test_a_group_of_items_moves_as_one() -> None:
    assert renumbering(["3.4.1.1", "3.4.1.3.1", "3.4.1.3.2"], roots=["3.4"]) == {
        "3.4.1.3.1": "3.4.1.2.1",
        "3.4.1.3.2": "3.4.1.2.2",
    }


def test_a_group_number_is_not_a_gap() -> None:
    assert code_problems(["9.2.1", "9.2.2.1", "9.2.3"], roots=["9.2"]) == []


def test_renumbering_closes_gaps_keeping_order_and_moving_descendants() -> None:
    codes = ["9.2.1", "9.2.3", "9.2.3.1", "9.2.3.4", "9.2.7"]
    assert renumbering(codes, roots=["9.2"]) == {
        "9.2.3": "9.2.2",
        "9.2.3.1": "9.2.2.1",
        "9.2.3.4": "9.2.2.2",
        "9.2.7": "9.2.3",
    }


_codes = st.lists(
    st.lists(st.integers(1, 6), min_size=1, max_size=3).map(
        lambda parts: "9.2." + ".".join(map(str, parts))
    ),
    min_size=1,
    max_size=25,
    unique=True,
)


@given(_codes)
def test_renumbered_codes_have_no_gaps_keep_order_and_never_collide(codes: list[str]) -> None:
    moves = renumbering(codes, roots=["9.2"])
    final = [moves.get(code, code) for code in codes]
    assert len(set(final)) == len(final)
    assert code_problems(final, roots=["9.2"]) == []
    by_old = sorted(codes, key=code_parts)
    assert sorted(final, key=code_parts) == [moves.get(code, code) for code in by_old]
    occupied = set(codes)
    for old in sorted(moves, key=code_parts):
        assert moves[old] not in occupied, f"{old} → {moves[old]} collides"
        occupied.discard(old)
        occupied.add(moves[old])
