"""Health of the installation, for its proxy and its monitoring (no sign-in; nothing about any
school): ``/healthz`` answers as soon as the server does, ``/readyz`` checks what serving needs
— the database, its migrations, the file store, and a worker seen in the last minutes — and
answers 503 naming what is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hezuo.core.schema import pending_migrations
from hezuo.files.storage import store_problem
from hezuo.jobs.workers import worker_last_seen

_migrated = False  # once the database is up to date, it stays so for this process's code


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def _migrations() -> dict[str, Any]:
    global _migrated
    if not _migrated:
        pending = pending_migrations()
        if pending:
            return {"ok": False, "detail": f"{len(pending)} migrations to apply: hezuo upgrade"}
        _migrated = True
    return {"ok": True}


def _storage() -> dict[str, Any]:
    problem = store_problem()
    return {"ok": not problem, **({"detail": problem} if problem else {})}


def _worker() -> dict[str, Any]:
    seen = worker_last_seen()
    limit = dt.timedelta(minutes=settings.HEZUO_WORKER_SILENT_MINUTES)
    if seen is None or timezone.now() - seen > limit:
        return {
            "ok": False,
            "detail": f"no worker seen in the last {settings.HEZUO_WORKER_SILENT_MINUTES} minutes",
            "seen_at": seen.isoformat() if seen else None,
        }
    return {"ok": True, "seen_at": seen.isoformat()}


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict[str, Any]] = {}
    try:
        checks["database"] = _database()
    except DatabaseError as error:
        checks["database"] = {"ok": False, "detail": type(error).__name__}
    else:
        for name, check in (
            ("migrations", _migrations),
            ("storage", _storage),
            ("worker", _worker),
        ):
            try:
                checks[name] = check()
            except Exception as error:  # a check that cannot run has failed
                checks[name] = {"ok": False, "detail": type(error).__name__}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503
    )


class HealthMiddleware:
    """``/healthz`` and ``/readyz`` answered before Django looks at the Host header: a proxy or
    a container's health check asks by address (``127.0.0.1``, the container's IP), which is
    not among ``HEZUO_ALLOWED_HOSTS``, and the answers say nothing of any school."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.views: dict[str, Callable[[HttpRequest], HttpResponseBase]] = {
            "/healthz": healthz,
            "/readyz": readyz,
        }

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        view = self.views.get(request.path_info)
        return view(request) if view is not None else self.get_response(request)
