"""What no log line may keep: the token of an expert's share link (``/share/<token>/…``), which
opens a frozen binder to whoever holds it. Both the application's log (``RedactingFormatter``,
set in the settings) and the production server's access log (``hezuo.cli.server``) pass every
line through ``redact``."""

from __future__ import annotations

import logging
import re

SHARE_TOKEN = re.compile(r"(/share/)[^/?\s\"']+")


def redact(text: str) -> str:
    return SHARE_TOKEN.sub(r"\1…", text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
