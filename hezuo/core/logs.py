"""How hezuo's log lines are written.

Every line is JSON (``HEZUO_LOG_FORMAT=json``, the production default) or text (``text``, the
development default), and carries the request it belongs to — its id, school and user — when
it was written while serving one (``hezuo.web.requests`` binds them for the request's thread).

No line may keep the token of an expert's share link (``/share/<token>/…``), which opens a
frozen binder to whoever holds it, nor that of a password reset link: both formatters pass
every finished line through ``redact``, and so does the production server's own log
(``hezuo.cli.server``)."""

from __future__ import annotations

import contextvars
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

# An expert's share link, and a password reset link (/accounts/password/reset/<user>/<token>/).
SECRET_IN_PATH = re.compile(r"(/share/|/accounts/password/reset/[^/?\s\"']+/)[^/?\s\"']+")
# What a line may say of its request; values are set by hezuo.web.requests.
CONTEXT_FIELDS = ("request_id", "school", "user")

_context: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "hezuo_log_context", default=None
)


def redact(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1…", text)


@contextmanager
def log_context(**fields: str) -> Iterator[dict[str, str]]:
    """Within the block, every line of this thread carries ``fields``; the dict returned may be
    completed as more becomes known."""
    fields = dict(fields)
    token = _context.set(fields)
    try:
        yield fields
    finally:
        _context.reset(token)


def bind_log_context(**fields: str) -> dict[str, str]:
    """From now until ``clear_log_context``, this thread's lines carry ``fields`` — for a
    request, whose last lines (Django's own, on a refused or failed request) are written after
    the middleware has returned."""
    fields = dict(fields)
    _context.set(fields)
    return fields


def clear_log_context() -> None:
    _context.set(None)


class ContextFilter(logging.Filter):
    """Puts the request's id, school and user on each record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = _context.get() or {}
        for name in CONTEXT_FIELDS:
            if not hasattr(record, name):
                setattr(record, name, current.get(name, ""))
        return True


class RedactingFormatter(logging.Formatter):
    """One text line: time, level, logger and message, then the request's id, school and user
    in brackets when the line was written while serving one."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        known = [str(getattr(record, name, "")) for name in CONTEXT_FIELDS]
        if known[0]:
            first, newline, rest = line.partition("\n")  # after the message, before a traceback
            line = f"{first} [{' '.join(value or '-' for value in known)}]{newline}{rest}"
        return redact(line)


class JsonLinesFormatter(JsonFormatter):
    """One JSON object per line: ``time`` (ISO 8601, UTC), ``level``, ``logger``, ``message``,
    the request's ``request_id``, ``school`` and ``user``, and whatever the line added (a
    request's ``method``, ``path``, ``status``, ``duration_ms``; a traceback as ``exc_info``)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            timestamp="time",
            rename_fields={"levelname": "level", "name": "logger"},
            # Django's request logger hands over the request object itself: not a field.
            reserved_attrs=[*RESERVED_ATTRS, "taskName", "request", "server_time"],
            json_ensure_ascii=False,
        )

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
