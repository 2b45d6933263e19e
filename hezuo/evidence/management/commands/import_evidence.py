"""`hezuo import_evidence FOLDER|BINDER.pdf --school SLUG --project ID [--dry-run]`: bring a
folder of code-named files, or a bookmarked PDF binder, in as evidence items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from hezuo.accounts.access import system_access
from hezuo.construction.models import ConstructionProject
from hezuo.construction.selectors import project_get, project_list
from hezuo.core.commands import WorkCommand
from hezuo.core.errors import HezuoError
from hezuo.evidence.binder_import import (
    ImportPlan,
    binder_sources,
    folder_sources,
    plan_import,
    run_import,
)


class Command(WorkCommand):
    help = (
        "Import evidence from a folder of files named '<code> <title>.<ext>' or from a "
        "bookmarked PDF binder. Shows the plan; writes nothing with --dry-run or on any problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a folder, or a PDF binder with bookmarks")
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument(
            "--project", type=int, help="the construction project's id (needed if several)"
        )
        parser.add_argument("--dry-run", action="store_true", help="show the plan only")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            access = system_access(school=options["school"])
            project = self._project(access, options["project"])
            if path.is_dir():
                sources = folder_sources(path)
            elif path.is_file() and path.suffix.lower() == ".pdf":
                sources = binder_sources(path.read_bytes(), name=path.name)
            else:
                raise CommandError(f"{path}: not a folder or a PDF file")
            plan = plan_import(access=access, project=project, sources=sources)
            self._show(plan)
            if not plan.ok:
                raise CommandError(f"{len(plan.problems)} problem(s); nothing was imported")
            if options["dry_run"]:
                self.stdout.write("dry run: nothing was imported")
                return
            result = run_import(access=access, project=project, plan=plan)
        except HezuoError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"imported: {result.created} new item(s), {result.files} file(s)")

    def _project(self, access: Any, pk: int | None) -> ConstructionProject:
        if pk is not None:
            return project_get(access=access, pk=pk)
        projects = list(project_list(access=access))
        if len(projects) != 1:
            listed = ", ".join(f"{p.pk} {p.name}" for p in projects) or "none"
            raise CommandError(f"choose the project with --project (projects: {listed})")
        return projects[0]

    def _show(self, plan: ImportPlan) -> None:
        for item in plan.items:
            state = "existing" if item.existing else "new"
            self.stdout.write(
                f"{item.code:<14} {item.title}  [{state}, {len(item.sources)} file(s)]"
            )
            for source in item.sources:
                self.stdout.write(f"{'':<16}{source.name}")
        for problem in plan.problems:
            self.stderr.write(f"problem: {problem}")
