"""The web pages, through Django's test client: each role sees and may do what it should,
another school's pages are 404, errors stand beside their fields, lists keep their query
count however many rows they show."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from time_machine import TimeMachineFixture

from hezuo.accounts.access import system_access
from hezuo.accounts.models import Role, User
from hezuo.accounts.services import member_add
from hezuo.activities.models import Activity, Participation
from hezuo.agreements.models import Agreement
from hezuo.core.kinds import Kind
from hezuo.core.models import AuditEvent
from hezuo.partners.models import Partner, PartnerType
from hezuo.partners.services import partner_create
from hezuo.records.table import KINDS

pytestmark = pytest.mark.django_db
TORCH = "zhongshan-torch"
RESOURCE_SLUGS = sorted(KINDS)
ADMIN_ONLY = {"members"}  # users and roles are the office admin's alone


def url(name: str, *args: object) -> str:
    return reverse(f"web:{name}", args=[TORCH, *args])


def a_record(resource: str) -> int:
    model = KINDS[Kind(resource)].model
    first = model.objects.filter(school__slug=TORCH).order_by("pk").first()
    assert first is not None
    return int(first.pk)


def test_signing_in_leads_to_the_schools_dashboard(demo: None) -> None:
    client = Client()
    response = client.post(
        reverse("login"), {"username": "torch-admin", "password": "hezuo-demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("dashboard")
    assert "工作台 · 中山火炬职业技术学院" in response.content.decode()


def test_pages_need_a_signed_in_user(demo: None) -> None:
    response = Client().get(url("list", "partners"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("resource", RESOURCE_SLUGS)
def test_the_office_admin_opens_every_page(
    signed_in: Callable[[str], Client], resource: str
) -> None:
    client = signed_in("torch-admin")
    pk = a_record(resource)
    for page in (
        url("list", resource),
        url("detail", resource, pk),
        url("create", resource),
        url("edit", resource, pk),
        url("delete", resource, pk),
    ):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("resource", RESOURCE_SLUGS)
def test_another_schools_pages_are_not_found(
    signed_in: Callable[[str], Client], resource: str
) -> None:
    outsider = signed_in("longgang-admin")
    pk = a_record(resource)
    for page in (
        url("list", resource),
        url("detail", resource, pk),
        url("create", resource),
        url("edit", resource, pk),
        url("delete", resource, pk),
        url("dashboard"),
    ):
        assert outsider.get(page).status_code == 404, page
    assert outsider.post(url("delete", resource, pk)).status_code == 404
    assert KINDS[Kind(resource)].model.objects.filter(pk=pk).exists()


def test_an_unknown_resource_is_not_found(signed_in: Callable[[str], Client]) -> None:
    assert signed_in("torch-admin").get(url("list", "spaceships")).status_code == 404


@pytest.mark.parametrize("resource", RESOURCE_SLUGS)
def test_a_viewer_reads_but_may_not_change(
    signed_in: Callable[[str], Client], resource: str
) -> None:
    viewer = signed_in("torch-viewer")
    pk = a_record(resource)
    if resource in ADMIN_ONLY:
        assert viewer.get(url("list", resource)).status_code == 403
        assert viewer.get(url("detail", resource, pk)).status_code == 403
        return
    assert viewer.get(url("list", resource)).status_code == 200
    detail = viewer.get(url("detail", resource, pk))
    assert detail.status_code == 200
    assert 'data-testid="edit"' not in detail.content.decode()
    for page in (url("create", resource), url("edit", resource, pk), url("delete", resource, pk)):
        assert viewer.get(page).status_code == 403, page
    assert viewer.post(url("delete", resource, pk)).status_code == 403


def test_an_expert_sees_nothing_of_the_school(signed_in: Callable[[str], Client]) -> None:
    expert = signed_in("torch-expert")
    assert expert.get(url("list", "partners")).status_code == 403
    assert expert.get(url("dashboard")).status_code == 403


def test_creating_a_partner_goes_through_the_service(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("torch-admin")
    response = client.post(
        url("create", "partners"),
        {
            "name_zh": "新加坡理工学院",
            "name_local": "Singapore Polytechnic",
            "country_code": "SG",
            "org_type": "vocational_school",
            "status": "active",
        },
    )
    partner = Partner.objects.get(name_zh="新加坡理工学院")
    assert response.status_code == 302
    assert response["Location"] == url("detail", "partners", partner.pk)
    assert partner.region_category == "foreign"
    event = AuditEvent.objects.filter(object_id=partner.pk, action="create").latest("id")
    assert event.actor == User.objects.get(username="torch-admin")


def test_errors_stand_beside_their_fields(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("torch-admin")
    response = client.post(
        url("create", "agreements"),
        {
            "title": "备忘录",
            "kind": "mou",
            "status": "draft",
            "valid_from": "2024-01-01",
            "valid_until": "2023-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "有效期截止日期不能早于生效日期。" in page
    assert not Agreement.objects.filter(title="备忘录").exists()


def test_a_rule_only_the_service_knows_is_shown_on_the_form(
    signed_in: Callable[[str], Client],
) -> None:
    client = signed_in("torch-admin")
    response = client.post(
        url("create", "partners"),
        {
            "name_zh": "澳门科技大学",
            "country_code": "MO",
            "org_type": "university",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "本校已有同名合作方。" in response.content.decode()
    assert Partner.objects.filter(name_zh="澳门科技大学").count() == 1


def test_deleting_a_partner_in_use_explains_why_not(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("torch-admin")
    partner = Partner.objects.get(name_zh="澳门科技大学")
    response = client.post(url("delete", "partners", partner.pk))
    assert response.status_code == 200
    assert "仍被以下记录引用，不能删除" in response.content.decode()
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_a_liaison_edits_their_departments_activities_only(
    signed_in: Callable[[str], Client],
) -> None:
    liaison = signed_in("torch-liaison")  # 包装学院
    own = Activity.objects.get(title="中爱合作办学项目视频会议")
    other = Activity.objects.get(title="台湾朝阳科技大学线上研习营")
    assert liaison.get(url("edit", "activities", own.pk)).status_code == 200
    assert liaison.get(url("edit", "activities", other.pk)).status_code == 403
    assert liaison.get(url("participations", other.pk)).status_code == 403
    assert liaison.get(url("create", "partners")).status_code == 403


def test_participation_rows_are_saved_together(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("torch-admin")
    activity = Activity.objects.get(title="中爱合作办学项目视频会议")
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-person_category": "full_time_teacher",
        "form-0-role": "member",
        "form-0-headcount": "4",
        "form-0-days": "1",
        "form-1-person_category": "administrator",
        "form-1-role": "leader",
        "form-1-headcount": "2",
        "form-1-hours": "12",
    }
    response = client.post(url("participations", activity.pk), data)
    assert response.status_code == 302
    rows = Participation.objects.filter(activity=activity)
    assert sum(row.person_days(8) for row in rows) == 7
    detail = client.get(url("detail", "activities", activity.pk)).content.decode()
    assert 'data-testid="activity-person-days">7<' in detail


def test_a_participation_row_with_both_days_and_hours_is_refused(
    signed_in: Callable[[str], Client],
) -> None:
    client = signed_in("torch-admin")
    activity = Activity.objects.get(title="中爱合作办学项目视频会议")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-person_category": "student",
        "form-0-role": "trainee",
        "form-0-headcount": "3",
        "form-0-days": "1",
        "form-0-hours": "8",
    }
    response = client.post(url("participations", activity.pk), data)
    assert response.status_code == 200
    assert "天数和课时数须填写其中一项，且只能填写一项。" in response.content.decode()
    assert not Participation.objects.filter(activity=activity).exists()


def test_the_detail_page_shows_the_records_history(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("torch-admin")
    partner = Partner.objects.get(name_zh="澳门科技大学")
    client.post(
        url("edit", "partners", partner.pk),
        {
            "name_zh": "澳门科技大学",
            "country_code": "MO",
            "org_type": "university",
            "status": "active",
            "website": "https://www.must.edu.mo",
        },
    )
    page = client.get(url("detail", "partners", partner.pk)).content.decode()
    assert "https://www.must.edu.mo" in page
    assert "火炬外事管理员" in page  # who changed it
    history = page[page.index('data-testid="history"') :]
    assert "网站: — → https://www.must.edu.mo" in history  # the field by its label


def test_a_yes_no_filter_offers_yes_and_no_beside_a_blank_that_filters_nothing(
    signed_in: Callable[[str], Client],
) -> None:
    client = signed_in("torch-viewer")
    page = client.get(url("list", "activities")).content.decode()
    select = re.search(r'<select name="is_estimate".*?</select>', page, re.S)
    assert select is not None
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))
    assert options == [("unknown", "---------"), ("true", "是"), ("false", "否")]
    estimates = Activity.objects.filter(school__slug=TORCH, is_estimate=True)
    assert estimates.exists()
    filtered = client.get(url("list", "activities") + "?is_estimate=true").content.decode()
    assert '<option value="true" selected>是</option>' in filtered
    assert all(activity.title in filtered for activity in estimates)
    others = Activity.objects.filter(school__slug=TORCH, is_estimate=False)
    assert not any(f">{activity.title}</a>" in filtered for activity in others)
    blank = client.get(url("list", "activities") + "?is_estimate=unknown").content.decode()
    assert all(f">{activity.title}</a>" in blank for activity in [*estimates, *others])


def test_the_dashboard_shows_the_years_figures(
    signed_in: Callable[[str], Client], time_machine: TimeMachineFixture
) -> None:
    # The demo's 应用电子技术 agreement runs until 2027-01-31.
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    page = signed_in("torch-viewer").get(url("dashboard") + "?year=2021").content.decode()
    assert 'data-testid="person-day-total">4353<' in page  # 570 + 657 + 3126
    assert "应用电子技术专业中外合作办学协议" in page
    assert "90 天内没有到期的协议。" not in page
    time_machine.move_to(dt.datetime(2027, 2, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    page = signed_in("torch-viewer").get(url("dashboard") + "?year=2021").content.decode()
    assert "应用电子技术专业中外合作办学协议" not in page
    assert "90 天内没有到期的协议。" in page


def test_a_year_without_activities_says_so_instead_of_drawing_empty_charts(
    signed_in: Callable[[str], Client],
) -> None:
    empty = signed_in("torch-viewer").get(url("dashboard") + "?year=2030").content.decode()
    assert 'data-testid="no-activities"' in empty
    assert 'id="chart-activities"' not in empty and 'id="chart-person-days"' not in empty
    # It points to the years that have activities, with their counts.
    held = Activity.objects.filter(school__slug=TORCH, is_cancelled=False, start_on__year=2021)
    assert f'<a href="?year=2021">2021 年（{held.count()} 项）</a>' in empty
    assert held.count() > 1
    english = signed_in("torch-viewer")
    english.cookies["django_language"] = "en"
    page = english.get(url("dashboard") + "?year=2030").content.decode()
    assert f'<a href="?year=2021">2021 ({held.count()} activities)</a>' in page
    full = signed_in("torch-viewer").get(url("dashboard") + "?year=2021").content.decode()
    assert 'id="chart-activities"' in full and 'id="chart-person-days"' in full
    assert 'data-testid="no-activities"' not in full


def test_english_is_complete_in_the_chrome(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("torch-admin")
    client.cookies["django_language"] = "en"
    page = client.get(url("list", "partners")).content.decode()
    assert "Partners" in page and "Agreements" in page
    chrome = re.sub(r"<tbody>.*</tbody>", "", page, flags=re.S)  # the records are data
    chinese = set(re.findall(r"[\u4e00-\u9fff“”（），。：]+", chrome))
    # Left in Chinese on purpose: the school's and the user's names (data), and the switch
    # back to Chinese, which names its language in that language.
    assert chinese == {"中山火炬职业技术学院", "火炬外事管理员", "中文"}


@pytest.mark.parametrize("resource", RESOURCE_SLUGS)
def test_a_list_page_costs_the_same_queries_for_more_rows(
    signed_in: Callable[[str], Client], resource: str
) -> None:
    client = signed_in("torch-admin")
    client.get(url("list", resource))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as before:
        client.get(url("list", resource))
    _add_rows(resource)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url("list", resource))
    assert response.status_code == 200
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]


def _add_rows(resource: str) -> None:
    """Five more rows of ``resource``, each linked like the demo's."""
    access = system_access(school=TORCH)
    model = KINDS[Kind(resource)].model
    template = model.objects.filter(school=access.school).order_by("pk").first()
    for index in range(5):
        if resource == "members":
            member_add(access=access, username=f"new-{index}", role=Role.VIEWER)
            continue
        if resource == "partners":
            partner_create(
                access=access,
                name_zh=f"新伙伴{index}",
                country_code="SG",
                org_type=PartnerType.UNIVERSITY,
            )
            continue
        assert template is not None
        copy = model.objects.get(pk=template.pk)
        links = {f.name: list(getattr(copy, f.name).all()) for f in model._meta.many_to_many}
        copy.pk = None
        for name in ("title", "name", "counterpart"):
            if hasattr(copy, name):
                setattr(copy, name, f"{getattr(copy, name)} {index}")
        if hasattr(copy, "code"):  # codes are unique in a project
            copy.code = f"{copy.code}.{90 + index}"
        if hasattr(copy, "sequence"):  # so are a task's year and sequence
            copy.sequence = 50 + index
        copy.save()
        for name, items in links.items():
            getattr(copy, name).set(items)


def test_a_user_of_two_schools_chooses_and_switches(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("province-viewer")
    choice = client.get(reverse("web:home"))
    page = choice.content.decode()
    assert "中山火炬职业技术学院" in page and "深圳市龙岗职业技术学校" in page
    dashboard = client.get(url("dashboard")).content.decode()
    assert 'data-testid="school-switcher"' in dashboard
    assert reverse("web:dashboard", args=["shenzhen-longgang"]) in dashboard
    # the last school visited is where the next visit starts
    assert client.get(reverse("web:home"))["Location"] == url("dashboard")
    other = client.get(reverse("web:dashboard", args=["shenzhen-longgang"]))
    assert other.status_code == 200
    assert client.get(reverse("web:home"))["Location"] == reverse(
        "web:dashboard", args=["shenzhen-longgang"]
    )


def test_the_error_pages_speak_the_sites_language(signed_in: Callable[[str], Client]) -> None:
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "服务器出错了" in page and "your data is safe" in page
    missing = signed_in("torch-admin").get(url("detail", "partners", 999999))
    assert missing.status_code == 404
    assert "找不到该页面或记录。" in missing.content.decode()


def test_evidence_is_listed_in_code_order(signed_in: Callable[[str], Client]) -> None:
    page = (
        signed_in("longgang-owner")
        .get(reverse("web:list", args=["shenzhen-longgang", "evidence"]))
        .content.decode()
    )
    codes = re.findall(r">(9\.2\.\d+)</a>", page)
    assert codes == [f"9.2.{n}" for n in range(1, 18)]


def test_the_indicator_table_shows_the_years_figures(signed_in: Callable[[str], Client]) -> None:
    page = signed_in("torch-viewer").get(url("indicators") + "?year=2021").content.decode()
    for code, value in (("xn-1", 570), ("xn-2", 657), ("gjyx-3", 3126)):
        assert f'data-testid="value-{code}">{value}<' in page
    assert "声明计入“专任教师赴国（境）外指导和开展培训时间”" in page
    with_estimates = signed_in("torch-viewer").get(url("indicators") + "?year=2021&estimates=1")
    assert 'data-testid="value-xn-3">3125<' in with_estimates.content.decode()


def test_a_figure_leads_to_the_records_behind_it(signed_in: Callable[[str], Client]) -> None:
    page = signed_in("torch-viewer").get(url("indicator", "xn-2") + "?year=2021").content.decode()
    assert 'data-testid="indicator-value">657<' in page
    assert page.count("专业教师与澳门科技大学线上交流培训") >= 2  # both participation rows
    assert "42名专业教师赴澳门科技大学研习" not in page  # the cancelled plan counts for nothing


def test_the_records_behind_a_figure_come_a_page_at_a_time(
    signed_in: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("hezuo.indicators.provenance.PAGE_SIZE", 1)
    viewer = signed_in("torch-viewer")
    first = viewer.get(url("indicator", "xn-2") + "?year=2021").content.decode()
    assert "共 2 条记录，第 1 / 2 页" in first and "page=2" in first
    second = viewer.get(url("indicator", "xn-2") + "?year=2021&page=2").content.decode()
    assert "第 2 / 2 页" in second and "page=1" in second and "page=3" not in second
    rows = [re.findall(r"<tbody><tr><td>(\d+)</td>", page)[0] for page in (first, second)]
    assert len(set(rows)) == 2  # each page its own record
    english = signed_in("torch-viewer")
    english.cookies["django_language"] = "en"
    assert (
        "2 records, page 1 of 2"
        in english.get(url("indicator", "xn-2") + "?year=2021").content.decode()
    )


def test_an_override_needs_a_reason_and_only_the_office_may_make_it(
    signed_in: Callable[[str], Client],
) -> None:
    from hezuo.indicators.models import IndicatorValue

    viewer = signed_in("torch-viewer")
    denied = viewer.post(url("indicator-override", "xn-1"), {"year": "2021", "override_value": "1"})
    assert denied.status_code == 403
    admin = signed_in("torch-admin")
    admin.post(
        url("indicator-override", "xn-1"), {"year": "2021", "override_value": "600"}, follow=True
    )
    assert not IndicatorValue.objects.filter(override_value__isnull=False).exists()
    admin.post(
        url("indicator-override", "xn-1"),
        {"year": "2021", "override_value": "600", "reason": "补录线下交流"},
    )
    stored = IndicatorValue.objects.get(definition__code="xn-1", year=2021)
    assert (stored.override_value, stored.computed_value) == (600, 570)
    page = admin.get(url("indicators") + "?year=2021").content.decode()
    assert "补录线下交流" in page


def test_the_workbook_downloads_as_an_attachment(signed_in: Callable[[str], Client]) -> None:
    response = signed_in("torch-viewer").get(url("indicator-workbook") + "?year=2021")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content[:2] == b"PK"


def test_indicator_pages_of_another_school_are_not_found(
    signed_in: Callable[[str], Client],
) -> None:
    outsider = signed_in("longgang-admin")
    for page in (url("indicators"), url("indicator", "xn-1"), url("indicator-workbook")):
        assert outsider.get(page + "?year=2021").status_code == 404
    assert outsider.post(url("indicator-snapshot"), {"year": "2021"}).status_code == 404


def test_editing_an_existing_participation_row_is_saved(
    signed_in: Callable[[str], Client],
) -> None:
    client = signed_in("torch-admin")
    activity = Activity.objects.get(title="专业教师与澳门科技大学线上交流培训")
    rows = list(Participation.objects.filter(activity=activity).order_by("pk"))
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {
            f"form-{index}-id": str(row.pk),
            f"form-{index}-person_category": row.person_category,
            f"form-{index}-role": row.role,
            f"form-{index}-headcount": str(row.headcount),
            f"form-{index}-days": str(row.days),
            f"form-{index}-hours": "",
            f"form-{index}-note": row.note,
        }
    data["form-1-headcount"] = "5"  # 3 teachers joined late; 5 did
    data["form-0-DELETE"] = ""
    response = client.post(url("participations", activity.pk), data)
    assert response.status_code == 302
    rows[1].refresh_from_db()
    assert rows[1].headcount == 5
    assert sum(r.person_days(8) for r in Participation.objects.filter(activity=activity)) == 679


def test_a_participation_row_can_be_deleted(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("torch-admin")
    activity = Activity.objects.get(title="专业教师与澳门科技大学线上交流培训")
    rows = list(Participation.objects.filter(activity=activity).order_by("pk"))
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {
            f"form-{index}-id": str(row.pk),
            f"form-{index}-person_category": row.person_category,
            f"form-{index}-role": row.role,
            f"form-{index}-headcount": str(row.headcount),
            f"form-{index}-days": str(row.days),
            f"form-{index}-note": row.note,
        }
    data["form-1-DELETE"] = "on"
    assert client.post(url("participations", activity.pk), data).status_code == 302
    assert list(Participation.objects.filter(activity=activity)) == [rows[0]]
