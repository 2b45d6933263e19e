"""`hezuo build_report annual --school SLUG --year 2021 --format docx --output FILE`: a report
written straight to a file (``completion`` with ``--task CODE``; ``assistance``; ``quality``).
DOCX uses the school's template in use unless ``--template`` names another: one of hezuo's
(``gongwen``, close to GB/T 9704-2012, or ``plain``) or a Word file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from hezuo.accounts.access import system_access
from hezuo.binders.plan import scope_for
from hezuo.core.commands import WorkCommand
from hezuo.core.errors import HezuoError
from hezuo.files.storage import blob_read
from hezuo.files.typesetting import TypesettingError
from hezuo.reports.building import ReportScope, check_request, render, report_document
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import BuiltinTemplate, ReportEdition, ReportFormat
from hezuo.reports.selectors import report_narratives, report_template_active
from hezuo.reports.templates import builtin_template, template_check


class Command(WorkCommand):
    help = (
        "Write a report: annual (年度合作办学情况报告), completion (任务建设完成情况报告), "
        "assistance (结对帮扶工作总结) or quality (质量年报国际合作指标表), as DOCX, PDF or XLSX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[kind.value for kind in ReportKind])
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument("--year", type=int, help="the year reported (completion: optional)")
        parser.add_argument("--task", help="completion: a task code, e.g. 9.2")
        parser.add_argument("--project", type=int, help="completion: project id")
        parser.add_argument(
            "--format", choices=[fmt.value for fmt in ReportFormat], default=ReportFormat.DOCX
        )
        parser.add_argument(
            "--edition",
            choices=[edition.value for edition in ReportEdition],
            default=ReportEdition.SUBMISSION,
            help="submission (报送版, to hand in: no source notes, no checking text; the "
            "default) or checking (核对版: every figure with its records)",
        )
        parser.add_argument(
            "--template",
            help="DOCX: the template to use: gongwen (公文, close to GB/T 9704-2012), plain "
            "(hezuo's default) or the path of a Word file (.docx); the school's template in "
            "use when left out",
        )
        parser.add_argument("--output", required=True, type=Path, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"].resolve()
        if not output.parent.is_dir():
            raise CommandError(_("输出目录不存在：%(path)s") % {"path": output.parent})
        kind, fmt = ReportKind(options["kind"]), options["format"]
        try:
            access = system_access(school=options["school"])
            if kind == ReportKind.COMPLETION:
                scope = scope_for(
                    access=access,
                    task_code=options["task"],
                    project_id=options["project"],
                    year=options["year"],
                )
                request = ReportScope(kind, scope=scope)
            else:
                request = ReportScope(kind, year=options["year"])
            check_request(request, fmt)
            template = self._template(access, kind, fmt, options["template"])
            narratives = (
                report_narratives(access=access, kind=kind, year=options["year"])
                if kind != ReportKind.COMPLETION
                else {}
            )
            document = report_document(access=access, request=request, narratives=narratives)
            rendered = render(document, fmt, template=template, edition=options["edition"])
        except (HezuoError, TypesettingError) as error:
            raise CommandError(getattr(error, "message", str(error))) from None
        # Written beside the target and moved into place: never a half-written file.
        handle, temporary = tempfile.mkstemp(dir=output.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(rendered.data)
        Path(temporary).replace(output)
        pages = _("，%(pages)d 页") % {"pages": rendered.pages} if rendered.pages else ""
        edition = ReportEdition(options["edition"])
        notes = len(document.notes) if edition == ReportEdition.CHECKING else 0
        self.stdout.write(
            _("已生成 %(path)s：%(title)s（%(edition)s）%(pages)s，%(notes)d 条数据来源。")
            % {
                "path": output,
                "title": document.title,
                "edition": edition.label,
                "pages": pages,
                "notes": notes,
            }
        )

    def _template(self, access: Any, kind: ReportKind, fmt: str, name: str | None) -> bytes | None:
        if fmt != ReportFormat.DOCX:
            return None
        if name is not None and name in BuiltinTemplate.values:
            return builtin_template(kind, name)
        if name is not None:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as error:
                raise HezuoError(_("无法读取模板文件：%(error)s") % {"error": error}) from None
            template_check(kind, data)
            return data
        active = report_template_active(access=access, kind=kind)
        return blob_read(active.file.storage_key) if active is not None else None
