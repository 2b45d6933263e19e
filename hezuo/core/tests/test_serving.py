"""A serving process imports its views at start and keeps its code out of the collector's
scans (hezuo.core.serving)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.installation import HEZUO, environment

CHECK = """
import gc, sys
before = gc.get_freeze_count()
from config.{module} import application
assert before == 0, before
assert "hezuo.web.views" in sys.modules and "hezuo.api.api" in sys.modules, "views imported"
print(gc.get_freeze_count())
"""


@pytest.mark.parametrize("module", ["wsgi", "asgi"])
def test_the_served_application_starts_settled(tmp_path: Path, module: str) -> None:
    env = environment(tmp_path, DJANGO_SETTINGS_MODULE="config.settings")
    done = subprocess.run(
        [HEZUO[0], "-c", CHECK.format(module=module)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 50_000, "the code of the process is frozen"
