"""The school's own settings (name, codes, class-hours per day, what counts as completed),
kept by its office admin, with their history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hezuo.accounts.access import Capability
from hezuo.accounts.forms import SchoolSettingsForm
from hezuo.accounts.selectors import audit_events_for
from hezuo.accounts.services import school_update
from hezuo.core.errors import HezuoError
from hezuo.core.models import School
from hezuo.web.access import SchoolRequest, school_view
from hezuo.web.crud import form_error


@school_view
def school_settings(request: SchoolRequest) -> HttpResponse:
    access = request.access
    access.require(Capability.MANAGE_SCHOOL)
    # A record of its own for the form: validation writes what was typed onto it, while the
    # navigation around the form shows the school as stored.
    form = SchoolSettingsForm(
        request.POST or None, instance=School.objects.get(pk=access.school.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            school_update(access=access, **form.cleaned_data)
            messages.success(request, _("已保存学校设置。"))
            return redirect("web:school-settings", school=access.school.slug)
        except (ValidationError, HezuoError) as error:
            form_error(form, error)
    return render(
        request,
        "web/school_settings.html",
        {"form": form, "history": audit_events_for(access=access, instance=access.school)},
    )
