"""Workbooks for the import tests, written with openpyxl as a user's Excel would save them."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook

ACTIVITY_HEADINGS = [
    "活动名称*",
    "活动类型*",
    "方向*",
    "方式*",
    "开始日期*",
    "结束日期",
    "国家/地区",
    "合作方",
    "牵头部门",
]
PARTICIPATION_HEADINGS = ["活动名称*", "开始日期*", "人员类别*", "角色*", "人数*", "天数", "课时数"]


def xlsx(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    book = Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        first = False
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def activity(title: str, day: int, *, department: str = "包装学院") -> list[object]:
    return [
        title,
        "学生境外交流/研修",
        "输出/出访",
        "线下",
        dt.date(2021, 3, day),
        dt.date(2021, 3, day + 9),
        "英国",
        "斯莱戈理工学院",
        department,
    ]


def activities_book(
    rows: Sequence[Sequence[object]], participation: Sequence[Sequence[object]] = ()
) -> bytes:
    return xlsx(
        {
            "交流活动": [ACTIVITY_HEADINGS, *rows],
            "参与记录": [PARTICIPATION_HEADINGS, *participation],
        }
    )
