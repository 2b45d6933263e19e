"""Evidence search at 100,000 items: index time, p50/p95 of LIMIT-20 queries, and the ratio to a
LIKE scan over the same texts in the same run.

    .venv/bin/python benchmarks/bench_search.py [ITEMS] [QUERIES]

Runs on a fresh SQLite database by default; set BENCH_DATABASE_URL=postgres://… to measure
PostgreSQL instead (its database is emptied and reused). Each item's text is a generated
Chinese passage of 60–240 characters with names, places, codes and Latin words, like an
evidence title plus its file's first lines. Queries are substrings of those texts, 1, 2, 4 and
6 characters long, and Latin words; each is timed as the median of three runs. Goal: p95 < 5 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace import prepare

FOLDER = prepare(__doc__)  # --help, and a folder of its own removed at the end

ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
QUERIES = int(sys.argv[2]) if len(sys.argv) > 2 else 200
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
else:
    os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from hezuo.accounts.access import system_access  # noqa: E402
from hezuo.accounts.services import school_create  # noqa: E402
from hezuo.construction.models import ProjectKind  # noqa: E402
from hezuo.construction.services import project_create, task_create  # noqa: E402
from hezuo.core.models import SchoolStage  # noqa: E402
from hezuo.evidence.models import Evidence  # noqa: E402
from hezuo.evidence.search_index import search_text, write_entries  # noqa: E402
from hezuo.evidence.selectors import evidence_search  # noqa: E402

WORDS = [
    "香港",
    "澳门",
    "台湾",
    "爱尔兰",
    "新加坡",
    "德国",
    "马来西亚",
    "斯莱戈",
    "理工学院",
    "职业训练局",
    "南洋理工",
    "交流",
    "合作",
    "办学",
    "协议",
    "备忘录",
    "批准书",
    "到访",
    "研学",
    "培训",
    "讲座",
    "视频会议",
    "线上",
    "线下",
    "学生",
    "教师",
    "人日",
    "人次",
    "粤港澳大湾区",
    "结对帮扶",
    "帮扶经费",
    "任务要点",
    "佐证材料",
    "建设",
    "双高",
    "平台",
    "课程",
    "标准",
    "证书",
    "竞赛",
    "获奖",
    "实习",
    "岗位",
    "刘旭",
    "王芳",
    "陈志强",
    "李明",
    "张伟",
    "黄丽",
    "中山",
    "深圳",
    "广州",
    "龙岗",
    "火炬",
    "包装",
    "财经",
    "商贸",
    "信息",
    "工程",
]
LATIN = [
    "VTC",
    "Sligo",
    "Nanyang",
    "Polytechnic",
    "MoU",
    "training",
    "visit",
    "online",
    "Dual",
    "VET",
    "DEIS",
    "TAFE",
]


def passage(rnd: random.Random) -> str:
    parts: list[str] = []
    target = rnd.randint(60, 240)
    while sum(map(len, parts)) < target:
        roll = rnd.random()
        if roll < 0.08:
            parts.append(f" {rnd.choice(LATIN)} ")
        elif roll < 0.12:
            parts.append(f"{rnd.randint(1, 9)}.{rnd.randint(1, 9)}.{rnd.randint(1, 9)}")
        elif roll < 0.16:
            parts.append(f"{rnd.randint(2015, 2025)}年")
        elif roll < 0.22:
            parts.append(rnd.choice("，。、；："))
        else:
            parts.append(rnd.choice(WORDS))
    return "".join(parts)


def build(rnd: random.Random) -> tuple[object, list[str]]:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    school = school_create(name="基准学校", slug="bench", stage=SchoolStage.HIGHER, province="44")
    access = system_access(school=school)
    project = project_create(
        access=access,
        name="基准建设项目",
        kind=ProjectKind.OTHER,
        period_start_year=2021,
        period_end_year=2025,
    )
    root = task_create(access=access, project=project, code="1", title="国际交流")
    task = task_create(access=access, project=project, code="1.1", title="平台", parent=root)
    texts = [passage(rnd) for _ in range(ITEMS)]
    with transaction.atomic():
        Evidence.objects.bulk_create(
            [
                Evidence(
                    school=school,
                    project=project,
                    task=task,
                    code=f"1.1.{i + 1}",
                    code_sort=f"0001.0001.{i + 1:06d}",
                    title=text[:60],
                    description=text[60:],
                    search_text=search_text(f"1.1.{i + 1}", text[:60], text[60:], []),
                )
                for i, text in enumerate(texts)
            ],
            batch_size=5000,
        )
    ids = list(Evidence.objects.order_by("pk").values_list("pk", "search_text"))
    started = time.perf_counter()
    with transaction.atomic():
        for start in range(0, len(ids), 5000):
            write_entries(ids[start : start + 5000])
    seconds = time.perf_counter() - started
    rate = ITEMS / seconds
    print(f"{connection.vendor}: indexed {ITEMS:,} items in {seconds:.1f} s ({rate:,.0f}/s)")
    return access, texts


def queries(rnd: random.Random, texts: list[str]) -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    for length in (1, 2, 4, 6):
        picked: list[str] = []
        while len(picked) < QUERIES // 5:
            text = rnd.choice(texts).replace(" ", "")
            if len(text) >= length:
                start = rnd.randrange(len(text) - length + 1)
                picked.append(text[start : start + length])
        chosen[f"{length} 字"] = picked
    chosen["Latin"] = [rnd.choice(LATIN) for _ in range(QUERIES // 5)]
    return chosen


def timed(run: object, texts: list[str]) -> list[float]:
    """Each query's time in ms: the median of three runs, so that one scheduler hiccup on a
    shared machine does not stand for the query (the spread between queries stays)."""
    result = []
    for text in texts:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            run(text)  # type: ignore[operator]
            runs.append((time.perf_counter() - started) * 1000)
        result.append(statistics.median(runs))
    return result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    rnd = random.Random(2021)
    access, texts = build(rnd)
    by_length = queries(rnd, texts)

    def indexed(text: str) -> list[int]:
        return [item.pk for item in evidence_search(access=access, text=text, limit=20)]  # type: ignore[arg-type]

    def like_scan(text: str) -> list[int]:
        return list(
            Evidence.objects.filter(school=access.school, search_text__icontains=text)  # type: ignore[attr-defined]
            .order_by("-pk")
            .values_list("pk", flat=True)[:20]
        )

    for text in by_length["2 字"][:20]:  # warm caches, and check both give the same answer
        assert indexed(text) == like_scan(text), text
    print(
        f"{'queries':<10}{'p50 ms':>9}{'p95 ms':>9}{'LIKE p50':>10}{'LIKE p95':>10}"
        f"{'p95 ratio':>11}"
    )
    everything_index: list[float] = []
    everything_like: list[float] = []
    for name, texts_of_kind in by_length.items():
        mine, scan = timed(indexed, texts_of_kind), timed(like_scan, texts_of_kind)
        everything_index += mine
        everything_like += scan
        print(
            f"{name:<10}{percentile(mine, 0.5):>9.2f}{percentile(mine, 0.95):>9.2f}"
            f"{percentile(scan, 0.5):>10.2f}{percentile(scan, 0.95):>10.2f}"
            f"{percentile(scan, 0.95) / percentile(mine, 0.95):>10.1f}×"
        )
    mine, scan = everything_index, everything_like
    print(
        f"{'all':<10}{percentile(mine, 0.5):>9.2f}{percentile(mine, 0.95):>9.2f}"
        f"{percentile(scan, 0.5):>10.2f}{percentile(scan, 0.95):>10.2f}"
        f"{percentile(scan, 0.95) / percentile(mine, 0.95):>10.1f}×"
    )
    print(f"median LIKE / index: {statistics.median(scan) / statistics.median(mine):.1f}×")


if __name__ == "__main__":
    main()
