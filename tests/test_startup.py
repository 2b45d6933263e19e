"""A domain command starts without the libraries it does not use: Django's start imports no kind
of job's work (the job registry finds the apps' jobs modules when a kind is first looked up),
no file library (each loads where a file is first read) and not the API (django-ninja and
pydantic are imported by the API's URLs only). Measured in a fresh interpreter, as a command
starts."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("openpyxl", "docx", "docxtpl", "ninja", "pydantic", "pikepdf", "pypdfium2", "typst")

PROBE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
{imports}
print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)))
"""


def _loaded(imports: str = "") -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(imports=imports, heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_django_starts_without_the_file_libraries_the_api_or_the_jobs_work() -> None:
    assert _loaded() == []


def test_a_domain_command_loads_what_it_uses_and_not_the_api() -> None:
    loaded = _loaded("import hezuo.binders.management.commands.compile_binder")
    assert {"pikepdf", "typst"} <= set(loaded), "the binder's own libraries"
    assert not {"ninja", "pydantic", "openpyxl", "docx"} & set(loaded), loaded


def test_looking_up_a_kind_of_job_finds_every_kind() -> None:
    loaded = _loaded(
        "from hezuo.jobs.kinds import registered\n"
        "assert all(registered(name) for name in "
        "('binder', 'report', 'import', 'export', 'evidence_import')), 'every kind'"
    )
    assert "openpyxl" in loaded, "the import job's work came with it"
