"""The evidence search page: Chinese full-text search over codes, titles, descriptions and
files' text, with filters, highlighted passages and paging."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from hezuo.construction.models import Task
from hezuo.construction.selectors import task_list_all
from hezuo.core.review import ReviewStatus
from hezuo.evidence.bigrams import Query, snippet
from hezuo.evidence.models import EvidenceKind
from hezuo.evidence.searching import SearchFilters
from hezuo.evidence.selectors import evidence_search
from hezuo.web.access import SchoolRequest, school_view

PER_PAGE = 20


class SearchForm(forms.Form):
    q = forms.CharField(label=_("检索词"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("材料类型"), required=False, choices=[("", _("全部类型")), *EvidenceKind.choices]
    )
    year = forms.IntegerField(label=_("材料年份"), required=False, min_value=1990, max_value=2100)
    task = forms.ModelChoiceField(
        label=_("建设任务"), required=False, queryset=Task.objects.none(), empty_label=_("全部任务")
    )
    status = forms.ChoiceField(
        label=_("审核状态"),
        required=False,
        choices=[("", _("全部状态")), *ReviewStatus.choices],
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"


@school_view
def search(request: SchoolRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    form.fields["task"].queryset = task_list_all(access=request.access)  # type: ignore[attr-defined]
    results = []
    page, has_more, searched = 1, False, False
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        page = data["page"] or 1
        found = evidence_search(
            access=request.access,
            text=data["q"],
            filters=SearchFilters(
                kind=data["kind"],
                year=data["year"],
                task=data["task"],
                review_status=data["status"],
            ),
            limit=PER_PAGE + 1,
            offset=(page - 1) * PER_PAGE,
        )
        has_more = len(found) > PER_PAGE
        terms = Query.parse(data["q"]).terms
        results = [(item, snippet(item.search_text, terms)) for item in found[:PER_PAGE]]
        searched = True
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/search.html",
        {
            "form": form,
            "results": results,
            "searched": searched,
            "page": page,
            "has_more": has_more,
            "base_query": query.urlencode(),
        },
    )
