"""`hezuo import activities FILE.xlsx --school SLUG [--dry-run]`: records from an Excel
workbook (partners, agreements, programmes, activities, points, assistance), all or nothing.
Problems (and warnings, which stop nothing) are listed by sheet, row and column;
`--template FILE.xlsx` writes the template."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from hezuo.accounts.access import system_access
from hezuo.core.commands import WorkCommand
from hezuo.core.errors import HezuoError
from hezuo.imports.importing import Problem, run_import
from hezuo.imports.kinds import IMPORTERS
from hezuo.imports.template import template_workbook


class Command(WorkCommand):
    help = (
        "Import records from an Excel workbook made from hezuo's template: "
        + ", ".join(IMPORTERS)
        + ". Nothing is written unless every row can be; --dry-run only checks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(IMPORTERS))
        parser.add_argument("file", type=Path, nargs="?", help="the .xlsx to import")
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--template", type=Path, help="write the empty template here")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            access = system_access(school=options["school"])
        except HezuoError as error:
            raise CommandError(error.message) from None
        importer = IMPORTERS[options["kind"]](access)
        if options["template"] is not None:
            options["template"].write_bytes(template_workbook(importer))
            self.stdout.write(_("已写入模板 %(path)s。") % {"path": options["template"]})
            return
        path: Path | None = options["file"]
        if path is None:
            raise CommandError(_("请指定要导入的 .xlsx 文件。"))
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        outcome = run_import(importer, path.read_bytes(), dry_run=options["dry_run"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(outcome.as_data(), ensure_ascii=False, indent=2))
        else:
            for problem in outcome.problems:
                self.stdout.write(
                    _("%(place)s：%(problem)s")
                    % {"place": _place(problem), "problem": problem.message}
                )
            for warning in outcome.warnings:
                self.stdout.write(
                    _("请核对 %(place)s：%(warning)s")
                    % {"place": _place(warning), "warning": warning.message}
                )
            if outcome.ok:
                self.stdout.write(outcome.summary())
        if not outcome.ok:
            raise CommandError(outcome.summary())


def _place(problem: Problem) -> str:
    """Where a problem is: its sheet, row and column, as far as they are known."""
    return _("，").join(
        part
        for part in (
            problem.sheet,
            _("第 %(row)d 行") % {"row": problem.row} if problem.row else "",
            problem.column,
        )
        if part
    )
