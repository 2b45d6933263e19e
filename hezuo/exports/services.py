"""A long list's export as a background job: what was asked is kept (the list and its query),
and the worker writes the workbook as the person who asked would see the list."""

from __future__ import annotations

from django.db import transaction
from django.http import QueryDict

from hezuo.accounts.access import Access
from hezuo.core.kinds import Kind
from hezuo.core.writes import create_audited
from hezuo.exports.jobs import EXPORT_JOB
from hezuo.exports.models import ListExport
from hezuo.exports.rules import require_list
from hezuo.jobs.services import job_queue


@transaction.atomic
def export_request(*, access: Access, kind: Kind, query: str) -> ListExport:
    """Queue the export of the list of ``kind`` as ``query`` (the list's query string: its
    filters, search and order) filters and sorts it."""
    require_list(access, kind)
    asked = QueryDict(query, mutable=True)
    asked.pop("page", None)  # every row is exported, not the page the list showed
    export = create_audited(
        ListExport(
            school=access.school, kind=kind, query=asked.urlencode(), created_by=access.user
        ),
        actor=access.user,
    )
    job_queue(access=access, kind=EXPORT_JOB, record=export)
    return export
