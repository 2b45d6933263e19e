"""The binder's layout, without files: numerals, page offsets, the nesting of the outline."""

from __future__ import annotations

import datetime as dt

import pytest

from hezuo.binders.layout import (
    FileSpec,
    Item,
    Plan,
    offsets,
    outline,
    page_data,
)
from hezuo.binders.tests.plans import plan_of
from hezuo.core.chinese import chinese_count, chinese_date, chinese_numeral, quoted, year_period


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "一"), (4, "四"), (10, "十"), (12, "十二"), (20, "二十"), (23, "二十三"), (99, "九十九")],
)
def test_chinese_numbers(value: int, expected: str) -> None:
    assert chinese_numeral(value) == expected


def test_a_count_of_two_is_liang_and_nested_quotes_turn_single() -> None:
    assert chinese_count(2) == "两" and chinese_count(4) == "四" and chinese_numeral(2) == "二"
    assert quoted("搭建“走出去”平台") == "“搭建‘走出去’平台”"
    assert chinese_date(dt.date(2021, 7, 5)) == "2021年7月5日"
    assert year_period(2021) == "2021年度"


def item(code: str, files: int = 1) -> Item:
    return Item(
        code=code,
        title=f"材料{code}",
        files=tuple(FileSpec(f"{code}-{n}.pdf", f"k{code}{n}") for n in range(files)),
    )


def plan(*items: Item) -> Plan:
    return plan_of(items)


def test_offsets_count_each_files_pages_and_a_page_for_an_item_without_files() -> None:
    binder = plan(item("9.2.1", files=2), item("9.2.2", files=0), item("9.2.3"))
    pages = {("9.2.1", 0): 3, ("9.2.1", 1): 2, ("9.2.3", 0): 4}
    assert offsets(binder, pages) == {"9.2.1": 0, "9.2.2": 5, "9.2.3": 6}


def test_outline_nests_evidence_as_codes_nest_and_lists_the_files_of_an_item() -> None:
    binder = plan(item("9.2.1", files=2), item("9.2.1.1"), item("9.2.2"))
    pages = {("9.2.1", 0): 3, ("9.2.1", 1): 2, ("9.2.1.1", 0): 1, ("9.2.2", 0): 1}
    starts = offsets(binder, pages)
    anchors = {"contents": 2, "part1-9.2": 3, "part2-9.2": 4, "year-9.2-2021": 4}
    marks = outline(binder, anchors, 5, starts, pages)
    assert [(mark.title, mark.page) for mark in marks] == [
        ("封面", 0),
        ("目录", 1),
        ("第一部分 四年建设概况及成效", 2),
        ("第二部分 分年度建设完成情况", 3),
        ("佐证材料", 5),
    ]
    assert [(m.title, m.page) for m in marks[3].children] == [("一、2021年度", 3)]
    evidence = marks[4].children
    assert [(m.title, m.page) for m in evidence] == [
        ("9.2.1 材料9.2.1", 5),
        ("9.2.2 材料9.2.2", 11),
    ]
    files, nested = evidence[0].children[:2], evidence[0].children[2:]
    assert [(m.title, m.page) for m in files] == [("9.2.1-0.pdf", 5), ("9.2.1-1.pdf", 8)]
    assert [(m.title, m.page) for m in nested] == [("9.2.1.1 材料9.2.1.1", 10)]


def test_page_data_gives_the_contents_and_the_points_their_evidence_offsets() -> None:
    binder = plan(item("9.2.1"), item("9.2.2"))
    data = page_data(binder, {"9.2.1": 0, "9.2.2": 1})
    evidence = [e for e in data["contents"] if e["kind"] == "evidence"]
    assert [(e["title"], e["offset"], e["depth"]) for e in evidence] == [
        ("佐证材料", 0, 0),
        ("9.2.1 材料9.2.1", 0, 1),
        ("9.2.2 材料9.2.2", 1, 1),
    ]
    point = data["sections"][0]["years"][0]["points"][0]
    assert [(e["code"], e["offset"]) for e in point["evidence"]] == [("9.2.1", 0), ("9.2.2", 1)]
