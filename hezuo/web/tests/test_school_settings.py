"""The office admin keeps the school's settings and its departments on their own pages; every
other role is refused, another school's admin finds nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import Department
from hezuo.activities.calculations import round_figure
from hezuo.activities.models import Participation
from hezuo.core.models import AuditEvent, School

pytestmark = pytest.mark.django_db
TORCH = "zhongshan-torch"


def url(name: str, *args: object) -> str:
    return reverse(f"web:{name}", args=[TORCH, *args])


def settings_of(**changes: object) -> dict[str, object]:
    """The settings form as the school has it, with ``changes``."""
    school = School.objects.get(slug=TORCH)
    values: dict[str, object] = {
        "name": school.name,
        "name_en": school.name_en,
        "code": school.code,
        "stage": school.stage,
        "province": school.province,
        "hours_per_day": school.hours_per_day,
    }
    if school.completion_needs_approved_evidence:
        values["completion_needs_approved_evidence"] = "on"
    values.update(changes)
    return values


def person_day_total(client: Client) -> Decimal:
    page = client.get(url("dashboard") + "?year=2021").content.decode()
    found = re.search(r'data-testid="person-day-total">([\d.]+)<', page)
    assert found is not None
    return Decimal(found.group(1))


def test_the_office_admin_changes_the_class_hours_in_a_day_and_the_figures_follow(
    signed_in: Callable[[str], Client],
) -> None:
    client = signed_in("torch-admin")
    assert person_day_total(client) == 4353  # 570 + 657 + 3126, at 8 class-hours a day

    response = client.post(url("school-settings"), settings_of(hours_per_day=6), follow=True)

    assert "已保存学校设置。" in response.content.decode()
    assert School.objects.get(slug=TORCH).hours_per_day == 6
    rows = Participation.objects.filter(
        school__slug=TORCH,
        activity__start_on__year=2021,
        activity__is_cancelled=False,
        activity__is_estimate=False,
    )
    expected = sum((row.person_days(6) for row in rows), start=Fraction(0))
    assert expected != 4353
    assert person_day_total(client) == round_figure(expected)
    event = AuditEvent.objects.filter(object_id=School.objects.get(slug=TORCH).pk).latest("pk")
    assert event.changes == {"hours_per_day": [8, 6]}
    history = client.get(url("school-settings")).content.decode().split('data-testid="history"')[1]
    assert "每日课时数: 8 → 6" in history


def test_the_approval_rule_is_switched_on_here(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("torch-admin")
    client.post(url("school-settings"), settings_of(completion_needs_approved_evidence="on"))
    assert School.objects.get(slug=TORCH).completion_needs_approved_evidence is True
    client.post(url("school-settings"), settings_of(completion_needs_approved_evidence=""))
    assert School.objects.get(slug=TORCH).completion_needs_approved_evidence is False
    history = client.get(url("school-settings")).content.decode().split('data-testid="history"')[1]
    assert "完成须有已通过的佐证: 否 → 是" in history and "完成须有已通过的佐证: 是 → 否" in history


def test_a_bad_value_is_explained_beside_its_field_and_nothing_is_saved(
    signed_in: Callable[[str], Client],
) -> None:
    client = signed_in("torch-admin")
    page = client.post(url("school-settings"), settings_of(hours_per_day=0, province="广东"))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="error-hours_per_day"' in text
    assert "省份代码应为 2 位数字" in text
    client.cookies["django_language"] = "en"
    english = client.post(url("school-settings"), settings_of(province="广东")).content.decode()
    assert 'data-testid="error-province"' in english
    assert "省份代码" not in english
    school = School.objects.get(slug=TORCH)
    assert (school.hours_per_day, school.province) == (8, "44")


@pytest.mark.parametrize("username", ["torch-viewer", "torch-liaison", "torch-reviewer"])
def test_only_the_office_admin_keeps_the_settings(
    signed_in: Callable[[str], Client], username: str
) -> None:
    client = signed_in(username)
    assert client.get(url("school-settings")).status_code == 403
    assert client.post(url("school-settings"), settings_of(hours_per_day=6)).status_code == 403
    assert School.objects.get(slug=TORCH).hours_per_day == 8
    assert "school-settings-link" not in client.get(url("dashboard")).content.decode()


def test_another_schools_admin_finds_no_settings(signed_in: Callable[[str], Client]) -> None:
    outsider = signed_in("longgang-admin")
    assert outsider.get(url("school-settings")).status_code == 404
    assert outsider.post(url("school-settings"), settings_of(hours_per_day=6)).status_code == 404
    assert School.objects.get(slug=TORCH).hours_per_day == 8


def test_the_office_admin_adds_renames_and_removes_a_department(
    signed_in: Callable[[str], Client],
) -> None:
    client = signed_in("torch-admin")
    made = client.post(
        url("create", "departments"), {"name": "智能制造学院", "kind": "college"}, follow=True
    )
    assert "已创建“智能制造学院”" in made.content.decode()
    department = Department.objects.get(school__slug=TORCH, name="智能制造学院")

    client.post(
        url("edit", "departments", department.pk), {"name": "智能制造学院（新）", "kind": "college"}
    )
    department.refresh_from_db()
    assert department.name == "智能制造学院（新）"

    twin = client.post(
        url("create", "departments"), {"name": "智能制造学院（新）", "kind": "college"}
    )
    assert "本校已有同名部门。" in twin.content.decode()

    client.post(url("delete", "departments", department.pk))
    assert not Department.objects.filter(pk=department.pk).exists()


def test_a_department_with_people_or_records_is_not_deleted(
    signed_in: Callable[[str], Client],
) -> None:
    client = signed_in("torch-admin")
    college = Department.objects.get(school__slug=TORCH, name="包装学院")
    page = client.post(url("delete", "departments", college.pk)).content.decode()
    assert "仍被其他记录引用，不能删除" in page
    assert "火炬二级学院联络员 · 二级学院联络员" in page  # the liaison is among them
    assert Department.objects.filter(pk=college.pk).exists()


def test_a_liaison_may_not_add_a_department(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("torch-liaison")
    response = client.post(url("create", "departments"), {"name": "新学院", "kind": "college"})
    assert response.status_code == 403
    assert not Department.objects.filter(name="新学院").exists()
