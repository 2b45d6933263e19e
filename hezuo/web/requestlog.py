"""One log line per request, and the request's id, school and user on every line written while
serving it (hezuo.core.logs). It is the first middleware, so static files and refusals are
counted too, and the line is the installation's access log.

The request id comes from the proxy's ``X-Request-ID`` when it sent a well-formed one (so the
proxy's log and hezuo's can be matched), otherwise it is made here; either way the response
carries it back in ``X-Request-ID``, for a user to quote to the school's IT department. The
same measure feeds the Prometheus metrics (hezuo.web.metrics)."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponseBase

from hezuo.accounts.models import ApiToken
from hezuo.core.logs import bind_log_context, clear_log_context
from hezuo.web.clients import client_address
from hezuo.web.metrics import observe_request

logger = logging.getLogger("hezuo.request")

REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Asked every few seconds by the proxy and the monitoring: not worth a line each.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def _request_id(request: HttpRequest) -> str:
    given = str(request.META.get("HTTP_X_REQUEST_ID", ""))
    return given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def _user(request: HttpRequest) -> str:
    auth = getattr(request, "auth", None)  # the API's token, set while the call is handled
    if isinstance(auth, ApiToken):
        return auth.user.username
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return str(user.get_username())
    return ""


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        request_id = _request_id(request)
        context = bind_log_context(request_id=request_id)  # until the response is closed
        request.hezuo_log_context = context  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        context["user"] = _user(request)
        seconds = time.perf_counter() - started
        duration = seconds * 1000
        status = response.status_code
        observe_request(request, status, seconds)
        level = logging.ERROR if status >= 500 else logging.INFO
        logger.log(
            logging.DEBUG if request.path in QUIET_PATHS else level,
            "%s %s %s %.0fms",
            request.method,
            request.path,
            status,
            duration,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round(duration, 1),
                "client": client_address(request) or "",
            },
        )
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: dict[str, Any]
    ) -> None:
        """The URL is resolved and the session read: from here on, lines name the school and
        the signed-in user."""
        context: dict[str, str] = getattr(request, "hezuo_log_context", {})
        school = kwargs.get("school")
        if isinstance(school, str):
            context["school"] = school
        context["user"] = _user(request)


def _forget_request(**kwargs: Any) -> None:
    clear_log_context()


# Sent when the server has closed the response, in the thread that served it.
request_finished.connect(_forget_request, dispatch_uid="hezuo.web.requestlog")
