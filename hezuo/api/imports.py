"""Excel imports through the API: send a workbook to be checked or imported (by the worker),
follow it, import a clean check, and download the templates.

django-ninja reads the annotations below when the module loads, so they are not postponed."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from hezuo.api.auth import school_access
from hezuo.api.schemas import ERRORS, ImportOut
from hezuo.core.errors import AccessDenied
from hezuo.imports.kinds import IMPORTERS
from hezuo.imports.models import ImportKind, ImportRun
from hezuo.imports.rules import may_import
from hezuo.imports.selectors import import_run_get, import_run_list
from hezuo.imports.services import import_checked, import_request
from hezuo.imports.template import template_workbook

router = Router(tags=["imports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(run: ImportRun) -> dict[str, Any]:
    job = run.job
    return {
        "id": run.pk,
        "kind": run.kind,
        "commit": run.is_commit,
        "file_name": run.source.original_name,
        "checked": run.checked_id,
        "status": job.status if job is not None else "",
        "progress": job.progress if job is not None else 0,
        "error": job.error if job is not None else "",
        "outcome": run.outcome or None,
        "created_at": run.created_at,
        "created_by": str(run.created_by) if run.created_by is not None else None,
    }


@router.get(
    "/schools/{school}/imports/",
    response={200: list[ImportOut], **ERRORS},
    summary="List Excel checks and imports, newest first",
)
@paginate(LimitOffsetPagination)
def list_imports(
    request: HttpRequest, school: str, kind: ImportKind | None = None
) -> list[dict[str, Any]]:
    access = school_access(request, school)
    return [_run(run) for run in import_run_list(access=access, kind=kind)]


@router.post(
    "/schools/{school}/imports/",
    response={202: ImportOut, **ERRORS},
    summary="Check or import an Excel workbook",
    description="Send a workbook made from the template of `kind`. With `commit` false it is "
    "only checked: the outcome lists every problem by sheet, row and column and nothing is "
    "written. With `commit` true it is imported: all rows, or none if any is refused. Poll the "
    "import until `status` is `succeeded`, then read `outcome`.",
)
def create_import(
    request: HttpRequest,
    school: str,
    kind: Form[ImportKind],
    file: File[UploadedFile],
    commit: Form[bool] = False,
) -> Status[dict[str, Any]]:
    access = school_access(request, school)
    run = import_request(
        access=access,
        kind=kind,
        name=file.name or "import.xlsx",
        data=file.read(),
        commit=commit,
    )
    return Status(202, _run(import_run_get(access=access, pk=run.pk)))


@router.get(
    "/schools/{school}/imports/{import_id}/",
    response={200: ImportOut, **ERRORS},
    summary="One check or import, with its job's progress and, once done, its outcome",
)
def get_import(request: HttpRequest, school: str, import_id: int) -> dict[str, Any]:
    return _run(import_run_get(access=school_access(request, school), pk=import_id))


@router.post(
    "/schools/{school}/imports/{import_id}/commit/",
    response={202: ImportOut, **ERRORS},
    summary="Import the workbook of a check that found no problems",
)
def commit_import(request: HttpRequest, school: str, import_id: int) -> Status[dict[str, Any]]:
    access = school_access(request, school)
    run = import_checked(access=access, run=import_run_get(access=access, pk=import_id))
    return Status(202, _run(import_run_get(access=access, pk=run.pk)))


@router.get(
    "/schools/{school}/import-templates/{kind}",
    response={200: bytes, **ERRORS},
    summary="The Excel template of an import",
    openapi_extra={"responses": {200: {"content": {XLSX: {"schema": {}}}}}},
)
def import_template(request: HttpRequest, school: str, kind: ImportKind) -> HttpResponse:
    access = school_access(request, school)
    if not may_import(access, kind):
        raise AccessDenied()
    importer = IMPORTERS[kind](access)
    response = HttpResponse(template_workbook(importer), content_type=XLSX)
    response["Content-Disposition"] = str(
        content_disposition_header(as_attachment=True, filename=f"{kind}.xlsx")
    )
    return response
