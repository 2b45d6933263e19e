"""What people do in hezuo every day, in a real Chromium."""

from __future__ import annotations

import datetime as dt
import io
import re
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import FilePayload, Page, expect

from hezuo.accounts.access import system_access
from hezuo.activities.calculations import round_figure
from hezuo.activities.models import Activity, Participation
from hezuo.binders.models import Binder, BinderShareOpening
from hezuo.construction.models import ConstructionProject, TaskPoint
from hezuo.demo.loader import DEMO_SCHOOLS, load_demo
from hezuo.demo.users import DEMO_PASSWORD
from hezuo.evidence.models import Evidence
from hezuo.evidence.services import evidence_files_upload
from hezuo.files.models import StoredFile
from hezuo.files.services import stored_file_process
from hezuo.imports.models import ImportRun
from hezuo.jobs.services import job_run
from hezuo.partners.models import Partner
from hezuo.reports.models import Report
from hezuo.reports.tests.documents import docx_text
from tests import samples
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)
TORCH = "/s/zhongshan-torch"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def site(live_server: object, settings: object) -> str:
    load_demo()
    url = str(live_server.url)  # type: ignore[attr-defined]
    settings.SITE_URL = url  # type: ignore[attr-defined]  # the site's own address (share links)
    return url


def sign_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    # The page signed in to has loaded (what follows waits for what it looks at).
    with page.expect_navigation(wait_until="load"):
        page.click("[data-testid=login]")


def choose(page: Page, selector: str, label: str) -> None:
    page.select_option(selector, label=label)


def test_the_office_records_a_partner_an_agreement_and_an_activity(page: Page, site: str) -> None:
    sign_in(page, site, "torch-admin")
    expect(page.locator("h1")).to_contain_text("工作台")
    screenshot(page, "dashboard")

    page.goto(f"{site}{TORCH}/partners/")
    screenshot(page, "partners")
    page.click("[data-testid=create]")
    page.fill("#id_name_zh", "新加坡理工学院")
    page.fill("#id_name_local", "Singapore Polytechnic")
    choose(page, "#id_country_code", "SG 新加坡")
    choose(page, "#id_org_type", "职业院校")
    page.click("[data-testid=save]")
    expect(page.locator("h1")).to_have_text("新加坡理工学院")
    expect(page.locator("[data-testid=history]")).to_contain_text("创建")

    page.goto(f"{site}{TORCH}/agreements/new/")
    page.fill("#id_title", "新加坡理工学院合作备忘录")
    choose(page, "#id_kind", "框架协议/备忘录")
    page.select_option("#id_partners", label="新加坡理工学院")
    choose(page, "#id_status", "生效")
    page.fill("#id_signed_on", "2025-03-01")
    page.fill("#id_valid_from", "2025-03-01")
    page.fill("#id_valid_until", "2026-12-31")
    page.click("[data-testid=save]")
    expect(page.locator("h1")).to_have_text("新加坡理工学院合作备忘录")

    year = "2025"
    page.goto(f"{site}{TORCH}/activities/new/")
    page.fill("#id_title", "新加坡理工学院教师来校培训")
    choose(page, "#id_activity_type", "非全日制境外人员培训")
    choose(page, "#id_direction", "引进/来访")
    choose(page, "#id_mode", "线下")
    page.fill("#id_start_on", f"{year}-05-12")
    page.select_option("#id_partners", label="新加坡理工学院")
    page.click("[data-testid=save]")
    expect(page.locator("h1")).to_have_text("新加坡理工学院教师来校培训")
    screenshot(page, "activity")

    page.click("[data-testid=edit-participations]")
    row = page.locator("tr.js-row").nth(0)
    row.locator("select[name$=person_category]").select_option(label="国（境）外人员")
    row.locator("select[name$=role]").select_option(label="学员")
    row.locator("input[name$=headcount]").fill("12")
    row.locator("input[name$=days]").fill("5")
    expect(page.locator("[data-testid=person-days-total]")).to_have_text("60")
    page.click("[data-testid=save]")

    page.click("[data-testid=edit-participations]")  # a second row, in class-hours
    row = page.locator("tr.js-row").nth(1)
    row.locator("select[name$=person_category]").select_option(label="专任教师")
    row.locator("select[name$=role]").select_option(label="授课/指导")
    row.locator("input[name$=headcount]").fill("2")
    row.locator("input[name$=hours]").fill("20")
    expect(page.locator("[data-testid=person-days-total]")).to_have_text("65")
    screenshot(page, "participations")
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=activity-person-days]")).to_have_text("65")

    page.goto(f"{site}{TORCH}/?year={year}")
    expect(page.locator("[data-testid=person-day-total]")).to_have_text("65")
    expect(page.locator("[data-testid=person-days]")).to_contain_text("国（境）外人员")
    assert Activity.objects.get(title="新加坡理工学院教师来校培训").participations.count() == 2


def test_a_task_owner_changes_a_point_and_the_rate_follows(page: Page, site: str) -> None:
    sign_in(page, site, "longgang-owner")
    page.get_by_role("link", name="建设项目", exact=True).click()
    page.get_by_role("link", name="广东省高水平中职学校建设项目").click()
    page.click("[data-testid=tree]")
    expect(page.locator("[data-testid=completion-rate]")).to_have_text("100%")
    screenshot(page, "project")
    point = TaskPoint.objects.get(task__code="9.2", year=2024, sequence=2)
    page.select_option(f"[data-testid=status-{point.pk}]", label="进行中")
    expect(page.locator("[data-testid=completion-rate]")).to_have_text("88%")
    expect(page.locator("[data-testid='kpi-9.2']")).to_contain_text(
        "共完成7个建设任务点，任务完成率88%"
    )
    point.refresh_from_db()
    assert point.status == "in_progress"


def test_the_office_sets_the_class_hours_in_a_day_and_the_dashboard_follows(
    page: Page, site: str
) -> None:
    sign_in(page, site, "torch-admin")
    page.goto(f"{site}{TORCH}/?year=2021")
    total = page.locator("[data-testid=person-day-total]")
    expect(total).to_have_text("4353")  # 570 + 657 + 3126 at 8 class-hours a day
    page.locator("nav.navbar .dropdown-toggle").last.click()
    page.click("[data-testid=school-settings-link]")
    page.fill("#id_hours_per_day", "6")
    page.click("[data-testid=save]")
    expect(page.locator(".alert-success")).to_contain_text("已保存学校设置。")
    screenshot(page, "school-settings")
    rows = Participation.objects.filter(
        school__slug="zhongshan-torch",
        activity__start_on__year=2021,
        activity__is_cancelled=False,
        activity__is_estimate=False,
    )
    figure = round_figure(sum((row.person_days(6) for row in rows), start=Fraction(0)))
    page.goto(f"{site}{TORCH}/?year=2021")
    expect(total).to_have_text(f"{figure:.2f}" if figure % 1 else f"{figure:.0f}")
    assert figure != 4353


def test_every_persona_signs_in_to_what_their_role_allows(page: Page, site: str) -> None:
    for school in DEMO_SCHOOLS:
        for user in school.users:
            page.context.clear_cookies()
            sign_in(page, site, user.username)
            heading = page.locator("h1")
            if user.role == "expert":
                expect(heading).to_have_text(re.compile("403|权限"))
            else:
                expect(heading).to_contain_text("工作台")
                expect(page.locator("nav")).to_contain_text(str(school.school["name"]))


def test_english_leaves_no_chinese_in_the_chrome(page: Page, site: str) -> None:
    sign_in(page, site, "torch-admin")
    page.goto(f"{site}{TORCH}/activities/")
    page.click("[data-testid=language-en]")
    expect(page.locator("h1")).to_have_text(re.compile("Exchange activities"))
    screenshot(page, "activities-en")
    chrome = " ".join(
        [
            page.locator("nav.navbar").inner_text(),
            page.locator("h1").inner_text(),
            # The filter form's labels (its choices are the school's data, e.g. departments).
            " ".join(page.locator("main form label").all_inner_texts()),
            page.locator("thead").inner_text(),
        ]
    )
    left = set(re.findall(r"[\u4e00-\u9fff]+", chrome))
    # Data stays as it is: the school's and the user's names; the switch back names Chinese
    # in Chinese.
    assert left <= {"中山火炬职业技术学院", "火炬外事管理员", "中文"}, left


@pytest.mark.parametrize("english", [False, True])
def test_the_bar_keeps_every_menu_on_the_screen(page: Page, site: str, english: bool) -> None:
    sign_in(page, site, "torch-admin")
    if english:
        with page.expect_navigation(wait_until="load"):
            page.click("[data-testid=language-en]")
    for width in (1200, 1280, 1366, 1440, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        menu = page.locator("[data-testid=user-menu]").bounding_box()
        assert menu is not None and menu["x"] + menu["width"] <= width, (width, menu)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
    page.locator("[data-testid=user-menu]").click()
    expect(page.locator("[data-testid=signed-in-as]")).to_have_text(
        "火炬外事管理员 · 中山火炬职业技术学院"
    )
    page.set_viewport_size({"width": 1024, "height": 900})  # the bar folds into its button
    expect(page.locator("[data-testid=user-menu]")).to_be_hidden()
    page.locator(".navbar-toggler").click()
    expect(page.locator("[data-testid=user-menu]")).to_be_visible()
    expect(page.locator("[data-testid=user-menu]")).to_contain_text("火炬外事管理员")


def test_another_schools_pages_are_not_found(page: Page, site: str) -> None:
    sign_in(page, site, "longgang-admin")
    partner = Partner.objects.get(name_zh="澳门科技大学")
    for path in (
        f"{TORCH}/",
        f"{TORCH}/partners/",
        f"{TORCH}/partners/{partner.pk}/",
        f"{TORCH}/partners/{partner.pk}/edit/",
    ):
        response = page.goto(f"{site}{path}")
        assert response is not None and response.status == 404, path
        expect(page.locator("body")).not_to_contain_text("澳门科技大学")
    screenshot(page, "not-found")


def test_evidence_files_are_dropped_converted_searched_and_reviewed(page: Page, site: str) -> None:
    item = Evidence.objects.get(project__school__slug="zhongshan-torch", code="3.4.1.2.1")
    sign_in(page, site, "torch-admin")
    page.goto(f"{site}{TORCH}/evidence/{item.pk}/")
    page.evaluate(
        "() => { window.uploadProgress = [];"
        " document.body.addEventListener('htmx:xhr:progress',"
        " (e) => window.uploadProgress.push(e.detail.loaded)); }"
    )
    # Several files chosen at once; one is a web page dressed as a PDF.
    files: list[FilePayload] = [
        {"name": "到访照片.png", "mimeType": "image/png", "buffer": samples.image("PNG")},
        {"name": "邀请函.pdf", "mimeType": "application/pdf", "buffer": samples.pdf("Invite")},
        {"name": "伪装.pdf", "mimeType": "application/pdf", "buffer": b"<html>x</html>"},
    ]
    page.set_input_files("[data-testid=file-input]", files)
    expect(page.locator("[data-testid=file-row]")).to_have_count(2)
    expect(page.locator("[data-testid=upload-problem]")).to_contain_text("伪装.pdf")
    assert page.evaluate("window.uploadProgress.length") > 0, "the progress bar was fed"
    # A file dropped on the zone.
    transfer = page.evaluate_handle(
        """(text) => { const transfer = new DataTransfer();
           transfer.items.add(new File([text], '会议纪要.docx'));
           return transfer; }""",
        "not really a word file",
    )
    page.dispatch_event("[data-testid=dropzone]", "drop", {"dataTransfer": transfer})
    expect(page.locator("[data-testid=upload-problem]")).to_contain_text("会议纪要.docx")
    screenshot(page, "evidence-files")

    # The worker reads the PDF; then its words are found from the navigation bar.
    for stored in StoredFile.objects.filter(original_name="邀请函.pdf"):
        stored_file_process(stored_file=stored)
    page.set_viewport_size({"width": 1500, "height": 900})  # the bar's search box: wide screens
    page.fill("[data-testid=nav-search]", "invite")
    page.press("[data-testid=nav-search]", "Enter")
    expect(page.locator("[data-testid=search-result]")).to_have_count(1)
    expect(page.locator("[data-testid=search-result] mark")).to_have_text("Invite")
    screenshot(page, "search")

    # A reviewer sends the (approved) item back with a reason; the uploader sees it and
    # resubmits; the item is back in the reviewers' queue.
    page.context.clear_cookies()
    sign_in(page, site, "torch-reviewer")
    page.goto(f"{site}{TORCH}/evidence/{item.pk}/")
    page.fill("[data-testid=review-comment-input]", "请补充到访照片的说明")
    page.click("[data-testid=review-returned]")
    page.context.clear_cookies()
    sign_in(page, site, "torch-admin")
    page.goto(f"{site}{TORCH}/evidence/{item.pk}/")
    expect(page.locator("[data-testid=review-comment]")).to_contain_text("请补充到访照片的说明")
    page.click("[data-testid=review-submitted]")
    item.refresh_from_db()
    assert item.review_status == "submitted"
    page.context.clear_cookies()
    sign_in(page, site, "torch-reviewer")
    page.goto(f"{site}{TORCH}/")
    page.get_by_role("button", name="佐证材料", exact=True).click()
    page.click("[data-testid=review-queue]")
    expect(page.get_by_role("link", name="3.4.1.2.1")).to_be_visible()


def test_a_binder_is_checked_compiled_frozen_and_shared_with_experts(page: Page, site: str) -> None:
    access = system_access(school="shenzhen-longgang")
    for item in Evidence.objects.filter(project__school__slug="shenzhen-longgang"):
        evidence_files_upload(
            access=access, evidence=item, uploads=[(f"{item.code}.pdf", samples.pdf(item.code))]
        )
    project = ConstructionProject.objects.get(school__slug="shenzhen-longgang")
    sign_in(page, site, "longgang-admin")
    page.goto(f"{site}/s/shenzhen-longgang/projects/{project.pk}/")
    page.click("[data-testid=binders]")
    choose(page, "select[name=task]", "9.2 搭建香港职业教育合作交流平台")
    page.fill("input[name=watermark]", "仅供验收使用")
    page.click("[data-testid=check]")
    expect(page.locator("[data-testid=audit]")).to_contain_text("17")
    page.click("[data-testid=compile]")
    expect(page.locator("[data-testid=job-status]")).to_be_visible()

    # The worker compiles; the page, polling, offers the PDF.
    binder = Binder.objects.get()
    assert binder.job_id is not None
    job_run(job_id=binder.job_id)
    expect(page.locator("[data-testid=download]")).to_be_visible(timeout=10_000)
    screenshot(page, "binder")

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=freeze]")
    page.fill("input[name=label]", "省评审专家组")
    page.click("[data-testid=share-create]")
    link = page.locator("[data-testid=new-link] input").input_value()

    expert = page.context.browser.new_page()  # type: ignore[union-attr]
    expert.goto(link)
    expect(expert.locator("[data-testid=share]")).to_contain_text(
        "9.2 搭建香港职业教育合作交流平台"
    )
    with expert.expect_download() as download:
        expert.click("[data-testid=share-download]")
    assert download.value.suggested_filename.endswith(".pdf")
    screenshot(expert, "binder-share")
    expert.close()
    assert BinderShareOpening.objects.count() == 2  # the page, the download


def test_the_office_writes_a_narrative_and_gets_the_years_report(page: Page, site: str) -> None:
    sign_in(page, site, "torch-admin")
    page.goto(f"{site}{TORCH}/")
    page.click("[data-testid=nav-reports]")
    page.click("[data-testid=narratives]")
    page.select_option("select[name=year]", "2021")
    page.get_by_role("button", name="切换").click()
    page.fill("#narrative-exchanges", "因受疫情影响，学校及时调整思路策略。")
    page.click("[data-testid=save]")
    expect(page.locator("#narrative-exchanges")).to_have_value(
        "因受疫情影响，学校及时调整思路策略。"
    )

    page.click("text=报告 >> nth=0")
    page.select_option("select[name=year]", "2021")
    page.select_option("select[name=format]", "docx")
    page.click("[data-testid=build]")
    expect(page.locator("[data-testid=job-status]")).to_be_visible()

    # The worker makes it; the page, polling, offers the document.
    report = Report.objects.get()
    assert report.job_id is not None
    job_run(job_id=report.job_id)
    expect(page.locator("[data-testid=download]")).to_be_visible(timeout=10_000)
    screenshot(page, "report")
    with page.expect_download() as download:
        page.click("[data-testid=download]")
    path = download.value.path()
    content = docx_text(Path(path).read_bytes())
    assert "因受疫情影响，学校及时调整思路策略。" in content
    assert "3126人日" in content
    page.goto(f"{site}{TORCH}/reports/templates/")
    screenshot(page, "report-templates")


def test_a_liaison_fills_in_the_template_checks_it_and_imports_it(page: Page, site: str) -> None:
    sign_in(page, site, "torch-liaison")
    page.goto(f"{site}{TORCH}/activities/")
    page.click("[data-testid=import]")
    screenshot(page, "import")
    with page.expect_download() as download:
        page.click("[data-testid=import-template]")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    activities, participation = book["交流活动"], book["参与记录"]
    start = dt.date(2022, 5, 9)
    # The columns up to 国家/地区, then 合作方, 合作办学项目 and 牵头部门.
    row = ["赴新加坡交流", "学生境外交流/研修", "输出/出访", "线下", start, None, "", "新加坡"]
    activities.append([*row, "", "", "包装学院"])
    participation.append(["赴新加坡交流", dt.date(2022, 5, 9), "在校生", "学员", 12, 6])
    participation.append(["赴新加坡交流", dt.date(2022, 5, 9), "专任教师", "带队", 1, 6, 8])
    out = io.BytesIO()
    book.save(out)
    workbook = FilePayload(name="交流活动.xlsx", mimeType=XLSX, buffer=out.getvalue())

    # A check: the worker reads it; the page, polling, lists the problem on its row and column.
    page.set_input_files("[data-testid=import-file]", files=[workbook])
    page.click("[data-testid=import-check]")
    run_worker(ImportRun.objects.latest("pk"))
    expect(page.locator("[data-testid=import-summary]")).to_contain_text("有 1 处问题")
    expect(page.locator("[data-testid=import-problems]")).to_contain_text("参与记录")
    expect(page.locator("[data-testid=import-problems]")).to_contain_text("只能填写一项")
    screenshot(page, "import-problems")
    assert not Activity.objects.filter(title="赴新加坡交流").exists()

    participation.delete_rows(participation.max_row)
    participation.append(["赴新加坡交流", dt.date(2022, 5, 9), "专任教师", "带队", 1, 6])
    out = io.BytesIO()
    book.save(out)
    workbook = FilePayload(name="交流活动.xlsx", mimeType=XLSX, buffer=out.getvalue())
    page.goto(f"{site}{TORCH}/activities/import/")
    page.set_input_files("[data-testid=import-file]", files=[workbook])
    page.click("[data-testid=import-check]")
    run_worker(ImportRun.objects.latest("pk"))
    expect(page.locator("[data-testid=import-summary]")).to_contain_text("将新增 1 条")
    page.click("[data-testid=import-commit]")
    run_worker(ImportRun.objects.latest("pk"))
    expect(page.locator("[data-testid=import-summary]")).to_contain_text("导入完成")
    screenshot(page, "import-done")
    page.click("[data-testid=import-done]")
    page.click("text=赴新加坡交流")
    expect(page.locator("body")).to_contain_text("78")  # 12 × 6 + 1 × 6 person-days


def run_worker(run: ImportRun) -> None:
    assert run.job_id is not None
    job_run(job_id=run.job_id)
