"""`hezuo serve`: the production server (gunicorn), on a database that is up to date.

gunicorn runs ``HEZUO_WEB_WORKERS`` processes of ``HEZUO_WEB_THREADS`` threads each; a request
taking more than ``HEZUO_WEB_TIMEOUT`` seconds is stopped; ``kill -HUP`` reloads the code
gracefully and ``kill -TERM`` lets running requests finish first (decision 0013)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from hezuo.core.logs import JsonLinesFormatter, RedactingFormatter


class RedactingLogger(Logger):  # type: ignore[misc]  # gunicorn has no type information
    """gunicorn's own lines (starting, stopping, a worker killed by its timeout) in the format of
    hezuo's (HEZUO_LOG_FORMAT), without share tokens. Requests are logged by hezuo itself, with
    their id, school and user (hezuo.web.requestlog), so gunicorn keeps no access log."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        formatter: logging.Formatter = (
            JsonLinesFormatter()
            if settings.HEZUO_LOG_FORMAT == "json"
            else RedactingFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
        )
        for handler in self.error_log.handlers:
            handler.setFormatter(formatter)


class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type information
    """gunicorn serving hezuo's WSGI application with the settings' workers and timeouts."""

    def __init__(self, bind: str) -> None:
        self.bind = bind
        super().__init__()

    def load_config(self) -> None:
        options: dict[str, Any] = {
            "bind": self.bind,
            "workers": settings.HEZUO_WEB_WORKERS,
            "threads": settings.HEZUO_WEB_THREADS,
            "worker_class": "gthread",
            "timeout": settings.HEZUO_WEB_TIMEOUT,
            "graceful_timeout": 30,
            "keepalive": 5,
            # Uploads are read whole by Django; a request may carry up to HEZUO_UPLOAD_MAX_MB.
            "limit_request_line": 8190,
            "errorlog": "-",
            "logger_class": RedactingLogger,
            # A process that ends leaves its request counts to the sum, not to the live gauges.
            "child_exit": _forget_process,
        }
        for name, value in options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        from config.wsgi import application

        return application


def _forget_process(server: Any, worker: Any) -> None:
    from prometheus_client.multiprocess import mark_process_dead

    mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def prepare_metrics_folder() -> None:
    """Each gunicorn process counts its requests into files of this folder, emptied at start,
    which /metrics adds up (hezuo.web.metrics). prometheus_client chooses how to count when it
    is first imported: this runs before anything imports it, in the process gunicorn forks."""
    folder = Path(settings.VAR_DIR) / "metrics"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
