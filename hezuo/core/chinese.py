"""Chinese typography as a school's office writes it in a document it hands in: dates as
2021年7月5日 (no spaces between a number and 年/月/日), 2021年度, numerals for labels (一、二、)
and counts (两年, not 二年), and quotation marks nested as “…‘…’…”. Documents (reports,
binders) are always Chinese, whatever the reader's language, so these are not translated."""

from __future__ import annotations

import datetime as dt
import re

NUMERALS = "零一二三四五六七八九十"


def chinese_date(day: dt.date) -> str:
    """2021年7月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_month(day: dt.date) -> str:
    """2026年11月."""
    return f"{day.year}年{day.month}月"


def year_period(year: int) -> str:
    """2021年度."""
    return f"{year}年度"


def chinese_numeral(value: int) -> str:
    """1–99 in Chinese numerals, as labels are numbered (一、 十二、 二十、)."""
    if not 0 <= value < 100:
        return str(value)
    if value <= 10:
        return NUMERALS[value]
    tens, ones = divmod(value, 10)
    head = "" if tens == 1 else NUMERALS[tens]
    return f"{head}十{NUMERALS[ones] if ones else ''}"


def chinese_count(value: int) -> str:
    """A number of things before a measure word: 两年, 三个; 2 is 两 (二 only in labels)."""
    return "两" if value == 2 else chinese_numeral(value)


def quoted(text: str) -> str:
    """``text`` in Chinese double quotation marks; quotation marks inside become single ones
    (“搭建‘走出去’平台”), as nested quotations are written."""
    inner = text.replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


_SPACED_DATE = re.compile(r"(?<=\d)[ \u00a0]+(?=[年月日])|(?<=[年月])[ \u00a0]+(?=\d)")


def close_dates(text: str) -> str:
    """``text`` with no space between a number and 年, 月 or 日 (“2023 年 7 月” → “2023年7月”), as
    Chinese is set; any other spacing is the writer's."""
    return _SPACED_DATE.sub("", text)
