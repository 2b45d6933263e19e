"""Indicators over 1,000,000 participation rows (SQLite), against pandas on the same rows.

    .venv/bin/pip install pandas && .venv/bin/python benchmarks/bench_indicators.py [ROWS]

What a user waits for, through Django's test client as the browser and the API get it: the
indicator page of 2021 (this year's values, records and warnings, last year's values), the API's
list of the year's indicators, and one indicator's page with the first page of its records —
each REQUESTS times with the tallies current (p50, p95), and the indicator page after one
participation row was changed (EDITS times, each a different row: p50, p95); then the first
page of one indicator's records alone.

Builds a school with 100,000 activities and ROWS participation rows (default 1,000,000) in a
fresh SQLite database, installs the shipped catalogues, then times, in the same process:
  hezuo    every catalogue indicator for 2021 as the indicator page shows it (values,
           record counts and review warnings) from the monthly tallies (decision 0010):
           first with every month of the year stale (the first read after the rows were
           written counts them into the tallies), then with the tallies current, then after
           one participation row was changed (one month made again); and the figures with
           their provenance (every row of the year read, as a report prints them)
  pandas   the same person-day and headcount indicators: read_sql of the same joined rows,
           then boolean masks and sums
and prints the times and the ratio pandas / hezuo (tallies current). Repeated timings are
the best of 3.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace import load, prepare

FOLDER = prepare(__doc__)  # --help, and a folder of its own removed at the end

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
ACTIVITIES = max(1, ROWS // 10)
REQUESTS, EDITS = 20, 8
os.environ.pop("DATABASE_URL", None)
os.environ["HEZUO_ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from hezuo.accounts.access import system_access  # noqa: E402
from hezuo.accounts.models import Role, User  # noqa: E402
from hezuo.accounts.services import member_add, school_create  # noqa: E402
from hezuo.activities.models import Activity, Participation, StaleMonth  # noqa: E402
from hezuo.core.models import SchoolStage  # noqa: E402
from hezuo.core.serving import settle  # noqa: E402
from hezuo.indicators.figures import definition_spec, indicator_figures  # noqa: E402
from hezuo.indicators.provenance import indicator_record_page  # noqa: E402
from hezuo.indicators.services import indicator_catalogue_install  # noqa: E402
from hezuo.partners.models import Partner, PartnerType  # noqa: E402
from hezuo.partners.services import partner_create  # noqa: E402

TYPES = [
    "student_exchange",
    "teacher_training_received",
    "teacher_training_delivered",
    "student_internship_abroad",
    "foreign_trainee_training",
    "international_communication",
    "international_post",
    "visit_reception",
]
CATEGORIES = ["student", "full_time_teacher", "overseas_person", "administrator"]
ROLES = ["trainee", "instructor", "intern", "leader"]


def build() -> None:
    call_command("migrate", verbosity=0)
    school = school_create(name="基准学校", slug="bench", stage=SchoolStage.HIGHER, province="44")
    access = system_access(school=school)
    for name in ("higher_quality_report_2017", "school_exchange_2021"):
        indicator_catalogue_install(access=access, name=name)
    partners = [
        partner_create(
            access=access, name_zh=f"合作方{i}", country_code=code, org_type=PartnerType(kind)
        )
        for i, (code, kind) in enumerate(
            [
                ("HK", "university"),
                ("MO", "university"),
                ("IE", "university"),
                ("CN", "going_global_enterprise"),
                ("SG", "vocational_school"),
            ]
        )
    ]
    rnd = random.Random(20211231)
    started = time.perf_counter()
    years = [2020, 2021, 2021, 2021, 2022]
    with transaction.atomic():
        activities = []
        for i in range(ACTIVITIES):
            estimate = rnd.random() < 0.03
            activities.append(
                Activity(
                    school=school,
                    title=f"活动{i}",
                    activity_type=rnd.choice(TYPES),
                    direction=rnd.choice(["inbound", "outbound", "both"]),
                    mode=rnd.choice(["online", "offline", "hybrid"]),
                    start_on=f"{rnd.choice(years)}-{rnd.randint(1, 12):02d}-15",
                    is_estimate=estimate,
                    method_note="按互动量估算" if estimate else "",
                )
            )
        Activity.objects.bulk_create(activities, batch_size=5000)
        ids = list(Activity.objects.filter(school=school).values_list("pk", flat=True))
        through = Activity.partners.through
        through.objects.bulk_create(
            [
                through(activity_id=pk, partner_id=rnd.choice(partners).pk)
                for pk in ids
                if rnd.random() < 0.8
            ],
            batch_size=10000,
        )
        batch = []
        for _ in range(ROWS):
            in_days = rnd.random() < 0.7
            batch.append(
                Participation(
                    school=school,
                    activity_id=rnd.choice(ids),
                    person_category=rnd.choice(CATEGORIES),
                    role=rnd.choice(ROLES),
                    headcount=rnd.randint(1, 40),
                    days=Decimal(rnd.randint(1, 3000)) / 100 if in_days else None,
                    hours=None if in_days else Decimal(rnd.choice([1, 2, 4, 6, 8, 16, 48])),
                )
            )
            if len(batch) == 20000:
                Participation.objects.bulk_create(batch)
                batch = []
        Participation.objects.bulk_create(batch)
    print(
        f"built {ACTIVITIES:,} activities and {ROWS:,} participation rows "
        f"in {time.perf_counter() - started:.1f} s"
    )
    assert Partner.objects.count() == 5


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def pandas_values() -> dict[str, Fraction]:
    """The participation-based indicators with pandas: read the joined rows, mask, sum."""
    access = system_access(school="bench")
    frame = pd.read_sql_query(
        """
        SELECT a.activity_type, a.direction, a.mode, a.is_estimate, pa.person_category,
               pa.role, pa.headcount, pa.days, pa.hours,
               (SELECT group_concat(DISTINCT p.org_type) FROM activities_activity_partners ap
                JOIN partners_partner p ON p.id = ap.partner_id
                WHERE ap.activity_id = a.id) AS partner_types
        FROM activities_participation pa JOIN activities_activity a ON a.id = pa.activity_id
        WHERE a.school_id = ? AND a.is_cancelled = 0
          AND a.start_on BETWEEN '2021-01-01' AND '2021-12-31'
        """,
        connection.connection,
        params=(access.school.pk,),
    )
    values = {}
    figures = indicator_figures(access=access, year=2021, with_provenance=False)
    for code, definition in figures.definitions.items():
        spec = definition_spec(definition)
        if spec.source != "participations":
            continue
        mask = pd.Series(True, index=frame.index)
        for key, column in [
            ("activity_types", "activity_type"),
            ("directions", "direction"),
            ("modes", "mode"),
            ("person_categories", "person_category"),
            ("roles", "role"),
        ]:
            if key in spec.choices:
                mask &= frame[column].isin(spec.choices[key])
        if "partner_org_types" in spec.choices:
            wanted = spec.choices["partner_org_types"]
            mask &= (
                frame["partner_types"]
                .fillna("")
                .map(lambda text, wanted=wanted: bool(set(text.split(",")) & wanted))
            )
        if not spec.include_estimates:
            mask &= frame["is_estimate"] == 0
        rows = frame[mask]
        if spec.formula_kind == "sum_person_days":
            days = rows["days"].fillna(rows["hours"] / spec.hours_per_day)
            values[code] = (rows["headcount"] * days).sum()
        else:
            values[code] = rows["headcount"].sum()
    return values


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def requested(client: Client, url: str, times: int) -> list[float]:
    """Milliseconds of each of ``times`` requests of ``url`` (after one not counted)."""
    assert client.get(url).status_code == 200, url
    found = []
    for _ in range(times):
        started = time.perf_counter()
        response = client.get(url)
        found.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return found


def pages(client: Client) -> None:
    """What a user waits for, through the test client."""
    access = system_access(school="bench")
    page = "/s/bench/indicators/?year=2021"
    measured = {
        "indicator page": requested(client, page, REQUESTS),
        "API, the year's list": requested(
            client, "/api/v1/schools/bench/indicators/?year=2021", REQUESTS
        ),
        "one indicator, first page of records": requested(
            client, "/s/bench/indicators/xn-1/?year=2021", REQUESTS
        ),
    }
    rows = list(
        Participation.objects.filter(activity__start_on__year=2021)
        .order_by("?")
        .values_list("pk", "headcount")[:EDITS]
    )
    after_edit = []
    for pk, headcount in rows:
        Participation.objects.filter(pk=pk).update(headcount=headcount + 1)
        started = time.perf_counter()
        assert client.get(page).status_code == 200
        after_edit.append((time.perf_counter() - started) * 1000)
    measured["indicator page, one row changed"] = after_edit
    figures = indicator_figures(access=access, year=2021, with_provenance=False)
    spec = definition_spec(figures.definitions["xn-1"])
    provenance = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        found = indicator_record_page(
            access=access, spec=spec, period=figures.period, result=figures.results["xn-1"]
        )
        provenance.append((time.perf_counter() - started) * 1000)
    measured["records of xn-1, first page alone"] = provenance
    print(f"\n{'what the user waits for':<40}{'p50 ms':>9}{'p95 ms':>9}  (goal p95)")
    goals = {"indicator page, one row changed": "< 500"}
    for name, values in measured.items():
        print(
            f"{name:<40}{percentile(values, 0.5):>9.0f}{percentile(values, 0.95):>9.0f}"
            f"  ({goals.get(name, '< 300')})"
        )
    print(f"(xn-1: {found.count:,} records, {found.pages:,} pages of {len(found.table.rows)})")


def timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> None:
    build()
    access = system_access(school="bench")

    def values() -> object:
        return indicator_figures(access=access, year=2021, with_provenance=False)

    stale_months = StaleMonth.objects.filter(school=access.school).count()
    first_time, _ = timed(values)
    hezuo_time, figures = best_of(3, values)
    row = Participation.objects.filter(  # a row 学生境外交流培训 (xn-1) counts
        activity__start_on__year=2021,
        activity__is_cancelled=False,
        activity__is_estimate=False,
        activity__activity_type="student_exchange",
        person_category="student",
    ).first()
    assert row is not None
    Participation.objects.filter(pk=row.pk).update(headcount=row.headcount + 1)
    edited_time, edited = timed(values)
    assert edited.results != figures.results  # type: ignore[attr-defined]
    provenance_time, with_ids = best_of(3, lambda: indicator_figures(access=access, year=2021))
    pandas_time, pandas_result = best_of(3, pandas_values)
    assert isinstance(pandas_result, dict)
    results = edited.results  # type: ignore[attr-defined]
    for code, value in pandas_result.items():
        ours = float(results[code].value)
        assert abs(ours - float(value)) < 1e-6 * max(1.0, abs(ours)), (code, ours, value)
        assert with_ids.results[code].value == results[code].value  # type: ignore[attr-defined]
    print(
        f"indicators computed: {len(results)} (pandas computes the "
        f"{len(pandas_result)} participation-based ones; values agree, with provenance too)"
    )
    print(f"hezuo, values, {stale_months} months stale:  {first_time:.3f} s")
    print(f"hezuo, values, tallies current:  {hezuo_time:.3f} s")
    print(f"hezuo, values, one row changed:  {edited_time:.3f} s")
    print(f"hezuo, with provenance:          {provenance_time:.3f} s")
    print(f"pandas read_sql + masks:         {pandas_time:.3f} s")
    print(f"ratio pandas / hezuo (current):  {pandas_time / hezuo_time:.1f}x")
    member_add(access=access, username="bench-admin", role=Role.OFFICE_ADMIN, password="x")
    client = Client()
    client.force_login(User.objects.get(username="bench-admin"))
    settle()  # what a serving process does at start (config/wsgi.py)
    pages(client)
    print(load())


if __name__ == "__main__":
    main()
