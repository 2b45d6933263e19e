"""One way to make any report: build the neutral document for a kind and scope, then render it
in a format. Used alike by the worker (stored versions), the CLI and the benchmark."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import pypdfium2
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access
from hezuo.binders.plan import Scope
from hezuo.core.errors import HezuoError
from hezuo.files.sniffing import FileType
from hezuo.reports.annual import annual_title, build_annual
from hezuo.reports.assistance import assistance_title, build_assistance
from hezuo.reports.completion import build_completion, completion_title
from hezuo.reports.document import Document, as_data, for_submission
from hezuo.reports.kinds import OPTIONAL_SECTIONS, ReportKind, split_numbering
from hezuo.reports.models import Report, ReportEdition, ReportFormat
from hezuo.reports.quality import build_quality, quality_title
from hezuo.reports.rendering.pdf import render_report_pdf
from hezuo.reports.rendering.word import render_report_docx
from hezuo.reports.rendering.xlsx import render_report_xlsx
from hezuo.reports.selectors import SectionChoices, report_section_choices
from hezuo.reports.templates import default_template

YearBuilder = Callable[..., Document]
YEARLY_TITLES: dict[str, Callable[[int], str]] = {
    ReportKind.ANNUAL: annual_title,
    ReportKind.ASSISTANCE: assistance_title,
    ReportKind.QUALITY: quality_title,
}
YEARLY: dict[str, YearBuilder] = {
    ReportKind.ANNUAL: build_annual,
    ReportKind.ASSISTANCE: build_assistance,
    ReportKind.QUALITY: build_quality,
}
FORMATS: dict[str, tuple[ReportFormat, ...]] = {
    ReportKind.ANNUAL: (ReportFormat.DOCX, ReportFormat.PDF, ReportFormat.XLSX),
    ReportKind.COMPLETION: (ReportFormat.DOCX, ReportFormat.PDF),
    ReportKind.ASSISTANCE: (ReportFormat.DOCX, ReportFormat.PDF, ReportFormat.XLSX),
    ReportKind.QUALITY: (ReportFormat.DOCX, ReportFormat.PDF, ReportFormat.XLSX),
}
FILE_TYPES = {
    ReportFormat.DOCX: FileType.DOCX,
    ReportFormat.PDF: FileType.PDF,
    ReportFormat.XLSX: FileType.XLSX,
}


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: a year (annual, assistance, quality) or a task or project, with an
    optional year (completion)."""

    kind: ReportKind
    year: int | None = None
    scope: Scope | None = None


def request_title(request: ReportScope) -> str:
    """The title a report of ``request`` will have (before it is built)."""
    if request.kind == ReportKind.COMPLETION:
        assert request.scope is not None
        return completion_title(request.scope)
    assert request.year is not None
    return YEARLY_TITLES[request.kind](request.year)


def report_scope(report: Report) -> ReportScope:
    """What a stored version covers."""
    kind = ReportKind(report.kind)
    if kind == ReportKind.COMPLETION:
        assert report.project is not None
        return ReportScope(kind, scope=Scope(report.project, report.task, report.year))
    return ReportScope(kind, year=report.year)


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int | None  # PDF only


def check_request(request: ReportScope, fmt: str) -> None:
    """Raise ``HezuoError`` for a kind, scope and format that do not go together."""
    if fmt not in FORMATS[request.kind]:
        raise HezuoError(
            _("%(kind)s不能生成 %(format)s 格式。")
            % {"kind": request.kind.label, "format": ReportFormat(fmt).label}
        )
    if request.kind == ReportKind.COMPLETION:
        if request.scope is None:
            raise HezuoError(_("请选择要报告的建设项目或任务。"))
    elif request.year is None:
        raise HezuoError(_("请选择报告年度。"))


def report_document(
    *,
    access: Access,
    request: ReportScope,
    narratives: Mapping[str, str] | None = None,
    choices: SectionChoices | None = None,
    today: dt.date | None = None,
) -> Document:
    """The document of ``request`` as ``access`` sees the records; always in Chinese (the
    report's language), whatever the asker's. Its sections are those the office keeps, with
    the titles it gave them (``choices``; the school's, as stored, when None)."""
    today = today or timezone.localdate()
    if choices is None:
        choices = report_section_choices(access=access, kind=request.kind)
    with translation.override("zh-hans"):
        if request.kind == ReportKind.COMPLETION:
            assert request.scope is not None
            document = build_completion(
                access=access, scope=request.scope, narratives=narratives or {}, today=today
            )
        else:
            assert request.year is not None
            options = {"left_out": choices.left_out} if request.kind in OPTIONAL_SECTIONS else {}
            document = YEARLY[request.kind](
                access=access,
                year=request.year,
                narratives=narratives or {},
                today=today,
                **options,
            )
    return renamed(document, choices.titles)


def renamed(document: Document, headings: Mapping[str, str]) -> Document:
    """``document`` with each section in ``headings`` named as given there; the numbering
    stays the document's (chapters are numbered by their place)."""

    def title(key: str, built: str) -> str:
        name = split_numbering(headings.get(key, ""))[1]
        return split_numbering(built)[0] + name if name else built

    return replace(
        document,
        sections=tuple(
            replace(section, title=title(section.key, section.title))
            for section in document.sections
        ),
    )


def render(
    document: Document,
    fmt: str,
    *,
    template: bytes | None = None,
    edition: str = ReportEdition.CHECKING,
) -> Rendered:
    """``document`` in ``fmt``, as built (its 核对版) or as handed in (``edition`` 报送版);
    DOCX in ``template`` (the default template when None)."""
    if edition == ReportEdition.SUBMISSION:
        document = for_submission(document)
    if fmt == ReportFormat.PDF:
        data = render_report_pdf(document)
        with pypdfium2.PdfDocument(data) as pdf:
            return Rendered(data, len(pdf))
    if fmt == ReportFormat.XLSX:
        return Rendered(render_report_xlsx(document), None)
    if template is None:
        return Rendered(
            render_report_docx(document, default_template(ReportKind(document.kind))), None
        )
    try:
        return Rendered(render_report_docx(document, template), None)
    except Exception as error:  # a template is the office's file: say what went wrong in it
        raise HezuoError(
            _("无法套用报告模板：%(error)s。请下载默认模板对照修改。") % {"error": error}
        ) from error


def fingerprint(document: Document) -> str:
    """SHA-256 of everything the document says (its date left out): equal for two versions
    made from the same data."""
    data = as_data(document)
    data.pop("date")
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
