"""Activity and participation figures kept per school and month (tallies), decision 0010.

A year's indicators and its dashboard sum a few thousand tally rows instead of every
participation row of the year — a million in a large school. A tally row is what the records
of one month sum to: ``ActivityTally`` counts activities by type, ``ParticipationTally`` sums
participation rows by everything indicator filters look at and whether their activity has
approved evidence (what the review warnings count). Cancelled activities are in neither.

The database keeps them honest: triggers (``triggers.py``, and the evidence app's for evidence
approved or linked) mark a month stale on every write that can change it, whatever made the
write. A read first brings the stale months of its span
up to date (``tallies_refresh``: the month's tallies are made again from its records, then its
marks are removed) and sums the tallies. When a month cannot be brought up to date at once —
another refresh of the school is running, or on SQLite another writer holds the database —
the read sums the records themselves with the same query a refresh stores, so a figure is
always the records' own.

Nothing here checks access: the selectors that call it do.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import InternalError, OperationalError, connection, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from hezuo.activities.lookalikes import likeness
from hezuo.activities.models import (
    PARTICIPATION_KEY as PARTICIPATION_KEY,  # what the tallies are read by, from here
)
from hezuo.activities.models import (
    PARTICIPATION_SUMS as PARTICIPATION_SUMS,
)
from hezuo.activities.models import (
    Activity,
    ActivityLikeness,
    ActivityTally,
    Participation,
    ParticipationTally,
    StaleMonth,
    TallyVersion,
)
from hezuo.core.review import ReviewStatus
from hezuo.partners.models import Partner

TALLY = ParticipationTally._meta.db_table
KEY_INDEX = "participationtally_key_idx"

# A refresh of one school at a time (PostgreSQL advisory lock key: this base + the school).
REFRESH_LOCK = 0x74616C6C << 32
# How long a read waits for SQLite's write lock before it sums the records instead.
SQLITE_WAIT_MS = 200
DELETE_BATCH = 500


# Months ---------------------------------------------------------------------------------------


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def month_span(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The first days of the first and last months of a span of whole months."""
    if first.day != 1 or next_month(last) - last != dt.timedelta(days=1):
        raise ValueError(f"tallies are kept by whole months, not {first} – {last}")
    return first, month_of(last)


def _runs(months: Sequence[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive months as [start, end) date ranges."""
    runs: list[tuple[dt.date, dt.date]] = []
    for month in sorted(months):
        if runs and runs[-1][1] == month:
            runs[-1] = (runs[-1][0], next_month(month))
        else:
            runs.append((month, next_month(month)))
    return runs


def _as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# The records' own sums: what a refresh stores, and what a read falls back to -----------------


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _sorted_values(column: str, name: str, activities: str) -> str:
    """Each activity's partners' distinct ``column`` values, sorted and joined by commas."""
    links = Activity.partners.through._meta.db_table
    partner = Partner._meta.db_table
    if connection.vendor == "postgresql":
        return f"""
            SELECT ap.activity_id,
                   string_agg(DISTINCT p.{column}, ',' ORDER BY p.{column}) AS {name}
            FROM {links} ap JOIN {partner} p ON p.id = ap.partner_id
            WHERE ap.activity_id IN (SELECT id FROM {activities})
            GROUP BY ap.activity_id"""
    return f"""
            SELECT activity_id, group_concat({column}, ',') AS {name} FROM (
                SELECT DISTINCT ap.activity_id, p.{column}
                FROM {links} ap JOIN {partner} p ON p.id = ap.partner_id
                WHERE ap.activity_id IN (SELECT id FROM {activities})
                ORDER BY ap.activity_id, p.{column}
            ) GROUP BY activity_id"""


def _activities_in(runs: Sequence[tuple[dt.date, dt.date]]) -> tuple[str, list[Any]]:
    spans = " OR ".join("(a.start_on >= %s AND a.start_on < %s)" for _ in runs)
    return f"a.school_id = %s AND a.is_cancelled = %s AND ({spans})", [
        value for run in runs for value in run
    ]


def _evidence_tables() -> tuple[str, str]:
    """The evidence app sits above this one: its tables are reached through the relation."""
    through = Activity.evidence.through
    evidence = through._meta.get_field("evidence").related_model
    assert evidence is not None and not isinstance(evidence, str)
    return through._meta.db_table, evidence._meta.db_table


def approved_activities(activities: str) -> str:
    """A SELECT of the ids among ``activities`` (a table or CTE with ``id``) that have evidence
    approved."""
    links, evidence = _evidence_tables()
    return f"""
            SELECT DISTINCT ea.activity_id
            FROM {links} ea JOIN {evidence} e ON e.id = ea.evidence_id
            WHERE e.review_status = '{ReviewStatus.APPROVED}'
              AND ea.activity_id IN (SELECT id FROM {activities})"""


def _participation_sql(school_id: int, months: Sequence[dt.date]) -> tuple[str, list[Any]]:
    """The school's participation rows of ``months`` summed as tally rows (same columns)."""
    where, spans = _activities_in(_runs(months))
    days = "CAST(ROUND(pa.days * 100) AS BIGINT)"
    hours = "CAST(ROUND(pa.hours * 100) AS BIGINT)"
    sql = f"""
        WITH acts AS (
            SELECT a.id, a.school_id, {_month_sql("a.start_on")} AS month, a.activity_type,
                   a.direction, a.mode, a.is_estimate
            FROM {Activity._meta.db_table} a WHERE {where}
        ),
        regions AS ({_sorted_values("region_category", "regions", "acts")}),
        types AS ({_sorted_values("org_type", "types", "acts")}),
        proven AS ({approved_activities("acts")})
        SELECT acts.school_id AS school_id, acts.month AS month,
               acts.activity_type AS activity_type, acts.direction AS direction,
               acts.mode AS mode, acts.is_estimate AS is_estimate,
               proven.activity_id IS NOT NULL AS evidence_approved,
               COALESCE(regions.regions, '') AS partner_regions,
               COALESCE(types.types, '') AS partner_types,
               pa.person_category AS person_category, pa.role AS role,
               SUM(pa.headcount) AS headcount,
               SUM(pa.headcount * COALESCE({days}, 0)) AS day_hundredths,
               SUM(pa.headcount * COALESCE({hours}, 0)) AS hour_hundredths,
               COUNT(*) AS row_count
        FROM {Participation._meta.db_table} pa
        JOIN acts ON acts.id = pa.activity_id
        LEFT JOIN regions ON regions.activity_id = acts.id
        LEFT JOIN types ON types.activity_id = acts.id
        LEFT JOIN proven ON proven.activity_id = acts.id
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"""
    return sql, [school_id, False, *spans]


def _activity_sql(school_id: int, months: Sequence[dt.date]) -> tuple[str, list[Any]]:
    """The school's activities of ``months`` counted as tally rows (same columns)."""
    where, spans = _activities_in(_runs(months))
    sql = f"""
        SELECT a.school_id AS school_id, {_month_sql("a.start_on")} AS month,
               a.activity_type AS activity_type, COUNT(*) AS activities
        FROM {Activity._meta.db_table} a WHERE {where}
        GROUP BY 1, 2, 3"""
    return sql, [school_id, False, *spans]


def _likenesses(school_id: int, months: Sequence[dt.date]) -> list[tuple[Any, ...]]:
    """(school, month, activity, likeness) of each activity of ``months`` that has rows, what
    its rows sum to summed by the database (``lookalikes.row_summary``)."""
    where, spans = _activities_in(_runs(months))
    params = [school_id, False, *spans]
    activity = Activity._meta.db_table
    partners: dict[int, list[int]] = {}
    for activity_id, partner_id in _rows(
        f"""SELECT ap.activity_id, ap.partner_id FROM {Activity.partners.through._meta.db_table} ap
            JOIN {activity} a ON a.id = ap.activity_id WHERE {where}""",
        params,
    ):
        partners.setdefault(activity_id, []).append(partner_id)
    days = "COALESCE(CAST(ROUND(pa.days * 100) AS BIGINT), -1)"
    hours = "COALESCE(CAST(ROUND(pa.hours * 100) AS BIGINT), -1)"
    summed = _rows(
        f"""SELECT a.id, a.start_on, a.end_on, a.is_estimate,
                   COUNT(*), SUM(pa.headcount), SUM({days}), SUM({hours}),
                   SUM(pa.headcount * {days}), COUNT(DISTINCT pa.person_category),
                   COUNT(DISTINCT pa.role), SUM(LENGTH(pa.person_category)),
                   SUM(LENGTH(pa.role))
            FROM {Participation._meta.db_table} pa
            JOIN {activity} a ON a.id = pa.activity_id WHERE {where}
            GROUP BY a.id, a.start_on, a.end_on, a.is_estimate""",
        params,
    )
    return [
        (
            school_id,
            month_of(_as_date(start_on)),
            pk,
            likeness(start_on, end_on, is_estimate, partners.get(pk, ()), tuple(summary)),
        )
        for pk, start_on, end_on, is_estimate, *summary in summed
    ]


# Refresh --------------------------------------------------------------------------------------


def _stale_months(school_id: int, first: dt.date, last: dt.date) -> set[dt.date]:
    return set(
        StaleMonth.objects.filter(school_id=school_id, month__gte=first, month__lte=last)
        .values_list("month", flat=True)
        .distinct()
    )


@contextmanager
def _brief_wait(db: BaseDatabaseWrapper) -> Iterator[None]:
    """On SQLite, wait only briefly for the write lock a refresh needs (a read is better
    served by the records themselves than by waiting behind an import)."""
    if db.vendor != "sqlite" or db.in_atomic_block:
        yield
        return
    with db.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        usual = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_WAIT_MS}")
    try:
        yield
    finally:
        with db.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {usual}")


def _insert(table: str, columns: Sequence[str], select: tuple[str, list[Any]]) -> None:
    sql, params = select
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) {sql}", params)


def _store(school_id: int, months: list[dt.date]) -> None:
    """Make the tallies of ``months`` again from the records."""
    ActivityTally.objects.filter(school_id=school_id, month__in=months).delete()
    ParticipationTally.objects.filter(school_id=school_id, month__in=months).delete()
    for year in sorted({month.year for month in months}):
        TallyVersion.objects.update_or_create(
            school_id=school_id, year=year, defaults={"token": uuid.uuid4()}
        )
    ActivityLikeness.objects.filter(school_id=school_id, month__in=months).delete()
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {ActivityLikeness._meta.db_table}"
            " (school_id, month, activity_id, likeness) VALUES (%s, %s, %s, %s)",
            _likenesses(school_id, months),
        )
    _insert(
        ActivityTally._meta.db_table,
        ("school_id", "month", "activity_type", "activities"),
        _activity_sql(school_id, months),
    )
    _insert(
        ParticipationTally._meta.db_table,
        ("school_id", "month", *PARTICIPATION_KEY, *PARTICIPATION_SUMS),
        _participation_sql(school_id, months),
    )


def _locked(school_id: int) -> bool:
    """Take the school's refresh lock until the transaction ends, if no one holds it. On
    SQLite the transaction itself is the lock: it began by taking the database's."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [REFRESH_LOCK + school_id])
        return bool(cursor.fetchone()[0])


def tallies_refresh(*, school_id: int, first: dt.date, last: dt.date) -> bool:
    """Bring the school's tallies of the months from ``first`` to ``last`` (first days) up to
    date. False when some could not be, so the caller reads the records instead."""
    if not _stale_months(school_id, first, last):
        return True
    outer = connection.in_atomic_block
    try:
        with _brief_wait(connection), transaction.atomic():
            if not _locked(school_id):
                return False
            marks = list(
                StaleMonth.objects.filter(
                    school_id=school_id, month__gte=first, month__lte=last
                ).values_list("pk", "month")
            )
            if not marks:  # another refresh counted them while this one waited
                return True
            _store(school_id, sorted({month for _, month in marks}))
            keys = [pk for pk, _ in marks]
            for start in range(0, len(keys), DELETE_BATCH):
                StaleMonth.objects.filter(pk__in=keys[start : start + DELETE_BATCH]).delete()
    except (OperationalError, InternalError):
        # A busy database (SQLite's lock), or one this connection may only read (a replica, a
        # read-only role: PostgreSQL's InternalError, SQLite's OperationalError): the read sums
        # the records, and the workers refresh the marked months (tallies_refresh_all_stale).
        if outer:  # the caller's transaction is broken: it must see the error
            raise
        return False
    return True


def tallies_refresh_stale(*, school_id: int) -> bool:
    """Bring every stale month of the school up to date, whatever its year: work done ahead
    of the first read after a large write (an import), so that read does not wait for it."""
    span = StaleMonth.objects.filter(school_id=school_id).aggregate(
        first=models.Min("month"), last=models.Max("month")
    )
    if span["first"] is None:
        return True
    return tallies_refresh(school_id=school_id, first=span["first"], last=span["last"])


def tallies_refresh_all_stale() -> int:
    """Refresh every school's stale months (the workers do, after each beat, so that reads that
    could not refresh — on a replica, or while another refresh held the lock — soon find their
    months counted). Returns how many schools were brought up to date."""
    schools = StaleMonth.objects.order_by().values_list("school_id", flat=True).distinct()
    return sum(tallies_refresh_stale(school_id=school_id) for school_id in list(schools))


# Reads ----------------------------------------------------------------------------------------


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def _source(
    tally: type[models.Model],
    records: Callable[[int, Sequence[dt.date]], tuple[str, list[Any]]],
    school_id: int,
    first: dt.date,
    last: dt.date,
) -> tuple[str, list[Any]]:
    """What a read sums, with its parameters: the ``tally`` table once its months are up to
    date, or else the ``records`` summed as the tally would hold them."""
    if tallies_refresh(school_id=school_id, first=first, last=last):
        return tally._meta.db_table, []
    sql, params = records(school_id, _months(first, last))
    return f"({sql})", params


def participation_totals(
    *,
    school_id: int,
    first: dt.date,
    last: dt.date,
    by: Sequence[str],
    estimates: bool = True,
) -> list[tuple[Any, ...]]:
    """The school's participation rows of the whole months from ``first`` to ``last``, summed
    by the ``by`` columns (of ``PARTICIPATION_KEY``): rows of the ``by`` values followed by
    Σ headcount, Σ headcount × days × 100, Σ headcount × class-hours × 100 and the number of
    rows. Without ``estimates``, estimate-based activities are left out."""
    unknown = [column for column in by if column not in PARTICIPATION_KEY]
    if not by or unknown:
        raise ValueError(f"participation tallies are summed by {PARTICIPATION_KEY}, not {by}")
    first, last = month_span(first, last)
    source, params = _source(ParticipationTally, _participation_sql, school_id, first, last)
    if source != TALLY:  # the records themselves, summed now
        return _participation_sums(source, params, school_id, first, last, by, estimates)
    tokens = dict(
        TallyVersion.objects.filter(
            school_id=school_id, year__gte=first.year, year__lte=last.year
        ).values_list("year", "token")
    )
    if not tokens:  # never counted: nothing to keep
        return _participation_sums(source, params, school_id, first, last, by, estimates)
    # The versions of the years summed: a year without one has no tallies yet.
    versions = tuple(tokens.get(year) for year in range(first.year, last.year + 1))
    key = (connection.settings_dict["NAME"], school_id, versions, first, last, tuple(by), estimates)
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return list(_kept[key])
    found = _participation_sums(source, params, school_id, first, last, by, estimates)
    with _kept_lock:
        _kept[key] = tuple(found)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return found


# The last sums read, by the tallies' version: a page read again (the indicator page, its API)
# sums a year's 80,000 tally rows once per version and process, not at every request.
KEPT = 32
_kept: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], ...]] = OrderedDict()
_kept_lock = threading.Lock()


def _participation_sums(
    source: str,
    params: list[Any],
    school_id: int,
    first: dt.date,
    last: dt.date,
    by: Sequence[str],
    estimates: bool,
) -> list[tuple[Any, ...]]:
    hint = ""
    if source == TALLY and tuple(by) == PARTICIPATION_KEY and connection.vendor == "sqlite":
        # SQLite's planner picks the months' index and sorts every row of the span; the key's
        # covering index gives the rows in the order they are summed (0.2 s against 0.08 s for
        # a year of 80,000 tally rows, bench_indicators.py).
        hint = f" INDEXED BY {KEY_INDEX}"
    columns = ", ".join(f"t.{column}" for column in by)
    estimate_filter = "" if estimates else "AND t.is_estimate = %s"
    sql = f"""
        SELECT {columns}, SUM(t.headcount), SUM(t.day_hundredths), SUM(t.hour_hundredths),
               SUM(t.row_count)
        FROM {source} t{hint}
        WHERE t.school_id = %s AND t.month >= %s AND t.month <= %s {estimate_filter}
        GROUP BY {columns} ORDER BY {columns}"""
    params = [*params, school_id, first, last] + ([] if estimates else [False])
    return [
        (*row[: len(by)], *(int(value) for value in row[len(by) :])) for row in _rows(sql, params)
    ]


def activity_totals(
    *, school_id: int, first: dt.date, last: dt.date
) -> list[tuple[str, dt.date, int]]:
    """(activity type, month, number of activities) of the whole months from ``first`` to
    ``last``, cancelled activities left out."""
    first, last = month_span(first, last)
    source, params = _source(ActivityTally, _activity_sql, school_id, first, last)
    sql = f"""
        SELECT t.activity_type, t.month, SUM(t.activities) FROM {source} t
        WHERE t.school_id = %s AND t.month >= %s AND t.month <= %s
        GROUP BY t.activity_type, t.month ORDER BY t.activity_type, t.month"""
    return [
        (kind, _as_date(month), int(count))
        for kind, month, count in _rows(sql, [*params, school_id, first, last])
    ]


def lookalike_candidates(
    *, school_id: int, first: dt.date, last: dt.date
) -> models.QuerySet[ActivityLikeness, Any] | None:
    """The ids (a subquery) of the activities of the whole months from ``first`` to ``last``
    that share their likeness with another, the only ones that may look alike; None when the
    months could not be brought up to date (the caller compares every activity)."""
    first, last = month_span(first, last)
    if not tallies_refresh(school_id=school_id, first=first, last=last):
        return None
    span = ActivityLikeness.objects.filter(school_id=school_id, month__gte=first, month__lte=last)
    shared = (
        span.order_by()
        .values("likeness")
        .annotate(activities=models.Count("id"))
        .filter(activities__gt=1)
        .values("likeness")
    )
    return span.filter(likeness__in=shared).values("activity_id")


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months = [first]
    while months[-1] < last:
        months.append(next_month(months[-1]))
    return months
