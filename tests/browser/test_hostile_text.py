"""Text that is markup, stored in the records people type (names, titles, descriptions), shown
as text on every page that shows it, in a real Chromium: no payload runs (each would set
``window.__xss`` or open a dialog), and the Content-Security-Policy watcher of conftest.py
fails the test if a page put any of them in as markup the policy then refused."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Dialog, Page, expect

from hezuo.accounts.access import system_access
from hezuo.activities.models import ActivityType, Direction, Mode
from hezuo.activities.services import activity_create
from hezuo.agreements.models import AgreementKind
from hezuo.agreements.services import agreement_create
from hezuo.construction.models import ConstructionProject, Task
from hezuo.demo.loader import load_demo
from hezuo.demo.users import DEMO_PASSWORD
from hezuo.evidence.services import evidence_create
from hezuo.partners.models import PartnerType
from hezuo.partners.services import partner_create

pytestmark = pytest.mark.django_db(transaction=True)
SCHOOL = "zhongshan-torch"
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=2">',
    "<svg onload=window.__xss=3>",
    "'-alert(4)-'",
    "</title><script>window.__xss=5</script>",
    "{{7*7}}${7*7}<iframe srcdoc='<script>parent.__xss=6</script>'>",
]


@pytest.fixture
def records(live_server: object) -> dict[str, str]:
    load_demo()
    access = system_access(school=SCHOOL)
    partner = partner_create(
        access=access,
        name_zh="合作院校" + PAYLOADS[0],
        name_local="Partner " + PAYLOADS[1],
        notes=PAYLOADS[4],
        country_code="GB",
        org_type=PartnerType.UNIVERSITY,
    )
    activity = activity_create(
        access=access,
        title="交流" + PAYLOADS[2],
        activity_type=ActivityType.VISIT_RECEPTION,
        direction=Direction.INBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 5, 12),
        place=PAYLOADS[3],
        partners=[partner],
    )
    agreement = agreement_create(
        access=access, title="协议" + PAYLOADS[4], kind=AgreementKind.MOU, partners=[partner]
    )
    project = ConstructionProject.objects.filter(school__slug=SCHOOL).order_by("pk").first()
    assert project is not None
    task = Task.objects.filter(project=project).order_by("code_sort").last()
    assert task is not None
    evidence = evidence_create(
        access=access,
        project=project,
        task=task,
        code=f"{task.code}.99",
        title="材料" + PAYLOADS[5],
        description=PAYLOADS[0] + PAYLOADS[1],
    )
    base = f"{live_server.url}/s/{SCHOOL}"  # type: ignore[attr-defined]
    return {
        "dashboard": f"{base}/",
        "partners": f"{base}/partners/",
        "partner": f"{base}/partners/{partner.pk}/",
        "activities": f"{base}/activities/",
        "activity": f"{base}/activities/{activity.pk}/",
        "agreements": f"{base}/agreements/",
        "agreement": f"{base}/agreements/{agreement.pk}/",
        "evidence": f"{base}/evidence/{evidence.pk}/",
        "search": f"{base}/search/?q=材料",
        "project": f"{base}/projects/{project.pk}/tree/",
        "indicators": f"{base}/indicators/?year=2021",
        "login": f"{live_server.url}/accounts/login/",  # type: ignore[attr-defined]
    }


def test_no_stored_payload_runs_on_any_page(page: Page, records: dict[str, str]) -> None:
    dialogs: list[str] = []

    def heard(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", heard)
    page.goto(records["login"])
    page.fill("#id_username", "torch-admin")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.click("[data-testid=login]")
    shown = 0
    for name, url in records.items():
        if name == "login":
            continue
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, f"a payload ran on {name}"
        text = page.locator("body").inner_text()
        shown += sum(payload in text for payload in PAYLOADS)
    assert not dialogs, dialogs
    assert shown >= 6, "the payloads are shown as the text they are"
    expect(page.locator("body")).to_be_visible()
