"""How long one school's report waits behind another school's bulk upload, with one worker:
12 Word files uploaded by 中山火炬 (each converted by LibreOffice), then one annual report asked
for by 龙岗. Measured twice in the same run on a new SQLite installation: first come, first
served (every task at the same priority, as before hezuo.core.queues), and fair (as queued now).

    .venv/bin/python benchmarks/bench_fairness.py [FILES]

Prints the report's wait (asked → made) and the whole queue's time in each mode, and the ratio.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace import prepare

FOLDER = prepare(__doc__)  # --help, and a folder of its own removed at the end

FILES = int(sys.argv[1]) if len(sys.argv) == 2 else 12
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from hezuo.accounts.access import access_for  # noqa: E402
from hezuo.accounts.models import User  # noqa: E402
from hezuo.files.services import stored_file_save  # noqa: E402
from hezuo.reports.building import ReportScope  # noqa: E402
from hezuo.reports.kinds import ReportKind  # noqa: E402
from hezuo.reports.models import ReportFormat  # noqa: E402
from hezuo.reports.services import report_request  # noqa: E402
from tests import samples  # noqa: E402


def office(slug: str, username: str):  # type: ignore[no-untyped-def]
    return access_for(user=User.objects.get(username=username), school=slug)


def run(mode: str, round_: int) -> tuple[float, float]:
    DBTaskResult.objects.all().delete()
    torch = office("zhongshan-torch", "torch-admin")
    longgang = office("shenzhen-longgang", "longgang-admin")
    with transaction.atomic():
        for n in range(FILES):
            # Different bytes each round: a file already stored is not converted again.
            stored_file_save(
                access=torch, name=f"{n}.docx", data=samples.docx(f"{mode} {round_} 纪要 {n}")
            )
    with transaction.atomic():
        report = report_request(
            access=longgang,
            request=ReportScope(ReportKind.ANNUAL, year=2021),
            fmt=ReportFormat.DOCX,
        )
    if mode == "first come, first served":
        DBTaskResult.objects.update(priority=0, queue_name="default")
    started = time.perf_counter()
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    whole = time.perf_counter() - started
    made = DBTaskResult.objects.get(
        task_path="hezuo.jobs.tasks.run_job", args_kwargs__args=[report.job_id]
    )
    assert made.finished_at is not None
    return (made.finished_at - made.enqueued_at).total_seconds(), whole


def main() -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", "--without-files", stdout=io.StringIO())
    print(f"{FILES} Word files of one school, then another school's report; one worker")
    waits = {}
    for round_, mode in enumerate(("first come, first served", "fair")):
        wait, whole = run(mode, round_)
        waits[mode] = wait
        print(f"  {mode:<26} report waited {wait:6.1f} s   whole queue {whole:6.1f} s")
    print(f"  ratio: {waits['first come, first served'] / waits['fair']:.1f}× shorter wait")


if __name__ == "__main__":
    main()
