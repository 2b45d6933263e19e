"""Server time of the main pages with 100,000 activities and 10,000 evidence items (SQLite).

    .venv/bin/python benchmarks/bench_pages.py [ACTIVITIES] [EVIDENCE] [REQUESTS]

Builds a school in a fresh SQLite database, then requests each page REQUESTS times (default
60) through Django's test client (the whole server side: middleware, view, queries,
template; no network) and prints p50 and p95 per page and their ratio to a bare Django view
(a view that only returns "ok") measured in the same run, after a first request whose time is
shown apart (for the dashboard it counts the year's rows into the monthly tallies, decision
0010). Goal: p95 < 100 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
import types
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace import prepare

FOLDER = prepare(__doc__)  # --help, and a folder of its own removed at the end

ACTIVITIES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
EVIDENCE = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
REQUESTS = int(sys.argv[3]) if len(sys.argv) > 3 else 60
os.environ.pop("DATABASE_URL", None)
os.environ["HEZUO_ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402

from hezuo.accounts.access import system_access  # noqa: E402
from hezuo.accounts.models import Role, User  # noqa: E402
from hezuo.accounts.services import department_create, member_add, school_create  # noqa: E402
from hezuo.activities.models import Activity, Participation  # noqa: E402
from hezuo.construction.models import ProjectKind  # noqa: E402
from hezuo.construction.services import project_create, task_create  # noqa: E402
from hezuo.core.models import SchoolStage  # noqa: E402
from hezuo.evidence.models import Evidence  # noqa: E402

TYPES = [
    "student_exchange",
    "teacher_training_received",
    "visit_reception",
    "student_internship_abroad",
    "online_meeting",
    "international_conference",
]


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def install_bare_view() -> None:
    import config.urls

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [path("bare/", bare), *config.urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


def day(rnd: random.Random) -> str:
    return f"{rnd.randint(2021, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"


def build() -> int:
    call_command("migrate", verbosity=0)
    school = school_create(name="基准学校", slug="bench", stage=SchoolStage.HIGHER, province="44")
    access = system_access(school=school)
    departments = [department_create(access=access, name=f"二级学院{i}") for i in range(8)]
    member_add(access=access, username="bench-admin", role=Role.OFFICE_ADMIN, password="x")
    project = project_create(
        access=access,
        name="基准建设项目",
        kind=ProjectKind.OTHER,
        period_start_year=2021,
        period_end_year=2025,
    )
    root = task_create(access=access, project=project, code="1", title="国际交流")
    task = task_create(access=access, project=project, code="1.1", title="平台", parent=root)
    rnd = random.Random(7)
    started = time.perf_counter()
    with transaction.atomic():
        Activity.objects.bulk_create(
            [
                Activity(
                    school=school,
                    title=f"交流活动 {i}",
                    activity_type=rnd.choice(TYPES),
                    direction=rnd.choice(["inbound", "outbound", "both"]),
                    mode=rnd.choice(["online", "offline"]),
                    start_on=day(rnd),
                    department=rnd.choice(departments),
                )
                for i in range(ACTIVITIES)
            ],
            batch_size=5000,
        )
        ids = list(Activity.objects.filter(school=school).values_list("pk", flat=True))
        Participation.objects.bulk_create(
            [
                Participation(
                    school=school,
                    activity_id=pk,
                    person_category="student",
                    role="trainee",
                    headcount=rnd.randint(1, 30),
                    days=Decimal(rnd.randint(1, 20)),
                )
                for pk in ids
            ],
            batch_size=10000,
        )
        Evidence.objects.bulk_create(
            [
                Evidence(
                    school=school,
                    project=project,
                    task=task,
                    code=f"1.1.{i + 1}",
                    code_sort=f"0001.0001.{i + 1:04d}",
                    title=f"佐证材料 {i + 1}",
                    review_status=rnd.choice(["draft", "submitted", "approved"]),
                )
                for i in range(EVIDENCE)
            ],
            batch_size=5000,
        )
    print(
        f"built {ACTIVITIES:,} activities, {ACTIVITIES:,} participation rows and "
        f"{EVIDENCE:,} evidence items in {time.perf_counter() - started:.1f} s"
    )
    return ids[len(ids) // 2]


def timings(client: Client, url: str) -> tuple[float, list[float]]:
    """The first request (templates compiled, caches filled; for the dashboard, the year's
    tallies counted from the rows just written), then REQUESTS more."""
    started = time.perf_counter()
    client.get(url)
    first = (time.perf_counter() - started) * 1000
    result = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        result.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return first, result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    install_bare_view()
    activity = build()
    client = Client()
    client.force_login(User.objects.get(username="bench-admin"))
    pages = {
        "bare Django view": "/bare/",
        "activity list": "/s/bench/activities/",
        "activity list, filtered": "/s/bench/activities/?year=2023&activity_type=visit_reception",
        "dashboard": "/s/bench/?year=2023",
        "activity detail": f"/s/bench/activities/{activity}/",
        "evidence list": "/s/bench/evidence/?review_status=submitted",
    }
    results = {name: timings(client, url) for name, url in pages.items()}
    base = statistics.median(results["bare Django view"][1])
    print(f"{'page':<26}{'first ms':>10}{'p50 ms':>9}{'p95 ms':>9}{'p50 / bare':>12}")
    for name, (first, values) in results.items():
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(f"{name:<26}{first:>10.1f}{p50:>9.1f}{p95:>9.1f}{p50 / base:>12.1f}")


if __name__ == "__main__":
    main()
