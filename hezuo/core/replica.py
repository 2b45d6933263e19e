"""Reads from a PostgreSQL replica (``HEZUO_DATABASE_REPLICA_URL``), for installations that
spread a province's load: while a request that only reads is served
(``hezuo.web.replica``), the ORM reads from the replica — except

- what a transaction reads (it must see its own writes and lock what it will change: an atomic
  block, ``select_for_update``, ``get_or_create`` read the primary),
- sessions (a user who has just signed in must find the session the primary has just written,
  whatever the replica's lag).

Every write goes to the primary, and only the primary is migrated. Raw SQL on
``django.db.connection`` (the monthly tallies) is the primary's."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

REPLICA = "replica"
PRIMARY_ONLY = frozenset({"sessions"})

_reading = contextvars.ContextVar("hezuo_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not _reading.get() or model._meta.app_label in PRIMARY_ONLY:
            return None
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: one database

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
