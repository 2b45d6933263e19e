"""Evidence pages beyond the generic ones: its files (upload several at once, remove,
download, preview), their conversion, and the review moves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hezuo.accounts.access import Access, Capability
from hezuo.construction.selectors import project_get
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.core.kinds import Kind
from hezuo.core.review import ReviewStatus
from hezuo.evidence.models import Evidence, EvidenceFile
from hezuo.evidence.selectors import evidence_get, evidence_numbering, evidence_stored_file_get
from hezuo.evidence.services import (
    evidence_file_detach,
    evidence_files_upload,
    evidence_renumber,
    evidence_review_move,
)
from hezuo.files.inspection import upload_limit_bytes
from hezuo.files.models import Processing
from hezuo.files.responses import stored_file_response
from hezuo.files.services import stored_file_reprocess
from hezuo.web.access import SchoolRequest, school_view

# Which review moves a page offers, by the item's status: (target, label, needs a comment).
REVIEW_ACTIONS = {
    ReviewStatus.DRAFT: [(ReviewStatus.SUBMITTED, _("提交审核"), False)],
    ReviewStatus.RETURNED: [(ReviewStatus.SUBMITTED, _("重新提交"), False)],
    ReviewStatus.SUBMITTED: [
        (ReviewStatus.APPROVED, _("通过"), False),
        (ReviewStatus.RETURNED, _("退回"), True),
    ],
    ReviewStatus.APPROVED: [(ReviewStatus.RETURNED, _("退回"), True)],
}


def can_keep(access: Access, evidence: Evidence) -> bool:
    return access.can(Capability.MANAGE_EVIDENCE, department_id=evidence.task.owner_department_id)


def review_actions(access: Access, evidence: Evidence) -> list[tuple[str, str, bool]]:
    """The moves this user may make on this item now."""
    actions = []
    for target, label, needs_comment in REVIEW_ACTIONS.get(
        ReviewStatus(evidence.review_status), []
    ):
        if target == ReviewStatus.SUBMITTED:
            allowed = can_keep(access, evidence)
        else:
            allowed = access.can(Capability.REVIEW_EVIDENCE)
        if allowed:
            actions.append((str(target), str(label), needs_comment))
    return actions


def detail_context(access: Access, evidence: Evidence) -> dict[str, Any]:
    links = _file_links(evidence)
    return {
        "file_links": links,
        "converting": any(link.stored_file.processing == Processing.PENDING for link in links),
        "can_keep": can_keep(access, evidence),
        "review_actions": review_actions(access, evidence),
        "upload_limit_mb": upload_limit_bytes() // (1024 * 1024),
    }


def _file_links(evidence: Evidence) -> list[EvidenceFile]:
    return list(
        evidence.file_links.select_related("stored_file", "stored_file__pdf_rendition").order_by(
            "position"
        )
    )


@require_http_methods(["GET", "POST"])
@school_view
def upload(request: SchoolRequest, pk: int) -> HttpResponse:
    """POST: store and attach the chosen files. GET: the files section alone (the page polls
    it while a file is being converted)."""
    evidence = evidence_get(access=request.access, pk=pk)
    if request.method == "GET":
        return _files_fragment(request, evidence)
    files = request.FILES.getlist("files")
    problems: list[str] = []
    if not files:
        problems.append(_("请选择要上传的文件。"))
    else:
        _attached, problems = evidence_files_upload(
            access=request.access,
            evidence=evidence,
            # Read one at a time, once the rights are checked: never all of them at once.
            uploads=((upload.name or "", upload.read()) for upload in files),
        )
    return _files_fragment(request, evidence, problems=problems, uploaded=len(files))


@require_POST
@school_view
def remove(request: SchoolRequest, pk: int, link: int) -> HttpResponse:
    evidence = evidence_get(access=request.access, pk=pk)
    found = evidence.file_links.filter(pk=link).first()
    if found is None:
        raise Http404(_("该文件不在这份材料中。"))
    evidence_file_detach(access=request.access, link=found)
    return _files_fragment(request, evidence)


@require_POST
@school_view
def reprocess(request: SchoolRequest, pk: int, file: int) -> HttpResponse:
    evidence = evidence_get(access=request.access, pk=pk)
    found = evidence.file_links.filter(stored_file_id=file).select_related("stored_file").first()
    if found is None:
        raise Http404(_("该文件不在这份材料中。"))
    if not can_keep(request.access, evidence):
        raise PermissionDenied
    stored_file_reprocess(access=request.access, stored_file=found.stored_file)
    return _files_fragment(request, evidence)


def _back_to(request: SchoolRequest, evidence: Evidence) -> HttpResponse:
    school = request.access.school.slug
    return redirect("web:detail", school=school, resource=Kind.EVIDENCE, pk=evidence.pk)


def _files_fragment(
    request: SchoolRequest,
    evidence: Evidence,
    *,
    problems: Sequence[str] = (),
    uploaded: int = 0,
) -> HttpResponse:
    context = {
        **detail_context(request.access, evidence),
        "object": evidence,
        "problems": problems,
        "uploaded": uploaded,
    }
    if request.htmx or request.method == "GET":
        return render(request, "web/evidence_detail.html#files", context)
    for problem in problems:
        messages.error(request, problem)
    return redirect(
        "web:detail", school=request.access.school.slug, resource=Kind.EVIDENCE, pk=evidence.pk
    )


@require_POST
@school_view
def review(request: SchoolRequest, pk: int) -> HttpResponse:
    evidence = evidence_get(access=request.access, pk=pk)
    target = request.POST.get("to", "")
    if target not in ReviewStatus.values:
        raise Http404(_("没有这样的审核状态。"))
    comment = request.POST.get("comment", "").strip()
    try:
        evidence_review_move(
            access=request.access, evidence=evidence, to=ReviewStatus(target), comment=comment
        )
    except AccessDenied:
        raise
    except HezuoError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("审核状态已改为“%(status)s”。") % {"status": ReviewStatus(target).label}
        )
    return redirect(
        "web:detail", school=request.access.school.slug, resource=Kind.EVIDENCE, pk=evidence.pk
    )


@require_GET
@school_view
def download(request: SchoolRequest, file: int) -> HttpResponseBase:
    """The file as uploaded, always as an attachment (never rendered by the browser)."""
    return stored_file_response(
        evidence_stored_file_get(access=request.access, pk=file), inline=False
    )


@require_GET
@xframe_options_sameorigin
@school_view
def preview(request: SchoolRequest, file: int) -> HttpResponseBase:
    """The file's PDF (itself, or its rendition) shown in the browser; nothing but PDF inline."""
    stored = evidence_stored_file_get(access=request.access, pk=file)
    pdf = stored.pdf_file
    if pdf is None:
        raise Http404(_("该文件还没有可预览的 PDF 版本。"))
    return stored_file_response(pdf, inline=True)


@school_view
def numbering(request: SchoolRequest, pk: int) -> HttpResponse:
    """A project's evidence codes checked: gaps and duplicates per task, and the renumbering
    that closes the gaps, shown before it is applied."""
    access = request.access
    project = project_get(access=access, pk=pk)
    can_apply = access.can(Capability.MANAGE_EVIDENCE)
    if request.method == "POST":
        if not can_apply:
            raise PermissionDenied
        moves = evidence_renumber(access=access, project=project)
        messages.success(
            request,
            ngettext("已重新编号 %(count)s 份材料。", "已重新编号 %(count)s 份材料。", len(moves))
            % {"count": len(moves)},
        )
        return redirect("web:evidence-numbering", school=access.school.slug, pk=project.pk)
    found = evidence_numbering(access=access, project=project)
    return render(
        request,
        "web/numbering.html",
        {"project": project, "numbering": found, "can_apply": can_apply},
    )
