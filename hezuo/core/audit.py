"""The audit trail: every service write records what changed, in the same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from hezuo.core.inserts import field_names, insert_values
from hezuo.core.models import AuditAction, AuditEvent, School

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

JsonValue = None | bool | int | float | str | list[Any] | dict[str, Any]


def json_value(value: object) -> JsonValue:
    """A field value as JSON: dates as ISO text, decimals as exact text, records as their id."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        # By value, not by representation: 570 and 570.0000 (as stored) are the same figure.
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk  # type: ignore[no-any-return]
    if isinstance(value, list | tuple | set | frozenset):
        return sorted((json_value(item) for item in value), key=str)
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    return str(value)


def snapshot(instance: models.Model, *, m2m: bool | Iterable[str] = True) -> dict[str, JsonValue]:
    """The instance's stored values, keyed by field name (foreign keys as ids); with ``m2m``
    its many-to-many links too (all of them, or those named).

    Bookkeeping fields (id, timestamps) are left out: they change on every save and say nothing.
    Derived texts (non-editable text fields such as a file's extracted words) are recorded by
    length and hash, so a change shows without copying a whole document into the log.
    """
    values: dict[str, JsonValue] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"id", "created_at", "updated_at"}:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.TextField) and not field.editable and value:
            digest = hashlib.sha256(str(value).encode()).hexdigest()[:16]
            values[field.name] = {"chars": len(str(value)), "sha256": digest}
            continue
        values[field.name] = json_value(value)
    if m2m is False or instance.pk is None:
        return values
    names = None if m2m is True else set(m2m)
    for m2m_field in instance._meta.many_to_many:
        if names is None or m2m_field.name in names:
            related = getattr(instance, m2m_field.name).values_list("pk", flat=True)
            values[m2m_field.name] = sorted(related)
    return values


def diff(before: dict[str, JsonValue], after: dict[str, JsonValue]) -> dict[str, JsonValue]:
    """``{field: [old, new]}`` for every field whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def audit_record(
    *,
    school: School,
    actor: AbstractBaseUser | None,
    action: AuditAction,
    instance: models.Model,
    changes: dict[str, JsonValue],
) -> AuditEvent:
    """Write one audit event; call it inside the service's transaction."""
    return AuditEvent.objects.create(
        school=school,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        changes=changes,
    )


def audit_records(
    *,
    school: School,
    actor: AbstractBaseUser | None,
    action: AuditAction,
    entries: list[tuple[models.Model, dict[str, JsonValue]]],
) -> None:
    """Write the audit events of many records of one kind at once (their changes given)."""
    if not entries:
        return
    common = {
        "school_id": school.pk,
        "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
        "action": action,
        "content_type_id": ContentType.objects.get_for_model(
            entries[0][0], for_concrete_model=True
        ).pk,
        "created_at": timezone.now(),
    }
    names = field_names(AuditEvent)
    rows = []
    for instance, changes in entries:
        values = {
            **common,
            "object_id": instance.pk,
            "object_repr": str(instance)[:200],
            "changes": changes,
        }
        rows.append([values[name] for name in names])
    insert_values(AuditEvent, rows)
