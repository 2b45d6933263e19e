"""The school's own settings through the API, kept by its office admin as on the web page.

django-ninja reads the annotations below when the module loads, so they are not postponed."""

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router

from hezuo.accounts.access import Capability
from hezuo.accounts.forms import SchoolSettingsForm
from hezuo.accounts.services import SCHOOL_EDITABLE, school_update
from hezuo.api.auth import school_access
from hezuo.api.bodies import form_body, model_of
from hezuo.api.forms import bound
from hezuo.api.schemas import ERRORS
from hezuo.core.models import School

router = Router(tags=["school"])
PATH = "/schools/{school}/settings/"
SettingsOut = model_of(
    "SchoolSettings",
    [School._meta.get_field(name) for name in SCHOOL_EDITABLE],  # type: ignore[misc]
    slug=(str, ...),
)


def _settings(school: School) -> dict[str, Any]:
    return {"slug": school.slug, **{name: getattr(school, name) for name in SCHOOL_EDITABLE}}


@router.get(
    PATH,
    response={200: SettingsOut, **ERRORS},
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
    response={200: SettingsOut, **ERRORS},
    summary="Change the school's settings",
    description="Only the fields sent change; the web page's rules and messages apply.",
    operation_id="update_school_settings",
    openapi_extra=form_body(SchoolSettingsForm(), title="SchoolSettingsChange", changing=True),
)
def update_settings(
    request: HttpRequest, school: str, payload: Body[dict[str, Any]]
) -> dict[str, Any]:
    access = school_access(request, school)
    access.require(Capability.MANAGE_SCHOOL)
    form = bound(
        SchoolSettingsForm(instance=access.school),
        payload,
        lambda data: SchoolSettingsForm(data=data, instance=access.school),
    )
    return _settings(school_update(access=access, **form.cleaned_data))
