"""Importing activities with their participation rows: a good file, a file with bad rows,
the same file twice, a changed row, a dry run, and who may import what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from hezuo.accounts.models import User
from hezuo.activities.models import Activity, Participation, ParticipationTally, StaleMonth
from hezuo.activities.selectors import activity_person_days
from hezuo.core.models import AuditAction, AuditEvent
from hezuo.imports.importing import Outcome, run_import
from hezuo.imports.kinds import ActivitiesImport
from hezuo.imports.tests.books import activities_book, activity
from hezuo.partners.models import PartnerType
from hezuo.partners.services import partner_create
from tests.personas import Personas, in_alpha

GOOD_ROWS = [activity("赴爱尔兰研修", 1), activity("赴英国交流", 12), activity("线上工作坊", 20)]
GOOD_PARTICIPATION = [
    ["赴爱尔兰研修", dt.date(2021, 3, 1), "在校生", "学员", 30, 10, None],
    ["赴爱尔兰研修", dt.date(2021, 3, 1), "在校生", "学员", 45, None, 48],
    ["赴英国交流", dt.date(2021, 3, 12), "专任教师", "带队", 2, 10, None],
]


@pytest.fixture
def sligo(personas: Personas) -> None:
    partner_create(
        access=personas.access(personas.alice),
        name_zh="斯莱戈理工学院",
        name_local="Institute of Technology Sligo",
        country_code="IE",
        org_type=PartnerType.UNIVERSITY,
    )


def _import(
    personas: Personas, data: bytes, *, dry_run: bool = False, user: User | None = None
) -> Outcome:
    access = personas.access(user or personas.alice)
    return run_import(ActivitiesImport(access), data, dry_run=dry_run)


def test_a_good_file_imports_activities_with_their_participation(
    personas: Personas, sligo: None
) -> None:
    outcome = _import(personas, activities_book(GOOD_ROWS, GOOD_PARTICIPATION))
    assert outcome.problems == []
    assert (outcome.created, outcome.updated, outcome.unchanged) == (3, 0, 0)
    ireland = in_alpha(Activity).get(title="赴爱尔兰研修")
    assert ireland.school == personas.alpha
    assert ireland.activity_type == "student_exchange"
    assert ireland.end_on == dt.date(2021, 3, 10)
    assert ireland.country_code == "GB"
    assert [p.name_zh for p in ireland.partners.all()] == ["斯莱戈理工学院"]
    assert ireland.department == personas.college
    access = personas.access(personas.alice)
    # 30 × 10 days + 45 × 48 class-hours ÷ 8 = 570 person-days, as in the seed report.
    assert activity_person_days(access=access, activity=ireland) == 570
    assert in_alpha(Activity).get(title="线上工作坊").participations.count() == 0
    created = in_alpha(AuditEvent).filter(
        action=AuditAction.CREATE, content_type=ContentType.objects.get_for_model(Participation)
    )
    assert created.count() == 3
    assert all(event.actor_id == personas.alice.pk for event in created)
    event = in_alpha(AuditEvent).get(
        action=AuditAction.CREATE,
        content_type=ContentType.objects.get_for_model(Activity),
        object_id=ireland.pk,
    )
    assert event.changes["title"] == [None, "赴爱尔兰研修"]
    assert event.changes["partners"] == [None, [ireland.partners.get().pk]]


def test_an_import_counts_the_months_it_wrote_before_anyone_reads_them(
    personas: Personas, sligo: None
) -> None:
    school = personas.alpha
    _import(personas, activities_book(GOOD_ROWS[:1], GOOD_PARTICIPATION[:1]), dry_run=True)
    assert not in_alpha(ParticipationTally).filter(school=school).exists()
    _import(personas, activities_book(GOOD_ROWS, GOOD_PARTICIPATION))
    assert not in_alpha(StaleMonth).filter(school=school).exists()
    tallies = in_alpha(ParticipationTally).filter(school=school, month=dt.date(2021, 3, 1))
    assert sum(tally.headcount for tally in tallies) == 30 + 45 + 2
    assert sum(tally.day_hundredths for tally in tallies) == (30 * 10 + 2 * 10) * 100
    assert sum(tally.hour_hundredths for tally in tallies) == 45 * 48 * 100


def test_a_file_with_three_bad_rows_imports_nothing_and_names_exactly_those_rows(
    personas: Personas, sligo: None
) -> None:
    rows = [activity(f"活动{i}", 1 + i) for i in range(8)]
    rows[1][1] = "参观"  # row 3: not a type
    rows[3][4] = "5/3/2021"  # row 5: a date that could be 5 March or 3 May
    rows[5][5] = dt.date(2020, 1, 1)  # row 7: ends before it starts
    before = in_alpha(AuditEvent).count()
    outcome = _import(personas, activities_book(rows))
    assert not outcome.ok
    assert [(p.sheet, p.row) for p in outcome.problems] == [
        ("交流活动", 3),
        ("交流活动", 5),
        ("交流活动", 7),
    ]
    assert outcome.problems[0].column == "B (活动类型*)"
    assert "参观" in outcome.problems[0].message
    assert outcome.problems[1].column == "E (开始日期*)"
    assert "不是日期" in outcome.problems[1].message
    assert "结束日期不能早于开始日期" in outcome.problems[2].message
    assert in_alpha(Activity).count() == 0
    assert in_alpha(AuditEvent).count() == before
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 0)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    personas: Personas, sligo: None
) -> None:
    data = activities_book(GOOD_ROWS, GOOD_PARTICIPATION)
    _import(personas, data)
    events = in_alpha(AuditEvent).count()
    rows = list(in_alpha(Participation).values_list("id", flat=True))
    outcome = _import(personas, data)
    assert outcome.ok
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 3)
    assert in_alpha(AuditEvent).count() == events
    assert list(in_alpha(Participation).values_list("id", flat=True)) == rows
    assert in_alpha(Activity).count() == 3


def test_a_changed_row_updates_its_record_with_an_audit_event(
    personas: Personas, sligo: None
) -> None:
    _import(personas, activities_book(GOOD_ROWS, GOOD_PARTICIPATION))
    changed = [list(row) for row in GOOD_ROWS]
    changed[1][3] = "线上"
    participation = [list(row) for row in GOOD_PARTICIPATION]
    participation[2][4] = 3  # three teachers, not two
    outcome = _import(personas, activities_book(changed, participation))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 2)
    britain = in_alpha(Activity).get(title="赴英国交流")
    assert britain.mode == "online"
    update = (
        in_alpha(AuditEvent)
        .filter(
            action=AuditAction.UPDATE,
            content_type=ContentType.objects.get_for_model(Activity),
            object_id=britain.pk,
        )
        .get()
    )
    assert update.changes == {"mode": ["offline", "online"]}
    assert update.actor_id == personas.alice.pk
    assert [row.headcount for row in britain.participations.all()] == [3]


def test_a_dry_run_reports_what_would_be_done_and_writes_nothing(
    personas: Personas, sligo: None
) -> None:
    events = in_alpha(AuditEvent).count()
    outcome = _import(personas, activities_book(GOOD_ROWS, GOOD_PARTICIPATION), dry_run=True)
    assert outcome.ok and not outcome.applied
    assert (outcome.rows, outcome.created) == (6, 3)
    assert "将新增 3 条" in outcome.summary()
    assert in_alpha(Activity).count() == 0
    assert in_alpha(Participation).count() == 0
    assert in_alpha(AuditEvent).count() == events


def test_participation_rows_can_be_given_for_an_activity_already_in_hezuo(
    personas: Personas, sligo: None
) -> None:
    _import(personas, activities_book(GOOD_ROWS))
    outcome = _import(personas, activities_book([], GOOD_PARTICIPATION[:2]))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 0)
    ireland = in_alpha(Activity).get(title="赴爱尔兰研修")
    days = activity_person_days(access=personas.access(personas.alice), activity=ireland)
    assert days == Decimal(570)


def test_participation_rows_of_an_unknown_activity_are_refused(
    personas: Personas, sligo: None
) -> None:
    participation = [["不存在的活动", dt.date(2021, 3, 1), "在校生", "学员", 3, 1, None]]
    outcome = _import(personas, activities_book([], participation))
    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [
        ("参与记录", 2, "A (活动名称*)")
    ]
    assert "不存在的活动" in outcome.problems[0].message


def test_a_participation_row_with_both_days_and_hours_is_refused_on_its_own_row(
    personas: Personas, sligo: None
) -> None:
    participation = [["赴爱尔兰研修", dt.date(2021, 3, 1), "在校生", "学员", 3, 2, 16]]
    outcome = _import(personas, activities_book(GOOD_ROWS, participation))
    assert [(p.sheet, p.row) for p in outcome.problems] == [("参与记录", 2)]
    assert "只能填写一项" in outcome.problems[0].message
    assert in_alpha(Activity).count() == 0


def test_a_liaison_imports_only_activities_of_their_department(
    personas: Personas, sligo: None
) -> None:
    rows = [activity("包装学院出访", 1), activity("财经学院出访", 2, department="财经商贸学院")]
    outcome = _import(personas, activities_book(rows), user=personas.lily)
    assert [(p.row, p.message) for p in outcome.problems] == [(3, "您没有执行此操作的权限。")]
    assert in_alpha(Activity).count() == 0
    outcome = _import(personas, activities_book(rows[:1]), user=personas.lily)
    assert outcome.applied and in_alpha(Activity).get().title == "包装学院出访"


def test_a_viewer_imports_nothing(personas: Personas, sligo: None) -> None:
    outcome = _import(personas, activities_book(GOOD_ROWS), user=personas.victor)
    assert [p.row for p in outcome.problems] == [2, 3, 4]
    assert in_alpha(Activity).count() == 0


def test_another_schools_partners_and_departments_are_unknown_names(
    personas: Personas, sligo: None
) -> None:
    # Oscar's access is to his own school: Alpha's partner and department are not found.
    outcome = run_import(
        ActivitiesImport(personas.access(personas.oscar, personas.beta)),
        activities_book(GOOD_ROWS[:1]),
        dry_run=False,
    )
    assert [p.column for p in outcome.problems] == ["H (合作方)", "I (牵头部门)"]
    assert "斯莱戈理工学院" in outcome.problems[0].message
    assert in_alpha(Activity).count() == 0


def test_the_same_activity_twice_in_one_file_is_refused(personas: Personas, sligo: None) -> None:
    outcome = _import(personas, activities_book([GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]]))
    assert [(p.row, p.message) for p in outcome.problems] == [
        (4, "与第 2 行是同一条记录（活动名称*、开始日期* 相同）。")
    ]


def test_a_file_longer_than_one_chunk_is_matched_chunk_by_chunk(
    personas: Personas, sligo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ActivitiesImport, "chunk_rows", 2)
    rows = [activity(f"活动{i}", 1 + i) for i in range(5)]
    participation = [
        [f"活动{i}", dt.date(2021, 3, 1 + i), "在校生", "学员", 2, 1, None] for i in range(5)
    ]
    outcome = _import(personas, activities_book(rows, participation))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (5, 0, 0)
    assert in_alpha(Participation).count() == 5
    rows[4][3] = "线上"
    again = _import(personas, activities_book(rows, participation))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 4)
    twice = _import(personas, activities_book([*rows, rows[0]]))
    assert [(p.row, p.message) for p in twice.problems] == [
        (7, "与第 2 行是同一条记录（活动名称*、开始日期* 相同）。")
    ]
