"""Importing 100,000 activity rows from Excel (SQLite).

    .venv/bin/python benchmarks/bench_import.py [ROWS]

Writes a workbook as the template would be filled in: ROWS activities (default 100,000) on
the 交流活动 sheet, each with one participation row on the 参与记录 sheet, naming partners and
departments of the school. Then, in a fresh SQLite database, it times

- the check (a dry run: everything is read, converted, written and rolled back),
- the import, and
- the same file imported again (every row found unchanged, nothing written),

and prints each time, the peak memory of the process, and the ratio to a baseline in the
same run: the project's own reader (``hezuo.imports.workbook``) reading every cell of every
sheet of the same file, which any import of it must do at least. Goals: the import in < 60 s
and ≤ 2.0× the baseline.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace import load, prepare

FOLDER = prepare(__doc__)  # --help, and a folder of its own removed at the end

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from hezuo.accounts.access import system_access  # noqa: E402
from hezuo.accounts.services import department_create, school_create  # noqa: E402
from hezuo.activities.models import Activity, Participation  # noqa: E402
from hezuo.core.models import AuditEvent, SchoolStage  # noqa: E402
from hezuo.imports.importing import run_import  # noqa: E402
from hezuo.imports.kinds import ActivitiesImport  # noqa: E402
from hezuo.imports.workbook import open_workbook  # noqa: E402
from hezuo.partners.models import PartnerType  # noqa: E402
from hezuo.partners.services import partner_create  # noqa: E402

TYPES = [
    "学生境外交流/研修",
    "教师境外研修（受训）",
    "来访接待",
    "线上会谈/洽谈",
    "国际会议/学术交流",
]
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
    "活动简介",
]
PARTICIPATION_HEADINGS = ["活动名称*", "开始日期*", "人员类别*", "角色*", "人数*", "天数", "课时数"]
CATEGORIES = ["在校生", "专任教师", "管理人员"]


def workbook(rows: int) -> bytes:
    rnd = random.Random(7)
    book = Workbook(write_only=True)
    activities = book.create_sheet("交流活动")
    activities.append(ACTIVITY_HEADINGS)
    participation = book.create_sheet("参与记录")
    participation.append(PARTICIPATION_HEADINGS)
    for number in range(rows):
        start = dt.date(2021, 1, 1) + dt.timedelta(days=rnd.randrange(1500))
        span = rnd.randrange(10)  # days after the first; no row may last longer
        title = f"交流活动 {number}"
        activities.append(
            [
                title,
                rnd.choice(TYPES),
                rnd.choice(["引进/来访", "输出/出访"]),
                rnd.choice(["线下", "线上"]),
                start,
                start + dt.timedelta(days=span),
                rnd.choice(["英国", "爱尔兰", "中国香港", "德国"]),
                f"合作院校{rnd.randrange(20)}",
                f"二级学院{rnd.randrange(8)}",
                "与合作院校开展专业交流与课程研讨。",
            ]
        )
        days = rnd.randrange(1, span + 2)
        hours = None if days % 3 else days * 8
        participation.append(
            [
                title,
                start,
                rnd.choice(CATEGORIES),
                "学员",
                rnd.randrange(1, 40),
                None if hours else days,
                hours,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def baseline(data: bytes) -> int:
    """Every cell of every sheet, as the importer's own reader streams them."""
    cells = 0
    for sheet in open_workbook(data).values():
        for _number, row in sheet.rows():
            cells += len(row)
    return cells


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"{label:<38} {elapsed:8.2f} s   peak memory {peak_mb():7.0f} MB")
    return elapsed, result


def main() -> None:
    call_command("migrate", verbosity=0)
    school = school_create(name="基准学校", slug="bench", stage=SchoolStage.HIGHER, province="44")
    access = system_access(school=school)
    for number in range(8):
        department_create(access=access, name=f"二级学院{number}")
    for number in range(20):
        partner_create(
            access=access,
            name_zh=f"合作院校{number}",
            country_code="GB",
            org_type=PartnerType.UNIVERSITY,
        )
    started = time.perf_counter()
    data = workbook(ROWS)
    print(
        f"workbook: {ROWS:,} activities + {ROWS:,} participation rows, "
        f"{len(data) / 1e6:.1f} MB, written in {time.perf_counter() - started:.1f} s"
    )
    base, cells = timed("baseline: hezuo's reader, every cell", lambda: baseline(data))
    print(f"  ({cells:,} cells)")
    check, outcome = timed(
        "check (dry run)", lambda: run_import(ActivitiesImport(access), data, dry_run=True)
    )
    assert outcome.ok and outcome.created == ROWS, outcome.problems[:5]
    assert Activity.objects.count() == 0
    imported, outcome = timed(
        "import", lambda: run_import(ActivitiesImport(access), data, dry_run=False)
    )
    assert outcome.applied and outcome.created == ROWS, outcome.problems[:5]
    assert Participation.objects.count() == ROWS
    events = AuditEvent.objects.count()
    again, outcome = timed(
        "same file again (no change)",
        lambda: run_import(ActivitiesImport(access), data, dry_run=False),
    )
    assert outcome.applied and outcome.unchanged == ROWS and outcome.created == 0
    assert AuditEvent.objects.count() == events
    print()
    print(load())
    print(f"import: {imported:.1f} s for {ROWS:,} rows ({ROWS / imported:,.0f} rows/s)")
    print(
        f"ratio to the baseline: check {check / base:.1f}×, import {imported / base:.1f}×, "
        f"again {again / base:.1f}×"
    )
    goals = imported < 60 and imported / base <= 2.0
    print(f"goals < 60 s and ≤ 2.0×: {'met' if goals else 'not met'}; peak {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
