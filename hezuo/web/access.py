"""Resolving the school of a URL to the signed-in user's Access — for every school view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django_htmx.middleware import HtmxDetails

from hezuo.accounts.access import Access, access_for
from hezuo.accounts.models import User
from hezuo.core.errors import AccessDenied, NotFound


class SchoolRequest(HttpRequest):
    """A request inside a school: ``access`` is the signed-in user's access to it."""

    access: Access
    user: User
    htmx: HtmxDetails


R = TypeVar("R", bound=HttpResponseBase)


def school_view(view: Callable[..., R]) -> Callable[..., R]:
    """Decorate a view taking ``school`` (the slug) from its URL: sign-in is required, the
    user's access to that school is attached to the request, and the domain errors become
    404 (another school, a record that is not there) and 403 (a role that may not)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, school: str, *args: Any, **kwargs: Any) -> R:
        assert isinstance(request.user, User)
        try:
            request.access = access_for(user=request.user, school=school)  # type: ignore[attr-defined]
            if request.session.get("school") != school:  # a page that only reads writes nothing
                request.session["school"] = school
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from None
        except AccessDenied as error:
            raise PermissionDenied(error.message) from None

    return wrapper
