"""The kinds of report hezuo writes and the sections each is made of (each section is also a
placeholder a Word template may place on its own)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import models
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from hezuo.core.chinese import chinese_numeral


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("年度合作办学情况报告")
    COMPLETION = "completion", _("任务建设完成情况报告")
    ASSISTANCE = "assistance", _("结对帮扶工作总结")
    QUALITY = "quality", _("质量年报国际合作指标表")


# Section keys and titles (a report is always written in Chinese; pages show the titles in the
# reader's language).
SECTIONS: dict[str, tuple[tuple[str, StrPromise], ...]] = {
    ReportKind.ANNUAL: (
        ("programmes", _("一、合作办学")),
        ("exchanges", _("二、国际交流合作")),
        ("bay_area", _("三、粤港澳大湾区交流合作")),
        ("assistance", _("四、结对帮扶")),
        ("evidence", _("附件：佐证材料目录")),
    ),
    ReportKind.COMPLETION: (
        ("overview", _("第一部分 建设概况及成效")),
        ("years", _("第二部分 分年度建设完成情况")),
    ),
    ReportKind.ASSISTANCE: (
        ("summary", _("一、总体情况")),
        ("counterparts", _("二、各结对单位帮扶情况")),
        ("agreements", _("三、结对帮扶协议")),
    ),
    ReportKind.QUALITY: (
        ("table", _("一、国际合作指标")),
        ("review", _("二、提交前核对事项")),
    ),
}

# The sections an office may leave out of its reports (the others every report has).
OPTIONAL_SECTIONS: dict[str, frozenset[str]] = {
    ReportKind.ANNUAL: frozenset({"programmes", "exchanges", "bay_area", "assistance", "evidence"}),
    ReportKind.ASSISTANCE: frozenset({"counterparts", "agreements"}),
}
# Appendices: a report of nothing else is no report.
APPENDICES = frozenset({"evidence"})
GUANGDONG = "44"  # GB/T 2260: the province whose schools report a 粤港澳大湾区 chapter


def offered_sections(kind: str, province: str) -> tuple[tuple[str, StrPromise], ...]:
    """The sections a report of ``kind`` has for a school of ``province`` (its code): the
    粤港澳大湾区 chapter is a Guangdong school's only."""
    return tuple(
        (key, title) for key, title in SECTIONS[kind] if key != "bay_area" or province == GUANGDONG
    )


# How a section's title is numbered: 一、 (by its place), 第一部分, 附件：; in English (on
# pages read in English) 1., Part 1:, Appendix:
NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分|附件[：:]"
    r"|\d+\.\s|Part \d+:|Appendix:)\s*"
)
CHAPTER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+\.\s)")


def split_numbering(title: str) -> tuple[str, str]:
    """A section's title as its numbering and its name ("三、", "结对帮扶")."""
    found = NUMBERING.match(title)
    return (found.group(0), title[found.end() :]) if found else ("", title.strip())


def numbered_by_place(sections: Iterable[tuple[str, object]]) -> list[tuple[str, str]]:
    """``sections`` (key, title) with their chapters numbered 一、二、… by their place, since a
    chapter may be left out; other numbering (附件：, 第一部分) is kept."""
    numbered, place = [], 0
    for key, title in sections:
        numbering, name = split_numbering(str(title))
        if CHAPTER.match(numbering):
            place += 1
            number = (
                f"{place}. " if numbering.strip()[0].isdigit() else f"{chinese_numeral(place)}、"
            )
            numbered.append((key, number + name))
        else:
            numbered.append((key, str(title)))
    return numbered
