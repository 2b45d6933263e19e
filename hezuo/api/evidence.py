"""Evidence through the API: list (the web list's FilterSet), one item with its files, upload
several files, download a file, and the full-text search.

django-ninja reads the annotations below when the module loads, so they are not postponed."""

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from hezuo.api.auth import school_access
from hezuo.api.downloads import DOWNLOAD_RESPONSES
from hezuo.api.schemas import (
    ERRORS,
    MAX_OFFSET,
    EvidenceDetailOut,
    EvidenceOut,
    SearchHitOut,
    StoredFileOut,
    UploadOut,
    id_field,
    year_field,
)
from hezuo.core.review import ReviewStatus
from hezuo.evidence.bigrams import Query as SearchQuery
from hezuo.evidence.bigrams import snippet
from hezuo.evidence.filters import EvidenceFilterSet
from hezuo.evidence.models import Evidence, EvidenceKind
from hezuo.evidence.searching import SearchFilters
from hezuo.evidence.selectors import (
    evidence_get,
    evidence_list,
    evidence_search,
    evidence_stored_file_get,
)
from hezuo.evidence.services import evidence_files_upload
from hezuo.files.models import StoredFile
from hezuo.files.responses import stored_file_response

router = Router(tags=["evidence"])


def _evidence(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.pk,
        "code": item.code,
        "title": item.title,
        "kind": item.kind,
        "dated_on": item.dated_on,
        "description": item.description,
        "review_status": item.review_status,
        "review_comment": item.review_comment,
        "project": item.project_id,
        "task": item.task.code,
    }


def _file(stored: StoredFile, name: str = "") -> dict[str, Any]:
    """A stored file, named as in the item it is listed for (``name``) or as stored."""
    return {
        "id": stored.pk,
        "name": name or stored.original_name,
        "type": stored.file_type,
        "size": stored.size,
        "pages": stored.page_count,
        "processing": stored.processing,
        "processing_note": stored.processing_note,
        "sha256": stored.sha256,
    }


class EvidenceFilters(Schema):
    q: str | None = None
    project: int | None = id_field()
    task: int | None = id_field()
    kind: EvidenceKind | None = None
    review_status: ReviewStatus | None = None


@router.get(
    "/schools/{school}/evidence/",
    response={200: list[EvidenceOut], **ERRORS},
    summary="List evidence items",
)
@paginate(LimitOffsetPagination)
def list_evidence(
    request: HttpRequest, school: str, filters: Query[EvidenceFilters]
) -> list[dict[str, Any]]:
    access = school_access(request, school)
    request.access = access  # type: ignore[attr-defined]  # the FilterSet limits its choices
    data = {key: value for key, value in filters.dict().items() if value is not None}
    filterset = EvidenceFilterSet(data, queryset=evidence_list(access=access), request=request)
    items = filterset.qs if filterset.is_valid() else Evidence.objects.none()
    return [_evidence(item) for item in items.order_by("project", "code_sort")]


@router.get(
    "/schools/{school}/evidence/{record_id}/",
    response={200: EvidenceDetailOut, **ERRORS},
    summary="One evidence item with its files",
)
def get_evidence(request: HttpRequest, school: str, record_id: int) -> dict[str, Any]:
    # The path's parameter is named as in records.py, which adds PATCH and DELETE to it.
    item = evidence_get(access=school_access(request, school), pk=record_id)
    links = item.file_links.select_related("stored_file").order_by("position")
    return {
        **_evidence(item),
        "files": [_file(link.stored_file, link.display_name) for link in links],
    }


@router.post(
    "/schools/{school}/evidence/{evidence_id}/files/",
    response={200: UploadOut, **ERRORS},
    summary="Upload files to an evidence item",
    description="Several files at once; each is checked on its own. A refused file is "
    "named in `problems` and nothing of it is stored; the others are attached.",
)
def upload_files(
    request: HttpRequest, school: str, evidence_id: int, files: File[list[UploadedFile]]
) -> dict[str, Any]:
    access = school_access(request, school)
    item = evidence_get(access=access, pk=evidence_id)
    links, problems = evidence_files_upload(
        access=access,
        evidence=item,
        # Read one at a time, once the rights are checked: never all of them at once.
        uploads=((upload.name or "", upload.read()) for upload in files),
    )
    return {
        "attached": [_file(link.stored_file, link.display_name) for link in links],
        "problems": problems,
    }


@router.get(
    "/schools/{school}/files/{file_id}/",
    response={200: StoredFileOut, **ERRORS},
    summary="A stored file's details",
)
def get_file(request: HttpRequest, school: str, file_id: int) -> dict[str, Any]:
    return _file(evidence_stored_file_get(access=school_access(request, school), pk=file_id))


@router.get(
    "/schools/{school}/files/{file_id}/content",
    response={200: bytes, **ERRORS},
    summary="Download a stored file (as an attachment)",
    openapi_extra={"responses": DOWNLOAD_RESPONSES},
)
def download_file(request: HttpRequest, school: str, file_id: int) -> HttpResponseBase:
    return stored_file_response(
        evidence_stored_file_get(access=school_access(request, school), pk=file_id)
    )


class SearchParams(Schema):
    q: str
    kind: EvidenceKind | None = None
    year: int | None = year_field()
    status: ReviewStatus | None = None
    limit: int = Field(20, ge=0, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get(
    "/schools/{school}/search/",
    response={200: list[SearchHitOut], **ERRORS},
    summary="Full-text search of evidence",
    description="Codes, titles, descriptions and files' text; every word must occur; newest first.",
)
def search(request: HttpRequest, school: str, params: Query[SearchParams]) -> list[dict[str, Any]]:
    access = school_access(request, school)
    found = evidence_search(
        access=access,
        text=params.q,
        filters=SearchFilters(
            kind=params.kind or "", year=params.year, review_status=params.status or ""
        ),
        limit=max(0, min(params.limit, 100)),
        offset=max(0, params.offset),
    )
    terms = SearchQuery.parse(params.q).terms
    return [
        {
            **_evidence(item),
            "snippet": "".join(piece for piece, _marked in snippet(item.search_text, terms)),
        }
        for item in found
    ]
