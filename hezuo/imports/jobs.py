"""A check or an import of an Excel workbook as a kind of job (``hezuo.jobs``): the workbook is
read as the person who uploaded it would write it, all rows in one transaction (rolled back for
a check, when any row was refused, or when the job is cancelled on the way); the outcome —
counts and every problem — stays with the run."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access
from hezuo.core.errors import AccessDenied
from hezuo.files.storage import blob_read
from hezuo.imports.importing import run_import
from hezuo.imports.kinds import IMPORTERS, Importer
from hezuo.imports.models import ImportRun
from hezuo.imports.rules import require_import
from hezuo.jobs.kinds import JobKind, Made, Work, asked_by_someone_else, register


class ImportJob(JobKind[ImportRun]):
    name = "import"
    model = ImportRun
    speaks_asker_language = True  # its problems are for the person who uploaded

    def load(self, rows: QuerySet[ImportRun]) -> QuerySet[ImportRun]:
        return rows.select_related("source")

    def check(self, access: Access, record: ImportRun) -> None:
        """Who may import the kind; another person's run (it writes as they would) only those
        who may write every record of the kind."""
        require_import(access, record.kind)
        everywhere = access.department_scope(IMPORTERS[record.kind].capability) is None
        if asked_by_someone_else(access, record) and not everywhere:
            raise AccessDenied()

    def made(self, record: ImportRun) -> bool:
        return bool(record.outcome)

    def run(self, work: Work, record: ImportRun) -> None:
        importer: Importer = IMPORTERS[record.kind](work.access)
        work.progress(5, _("读取文件"))
        run_import(
            importer,
            blob_read(record.source.storage_key),
            dry_run=not record.is_commit,
            progress=work.progress,
            # The outcome is kept in the transaction that writes the rows: both or neither.
            keep=lambda outcome: work.keep(Made(changes={"outcome": outcome.as_data()})),
        )


IMPORT_JOB = register(ImportJob())
