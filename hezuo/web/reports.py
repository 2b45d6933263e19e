"""Report pages: ask for a version, follow its job, download it and compare it with the version
before; write each section's narrative; keep the Word templates."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from hezuo.accounts.access import Access, Capability
from hezuo.binders.plan import Scope
from hezuo.construction.codes import code_sort_key
from hezuo.construction.selectors import project_list, task_list_all
from hezuo.core.errors import HezuoError
from hezuo.core.text import listing
from hezuo.core.years import parse_year
from hezuo.files.responses import stored_file_response
from hezuo.reports.building import FORMATS, ReportScope
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import BuiltinTemplate, Report, ReportEdition, ReportFormat
from hezuo.reports.rules import may_build
from hezuo.reports.selectors import (
    SectionView,
    report_get,
    report_list,
    report_sections,
    report_template_get,
    report_template_list,
)
from hezuo.reports.services import (
    SectionChange,
    report_request,
    report_sections_change,
    report_template_reset,
    report_template_upload,
    report_template_use_builtin,
)
from hezuo.reports.templates import builtin_template, placeholders
from hezuo.web.access import SchoolRequest, school_view
from hezuo.web.jobs import job_view

FIRST_YEAR = 2017
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATE_MAX_BYTES = 20 * 1024 * 1024


def _years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("报告"), choices=ReportKind.choices)
    year = forms.TypedChoiceField(
        label=gettext_lazy("年度"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("任务建设完成情况报告可留空，表示全部年度。"),
    )
    target = forms.ChoiceField(
        label=gettext_lazy("建设任务"),
        required=False,
        help_text=gettext_lazy("仅用于任务建设完成情况报告。"),
    )
    format = forms.ChoiceField(label=gettext_lazy("格式"), choices=ReportFormat.choices)
    edition = forms.TypedChoiceField(
        label=gettext_lazy("版本类型"),
        choices=ReportEdition.choices,
        required=False,
        empty_value=ReportEdition.SUBMISSION,
        help_text=gettext_lazy(
            "报送版用于报送，不含数据来源注释与核对内容；核对版为每个数字附数据来源，供核对。"
        ),
    )

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.projects = {project.pk: project for project in project_list(access=access)}
        self.tasks = {
            task.pk: task
            for task in sorted(
                task_list_all(access=access),
                key=lambda t: (t.project_id, code_sort_key(t.code)),
            )
        }
        year = self.fields["year"]
        target = self.fields["target"]
        assert isinstance(year, forms.ChoiceField) and isinstance(target, forms.ChoiceField)
        year.choices = [("", "—"), *((value, str(value)) for value in _years())]
        target.choices = [
            ("", "—"),
            *(
                (f"project-{pk}", _("%(project)s（整个项目）") % {"project": project.name})
                for pk, project in self.projects.items()
            ),
            *(
                (f"task-{pk}", f"{task.project.name} · {task.code} {task.title}")
                for pk, task in self.tasks.items()
            ),
        ]

    def request(self) -> ReportScope:
        data = self.cleaned_data
        kind = ReportKind(data["kind"])
        if kind != ReportKind.COMPLETION:
            return ReportScope(kind, year=data["year"])
        target: str = data["target"] or ""
        scope = None
        if target.startswith("task-"):
            task = self.tasks[int(target.removeprefix("task-"))]
            scope = Scope(project=task.project, task=task, year=data["year"])
        elif target.startswith("project-"):
            project = self.projects[int(target.removeprefix("project-"))]
            scope = Scope(project=project, year=data["year"])
        return ReportScope(kind, scope=scope)


@school_view
def reports(request: SchoolRequest) -> HttpResponse:
    """Every version of every report, and the form that asks for a new one."""
    access = request.access
    can_build = may_build(access, ReportKind.ANNUAL) or any(
        may_build(access, ReportKind.COMPLETION, task) for task in task_list_all(access=access)
    )
    if request.method == "POST":
        if not can_build:
            raise PermissionDenied
        form = ReportForm(request.POST, access=access)
        if form.is_valid():
            try:
                report = report_request(
                    access=access,
                    request=form.request(),
                    fmt=form.cleaned_data["format"],
                    edition=form.cleaned_data["edition"],
                )
            except HezuoError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已开始生成报告。"))
                return redirect("web:report", school=access.school.slug, pk=report.pk)
    else:
        form = ReportForm(
            initial={
                "kind": ReportKind.ANNUAL,
                "year": timezone.localdate().year - 1,
                "format": ReportFormat.DOCX,
                "edition": ReportEdition.SUBMISSION,
            },
            access=access,
        )
    kind = request.GET.get("kind", "")
    return render(
        request,
        "web/reports.html",
        {
            "form": form,
            "reports": report_list(access=access, kind=kind if kind in ReportKind else None)[:200],
            "kinds": ReportKind.choices,
            "kind": kind,
            "formats": [
                (label, listing(fmt.label for fmt in FORMATS[value]))
                for value, label in ReportKind.choices
            ],
            "can_build": can_build,
            "can_manage": access.can(Capability.MANAGE_SCHOOL),
            "years": _years(),
        },
    )


@require_GET
@school_view
def report(request: SchoolRequest, pk: int) -> HttpResponse:
    """One version: its job (polled while it runs), its figures, and what changed since the
    version before it."""
    found = report_get(access=request.access, pk=pk)
    context = _context(request.access, found)
    if request.htmx:
        return render(request, "web/report_detail.html#status", context)
    return render(request, "web/report_detail.html", context)


def _context(access: Access, report: Report) -> dict[str, Any]:
    previous = (
        report_list(access=access, kind=report.kind)
        .filter(
            year=report.year,
            project=report.project_id,
            task=report.task_id,
            version__lt=report.version,
            output__isnull=False,
        )
        .order_by("-version")
        .first()
        if report.output_id is not None
        else None
    )
    changes = []
    if previous is not None:
        for label in sorted(set(report.figures) | set(previous.figures)):
            before, now = previous.figures.get(label), report.figures.get(label)
            if before != now:
                changes.append((label, before, now))
    return {
        "report": report,
        "job_view": job_view(access, report, "report"),
        "can_build": may_build(access, report.kind, report.task),
        "previous": previous,
        "changes": changes,
    }


@school_view
def narratives(request: SchoolRequest) -> HttpResponse:
    """The office's choices for each section of a kind of report (its name, whether reports
    print it) and its narrative of one year."""
    access = request.access
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", ReportKind.ANNUAL)
    if kind not in ReportKind or kind == ReportKind.COMPLETION:
        raise Http404(_("这类报告没有可编写的叙述。"))
    asked = source.get("year")
    year = parse_year(asked) if asked is not None else timezone.localdate().year - 1
    if year is None:
        raise Http404(_("年度无效。"))
    sections = report_sections(access=access, kind=kind, year=year)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not access.can(Capability.MANAGE_SCHOOL):
            raise PermissionDenied
        errors = report_sections_change(
            access=access,
            kind=kind,
            year=year,
            changes=[_change(request, section) for section in sections],
        )
        if not errors:
            messages.success(request, _("章节设置与叙述已保存，下次生成的报告将使用。"))
            return redirect(f"{request.path}?kind={kind}&year={year}")
        sections = [
            replace(
                section,
                name=request.POST.get(f"heading-{section.key}", ""),
                included=_included(request, section),
            )
            if section.key in errors
            else section
            for section in report_sections(access=access, kind=kind, year=year)
        ]
    return render(
        request,
        "web/report_narratives.html",
        {
            "kind": ReportKind(kind),
            "kinds": [(k, label) for k, label in ReportKind.choices if k != ReportKind.COMPLETION],
            "year": year,
            "years": _years(),
            "sections": [(section, errors.get(section.key, "")) for section in sections],
            "can_manage": access.can(Capability.MANAGE_SCHOOL),
        },
        status=400 if errors else 200,
    )


def _change(request: SchoolRequest, section: SectionView) -> SectionChange:
    """What the form changes of ``section``: its name and switch (the form always sends them)
    and the year's narrative."""
    narrative = request.POST.get(section.key, "")[:20000]
    heading = request.POST.get(f"heading-{section.key}")
    if heading is None:
        return SectionChange(section.key, narrative=narrative)
    return SectionChange(
        section.key,
        name=heading[:200],
        included=_included(request, section),
        narrative=narrative,
    )


def _included(request: SchoolRequest, section: SectionView) -> bool:
    """Whether the form keeps ``section`` in the reports: its switch sends 0, and 1 when on
    (a form without the switch keeps the section as it is)."""
    if not section.optional:
        return True
    sent = request.POST.getlist(f"included-{section.key}")
    return "1" in sent if sent else section.included


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(choices=ReportKind.choices)
    file = forms.FileField(label=gettext_lazy("Word 模板（.docx）"))


@school_view
def templates(request: SchoolRequest) -> HttpResponse:
    """The template in use for each report, its placeholders, upload and reset."""
    access = request.access
    can_manage = access.can(Capability.MANAGE_SCHOOL)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        kind = request.POST.get("kind", "")
        if kind not in ReportKind:
            raise Http404
        builtin = request.POST.get("builtin", "")
        if request.POST.get("reset") or builtin == BuiltinTemplate.PLAIN:
            report_template_reset(access=access, kind=kind)
            messages.success(request, _("已恢复使用默认模板。"))
            return redirect("web:report-templates", school=access.school.slug)
        if builtin:
            if builtin not in BuiltinTemplate.values:
                raise Http404
            report_template_use_builtin(access=access, kind=kind, builtin=builtin)
            messages.success(
                request,
                _("已选用%(template)s，之后生成的 Word 报告将使用它。")
                % {"template": BuiltinTemplate(builtin).label},
            )
            return redirect("web:report-templates", school=access.school.slug)
        form = TemplateForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > TEMPLATE_MAX_BYTES:
                    raise HezuoError(_("模板文件不能超过 20 MB。"))
                report_template_upload(
                    access=access, kind=kind, name=upload.name, data=upload.read()
                )
            except HezuoError as error:
                errors[kind] = error.message
            else:
                messages.success(request, _("模板已上传，之后生成的 Word 报告将使用它。"))
                return redirect("web:report-templates", school=access.school.slug)
        else:
            errors[kind] = _("请选择要上传的 .docx 文件。")
    uploaded = list(report_template_list(access=access))
    rows = []
    for kind, label in ReportKind.choices:
        rows.append(
            {
                "kind": kind,
                "label": label,
                "active": next((t for t in uploaded if t.kind == kind and t.is_active), None),
                "history": [t for t in uploaded if t.kind == kind and not t.is_active],
                "placeholders": placeholders(ReportKind(kind)).items(),
                "error": errors.get(kind, ""),
            }
        )
    return render(
        request,
        "web/report_templates.html",
        {"rows": rows, "can_manage": can_manage, "builtins": BuiltinTemplate.choices},
        status=400 if errors else 200,
    )


@require_GET
@school_view
def template_default(request: SchoolRequest, kind: str) -> FileResponse:
    """One of hezuo's own templates of ``kind`` (``?builtin=gongwen``; the plain one by
    default), to see or to start an office's from."""
    request.access.require(Capability.READ)  # as every other page of the school
    builtin = request.GET.get("builtin", BuiltinTemplate.PLAIN)
    if kind not in ReportKind or builtin not in BuiltinTemplate.values:
        raise Http404
    return FileResponse(
        io.BytesIO(builtin_template(ReportKind(kind), builtin)),
        as_attachment=True,
        filename=_("%(kind)s-%(template)s.docx")
        % {"kind": ReportKind(kind).label, "template": BuiltinTemplate(builtin).label},
        content_type=DOCX_TYPE,
    )


@require_GET
@school_view
def template_download(request: SchoolRequest, pk: int) -> HttpResponseBase:
    found = report_template_get(access=request.access, pk=pk)
    return stored_file_response(found.file)
