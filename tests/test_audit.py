"""Every service write leaves an AuditEvent naming the actor, the record and what changed.

The calls it makes, one per service, are in tests/audit_cases.py.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django.contrib.contenttypes.models import ContentType

import hezuo
from hezuo.core.models import AuditAction, AuditEvent
from hezuo.jobs import services as jobs
from hezuo.jobs.models import JobStatus
from hezuo.partners import services as partners
from hezuo.partners.models import PartnerType
from tests.audit_cases import ACTED_BY_THE_SYSTEM, CASES, NOT_AUDITED
from tests.personas import Personas
from tests.world import build_world


def _public_services() -> set[str]:
    found = set()
    for module_info in pkgutil.iter_modules(hezuo.__path__):
        try:
            module = importlib.import_module(f"hezuo.{module_info.name}.services")
        except ModuleNotFoundError:
            continue
        for name, member in inspect.getmembers(module, inspect.isfunction):
            if member.__module__ == module.__name__ and not name.startswith("_"):
                found.add(f"{module_info.name}.{name}")
    return found


def test_every_service_is_covered_by_this_audit_test() -> None:
    assert _public_services() == set(CASES) | set(NOT_AUDITED)


@pytest.mark.parametrize("service", sorted(CASES))
def test_the_service_writes_an_audit_event(personas: Personas, service: str) -> None:
    world = build_world(personas)
    world.access = personas.access(personas.alice)
    call, action = CASES[service]
    events_before = AuditEvent.objects.count()

    result = call(personas, world)

    model, pk = result if isinstance(result, tuple) else (type(result), result.pk)
    event = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=pk, action=action
    ).latest("id")
    assert AuditEvent.objects.count() > events_before
    assert event.changes, "the event records what changed"
    assert event.actor == (None if service in ACTED_BY_THE_SYSTEM else personas.alice)


def test_an_update_records_old_and_new_values(personas: Personas) -> None:
    world = build_world(personas)
    partners.partner_update(
        access=personas.access(personas.alice), partner=world.partner, website="https://vtc.edu.hk"
    )
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).latest("id")
    assert event.changes == {"website": ["", "https://vtc.edu.hk"]}


def test_an_update_that_changes_nothing_records_nothing(personas: Personas) -> None:
    world = build_world(personas)
    before = AuditEvent.objects.count()
    partners.partner_update(
        access=world.access, partner=world.partner, name_zh=world.partner.name_zh
    )
    assert AuditEvent.objects.count() == before


def test_a_rejected_write_leaves_neither_row_nor_event(personas: Personas) -> None:
    world = build_world(personas)
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the kind of error is tested elsewhere
        partners.partner_create(
            access=world.access,
            name_zh=world.partner.name_zh,
            country_code="HK",
            org_type=PartnerType.PUBLIC_BODY,
        )
    assert AuditEvent.objects.count() == before


def test_a_job_status_change_is_audited_as_the_system(personas: Personas) -> None:
    world = build_world(personas)
    job = jobs.job_create(access=world.access, kind="binder", title="汇编", params={})
    jobs.job_start(job=job)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).latest("id")
    assert event.actor is None
    assert event.changes["status"] == [JobStatus.QUEUED, JobStatus.RUNNING]
