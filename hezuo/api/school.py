"""The school's own settings through the API, kept by its office admin as on the web page.

django-ninja reads the annotations below when the module loads, so they are not postponed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Body, Router

from hezuo.accounts.access import Capability
from hezuo.accounts.forms import SchoolSettingsForm
from hezuo.accounts.services import SCHOOL_EDITABLE, school_update
from hezuo.api.auth import school_access
from hezuo.api.records import form_data, with_defaults
from hezuo.api.schemas import ERRORS
from hezuo.core.models import School

router = Router(tags=["school"])
PATH = "/schools/{school}/settings/"


def _settings(school: School) -> dict[str, Any]:
    return {"slug": school.slug, **{name: getattr(school, name) for name in SCHOOL_EDITABLE}}


@router.get(
    PATH,
    response={200: dict[str, Any], **ERRORS},
    summary="The school's settings",
    description="The office admin's alone, as on the web; `slug` is read only.",
    operation_id="get_school_settings",
)
def get_settings(request: HttpRequest, school: str) -> dict[str, Any]:
    access = school_access(request, school)
    access.require(Capability.MANAGE_SCHOOL)
    return _settings(access.school)


@router.patch(
    PATH,
    response={200: dict[str, Any], **ERRORS},
    summary="Change the school's settings",
    description="Only the fields sent change; the web page's rules and messages apply.",
    operation_id="update_school_settings",
)
def update_settings(
    request: HttpRequest, school: str, payload: Body[dict[str, Any]]
) -> dict[str, Any]:
    access = school_access(request, school)
    access.require(Capability.MANAGE_SCHOOL)
    values = with_defaults(SchoolSettingsForm(instance=access.school), payload)
    form = SchoolSettingsForm(data=form_data(values), instance=access.school)
    if not form.is_valid():
        raise ValidationError(
            {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        )
    return _settings(school_update(access=access, **form.cleaned_data))
