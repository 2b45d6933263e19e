"""The demo data is the two seed documents as records, and reproduces their figures."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.contrib.auth import authenticate

from hezuo.accounts.access import system_access
from hezuo.accounts.models import Membership, Role, User
from hezuo.activities.models import Activity, ActivityType, Participation
from hezuo.assistance.models import AssistanceItem, AssistanceRecord
from hezuo.construction.calculations import kpi_sentence
from hezuo.construction.models import ConstructionProject, Task
from hezuo.construction.selectors import task_completion, task_get_by_code, task_point_list
from hezuo.core.models import AuditEvent, School
from hezuo.core.review import ReviewStatus
from hezuo.demo.loader import DEMO_SCHOOLS, load_demo
from hezuo.demo.users import DEMO_PASSWORD
from hezuo.evidence.models import Evidence

pytestmark = pytest.mark.django_db


def person_days(
    school: School, activity_type: ActivityType, *, estimates: bool = False
) -> Fraction:
    """Σ person-days of a school's 2021 activities of one type that took place."""
    rows = Participation.objects.filter(
        school=school,
        activity__activity_type=activity_type,
        activity__start_on__year=2021,
        activity__is_cancelled=False,
    )
    if not estimates:
        rows = rows.filter(activity__is_estimate=False)
    return sum((row.person_days(school.hours_per_day) for row in rows), start=Fraction(0))


def torch() -> School:
    return School.objects.get(slug="zhongshan-torch")


def longgang() -> School:
    return School.objects.get(slug="shenzhen-longgang")


def test_it_creates_both_seed_schools(demo: list[School]) -> None:
    assert [school.slug for school in demo] == ["zhongshan-torch", "shenzhen-longgang"]
    assert torch().code == "4144013710"


def test_students_took_570_person_days_of_online_exchange(demo: list[School]) -> None:
    assert person_days(torch(), ActivityType.STUDENT_EXCHANGE) == 570
    exchanges = Activity.objects.filter(school=torch(), activity_type=ActivityType.STUDENT_EXCHANGE)
    assert {activity.mode for activity in exchanges} == {"online"}


def test_teachers_trained_657_person_days_online_with_macau_university(demo: list[School]) -> None:
    assert person_days(torch(), ActivityType.TEACHER_TRAINING_RECEIVED) == 657
    online = Activity.objects.get(
        school=torch(), activity_type=ActivityType.TEACHER_TRAINING_RECEIVED, is_cancelled=False
    )
    assert online.mode == "online"
    assert list(online.partners.values_list("name_zh", flat=True)) == ["澳门科技大学"]
    assert sum(row.headcount for row in online.participations.all()) == 42


def test_the_cancelled_trip_to_macau_counts_for_nothing(demo: list[School]) -> None:
    cancelled = Activity.objects.get(school=torch(), is_cancelled=True)
    assert cancelled.participations.exists()
    assert person_days(torch(), ActivityType.TEACHER_TRAINING_RECEIVED) == 657


def test_students_interned_3126_person_days_for_going_global_firms(demo: list[School]) -> None:
    assert person_days(torch(), ActivityType.STUDENT_INTERNSHIP_ABROAD) == 3126
    internship = Activity.objects.get(
        school=torch(), activity_type=ActivityType.STUDENT_INTERNSHIP_ABROAD
    )
    assert internship.partners.get().org_type == "going_global_enterprise"


def test_the_video_audience_is_3125_person_days_only_as_an_estimate(demo: list[School]) -> None:
    kind = ActivityType.INTERNATIONAL_COMMUNICATION
    broadcast = Activity.objects.get(school=torch(), activity_type=kind)
    assert broadcast.is_estimate
    assert "25000 人 × 1 课时 ÷ 8 课时/天 = 3125 人日" in broadcast.method_note
    assert person_days(torch(), kind) == 0
    assert person_days(torch(), kind, estimates=True) == 3125


def test_the_seed_evidence_items_carry_their_codes(demo: list[School]) -> None:
    codes = set(Evidence.objects.filter(school=torch()).values_list("code", flat=True))
    assert {"3.4.1", "3.4.1.1", "3.4.1.2.1", "3.4.1.2.2", "3.4.1.3", "3.4.1.4"} <= codes
    report = Evidence.objects.get(school=torch(), code="3.4.1")
    assert report.title == "2021年合作办学情况报告"


def test_paired_assistance_reproduces_the_report(demo: list[School]) -> None:
    records = AssistanceRecord.objects.filter(school=torch(), year=2021)
    shown = {
        (r.item, r.detail[:6] if r.item == "competition_award" else ""): r.display_quantity
        for r in records
    }
    assert shown[(AssistanceItem.SECONDED_CADRES, "")] == "2人"
    assert shown[(AssistanceItem.FUNDS, "")] == "117万余元"
    assert shown[(AssistanceItem.TRAINING, "")] == "近2300人"
    assert shown[(AssistanceItem.SHARED_JOBS, "")] == "约1800个"
    assert shown[(AssistanceItem.COMPETITION_AWARD, "广东省赛银奖")] == "1项"
    assert shown[(AssistanceItem.COMPETITION_AWARD, "广东省赛铜奖")] == "2项"


def test_task_9_2_has_eight_points_two_a_year_all_completed(demo: list[School]) -> None:
    access = system_access(school=longgang())
    project = ConstructionProject.objects.get(school=longgang())
    task = task_get_by_code(access=access, project=project, code="9.2")
    points = list(task_point_list(access=access, task=task))
    assert len(points) == 8
    assert [(p.year, p.sequence) for p in points] == [
        (year, seq) for year in range(2021, 2025) for seq in (1, 2)
    ]
    result = task_completion(access=access, task=task)
    assert (result.total, result.completed, result.percent) == (8, 8, 100)
    assert kpi_sentence(task_title=task.title, result=result, as_of_year=2024) == (
        "“搭建香港职业教育合作交流平台”方面共有8个任务要点，截至2024年年底，"
        "共完成8个建设任务点，任务完成率100%。"
    )


def test_task_9_2_points_carry_their_targets_and_evidence(demo: list[School]) -> None:
    task = Task.objects.get(school=longgang(), code="9.2")
    lecture = task.points.get(year=2022, sequence=1)
    assert (lecture.target_quantity, lecture.target_unit) == (Decimal(1), "次")
    assert list(lecture.evidence.values_list("title", flat=True)) == [
        "香港职业教育专家讲座方案",
        "香港职业教育专家讲座报道",
    ]
    assert task.level == "school"
    assert task.year_summaries.count() == 4
    assert task.achievements.count() == 2


def test_review_leaves_one_item_waiting_per_school(demo: list[School]) -> None:
    for school in demo:
        statuses = list(
            Evidence.objects.filter(school=school).values_list("review_status", flat=True)
        )
        assert statuses.count(ReviewStatus.SUBMITTED) == 1
        assert statuses.count(ReviewStatus.APPROVED) == len(statuses) - 1


def test_every_role_has_a_demo_user_in_each_school(demo: list[School]) -> None:
    for spec in DEMO_SCHOOLS:
        roles = set(
            Membership.objects.filter(school__slug=spec.slug).values_list("role", flat=True)
        )
        assert roles == set(Role)
    user = authenticate(username="longgang-owner", password=DEMO_PASSWORD)
    assert isinstance(user, User)


def test_loading_again_changes_nothing(demo: list[School]) -> None:
    events = AuditEvent.objects.count()
    assert load_demo() == []
    assert AuditEvent.objects.count() == events


def test_the_demo_was_written_through_audited_services(demo: list[School]) -> None:
    for model in (Activity, Participation, Evidence, AssistanceRecord):
        assert (
            AuditEvent.objects.filter(
                content_type__model=model._meta.model_name, action="create"
            ).count()
            == model.objects.count()
        )
