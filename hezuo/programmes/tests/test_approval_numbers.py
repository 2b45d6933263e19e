"""批准书编号: validated and read into its eight parts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hezuo.programmes.approval_numbers import (
    ApprovalNumber,
    InvalidApprovalNumber,
    normalise_approval_number,
    parse_approval_number,
    province_mismatch,
)


def test_it_reads_a_published_provincial_approval() -> None:
    number = parse_approval_number("PDE33AU3A20050064N")
    assert number == ApprovalNumber(
        authority="PDE",
        province="33",
        country="AU",
        level="3",
        education_type="A",
        year=2005,
        serial="0064",
        suffix="N",
    )
    assert number.authority_display == "省级教育行政部门"


def test_it_accepts_the_number_as_printed_in_mixed_case_and_spaced() -> None:
    assert str(parse_approval_number("PDE 33 Au3A 2005 0065N")) == "PDE33AU3A20050065N"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "PDE33AU3A2005006N",
        "XYZ33AU3A20050064N",
        "PDE3XAU3A20050064N",
        "PDE33AU3A20050064NN",
        "MOE33A13A20050064N",
    ],
)
def test_malformed_numbers_are_refused_with_the_expected_shape(text: str) -> None:
    with pytest.raises(InvalidApprovalNumber, match="PDE33AU3A20050064N"):
        parse_approval_number(text)


@given(
    authority=st.sampled_from(["MOE", "PDE"]),
    province=st.integers(10, 99),
    country=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    level=st.integers(0, 9),
    letter=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=1),
    year=st.integers(1995, 2099),
    serial=st.integers(0, 9999),
    suffix=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=1),
)
def test_every_well_formed_number_round_trips(
    authority: str,
    province: int,
    country: str,
    level: int,
    letter: str,
    year: int,
    serial: int,
    suffix: str,
) -> None:
    text = f"{authority}{province}{country}{level}{letter}{year}{serial:04d}{suffix}"
    assert str(parse_approval_number(text)) == text


def test_it_accepts_the_number_in_full_width_characters_and_ideographic_spaces() -> None:
    typed = "ＰＤＥ３３ＡＵ３Ａ　２００５　００６４ｎ"
    assert normalise_approval_number(typed) == "PDE33AU3A20050064N"
    assert str(parse_approval_number(typed)) == "PDE33AU3A20050064N"


@pytest.mark.parametrize(
    ("number", "province", "warned"),
    [
        ("PDE33AU3A20050064N", "44", True),
        ("MOE33AU3A20050064N", "44", True),
        ("PDE44CA3A20210001N", "44", False),
        ("pde 44 ca3a 2021 0001n", "44", False),
        ("PDE33AU3A20050064N", "", False),  # the school's province is not known
        ("not a number", "44", False),  # refused elsewhere, not warned about
    ],
)
def test_a_number_of_another_province_than_the_schools_is_warned_about(
    number: str, province: str, warned: bool
) -> None:
    warning = province_mismatch(number, province)
    assert bool(warning) == warned
    if warned:
        assert f"与本校所在省份代码 {province} 不一致" in warning
