"""What the API sends and receives (pydantic schemas for django-ninja and its OpenAPI)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import ReportFormat


class ErrorOut(Schema):
    """Every error: a translated message (Accept-Language: zh-hans or en), a stable code, and
    for invalid input the fields concerned."""

    detail: str
    code: str
    fields: dict[str, list[str]] = {}


class StoredFileOut(Schema):
    id: int
    name: str
    type: str
    size: int
    pages: int | None
    processing: str
    processing_note: str
    sha256: str


class EvidenceOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    dated_on: dt.date | None
    description: str
    review_status: str
    review_comment: str
    project: int
    task: str


class EvidenceDetailOut(EvidenceOut):
    files: list[StoredFileOut]


class UploadOut(Schema):
    attached: list[StoredFileOut]
    problems: list[str]


class SearchHitOut(EvidenceOut):
    snippet: str


class RecordPage(Schema):
    """A page of records: how many match, and those of the page."""

    count: int
    items: list[dict[str, Any]]


class ReportIn(Schema):
    """A report to make: ``year`` for annual, assistance and quality; ``task`` (a task id) or
    ``project`` (a project id), and optionally ``year``, for completion."""

    kind: ReportKind
    format: ReportFormat = ReportFormat.DOCX
    year: int | None = None
    project: int | None = None
    task: int | None = None


class ReportOut(Schema):
    id: int
    kind: str
    format: str
    title: str
    version: int
    year: int | None
    project: int | None
    task: int | None
    status: str  # the job's: queued, running, succeeded, failed, cancelled
    progress: int
    error: str
    pages: int | None
    fingerprint: str
    figures: dict[str, str]
    created_at: dt.datetime
    created_by: str | None
