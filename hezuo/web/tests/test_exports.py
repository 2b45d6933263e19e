"""Every list exports to Excel as the user filtered and sorted it, for those who may read it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hezuo.accounts.access import system_access
from hezuo.accounts.models import User
from hezuo.activities.models import ActivityType, Direction, Mode
from hezuo.activities.services import activity_create
from hezuo.core.kinds import Kind
from hezuo.core.models import School
from hezuo.partners.models import Partner
from hezuo.records.table import KINDS
from tests.office import convert

pytestmark = pytest.mark.django_db
TORCH = "zhongshan-torch"


@pytest.fixture
def admin(client_of: Callable[[User], Client], demo: list[School]) -> Client:
    return client_of(User.objects.get(username="torch-admin"))


def workbook(response: object) -> openpyxl.Workbook:
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return openpyxl.load_workbook(io.BytesIO(content))


def url(resource: str) -> str:
    return reverse("web:export", args=[TORCH, resource])


@pytest.mark.parametrize("resource", sorted(set(KINDS) - {Kind.MEMBERS}))
def test_each_list_exports_its_columns_and_rows(admin: Client, resource: str) -> None:
    response = admin.get(url(resource))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = workbook(response).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [str(column.label) for column in KINDS[Kind(resource)].columns]
    assert len(rows) - 1 == KINDS[Kind(resource)].model.objects.filter(school__slug=TORCH).count()


def test_the_export_keeps_the_lists_filter_and_order(admin: Client, tmp_path: Path) -> None:
    filtered = admin.get(url("activities"), {"mode": "online", "o": "start_on"})
    rows = list(workbook(filtered).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert rows and all(row[3] == "线上" for row in rows)
    dates = [str(row[4]) for row in rows]
    assert dates == sorted(dates)
    path = tmp_path / "activities.xlsx"
    path.write_bytes(b"".join(admin.get(url("activities")).streaming_content))  # type: ignore[attr-defined]
    # LibreOffice opens it; UTF-8 CSV (filter options 44,34,76) to read the Chinese back.
    converted = convert(path, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    assert "交流" in converted[0].read_text(encoding="utf-8")


def test_the_export_costs_the_same_queries_for_more_rows(admin: Client) -> None:
    admin.get(url("activities"))
    with CaptureQueriesContext(connection) as before:
        admin.get(url("activities"))
    access = system_access(school=TORCH)
    partner = Partner.objects.filter(school__slug=TORCH).first()
    for index in range(5):
        activity_create(
            access=access,
            title=f"来访{index}",
            activity_type=ActivityType.VISIT_RECEPTION,
            direction=Direction.INBOUND,
            mode=Mode.OFFLINE,
            start_on=dt.date(2021, 3, 1),
            partners=[partner] if partner else [],
        )
    with CaptureQueriesContext(connection) as after:
        admin.get(url("activities"))
    assert len(after) == len(before)


def test_another_schools_lists_do_not_export(
    client_of: Callable[[User], Client], demo: list[School]
) -> None:
    outsider = client_of(User.objects.get(username="longgang-admin"))
    assert outsider.get(url("partners")).status_code == 404
    expert = client_of(User.objects.get(username="torch-expert"))
    assert expert.get(url("partners")).status_code == 403
