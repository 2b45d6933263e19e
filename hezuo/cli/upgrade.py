"""`hezuo upgrade`: what an installation needs after its code changed (and on its first start):
the database migrated, the static files collected under hashed names, the translations
compiled, and the file store checked. Each step says what it did; the first that fails stops it
with a message naming what to fix."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from hezuo.files.storage import store_problem


def upgrade() -> int:
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    problem = store_problem()
    if problem:
        print(f"文件存储不可用 / the file store cannot be used: {problem}", file=sys.stderr)
        return 1
    print("数据库 / database …")
    call_command("migrate", interactive=False, verbosity=1)
    print("静态文件 / static files …")
    call_command("collectstatic", interactive=False, verbosity=0)
    if _translations_to_compile():
        print("翻译 / translations …")
        # compilemessages looks for catalogues under the current folder: the code's, not the
        # installation's data folder (where a service runs, with every stored file below it).
        with contextlib.chdir(settings.BASE_DIR):
            call_command("compilemessages", verbosity=0, ignore_patterns=[".venv"])
    print("已是最新 / up to date.")
    return 0


def _translations_to_compile() -> bool:
    """Whether a catalogue is newer than its compiled file (an image or a server install
    compiles them when the code is put in place, where the running user cannot write)."""
    locale = Path(settings.BASE_DIR) / "locale"
    for catalogue in locale.glob("*/LC_MESSAGES/*.po"):
        compiled = catalogue.with_suffix(".mo")
        if not compiled.exists() or compiled.stat().st_mtime < catalogue.stat().st_mtime:
            return True
    return False
