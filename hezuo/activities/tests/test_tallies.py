"""Monthly tallies always equal what the records sum to, whatever writes the records.

Random sequences of writes — through the services, an import's batched inserts and plain
ORM updates — interleaved with reads, are checked against the records summed one by one in
Python (``tallied.py``); each kind of write a trigger watches is also checked alone.
Reads and writes from other connections: ``test_tallies_contention.py``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hezuo.accounts.access import Access, system_access
from hezuo.activities import tallies
from hezuo.activities.models import (
    Activity,
    ActivityType,
    Direction,
    Mode,
    Participation,
    ParticipationRole,
    PersonCategory,
    StaleMonth,
)
from hezuo.activities.services import (
    ActivityDraft,
    ParticipationInput,
    activities_create_many,
    activity_create,
    activity_delete,
    activity_update,
    participation_add,
    participation_delete,
    participation_update,
)
from hezuo.activities.tests.tallied import (
    FIRST,
    LAST,
    assert_tallies_match,
    bare,
    exchange,
    expected_participations,
    students,
)
from hezuo.activities.triggers import TRIGGER_NAMES
from hezuo.partners.models import Partner, PartnerType
from hezuo.partners.services import partner_create, partner_update
from tests.personas import Personas

MONTHS = [
    dt.date(2020, 12, 31),
    dt.date(2021, 1, 1),
    dt.date(2021, 1, 20),
    dt.date(2021, 8, 31),
    dt.date(2021, 9, 1),
    dt.date(2021, 12, 15),
    dt.date(2022, 1, 3),
]
TYPES = [ActivityType.STUDENT_EXCHANGE, ActivityType.VISIT_RECEPTION, ActivityType.OTHER]
CATEGORIES = [PersonCategory.STUDENT, PersonCategory.FULL_TIME_TEACHER]
ROLES = [ParticipationRole.TRAINEE, ParticipationRole.INSTRUCTOR]
COUNTRIES = ["HK", "GB", "CN"]
PARTNER_TYPES = [PartnerType.UNIVERSITY, PartnerType.GOING_GLOBAL_ENTERPRISE]

rows = st.builds(
    ParticipationInput,
    person_category=st.sampled_from(CATEGORIES),
    role=st.sampled_from(ROLES),
    headcount=st.integers(1, 40),
    days=st.one_of(st.none(), st.decimals("0.01", "30", places=2)),
    hours=st.just(None),
).map(
    lambda row: (
        row
        if row.days is not None
        else ParticipationInput(row.person_category, row.role, row.headcount, hours=Decimal(12))
    )
)
activity = st.fixed_dictionaries(
    {
        "day": st.sampled_from(MONTHS),
        "kind": st.sampled_from(TYPES),
        "estimate": st.booleans(),
        "cancelled": st.booleans(),
        # Hypothesis prefers what comes first: partnered activities with rows, then the rest.
        "partners": st.sampled_from([{0}, {0, 1}, {2}, set(), {1, 2}]),
        "rows": st.lists(rows, min_size=1, max_size=3) | st.just([]),
    }
)
ref = st.integers(0, 50)
operation = st.one_of(
    st.tuples(st.just("create"), activity),
    st.tuples(st.just("import"), st.lists(activity, min_size=1, max_size=3)),
    st.tuples(st.just("move"), ref, st.sampled_from(MONTHS)),
    st.tuples(st.just("retype"), ref, st.sampled_from(TYPES)),
    st.tuples(st.just("cancel"), ref, st.booleans()),
    st.tuples(st.just("estimate"), ref, st.booleans()),
    st.tuples(st.just("direction"), ref, st.sampled_from(list(Direction))),
    st.tuples(st.just("retitle"), ref),
    st.tuples(st.just("link"), ref, st.sampled_from([{1}, {0, 2}, set()])),
    st.tuples(st.just("add_row"), ref, rows),
    st.tuples(st.just("change_row"), ref, st.integers(1, 50)),
    st.tuples(st.just("delete_row"), ref),
    st.tuples(st.just("delete"), ref),
    st.tuples(st.just("partner_country"), st.integers(0, 2)),
    st.tuples(st.just("partner_type"), st.integers(0, 2)),
    st.tuples(st.just("bulk_update"), ref, st.sampled_from(MONTHS)),
    st.tuples(st.just("read")),
)


def _values(spec: dict[str, Any]) -> dict[str, object]:
    return {
        "title": "活动",
        "activity_type": spec["kind"],
        "direction": Direction.OUTBOUND,
        "mode": Mode.OFFLINE,
        "start_on": spec["day"],
        "is_cancelled": spec["cancelled"],
        "is_estimate": spec["estimate"],
        "method_note": "按互动量估算" if spec["estimate"] else "",
    }


def _apply(access: Access, partners: list[Partner], step: tuple[Any, ...]) -> None:
    activities = list(Activity.objects.filter(school=access.school).order_by("pk"))
    kind = step[0]
    if kind == "create":
        spec = step[1]
        activity_create(
            access=access,
            partners=[partners[i] for i in spec["partners"]],
            participations=spec["rows"],
            **_values(spec),  # type: ignore[arg-type]
        )
        return
    if kind == "import":
        refused = activities_create_many(
            access=access,
            drafts=[
                ActivityDraft(
                    values=_values(spec),
                    partners=tuple(partners[i] for i in spec["partners"]),
                    participations=tuple(spec["rows"]),
                )
                for spec in step[1]
            ],
        )
        assert refused == []
        return
    if kind.startswith("partner_"):  # the next country (another region), or the other type
        partner = partners[step[1]]
        if kind == "partner_country":
            country = COUNTRIES[(COUNTRIES.index(partner.country_code) + 1) % len(COUNTRIES)]
            partner_update(access=access, partner=partner, country_code=country)
        else:
            other = PARTNER_TYPES[1 - PARTNER_TYPES.index(PartnerType(partner.org_type))]
            partner_update(access=access, partner=partner, org_type=other)
        partner.refresh_from_db()
        return
    if kind == "read":
        tallies.participation_totals(
            school_id=access.school.pk, first=FIRST, last=LAST, by=("role",)
        )
        return
    if not activities:
        return
    target = activities[step[1] % len(activities)]
    changes: dict[str, object] = {}
    if kind == "move":
        changes = {"start_on": step[2], "end_on": None}
    elif kind == "retype":
        changes = {"activity_type": step[2]}
    elif kind == "cancel":
        changes = {"is_cancelled": step[2]}
    elif kind == "estimate":
        changes = {"is_estimate": step[2], "method_note": "按互动量估算"}
    elif kind == "direction":
        changes = {"direction": step[2]}
    elif kind == "retitle":
        changes = {"title": "改名的活动", "summary": "改了简介"}
    elif kind == "link":
        activity_update(access=access, activity=target, partners=[partners[i] for i in step[2]])
    elif kind == "add_row":
        participation_add(access=access, activity=target, row=step[2])
    elif kind in {"change_row", "delete_row"}:
        row = target.participations.order_by("pk").first()
        if row is None:
            return
        if kind == "change_row":
            participation_update(access=access, participation=row, headcount=step[2])
        else:
            participation_delete(access=access, participation=row)
    elif kind == "delete":
        activity_delete(access=access, activity=target)
    elif kind == "bulk_update":  # bypasses every service and signal: only the triggers see it
        Activity.objects.filter(pk=target.pk).update(start_on=step[2], end_on=None)
    if changes:
        activity_update(access=access, activity=target, **changes)  # type: ignore[arg-type]


@pytest.fixture
def partners(personas: Personas) -> list[Partner]:
    access = system_access(school=personas.alpha)
    return [
        partner_create(
            access=access, name_zh=f"合作方{i}", country_code=code, org_type=PartnerType.UNIVERSITY
        )
        for i, code in enumerate(COUNTRIES)
    ]


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(operation, st.booleans()), min_size=3, max_size=12))
def test_tallies_equal_the_records_after_any_writes(
    personas: Personas, partners: list[Partner], steps: list[tuple[tuple[Any, ...], bool]]
) -> None:
    """Each step is a write (or a read), then, when drawn, a check: so writes are seen both
    one at a time and several before a refresh."""
    access = system_access(school=personas.alpha)
    for partner in partners:  # an earlier example changed and rolled back some
        partner.refresh_from_db()
    with transaction.atomic():
        # another school's activity in the same month
        exchange(system_access(school=personas.beta), dt.date(2021, 1, 20), students(3, days=2))
        for step, check in steps:
            _apply(access, partners, step)
            if check:
                assert_tallies_match(personas.alpha)
        assert_tallies_match(personas.alpha)
        assert_tallies_match(personas.beta)
        assert expected_participations(personas.beta) != {}
        transaction.set_rollback(True)


def test_a_month_is_marked_only_by_writes_that_change_its_tallies(personas: Personas) -> None:
    access = system_access(school=personas.alpha)
    activity = exchange(access, dt.date(2021, 7, 5), students(10, days=10))
    marks = StaleMonth.objects.filter(school=personas.alpha)
    assert list(marks.values_list("month", flat=True)) == [dt.date(2021, 7, 1)]
    assert tallies.tallies_refresh(
        school_id=personas.alpha.pk, first=dt.date(2021, 1, 1), last=dt.date(2021, 12, 1)
    )
    assert not marks.exists()

    activity_update(access=access, activity=activity, title="夏令营", place="香港")
    assert not marks.exists()

    activity_update(access=access, activity=activity, start_on=dt.date(2021, 9, 1))
    assert sorted(marks.values_list("month", flat=True).distinct()) == [
        dt.date(2021, 7, 1),
        dt.date(2021, 9, 1),
    ]


def _with_row(access: Access, partners: list[Partner]) -> Activity:
    return exchange(access, dt.date(2021, 5, 5), students(10, days=10), partners=partners[:1])


def _first_row(activity: Activity) -> Participation:
    row = activity.participations.first()
    assert row is not None
    return row


# Each write a trigger must see, done alone after the tallies were brought up to date.
WRITES: dict[str, Any] = {
    "activity added": lambda access, partners, made: bare(access),
    "activity without rows deleted": lambda access, partners, made: activity_delete(
        access=access, activity=made["bare"]
    ),
    "activity moved": lambda access, partners, made: activity_update(
        access=access, activity=made["bare"], start_on=dt.date(2021, 6, 6)
    ),
    "activity's end changed in SQL": lambda access, partners, made: Activity.objects.filter(
        pk=made["full"].pk
    ).update(end_on=dt.date(2021, 5, 20)),
    "activity cancelled": lambda access, partners, made: activity_update(
        access=access, activity=made["bare"], is_cancelled=True
    ),
    "row added": lambda access, partners, made: participation_add(
        access=access,
        activity=made["bare"],
        row=ParticipationInput(CATEGORIES[1], ROLES[1], 2, hours=Decimal(6)),
    ),
    "row changed": lambda access, partners, made: participation_update(
        access=access, participation=_first_row(made["full"]), headcount=11
    ),
    "row deleted": lambda access, partners, made: participation_delete(
        access=access, participation=_first_row(made["full"])
    ),
    "partner linked": lambda access, partners, made: activity_update(
        access=access, activity=made["full"], partners=partners[:2]
    ),
    "partner unlinked": lambda access, partners, made: activity_update(
        access=access, activity=made["full"], partners=[]
    ),
    "link changed in SQL": lambda access, partners, made: Activity.partners.through.objects.filter(
        activity=made["full"]
    ).update(partner=partners[2]),
    "partner's region changed": lambda access, partners, made: partner_update(
        access=access, partner=partners[0], country_code="GB"
    ),
    "partner's type changed": lambda access, partners, made: partner_update(
        access=access, partner=partners[0], org_type=PartnerType.GOING_GLOBAL_ENTERPRISE
    ),
    "row added in SQL": lambda access, partners, made: Participation.objects.bulk_create(
        [
            Participation(
                school=access.school,
                activity=made["full"],
                person_category=CATEGORIES[0],
                role=ROLES[1],
                headcount=1,
                days=Decimal(1),
            )
        ]
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_each_write_that_changes_a_tally_marks_its_month(
    personas: Personas, partners: list[Partner], write: str
) -> None:
    access = system_access(school=personas.alpha)
    made = {"bare": bare(access), "full": _with_row(access, partners)}
    assert_tallies_match(personas.alpha)

    WRITES[write](access, partners, made)

    assert StaleMonth.objects.filter(school=personas.alpha).exists()
    assert_tallies_match(personas.alpha)


def test_every_trigger_is_in_the_database(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
    assert set(TRIGGER_NAMES) <= present


def test_a_span_must_be_whole_months(personas: Personas) -> None:
    with pytest.raises(ValueError, match="whole months"):
        tallies.participation_totals(
            school_id=personas.alpha.pk,
            first=dt.date(2021, 1, 2),
            last=dt.date(2021, 12, 31),
            by=("role",),
        )
    with pytest.raises(ValueError, match="summed by"):
        tallies.participation_totals(
            school_id=personas.alpha.pk,
            first=dt.date(2021, 1, 1),
            last=dt.date(2021, 12, 31),
            by=("title",),
        )


def _year(school_id: int) -> list[tuple[Any, ...]]:
    return tallies.participation_totals(
        school_id=school_id,
        first=dt.date(2021, 1, 1),
        last=dt.date(2021, 12, 31),
        by=tallies.PARTICIPATION_KEY,
    )


def test_sums_kept_in_memory_follow_every_change_and_rollback(personas: Personas) -> None:
    """A year's sums are kept in memory by the tallies' version: read again without summing,
    never after a change, nor after a change rolled back."""
    access = system_access(school=personas.alpha)
    school_id = personas.alpha.pk
    exchange(access, dt.date(2021, 5, 5), students(10, days=10))
    first = _year(school_id)
    with CaptureQueriesContext(connection) as queries:
        assert _year(school_id) == first
    assert not any("SUM(t.headcount)" in query["sql"] for query in queries.captured_queries)

    with transaction.atomic():
        exchange(access, dt.date(2021, 5, 6), students(3, days=1))
        inside = _year(school_id)
        assert inside != first
        transaction.set_rollback(True)
    assert _year(school_id) == first

    Participation.objects.filter(activity__school=personas.alpha).update(headcount=11)
    assert _year(school_id) != first
    assert_tallies_match(personas.alpha)


def test_a_change_in_one_year_leaves_the_sums_of_another_kept(personas: Personas) -> None:
    """Each year has its own version: after an edit in 2021, 2020's sums are read from memory,
    2021's and every span that holds 2021 are summed again."""
    access = system_access(school=personas.alpha)
    school_id = personas.alpha.pk
    exchange(access, dt.date(2020, 12, 5), students(4, days=2))  # within tallied.FIRST
    exchange(access, dt.date(2021, 5, 5), students(10, days=10))

    def span(first: dt.date, last: dt.date) -> list[tuple[Any, ...]]:
        return tallies.participation_totals(
            school_id=school_id, first=first, last=last, by=tallies.PARTICIPATION_KEY
        )

    spans = {
        "2020": (dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
        "2021": (dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        "school year 2020–21": (dt.date(2020, 9, 1), dt.date(2021, 8, 31)),
    }
    before = {name: span(*dates) for name, dates in spans.items()}
    Participation.objects.filter(activity__start_on__year=2021).update(headcount=12)
    summed = {}
    for name, dates in spans.items():
        with CaptureQueriesContext(connection) as queries:
            after = span(*dates)
        summed[name] = any("SUM(t.headcount)" in q["sql"] for q in queries.captured_queries)
        assert (after == before[name]) == (name == "2020"), name
    assert summed == {"2020": False, "2021": True, "school year 2020–21": True}
    assert_tallies_match(personas.alpha)
