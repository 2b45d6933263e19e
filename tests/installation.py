"""A new installation of hezuo for the tests that run its commands in processes of their own
(``hezuo upgrade``, ``hezuo serve``, ``hezuo manage check``): SQLite and files in a folder of
its own, and none of the test run's own environment (its database, its settings, the browser
tests' allowance for blocking calls in async code)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HEZUO = [sys.executable, "-m", "hezuo.cli"]
LEFT_OUT = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def environment(var: Path, **settings: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("HEZUO_") and key not in LEFT_OUT
    }
    env.update(HEZUO_VAR_DIR=str(var), HEZUO_DEBUG="0", **settings)
    return env
