"""Pages of the web UI. Each view: resolve the school and the user's access (``school_view``),
call selectors or services, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hezuo.accounts.models import Membership, User
from hezuo.activities.forms import ParticipationFormSet
from hezuo.activities.selectors import activity_get, participation_list
from hezuo.activities.services import ParticipationInput, participations_save
from hezuo.core.errors import HezuoError, refusal_text
from hezuo.core.kinds import Kind
from hezuo.core.models import School
from hezuo.records.kind import RecordKind
from hezuo.records.table import KINDS
from hezuo.web import crud
from hezuo.web.access import SchoolRequest, school_view


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The school the user was last in, their only school, or a choice of schools."""
    assert isinstance(request.user, User)
    slugs = list(
        Membership.objects.filter(user=request.user, is_active=True)
        .values_list("school__slug", flat=True)
        .distinct()
    )
    if request.user.is_superuser:
        slugs = list(School.objects.values_list("slug", flat=True))
    last = request.session.get("school")
    if last in slugs:
        return redirect("web:dashboard", school=last)
    if len(slugs) == 1:
        return redirect("web:dashboard", school=slugs[0])
    schools = School.objects.filter(slug__in=slugs).order_by("name")
    return render(request, "web/choose_school.html", {"schools": schools})


ROW_FIELDS = ("person_category", "role", "headcount", "days", "hours", "note")


def _resource(slug: str) -> RecordKind[Any]:
    try:
        return KINDS[Kind(slug)]
    except ValueError:
        raise Http404(_("没有这样的页面。")) from None


@school_view
def resource_list(request: SchoolRequest, resource: str) -> HttpResponse:
    return crud.list_page(request, _resource(resource))


@school_view
def resource_export(request: SchoolRequest, resource: str) -> HttpResponseBase:
    return crud.export_page(request, _resource(resource))


@school_view
def resource_detail(request: SchoolRequest, resource: str, pk: int) -> HttpResponse:
    return crud.detail_page(request, _resource(resource), pk)


@school_view
def resource_create(request: SchoolRequest, resource: str) -> HttpResponse:
    return crud.form_page(request, _resource(resource))


@school_view
def resource_edit(request: SchoolRequest, resource: str, pk: int) -> HttpResponse:
    return crud.form_page(request, _resource(resource), pk)


@school_view
def resource_delete(request: SchoolRequest, resource: str, pk: int) -> HttpResponse:
    return crud.delete_page(request, _resource(resource), pk)


@school_view
def participations(request: SchoolRequest, pk: int) -> HttpResponse:
    """An activity's participation rows, edited together; person-days are shown as typed."""
    access = request.access
    activity = activity_get(access=access, pk=pk)
    if not KINDS[Kind.ACTIVITIES].can_change(access, activity):
        raise PermissionDenied
    rows = participation_list(access=access, activity=activity)
    formset = ParticipationFormSet(request.POST or None, queryset=rows)
    problem = ""
    if request.method == "POST" and formset.is_valid():
        try:
            participations_save(
                access=access,
                activity=activity,
                rows=[
                    (
                        form.instance if form.instance.pk is not None else None,
                        None
                        if form.cleaned_data.get("DELETE")
                        else ParticipationInput(
                            **{key: form.cleaned_data[key] for key in ROW_FIELDS}
                        ),
                    )
                    for form in formset.forms
                    if form.has_changed() or form.instance.pk is not None
                    if not (form.cleaned_data.get("DELETE") and form.instance.pk is None)
                ],
            )
            return redirect(
                "web:detail", school=access.school.slug, resource=Kind.ACTIVITIES, pk=activity.pk
            )
        except (ValidationError, HezuoError) as error:
            problem = refusal_text(error)
    return render(
        request,
        "web/participations.html",
        {
            "activity": activity,
            "formset": formset,
            "problem": problem,
            "hours_per_day": access.school.hours_per_day,
        },
    )
