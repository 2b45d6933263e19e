"""Excel imports through the API: send, follow, import a clean check, fetch a template — with
the web's access rules."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hezuo.accounts.access import Access
from hezuo.accounts.services import api_token_create
from hezuo.imports.models import ImportRun
from hezuo.imports.tests.books import xlsx
from hezuo.jobs.services import job_run
from hezuo.partners.models import Partner
from tests.personas import Personas, in_alpha

BASE = "/api/v1/schools/alpha/imports/"
ROWS = [["中文名称*", "国家/地区*", "机构类型*"], ["斯莱戈理工学院", "爱尔兰", "高校"]]


def bearer(access: Access) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(access=access, name='导入')[1]}"}


def _send(headers: dict[str, str], data: bytes, *, commit: bool = False) -> dict[str, object]:
    response = Client().post(
        BASE,
        {"kind": "partners", "commit": commit, "file": SimpleUploadedFile("合作方.xlsx", data)},
        headers=headers,
    )
    assert response.status_code == 202, response.content
    body: dict[str, object] = response.json()
    return body


def _work(run_id: object) -> None:
    job = in_alpha(ImportRun).get(pk=int(str(run_id))).job_id
    assert job is not None
    job_run(job_id=job)


def test_a_workbook_is_checked_then_imported_as_checked(personas: Personas) -> None:
    headers = bearer(personas.access(personas.alice))
    sent = _send(headers, xlsx({"合作方": ROWS}))
    assert (sent["status"], sent["commit"], sent["outcome"]) == ("queued", False, None)
    _work(sent["id"])
    checked = Client().get(f"{BASE}{sent['id']}/", headers=headers).json()
    assert checked["status"] == "succeeded"
    assert checked["outcome"]["created"] == 1 and checked["outcome"]["problems"] == []
    assert in_alpha(Partner).count() == 0

    committed = Client().post(f"{BASE}{sent['id']}/commit/", headers=headers)
    assert committed.status_code == 202
    body = committed.json()
    assert body["commit"] is True and body["checked"] == sent["id"]
    _work(body["id"])
    done = Client().get(f"{BASE}{body['id']}/", headers=headers).json()
    assert done["outcome"]["applied"] is True
    assert in_alpha(Partner).get().name_zh == "斯莱戈理工学院"
    listed = Client().get(BASE, {"kind": "partners"}, headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [body["id"], sent["id"]]


def test_problems_come_by_sheet_row_and_column(personas: Personas) -> None:
    headers = bearer(personas.access(personas.alice))
    rows = [ROWS[0], ["某大学", "英国", "学院"]]
    sent = _send(headers, xlsx({"合作方": rows}), commit=True)
    _work(sent["id"])
    outcome = Client().get(f"{BASE}{sent['id']}/", headers=headers).json()["outcome"]
    assert outcome["applied"] is False
    assert outcome["problems"] == [
        {
            "sheet": "合作方",
            "row": 2,
            "column": "C (机构类型*)",
            "message": "“学院”不是可选的值，请从下拉列表中选择。",
        }
    ]
    again = Client().post(f"{BASE}{sent['id']}/commit/", headers=headers)
    assert again.status_code == 400 and again.json()["code"] == "refused"


def test_the_template_comes_in_the_callers_language(personas: Personas) -> None:
    headers = bearer(personas.access(personas.alice))
    response = Client().get("/api/v1/schools/alpha/import-templates/activities", headers=headers)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["填写说明", "选项", "交流活动", "参与记录"]
    english = Client().get(
        "/api/v1/schools/alpha/import-templates/activities",
        headers={**headers, "Accept-Language": "en"},
    )
    assert openpyxl.load_workbook(io.BytesIO(english.content)).sheetnames[0] == "Instructions"


def test_who_may_send_what(personas: Personas) -> None:
    viewer = bearer(personas.access(personas.victor))
    refused = Client().post(
        BASE,
        {"kind": "partners", "file": SimpleUploadedFile("a.xlsx", xlsx({"合作方": ROWS}))},
        headers=viewer,
    )
    assert refused.status_code == 403
    template = "/api/v1/schools/alpha/import-templates/partners"
    assert Client().get(template, headers=viewer).status_code == 403
    liaison = bearer(personas.access(personas.lily))
    assert Client().get(template, headers=liaison).status_code == 403
    sent = _send(bearer(personas.access(personas.alice)), xlsx({"合作方": ROWS}))
    outsider = bearer(personas.access(personas.oscar, personas.beta))
    assert Client().get(f"{BASE}{sent['id']}/", headers=outsider).status_code == 404
    beta = f"/api/v1/schools/beta/imports/{sent['id']}/"
    assert Client().get(beta, headers=outsider).status_code == 404
    assert Client().post(f"{beta}commit/", headers=outsider).status_code == 404
    unknown = Client().post(
        BASE,
        {"kind": "members", "file": SimpleUploadedFile("a.xlsx", b"x")},
        headers=bearer(personas.access(personas.alice)),
    )
    assert unknown.status_code == 422
    empty = Client().post(
        BASE,
        {"kind": "partners", "file": SimpleUploadedFile("a.xlsx", b"")},
        headers=bearer(personas.access(personas.alice)),
    )
    assert empty.status_code == 400 and "空文件" in empty.json()["detail"]
