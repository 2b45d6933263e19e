"""What the API sends and receives (pydantic schemas for django-ninja and its OpenAPI)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from hezuo.activities.models import ParticipationRole, PersonCategory
from hezuo.core.bounds import HEADCOUNT_MAX
from hezuo.core.years import FIRST_YEAR, LAST_YEAR
from hezuo.imports.models import ImportKind
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import ReportEdition, ReportFormat


class ErrorOut(Schema):
    """Every error: a translated message (Accept-Language: zh-hans or en), a stable code, and
    for invalid input the fields concerned."""

    detail: str
    code: str
    fields: dict[str, list[str]] = {}


# Bounds of what a request may ask for, so a number no record can have is refused (422)
# rather than handed to the database.
MAX_ID = 2**63 - 1
MAX_OFFSET = 10**9


def year_field(default: Any = None) -> Any:
    return Field(default, ge=FIRST_YEAR, le=LAST_YEAR)


def id_field() -> Any:
    return Field(None, ge=1, le=MAX_ID)


class PageParams(Schema):
    limit: int = Field(100, ge=0, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


# Every operation may answer with these: invalid (400), not signed in (401), not allowed (403),
# not there (404), malformed parameters (422).
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}


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


class ReportIn(Schema):
    """A report to make: ``year`` for annual, assistance and quality; ``task`` (a task id) or
    ``project`` (a project id), and optionally ``year``, for completion."""

    kind: ReportKind
    format: ReportFormat = ReportFormat.DOCX
    edition: ReportEdition = Field(
        ReportEdition.SUBMISSION,
        description="`submission` (报送版, to hand in: no source notes, no checking text) or "
        "`checking` (核对版: every figure with the records behind it)",
    )
    year: int | None = year_field()
    project: int | None = id_field()
    task: int | None = id_field()


class ReportOut(Schema):
    id: int
    kind: str
    format: str
    edition: str  # submission (报送版) or checking (核对版)
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


class ReportSectionOut(Schema):
    key: str
    title: str  # as the reports print it: numbered by its place, unnumbered when left out
    default: str  # hezuo's name for it
    name: str  # the office's name for it ("": hezuo's)
    optional: bool  # may be left out of the reports
    included: bool
    narrative: str  # the office's text for the year asked


class ReportSectionIn(Schema):
    """What to change in one section: its name and whether reports print it (every year's),
    its narrative of ``year``. Fields left out keep their value."""

    name: str | None = Field(None, max_length=200, description="empty: hezuo's name")
    included: bool | None = None
    year: int | None = year_field()
    narrative: str | None = Field(None, max_length=20000, description="needs `year`")


class ParticipationIn(Schema):
    """One participation row: ``id`` to change a row the activity has, none to add one."""

    id: int | None = id_field()
    person_category: PersonCategory
    role: ParticipationRole
    headcount: int = Field(1, ge=1, le=HEADCOUNT_MAX)
    days: Decimal | None = Field(None, ge=0, le=100_000, max_digits=9, decimal_places=2)
    hours: Decimal | None = Field(None, ge=0, le=1_000_000, max_digits=9, decimal_places=2)
    note: str = Field("", max_length=300)


class ParticipationOut(Schema):
    id: int
    person_category: str
    role: str
    headcount: int
    days: Decimal | None
    hours: Decimal | None
    note: str
    person_days: Decimal


class ParticipationsOut(Schema):
    """An activity's rows and their person-days (hours at the school's class-hours a day)."""

    activity: int
    hours_per_day: int
    person_days: Decimal
    rows: list[ParticipationOut]


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    report_family: str
    is_official: bool
    value: Decimal
    override_value: Decimal | None
    override_reason: str
    estimates_counted: bool
    estimate_value: Decimal
    records: int
    warnings: list[str]


class ProvenanceOut(Schema):
    """The records behind a value, as the web page and the workbook list them: one page of
    ``count`` records in all (``pages`` pages)."""

    source: str
    headings: list[str]
    rows: list[list[Any]]
    count: int
    page: int
    pages: int


class IndicatorDetailOut(IndicatorOut):
    ratio_of: list[str] | None
    provenance: ProvenanceOut


class JobOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    progress: int
    log: str
    error: str
    output: int | None  # a stored file: GET …/files/{id}/content
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class ImportProblemOut(Schema):
    sheet: str
    row: int | None  # none: the file or the sheet as a whole
    column: str | None  # e.g. "E (开始日期*)"; none: the whole row
    message: str


class ImportOutcomeOut(Schema):
    dry_run: bool
    applied: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    problems: list[ImportProblemOut]
    # Values to check that are imported all the same (an approval number of another province).
    warnings: list[ImportProblemOut] = []


class ImportOut(Schema):
    id: int
    kind: ImportKind
    commit: bool  # false: a check, which writes nothing
    file_name: str
    checked: int | None  # the check this import follows, when imported as checked
    status: str  # the job's: queued, running, succeeded, failed
    progress: int
    error: str
    outcome: ImportOutcomeOut | None  # once the job has succeeded
    created_at: dt.datetime
    created_by: str | None
