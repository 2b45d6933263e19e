"""A report version's making as a kind of job (``hezuo.jobs``): the document is built from the
records as the person who asked would see them, rendered in its format (a DOCX in the template
in use when it was asked for), and kept with the figures it printed and its fingerprint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access
from hezuo.files.storage import blob_read
from hezuo.jobs.kinds import JobKind, Made, Work, register
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import Report, ReportFormat
from hezuo.reports.rules import require_build
from hezuo.reports.selectors import report_narratives

if TYPE_CHECKING:
    from hezuo.reports.building import ReportScope

# The building of documents (Word, Excel, typst and their libraries) is imported where a report
# is made, not when the worker or a command starts.


def require_report(access: Access, request: ReportScope) -> None:
    """Raise unless ``access`` may have this report made."""
    scope = request.scope
    require_build(
        access,
        request.kind,
        project=scope.project if scope is not None else None,
        task=scope.task if scope is not None else None,
    )


class ReportJob(JobKind[Report]):
    name = "report"
    model = Report

    def load(self, rows: QuerySet[Report]) -> QuerySet[Report]:
        return rows.select_related("project", "task", "template__file")

    def title(self, record: Report) -> str:
        return record.title

    def check(self, access: Access, record: Report) -> None:
        from hezuo.reports.building import report_scope

        require_report(access, report_scope(record))

    def run(self, work: Work, record: Report) -> Made:
        from hezuo.reports.building import (
            FILE_TYPES,
            fingerprint,
            render,
            report_document,
            report_scope,
        )

        access = work.access
        narratives = (
            report_narratives(access=access, kind=record.kind, year=record.year)
            if record.kind != ReportKind.COMPLETION and record.year is not None
            else {}
        )
        work.progress(10, _("读取记录"))
        document = report_document(
            access=access, request=report_scope(record), narratives=narratives
        )
        work.progress(50, _("排版"))
        template = blob_read(record.template.file.storage_key) if record.template else None
        rendered = render(document, record.format, template=template, edition=record.edition)
        work.progress(90, _("保存"))
        output = work.folder / "report"
        output.write_bytes(rendered.data)
        return Made(
            changes={
                "page_count": rendered.pages,
                "figures": document.figures(),
                "fingerprint": fingerprint(document),
            },
            file=output,
            name=f"{record.title}（{record.get_edition_display()}，第{record.version}版）.{record.format}",
            file_type=FILE_TYPES[ReportFormat(record.format)],
            pages=rendered.pages,
        )


REPORT_JOB = register(ReportJob())
