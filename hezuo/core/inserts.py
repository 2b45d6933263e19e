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
from typing import TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)

MAX_PARAMETERS = 999  # the lowest limit of the supported databases' drivers


def insert_rows(instances: Sequence[M], *, returning: bool = True) -> None:
    """Insert ``instances`` (new rows of one model); with ``returning`` each gets its pk."""
    if not instances:
        return
    model = type(instances[0])
    meta = model._meta
    database = router.db_for_write(model)
    connection = connections[database]
    quote = connection.ops.quote_name
    pk = meta.pk
    assert pk is not None
    fields = [field for field in meta.concrete_fields if field is not pk]
    columns = ", ".join(quote(field.column) for field in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, MAX_PARAMETERS // len(fields))
    suffix = f" RETURNING {quote(pk.column)}" if returning else ""
    with connection.cursor() as cursor:
        for start in range(0, len(instances), per_statement):
            batch = instances[start : start + per_statement]
            parameters = [
                field.get_db_prep_save(field.pre_save(instance, True), connection)
                for instance in batch
                for field in fields
            ]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
                + ", ".join([row_marks] * len(batch))
                + suffix,
                parameters,
            )
            if returning:
                for instance, (key,) in zip(batch, cursor.fetchall(), strict=True):
                    instance.pk = key
                    instance._state.adding = False
                    instance._state.db = database
