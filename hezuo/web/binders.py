"""Binder pages: choose what to compile and see its pre-submission audit, follow the job,
download the PDF, cancel or start again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hezuo.accounts.access import Access
from hezuo.binders.audit import Audit, binder_audit
from hezuo.binders.compiling import BinderOptions
from hezuo.binders.models import Binder, BinderKind
from hezuo.binders.plan import Scope
from hezuo.binders.problems import FileWarning
from hezuo.binders.rules import may_compile, may_compile_some
from hezuo.binders.selectors import (
    binder_get,
    binder_list,
    binder_share_get,
    binder_share_list,
)
from hezuo.binders.services import (
    MAX_SHARE_DAYS,
    binder_freeze,
    binder_request,
    binder_share_create,
    binder_share_revoke,
)
from hezuo.construction.codes import code_sort_key
from hezuo.construction.models import ConstructionProject
from hezuo.construction.selectors import project_get, task_list
from hezuo.core.errors import HezuoError
from hezuo.web.access import SchoolRequest, school_view
from hezuo.web.jobs import job_view


class BinderForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("形式"),
        choices=BinderKind.choices,
        required=False,
        help_text=gettext_lazy("文件夹（ZIP）：按编号命名的材料文件，供只收文件夹的平台使用。"),
    )
    task = forms.TypedChoiceField(
        label=gettext_lazy("建设任务"), coerce=int, empty_value=None, required=False
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("年度"), coerce=int, empty_value=None, required=False
    )
    approved_only = forms.BooleanField(label=gettext_lazy("仅已通过审核的材料"), required=False)
    page_numbers = forms.BooleanField(label=gettext_lazy("加页码"), required=False, initial=True)
    watermark = forms.CharField(
        label=gettext_lazy("水印文字"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("例如“仅供验收使用”；留空则不加水印。"),
    )

    def __init__(self, *args: Any, access: Access, project: ConstructionProject, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.tasks = {
            task.pk: task
            for task in sorted(
                task_list(access=access, project=project), key=lambda t: code_sort_key(t.code)
            )
        }
        self.project = project
        task_field = self.fields["task"]
        year_field = self.fields["year"]
        assert isinstance(task_field, forms.ChoiceField)
        assert isinstance(year_field, forms.ChoiceField)
        task_field.choices = [
            ("", _("整个项目")),
            *((pk, f"{task.code} {task.title}") for pk, task in self.tasks.items()),
        ]
        year_field.choices = [
            ("", _("全部年度")),
            *((year, str(year)) for year in project.years),
        ]

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(
            project=self.project,
            task=self.tasks.get(data["task"]) if data["task"] is not None else None,
            year=data["year"],
            approved_only=bool(data["approved_only"]),
        )


@school_view
def binders(request: SchoolRequest, pk: int) -> HttpResponse:
    """A project's binders, and the form that compiles a new one with its audit beside it."""
    access = request.access
    project = project_get(access=access, pk=pk)
    can_compile = may_compile_some(access)
    audit: Audit | None = None
    if request.method == "POST":
        if not can_compile:
            raise PermissionDenied
        form = BinderForm(request.POST, access=access, project=project)
        if form.is_valid():
            try:
                binder = binder_request(
                    access=access,
                    scope=form.scope(),
                    kind=form.cleaned_data["kind"] or BinderKind.PDF,
                    options=BinderOptions(
                        page_numbers=form.cleaned_data["page_numbers"],
                        watermark=form.cleaned_data["watermark"].strip(),
                    ),
                )
            except HezuoError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已开始生成汇编。"))
                return redirect("web:binder", school=access.school.slug, pk=binder.pk)
    else:
        initial = {"kind": BinderKind.PDF, "page_numbers": True}
        form = BinderForm(request.GET or initial, access=access, project=project)
        if form.is_valid():
            audit = binder_audit(access=access, scope=form.scope())
    return render(
        request,
        "web/binders.html",
        {
            "project": project,
            "form": form,
            "audit": audit,
            "binders": binder_list(access=access, project=project),
            "can_compile": can_compile,
        },
    )


@require_GET
@school_view
def binder(request: SchoolRequest, pk: int) -> HttpResponse:
    """One binder: its job's progress (polled while it runs), warnings, audit and download."""
    found = binder_get(access=request.access, pk=pk)
    if request.htmx:
        return render(request, "web/binder_detail.html#status", _context(request.access, found))
    context = _context(request.access, found)
    context["share_form"] = ShareForm()
    context["shares"] = binder_share_list(access=request.access, binder=found)
    return render(request, "web/binder_detail.html", context)


def _context(access: Access, binder: Binder) -> dict[str, Any]:
    return {
        "binder": binder,
        "project": binder.project,
        "job_view": job_view(access, binder, "binder"),
        "warnings": [FileWarning.from_json(item) for item in binder.warnings],
        "audit": Audit.from_json(binder.audit) if binder.audit else None,
        "can_compile": may_compile(access, binder.task),
    }


class ShareForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("分享给"),
        max_length=100,
        help_text=gettext_lazy("例如“省评审专家组”。"),
    )
    days = forms.IntegerField(
        label=gettext_lazy("有效天数"), min_value=1, max_value=MAX_SHARE_DAYS, initial=30
    )


@require_POST
@school_view
def freeze(request: SchoolRequest, pk: int) -> HttpResponse:
    found = binder_get(access=request.access, pk=pk)
    try:
        binder_freeze(access=request.access, binder=found)
    except HezuoError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已定稿。现在可以生成评审专家访问链接。"))
    return redirect("web:binder", school=request.access.school.slug, pk=found.pk)


@require_POST
@school_view
def share_create(request: SchoolRequest, pk: int) -> HttpResponse:
    """Make a link; the page shows it once (only its hash is kept)."""
    found = binder_get(access=request.access, pk=pk)
    form = ShareForm(request.POST)
    context = _context(request.access, found)
    if form.is_valid():
        try:
            _share, token = binder_share_create(
                access=request.access,
                binder=found,
                label=form.cleaned_data["label"],
                days=form.cleaned_data["days"],
            )
        except HezuoError as error:
            messages.error(request, error.message)
        else:
            # Built from HEZUO_SITE_URL (https:// behind the school's proxy), not from the
            # request, which reaches hezuo over the proxy's own connection.
            context["new_link"] = settings.SITE_URL + reverse("web:share", args=[token])
            form = ShareForm()
    context["share_form"] = form
    context["shares"] = binder_share_list(access=request.access, binder=found)
    return render(request, "web/binder_detail.html", context)


@require_POST
@school_view
def share_revoke(request: SchoolRequest, pk: int) -> HttpResponse:
    found = binder_share_get(access=request.access, pk=pk)
    binder_share_revoke(access=request.access, share=found)
    messages.success(request, _("链接已撤销，不能再打开。"))
    return redirect("web:binder", school=request.access.school.slug, pk=found.binder_id)
