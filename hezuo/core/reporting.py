"""Error reporting to a Sentry server (or a compatible one), started by the settings only when
``HEZUO_SENTRY_DSN`` is set. A report says what failed and where; it carries no user identity,
no request bodies, cookies or frame variables (a record's contents stay at the school), and
every string in it passes through ``redact`` so no share token leaves the server."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from hezuo.core.logs import redact


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(item) for item in value]
    return value


def _before_send(event: Any, hint: Any) -> Any:
    return _redacted(event)


def _release() -> str | None:
    try:
        return f"hezuo@{version('hezuo')}"
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without install
        return None


def start_error_reporting(dsn: str, *, environment: str) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=_release(),
        integrations=[DjangoIntegration()],
        traces_sample_rate=0,
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "stack_frame_variables": False,
        },
        before_send=_before_send,
        before_breadcrumb=lambda crumb, hint: _redacted(crumb),
    )
