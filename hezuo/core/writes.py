"""The three audited writes every service is built from.

Each validates with ``full_clean()`` (so database rules surface as field messages in the user's
language), saves, and records an AuditEvent — all inside the caller's atomic block. Services add
what is specific to their record (access checks, defaults, related rows) around these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from hezuo.core.audit import JsonValue, audit_record, diff, snapshot
from hezuo.core.errors import HezuoError
from hezuo.core.models import AuditAction, School

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

M = TypeVar("M", bound=models.Model)


def _school_of(instance: models.Model) -> School:
    school = getattr(instance, "school", None)
    if not isinstance(school, School):
        school = instance if isinstance(instance, School) else None
    if school is None:
        raise TypeError(f"{type(instance).__name__} has no school to audit under.")
    return school


def _set_m2m(instance: models.Model, m2m: Mapping[str, Iterable[models.Model]]) -> None:
    school = _school_of(instance)
    for name, related in m2m.items():
        items = list(related)
        foreign = [item for item in items if getattr(item, "school_id", school.pk) != school.pk]
        if foreign:
            # A link to another school's record would leak it; it is a programming error
            # because access helpers only ever hand out records of the user's school.
            raise ValidationError({name: _("不能关联其他学校的记录。")})
        getattr(instance, name).set(items)


@transaction.atomic
def create_audited(
    instance: M,
    *,
    actor: AbstractBaseUser | None,
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
) -> M:
    """Validate, insert, link many-to-many rows, and audit the creation."""
    instance.full_clean()
    instance.save(force_insert=True)
    if m2m:
        _set_m2m(instance, m2m)
    audit_record(
        school=_school_of(instance),
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        changes={name: [None, value] for name, value in snapshot(instance).items()},
    )
    return instance


@transaction.atomic
def update_audited(
    instance: M,
    *,
    actor: AbstractBaseUser | None,
    changes: Mapping[str, Any],
    allowed: Iterable[str],
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
) -> M:
    """Apply ``changes`` (only fields in ``allowed``), validate, save and audit what changed.

    Nothing is written and no event recorded when the values are what they already were.
    """
    permitted = set(allowed)
    unknown = set(changes) - permitted
    if unknown:
        raise ValueError(f"Fields not editable here: {', '.join(sorted(unknown))}")
    before = snapshot(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    if m2m:
        _set_m2m(instance, m2m)
    after = snapshot(instance)
    changed: dict[str, JsonValue] = diff(before, after)
    if changed:
        instance.save()
        audit_record(
            school=_school_of(instance),
            actor=actor,
            action=AuditAction.UPDATE,
            instance=instance,
            changes=changed,
        )
    return instance


@transaction.atomic
def delete_audited(instance: models.Model, *, actor: AbstractBaseUser | None) -> None:
    """Audit the deletion (with the values that are lost) and delete the row."""
    audit_record(
        school=_school_of(instance),
        actor=actor,
        action=AuditAction.DELETE,
        instance=instance,
        changes={name: [value, None] for name, value in snapshot(instance).items()},
    )
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError as error:
        users = sorted({str(obj) for obj in error.protected_objects})[:5]
        raise HezuoError(
            _("“%(record)s”仍被其他记录引用，不能删除：%(users)s")
            % {"record": instance, "users": "、".join(users)}
        ) from None
