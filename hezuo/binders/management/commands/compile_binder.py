"""`hezuo compile_binder --school SLUG --task 9.2 --output FILE.pdf`: an evidence binder, with a
progress bar; the warnings (files that became placeholder pages) are listed at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from hezuo.accounts.access import system_access
from hezuo.binders.compiling import BinderOptions, make_binder
from hezuo.binders.plan import binder_plan, scope_for
from hezuo.core.commands import WorkCommand
from hezuo.core.errors import HezuoError
from hezuo.files.typesetting import TypesettingError
from hezuo.jobs.progress import Cancelled


class Command(WorkCommand):
    help = (
        "Compile an evidence binder (PDF) for a task, a project or one year of it, or export "
        "its evidence tree as a ZIP of folders."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument("--task", help="a task code, e.g. 9.2 (the whole project without)")
        parser.add_argument("--project", type=int, help="project id (when the code is ambiguous)")
        parser.add_argument("--year", type=int, help="only this year's points and evidence")
        parser.add_argument("--watermark", default="", help='e.g. "仅供验收使用"')
        parser.add_argument("--no-page-numbers", action="store_true")
        parser.add_argument("--approved-only", action="store_true", help="approved evidence only")
        parser.add_argument(
            "--format",
            choices=["pdf", "zip"],
            default="pdf",
            help="pdf: the binder; zip: the evidence tree as folders with code-prefixed names",
        )
        parser.add_argument("--output", required=True, type=Path, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"].resolve()
        if not output.parent.is_dir():
            raise CommandError(_("输出目录不存在：%(path)s") % {"path": output.parent})
        try:
            access = system_access(school=options["school"])
            scope = scope_for(
                access=access,
                task_code=options["task"],
                project_id=options["project"],
                year=options["year"],
                approved_only=options["approved_only"],
            )
            plan = binder_plan(access=access, scope=scope)
        except HezuoError as error:
            raise CommandError(error.message) from None
        console = Console(stderr=True)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
            job = bar.add_task(plan.title, total=100)

            def progress(percent: int, line: str) -> bool:
                bar.update(job, completed=percent)
                return True

            try:
                made = make_binder(
                    plan,
                    folder=options["format"] == "zip",
                    options=BinderOptions(
                        page_numbers=not options["no_page_numbers"],
                        watermark=options["watermark"],
                    ),
                    output=output,
                    progress=progress,
                )
            except (TypesettingError, Cancelled) as error:
                raise CommandError(str(error)) from None
        for code, name, problem in made.warnings:
            shown = f" {name}" if name else ""
            self.stderr.write(
                _("警告：%(code)s%(name)s：%(problem)s")
                % {"code": code, "name": shown, "problem": problem}
            )
        figures = {
            "path": output,
            "size": made.size / 1_000_000,
            "warnings": len(made.warnings),
        }
        if made.pages is None:
            self.stdout.write(
                _("已生成 %(path)s：%(files)d 个文件，%(size).1f MB，%(warnings)d 条警告。")
                % {**figures, "files": made.files}
            )
        else:
            self.stdout.write(
                _("已生成 %(path)s：%(pages)d 页，%(size).1f MB，%(warnings)d 条警告。")
                % {**figures, "pages": made.pages}
            )
