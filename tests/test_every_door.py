"""Every kind of record through every door: the office admin creates, reads, changes and deletes
one of each kind through the web forms and through the API, and another school's admin is
refused at both. The kinds are the table of ``hezuo.records``: a kind added there without its
case here fails."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import DepartmentKind, Role
from hezuo.accounts.services import api_token_create
from hezuo.activities.models import ActivityType, Direction, Mode, OutcomeKind
from hezuo.agreements.models import AgreementKind, AgreementStatus
from hezuo.assistance.models import Approximation, AssistanceItem, AssistanceKind
from hezuo.construction.models import ProjectKind, TaskLevel, TaskPointStatus
from hezuo.core.kinds import Kind
from hezuo.core.models import AuditAction, AuditEvent
from hezuo.evidence.models import EvidenceKind
from hezuo.indicators.models import FormulaKind, IndicatorUnit, ReportFamily
from hezuo.partners.models import PartnerStatus, PartnerType
from hezuo.programmes.models import ProgrammeForm, ProgrammeStatus
from hezuo.records.table import KINDS
from tests.personas import Personas
from tests.world import World, build_world

Values = Callable[[World], dict[str, Any]]


# Per kind: a new record's fields (only those it must have: every optional list left out), and
# a change to one of its fields (the field, its new value).
NEW: dict[Kind, Values] = {
    Kind.PARTNERS: lambda w: {
        "name_zh": "新加坡理工学院",
        "country_code": "SG",
        "org_type": PartnerType.VOCATIONAL_SCHOOL,
        "status": PartnerStatus.ACTIVE,
    },
    Kind.AGREEMENTS: lambda w: {
        "title": "学分互认协议",
        "kind": AgreementKind.CREDIT_RECOGNITION,
        "status": AgreementStatus.DRAFT,
    },
    Kind.PROGRAMMES: lambda w: {
        "name": "中新合作机电专业",
        "form": ProgrammeForm.SINO_FOREIGN_PROGRAMME,
        "status": ProgrammeStatus.PREPARING,
    },
    Kind.ACTIVITIES: lambda w: {
        "title": "新加坡理工学院来访",
        "activity_type": ActivityType.VISIT_RECEPTION,
        "direction": Direction.INBOUND,
        "mode": Mode.OFFLINE,
        "start_on": "2022-03-01",
    },
    Kind.OUTCOMES: lambda w: {
        "activity": w.activity.pk,
        "kind": OutcomeKind.AWARD,
        "title": "技能大赛二等奖",
    },
    Kind.ASSISTANCE_RECORDS: lambda w: {
        "assistance": w.assistance.pk,
        "year": 2022,
        "item": AssistanceItem.TRAINING,
        "quantity": "40",
        "unit": "人次",
        "approximation": Approximation.EXACT,
    },
    Kind.PAIRINGS: lambda w: {
        "counterpart": "河源职业技术学院",
        "kind": AssistanceKind.PROVINCIAL_PAIRING,
        "start_on": "2022-01-01",
    },
    Kind.PROJECTS: lambda w: {
        "name": "双高计划建设项目",
        "kind": ProjectKind.NATIONAL_DOUBLE_HIGH,
        "period_start_year": 2019,
        "period_end_year": 2023,
    },
    Kind.TASKS: lambda w: {
        "project": w.project.pk,
        "parent": w.task.parent_id,
        "code": "9.3",
        "title": "开展国际认证",
        "level": TaskLevel.SCHOOL,
    },
    Kind.TASK_POINTS: lambda w: {
        "task": w.task.pk,
        "year": 2023,
        "sequence": 1,
        "text": "举办职业教育论坛",
        "status": TaskPointStatus.NOT_STARTED,
    },
    Kind.EVIDENCE: lambda w: {
        "project": w.project.pk,
        "task": w.task.pk,
        "code": "9.2.7",
        "title": "论坛通知",
        "kind": EvidenceKind.NOTICE_OR_PLAN,
    },
    Kind.MEMBERS: lambda w: {"username": "nina", "role": Role.VIEWER},
    Kind.DEPARTMENTS: lambda w: {"name": "机电学院", "kind": DepartmentKind.COLLEGE},
    Kind.INDICATOR_DEFINITIONS: lambda w: {
        "code": "xn-20",
        "name": "教师境外研修人日",
        "unit": IndicatorUnit.PERSON_DAY,
        "report_family": ReportFamily.SCHOOL,
        "valid_from_year": 2021,
        "formula_kind": FormulaKind.SUM_PERSON_DAYS,
        "hours_per_day": 8,
        "sequence": 20,
    },
}
CHANGE: dict[Kind, tuple[str, Any]] = {
    Kind.PARTNERS: ("name_local", "Singapore Polytechnic"),
    Kind.AGREEMENTS: ("notes", "待签署"),
    Kind.PROGRAMMES: ("major", "机电一体化技术"),
    Kind.ACTIVITIES: ("place", "学校国际交流中心"),
    Kind.OUTCOMES: ("grade", "二等奖"),
    Kind.ASSISTANCE_RECORDS: ("detail", "教师培训"),
    Kind.PAIRINGS: ("notes", "对口帮扶"),
    Kind.PROJECTS: ("round", "第一轮"),
    Kind.TASKS: ("narrative", "已完成认证申请。"),
    Kind.TASK_POINTS: ("narrative", "论坛于五月举行。"),
    Kind.EVIDENCE: ("description", "论坛的通知与议程"),
    Kind.MEMBERS: ("is_active", False),
    Kind.DEPARTMENTS: ("name", "机电工程学院"),
    Kind.INDICATOR_DEFINITIONS: ("name", "专任教师境外研修人日"),
}


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def test_every_kind_has_its_case() -> None:
    assert set(NEW) == set(CHANGE) == set(KINDS) == set(Kind)


def _posted(values: dict[str, Any]) -> dict[str, Any]:
    """Fields as a browser posts them: a flag that is off is left out."""
    return {name: value for name, value in values.items() if value is not False}


def _stored(kind: Kind, pk: int) -> models.Model | None:
    found: models.Model | None = KINDS[kind].model._default_manager.filter(pk=pk).first()
    return found


def _value(record: models.Model, name: str) -> Any:
    value = getattr(record, name)
    return value if isinstance(value, bool | int) or value is None else str(value)


def _updates(record: models.Model) -> int:
    return AuditEvent.objects.filter(
        object_id=record.pk,
        content_type__model=record._meta.model_name,
        action=AuditAction.UPDATE,
    ).count()


@pytest.mark.parametrize("kind", sorted(Kind), ids=str)
def test_the_office_keeps_each_kind_through_the_web_forms(
    kind: Kind, personas: Personas, world: World
) -> None:
    office = Client()
    office.force_login(personas.alice)

    def page(name: str, *args: object) -> str:
        return reverse(f"web:{name}", args=["alpha", kind, *args])

    assert office.get(page("create")).status_code == 200
    created = office.post(page("create"), _posted(NEW[kind](world)))
    assert created.status_code == 302, created.content.decode()
    match = re.fullmatch(rf"/s/alpha/{kind}/(\d+)/", created["Location"])
    assert match is not None, created["Location"]
    record = _stored(kind, int(match.group(1)))
    assert record is not None
    assert office.get(created["Location"]).status_code == 200

    field, value = CHANGE[kind]
    form = office.get(page("edit", record.pk))
    assert form.status_code == 200
    values = {**NEW[kind](world), **{field: value}}
    changed = office.post(page("edit", record.pk), _posted(values))
    assert changed.status_code == 302, changed.content.decode()
    record.refresh_from_db()
    assert _value(record, field) == value
    assert _updates(record) == 1

    deleted = office.post(page("delete", record.pk))
    assert deleted.status_code == 302
    assert _stored(kind, record.pk) is None


@pytest.mark.parametrize("kind", sorted(Kind), ids=str)
def test_the_office_keeps_each_kind_through_the_api(
    kind: Kind, personas: Personas, world: World
) -> None:
    token = api_token_create(access=personas.access(personas.alice), name="每种记录")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    base = f"/api/v1/schools/alpha/{kind}/"

    created = client.post(base, NEW[kind](world), content_type="application/json")
    assert created.status_code == 201, created.content.decode()
    body = created.json()
    record = _stored(kind, body["id"])
    assert record is not None
    if kind != Kind.EVIDENCE:  # read with its files by the evidence endpoints
        assert client.get(f"{base}{record.pk}/").json() == body

    unchanged = client.patch(f"{base}{record.pk}/", {}, content_type="application/json")
    assert unchanged.status_code == 200, unchanged.content.decode()
    assert unchanged.json() == body and _updates(record) == 0

    field, value = CHANGE[kind]
    changed = client.patch(f"{base}{record.pk}/", {field: value}, content_type="application/json")
    assert changed.status_code == 200, changed.content.decode()
    assert changed.json()[field] == value
    assert {**changed.json(), field: body[field]} == {**body, "label": changed.json()["label"]}
    assert _updates(record) == 1

    assert client.delete(f"{base}{record.pk}/").status_code == 204
    assert _stored(kind, record.pk) is None


@pytest.mark.parametrize("kind", sorted(Kind), ids=str)
def test_another_schools_admin_is_refused_at_both_doors(
    kind: Kind, personas: Personas, world: World
) -> None:
    rows = KINDS[kind].model._default_manager.filter(school__slug="alpha")
    before = rows.count()
    outsider = Client()
    outsider.force_login(personas.oscar)
    assert outsider.get(reverse("web:create", args=["alpha", kind])).status_code == 404
    posted = outsider.post(reverse("web:create", args=["alpha", kind]), _posted(NEW[kind](world)))
    assert posted.status_code == 404
    token = api_token_create(access=personas.access(personas.oscar, personas.beta), name="外校")[1]
    api = Client(headers={"Authorization": f"Bearer {token}"})
    response = api.post(
        f"/api/v1/schools/alpha/{kind}/", NEW[kind](world), content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert rows.count() == before
