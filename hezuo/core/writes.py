"""The three audited writes every service is built from.

Each validates with ``full_clean()`` (so database rules surface as field messages in the user's
language), saves, and records an AuditEvent — all inside the caller's atomic block. Services add
what is specific to their record (access checks, defaults, related rows) around these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from hezuo.core.audit import JsonValue, audit_record, audit_records, diff, snapshot
from hezuo.core.errors import HezuoError
from hezuo.core.inserts import field_names, insert_rows, insert_values
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


def stored_for_update(instance: M) -> M:
    """The row of ``instance`` as the database holds it now, locked until the transaction ends
    (where the database locks rows): what an update is decided on and compared with, whatever
    the instance in hand holds (a bound form writes the posted values onto its instance).
    Call inside the caller's atomic block."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stored_for_update must be called inside a transaction.")
    model = type(instance)
    return model._base_manager.select_for_update().get(pk=instance.pk)


def changing(stored: models.Model, changes: Mapping[str, object]) -> set[str]:
    """The fields of ``changes`` whose new value differs from what ``stored`` holds (a related
    record compared by its id): what an update really changes, so a service that lets some
    fields change and not others decides on these, not on every field a form sends back."""
    names = set()
    for name, value in changes.items():
        field = stored._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            old, new = getattr(stored, field.attname), getattr(value, "pk", value)
        else:
            old, new = getattr(stored, name), value
        if old != new:
            names.add(name)
    return names


@transaction.atomic
def update_audited(
    instance: M,
    *,
    actor: AbstractBaseUser | None,
    changes: Mapping[str, Any],
    allowed: Iterable[str],
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
    stored: M | None = None,
) -> M:
    """Apply ``changes`` (only fields in ``allowed``) to the record as stored, validate, save
    and audit what changed; ``instance`` then holds what is stored.

    The changes are compared with the stored row (``stored``, when the caller has already read
    it with ``stored_for_update``), never with the instance in hand, so an instance that already
    carries the new values is saved all the same. Nothing is written and no event recorded when
    the values are what they already were; a refused change leaves ``instance`` as it was.
    """
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Fields not editable here: {', '.join(sorted(unknown))}")
    if stored is None:
        stored = stored_for_update(instance)
    elif stored.pk != instance.pk or type(stored) is not type(instance):
        raise ValueError("stored is not the row of instance.")
    links = dict(m2m or {})
    before = snapshot(stored, m2m=links)
    for name, value in changes.items():
        setattr(stored, name, value)
    stored.full_clean()
    if links:
        _set_m2m(stored, links)
    changed: dict[str, JsonValue] = diff(before, snapshot(stored, m2m=links))
    if changed:
        stored.save()
        audit_record(
            school=_school_of(instance),  # a school never changes; the one in hand is loaded
            actor=actor,
            action=AuditAction.UPDATE,
            instance=stored,
            changes=changed,
        )
    _hold(instance, stored, links)
    return instance


def _hold(instance: M, stored: M, links: Mapping[str, object]) -> None:
    """Make ``instance`` hold the stored values (a related record it had cached goes when its
    id changed; links read before are read again)."""
    for field in instance._meta.concrete_fields:
        setattr(instance, field.attname, getattr(stored, field.attname))
    prefetched = getattr(instance, "_prefetched_objects_cache", None)
    if prefetched:
        for name in links:
            prefetched.pop(name, None)


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


BATCH_SIZE = 500


def create_audited_many(
    instances: Sequence[M],
    *,
    actor: AbstractBaseUser | None,
    trusted: Iterable[str] = (),
    m2m: Sequence[Mapping[str, Sequence[models.Model]]] | None = None,
) -> dict[int, ValidationError]:
    """Insert many new rows as ``create_audited`` would, but a batch at a time: what each row
    may hold is checked in Python (``trusted`` names the foreign keys the caller took from the
    school's own records, whose existence needs no query), the database's constraints are
    checked by the insert itself, and the audit events are inserted together.

    Returns the refused rows by their index, with their messages; the others are stored. A
    batch the database refuses is stored row by row through ``create_audited``, so each
    refused row gets the message the form would show. Call inside the caller's transaction.
    """
    if instances and type(instances[0]).save is not models.Model.save:
        raise TypeError(f"{type(instances[0]).__name__} saves with rules of its own.")
    links = list(m2m) if m2m is not None else [{} for _ in instances]
    if len(links) != len(instances):
        raise ValueError("m2m must give one mapping per instance.")
    errors: dict[int, ValidationError] = {}
    exclude = list(trusted)
    valid: list[int] = []
    for index, instance in enumerate(instances):
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors[index] = error
        else:
            valid.append(index)
    for start in range(0, len(valid), BATCH_SIZE):
        batch = valid[start : start + BATCH_SIZE]
        try:
            with transaction.atomic():
                _insert_batch([instances[i] for i in batch], [links[i] for i in batch], actor)
        except IntegrityError:
            for index in batch:
                instance = instances[index]
                instance.pk = None
                instance._state.adding = True
                try:
                    with transaction.atomic():
                        create_audited(instance, actor=actor, m2m=links[index])
                except ValidationError as error:
                    errors[index] = error
                except IntegrityError:
                    errors[index] = ValidationError(_("该行与已保存的记录冲突。"))
    return errors


def _insert_batch(
    instances: list[M],
    links: list[Mapping[str, Sequence[models.Model]]],
    actor: AbstractBaseUser | None,
) -> None:
    if not instances:
        return
    model = type(instances[0])
    school = _school_of(instances[0])
    for instance in instances:
        if _school_of(instance).pk != school.pk:
            raise ValueError("All rows of one batch belong to one school.")
    insert_rows(instances)
    for name in {name for mapping in links for name in mapping}:
        field = model._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        source = f"{field.m2m_field_name()}_id"  # type: ignore[union-attr]
        target = f"{field.m2m_reverse_field_name()}_id"  # type: ignore[union-attr]
        order = field_names(through)
        rows = []
        for instance, mapping in zip(instances, links, strict=True):
            for related in mapping.get(name, ()):
                if getattr(related, "school_id", school.pk) != school.pk:
                    raise ValidationError({name: _("不能关联其他学校的记录。")})
                values = {source: instance.pk, target: related.pk}
                rows.append([values[column] for column in order])
        insert_values(through, rows)
    audit_records(
        school=school,
        actor=actor,
        action=AuditAction.CREATE,
        entries=[
            (instance, {name: [None, value] for name, value in _created(instance, mapping)})
            for instance, mapping in zip(instances, links, strict=True)
        ],
    )


def _created(
    instance: models.Model, links: Mapping[str, Sequence[models.Model]]
) -> Iterable[tuple[str, JsonValue]]:
    """What ``snapshot`` would record of a row just inserted with these links, without a query."""
    values = snapshot(instance, m2m=False)
    for field in instance._meta.many_to_many:
        values[field.name] = sorted(related.pk for related in links.get(field.name, ()))
    return values.items()
