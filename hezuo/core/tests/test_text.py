"""Lists, clauses and notes follow the page's language."""

from __future__ import annotations

from django.utils import translation

from hezuo.core.text import clauses, listing, with_note, yes_no


def test_chinese_lists_with_the_enumeration_comma_and_notes_in_full_width_brackets() -> None:
    with translation.override("zh-hans"):
        assert (
            listing(["斯莱戈理工学院", "新加坡理工学院", 3]) == "斯莱戈理工学院、新加坡理工学院、3"
        )
        assert clauses(["缺少必填列", "列标题重复"]) == "缺少必填列；列标题重复"
        assert with_note("爱尔兰", "IE") == "爱尔兰（IE）"
        assert (yes_no(True), yes_no(False)) == ("是", "否")


def test_english_lists_with_commas_and_notes_in_brackets() -> None:
    with translation.override("en"):
        assert listing(["Sligo", "Singapore Polytechnic"]) == "Sligo, Singapore Polytechnic"
        assert clauses(["a column is missing", "a heading repeats"]) == (
            "a column is missing; a heading repeats"
        )
        assert with_note("Ireland", "IE") == "Ireland (IE)"
        assert listing([]) == ""
        assert (yes_no(True), yes_no(False)) == ("Yes", "No")
