"""A long list's export as a kind of job (``hezuo.jobs``): the list is read as the person who
asked would see it, filtered and sorted as they asked, and written into the job's private
folder chunk by chunk; the runner stores the workbook with the export."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access
from hezuo.core.errors import AccessDenied
from hezuo.core.kinds import Kind
from hezuo.exports.models import ListExport
from hezuo.exports.rules import require_list, sees_every_export
from hezuo.exports.workbook import list_rows, workbook_name, write_workbook
from hezuo.files.sniffing import FileType
from hezuo.jobs.kinds import JobKind, Made, Work, register
from hezuo.records.table import KINDS


class ExportJob(JobKind[ListExport]):
    name = "export"
    model = ListExport
    speaks_asker_language = True  # a list as the asker reads it: headings, sheet, file name

    def check(self, access: Access, record: ListExport) -> None:
        """Who may read the list; another person's export only those who see every row."""
        require_list(access, record.kind)
        asker = access.user.pk if access.user is not None else None
        if record.created_by_id != asker and not sees_every_export(access):
            raise AccessDenied()

    def run(self, work: Work, record: ListExport) -> Made:
        resource = KINDS[Kind(record.kind)]
        rows = list_rows(access=work.access, resource=resource, query=QueryDict(record.query)).rows
        total = rows.count()
        work.progress(1, _("共 %(rows)d 行。") % {"rows": total})

        def written(count: int) -> None:
            # Writing is most of the work; saving the workbook is the rest.
            work.progress(count * 95 // max(total, 1), _("已写入 %(rows)d 行。") % {"rows": count})

        path = work.folder / "export.xlsx"
        count = write_workbook(resource, rows, path, progress=written)
        return Made(
            changes={"rows": count},
            file=path,
            name=workbook_name(resource),
            file_type=FileType.XLSX,
        )


EXPORT_JOB = register(ExportJob())
