"""Inserting many rows of one model in few statements.

Django's ``bulk_create`` compiles every value through its SQL compiler, which costs more than
the database's work when rows come by the hundred thousand (an Excel import). This writes the
same values — each field's ``pre_save`` and ``get_db_prep_save``, as ``save()`` would — into
multi-row INSERT statements, and reads the new primary keys back with RETURNING, which both
SQLite (3.35+) and PostgreSQL give in the order the rows were sent. No signals are sent and
no ``save()`` override is run, so it is only for models that have neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)

MAX_PARAMETERS = 999  # the lowest limit of the supported databases' drivers


def insert_rows(instances: Sequence[M], *, returning: bool = True) -> None:
    """Insert ``instances`` (new rows of one model); with ``returning`` each gets its pk."""
    if not instances:
        return
    model = type(instances[0])
    fields = _fields(model)
    values = [[field.pre_save(instance, True) for field in fields] for instance in instances]
    keys = insert_values(model, values, returning=returning)
    if returning:
        database = router.db_for_write(model)
        for instance, key in zip(instances, keys, strict=True):
            instance.pk = key
            instance._state.adding = False
            instance._state.db = database


def insert_values(
    model: type[models.Model], rows: Sequence[Sequence[Any]], *, returning: bool = False
) -> list[Any]:
    """Insert rows given as the Python values of the model's fields (every concrete field but
    the primary key, in order, as ``field_names`` lists them), without making instances.
    Returns the new primary keys when ``returning``."""
    if not rows:
        return []
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    pk = meta.pk
    assert pk is not None
    fields = _fields(model)
    kinds = [_plain_type(field) for field in fields]
    columns = ", ".join(quote(field.column) for field in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, MAX_PARAMETERS // len(fields))
    suffix = f" RETURNING {quote(pk.column)}" if returning else ""
    keys: list[Any] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            parameters = [
                value
                if value is None or type(value) is plain
                else field.get_db_prep_save(value, connection)
                for row in batch
                for field, plain, value in zip(fields, kinds, row, strict=True)
            ]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
                + ", ".join([row_marks] * len(batch))
                + suffix,
                parameters,
            )
            if returning:
                keys += [key for (key,) in cursor.fetchall()]
    return keys


def field_names(model: type[models.Model]) -> list[str]:
    """The attribute names of the values ``insert_values`` takes, in order."""
    return [field.attname for field in _fields(model)]


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    pk = model._meta.pk
    return [field for field in model._meta.concrete_fields if field is not pk]


def _plain_type(field: models.Field[Any, Any]) -> type | None:
    """The Python type a value of ``field`` is stored as it is (Django's own text, integer,
    boolean and foreign-key fields hand such values to the driver unchanged), so that the
    many values of an import skip Django's preparation; None for every other field."""
    if type(field).__module__.split(".")[0] != "django":
        return None  # a field of hezuo's may prepare its values in its own way
    if isinstance(field, models.ForeignKey):
        return _plain_type(field.target_field)
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.IntegerField | models.AutoField):
        return int
    if isinstance(field, models.CharField | models.TextField):
        return str
    return None
