"""An update is applied to the record as stored, whatever the instance in hand holds: a bound
form's instance (which already carries the posted values) is saved and audited all the same,
a stale instance writes back nothing it was not asked to change, who may save is decided on
the stored row, and a refused change leaves the instance in hand as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse

from hezuo.accounts.access import Access
from hezuo.activities.models import Participation
from hezuo.activities.services import participations_save
from hezuo.construction.forms import TaskPointForm
from hezuo.construction.models import TaskPoint, TaskPointStatus
from hezuo.construction.services import (
    task_point_update,
)
from hezuo.core.errors import AccessDenied
from hezuo.core.models import AuditAction, AuditEvent
from hezuo.partners.forms import PartnerForm
from hezuo.partners.models import Partner, PartnerType
from hezuo.partners.services import partner_create, partner_update
from tests.personas import Personas
from tests.world import build_world


def _bound(
    form_class: type[forms.ModelForm],  # type: ignore[type-arg]
    instance: models.Model,
    access: Access,
    **posted: object,
) -> Any:
    """A form for ``instance`` posted with what it shows, ``posted`` laid over it, and
    validated (which writes the posted values onto ``instance``)."""
    shown = form_class(instance=instance, access=access)  # type: ignore[call-arg]
    values = {name: shown[name].value() for name in shown.fields} | posted
    data = {name: "" if value is None else value for name, value in values.items()}
    form = form_class(data, instance=instance, access=access)  # type: ignore[call-arg]
    assert form.is_valid(), form.errors
    return form


def _partner(access: Access) -> Partner:
    return partner_create(
        access=access, name_zh="斯莱戈理工学院", country_code="IE", org_type=PartnerType.UNIVERSITY
    )


def _updates_of(instance: models.Model) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(instance),
            object_id=instance.pk,
            action=AuditAction.UPDATE,
        ).order_by("id")
    )


def _point(personas: Personas) -> TaskPoint:
    """A point of a task owned by the office (Tom's department)."""
    return build_world(personas).point


def _values(instance: models.Model) -> dict[str, object]:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def test_a_bound_forms_instance_is_saved_and_audited(personas: Personas) -> None:
    access = personas.access(personas.alice)
    partner = _partner(access)
    form = _bound(PartnerForm, partner, access, name_zh="阿斯隆理工大学")
    assert form.instance.name_zh == "阿斯隆理工大学", "validation wrote the name on the instance"

    partner_update(access=access, partner=form.instance, **form.cleaned_data)

    assert Partner.objects.get(pk=partner.pk).name_zh == "阿斯隆理工大学"
    [event] = _updates_of(partner)
    assert event.changes == {"name_zh": ["斯莱戈理工学院", "阿斯隆理工大学"]}
    assert event.actor == personas.alice


def test_a_stale_instance_writes_back_only_what_changes(personas: Personas) -> None:
    access = personas.access(personas.alice)
    partner = _partner(access)
    elsewhere = Partner.objects.get(pk=partner.pk)
    partner_update(access=access, partner=elsewhere, notes="另一页面写下的备注")
    assert partner.notes == "", "the instance in hand has not seen that write"

    partner_update(access=access, partner=partner, website="https://www.atu.ie")

    stored = Partner.objects.get(pk=partner.pk)
    assert (stored.notes, stored.website) == ("另一页面写下的备注", "https://www.atu.ie")
    assert partner.notes == "另一页面写下的备注", "the instance now holds what is stored"
    assert _updates_of(partner)[-1].changes == {"website": ["", "https://www.atu.ie"]}


def test_a_task_owner_may_not_rewrite_a_points_text_through_a_form_that_holds_it(
    personas: Personas,
) -> None:
    point = _point(personas)
    tom = personas.access(personas.tom)
    form = _bound(TaskPointForm, point, tom, text="改写要点", status=TaskPointStatus.IN_PROGRESS)
    assert point.text == "改写要点", "validation wrote the text on the instance"
    changes = {name: value for name, value in form.cleaned_data.items() if name != "task"}

    with pytest.raises(AccessDenied):
        task_point_update(access=tom, point=form.instance, **changes)

    stored = TaskPoint.objects.get(pk=point.pk)
    assert (stored.text, stored.status) == ("专题讲座", TaskPointStatus.NOT_STARTED)
    assert _updates_of(point) == []


def test_a_task_owner_records_progress_through_a_form_that_sends_every_field(
    personas: Personas,
) -> None:
    point = _point(personas)
    tom = personas.access(personas.tom)
    form = _bound(TaskPointForm, point, tom, status=TaskPointStatus.IN_PROGRESS)
    changes = {name: value for name, value in form.cleaned_data.items() if name != "task"}
    assert set(changes) > {"status", "text"}, "the form sends back the fields it did not change"

    task_point_update(access=tom, point=form.instance, **changes)

    assert TaskPoint.objects.get(pk=point.pk).status == TaskPointStatus.IN_PROGRESS
    [event] = _updates_of(point)
    assert event.changes == {"status": [TaskPointStatus.NOT_STARTED, TaskPointStatus.IN_PROGRESS]}


def test_a_task_owners_progress_does_not_carry_a_text_the_instance_holds(
    personas: Personas,
) -> None:
    point = _point(personas)
    point.text = "改写要点"  # overwritten in hand, never saved

    task_point_update(
        access=personas.access(personas.tom), point=point, status=TaskPointStatus.IN_PROGRESS
    )

    stored = TaskPoint.objects.get(pk=point.pk)
    assert (stored.text, stored.status) == ("专题讲座", TaskPointStatus.IN_PROGRESS)
    assert point.text == "专题讲座", "the instance now holds what is stored"


def test_a_task_owner_records_progress_on_the_edit_page(personas: Personas) -> None:
    point = _point(personas)
    tom = Client()
    tom.force_login(personas.tom)
    page = reverse("web:edit", args=["alpha", "points", point.pk])
    shown = TaskPointForm(instance=point, access=personas.access(personas.tom))
    posted = {name: shown[name].value() or "" for name in shown.fields}

    refused = tom.post(page, posted | {"text": "改写要点", "status": "in_progress"})
    assert refused.status_code == 200, "the form is shown again with the refusal"
    assert TaskPoint.objects.get(pk=point.pk).status == TaskPointStatus.NOT_STARTED

    assert tom.post(page, posted | {"status": "in_progress"}).status_code == 302
    stored = TaskPoint.objects.get(pk=point.pk)
    assert (stored.text, stored.status) == ("专题讲座", TaskPointStatus.IN_PROGRESS)


def test_a_task_owner_records_progress_on_a_point_whose_text_has_several_lines(
    personas: Personas,
) -> None:
    point = _point(personas)
    # Written with plain line ends (from an Excel import or the API), posted back by a
    # browser's text area with CR LF: the text does not change, so the owner may save.
    TaskPoint.objects.filter(pk=point.pk).update(text="专题讲座\n邀请香港专家")
    tom = Client()
    tom.force_login(personas.tom)
    page = reverse("web:edit", args=["alpha", "points", point.pk])
    shown = TaskPointForm(
        instance=TaskPoint.objects.get(pk=point.pk), access=personas.access(personas.tom)
    )
    posted = {name: shown[name].value() or "" for name in shown.fields}
    posted["text"] = "专题讲座\r\n邀请香港专家"
    assert tom.post(page, posted | {"status": "in_progress"}).status_code == 302
    stored = TaskPoint.objects.get(pk=point.pk)
    assert (stored.text, stored.status) == ("专题讲座\n邀请香港专家", TaskPointStatus.IN_PROGRESS)


def test_a_refused_change_leaves_the_instance_in_hand_as_it_was(personas: Personas) -> None:
    access = personas.access(personas.alice)
    partner = _partner(access)
    before = _values(partner)

    with pytest.raises(ValidationError):
        # A new country would also change the region the model derives from it.
        partner_update(access=access, partner=partner, name_zh="", country_code="HK")

    assert _values(partner) == before
    assert _values(Partner.objects.get(pk=partner.pk)) == before
    assert _updates_of(partner) == []


def test_a_deleted_participation_is_audited_with_its_stored_values(personas: Personas) -> None:
    world = build_world(personas)
    row = world.participation
    row.headcount = 9  # a formset's row holds the posted values, deleted or not

    participations_save(
        access=personas.access(personas.alice), activity=world.activity, rows=[(row, None)]
    )

    assert not Participation.objects.filter(pk=row.pk).exists()
    event = AuditEvent.objects.filter(action=AuditAction.DELETE).latest("id")
    assert event.object_id == row.pk
    assert event.changes["headcount"] == [2, None]
