"""What an expert sees through a share link: no sign-in, one frozen binder, read-only. Every
opening (the page, the PDF in the browser, a download) is logged; a link that is revoked,
expired or unknown is not found, without saying which."""

from __future__ import annotations

from typing import TypeVar

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from hezuo.binders.models import BinderKind, BinderShare, OpeningKind
from hezuo.binders.services import binder_share_open
from hezuo.core.errors import NotFound
from hezuo.files.responses import stored_file_response
from hezuo.web.clients import client_address

R = TypeVar("R", bound=HttpResponseBase)


def _opened(request: HttpRequest, token: str, kind: OpeningKind) -> BinderShare:
    try:
        return binder_share_open(
            token=token,
            kind=kind,
            ip_address=client_address(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except NotFound as error:
        raise Http404(error.message) from None


def _private(response: R) -> R:
    """The link is the key: keep it out of referrers, search engines and shared caches."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_GET
def share(request: HttpRequest, token: str) -> HttpResponse:
    found = _opened(request, token, OpeningKind.PAGE)
    binder = found.binder
    return _private(
        render(
            request,
            "web/share.html",
            {
                "share": found,
                "binder": binder,
                "school": found.school,
                "token": token,
                "is_pdf": binder.kind == BinderKind.PDF,
            },
        )
    )


@never_cache
@require_GET
@xframe_options_sameorigin
def view(request: HttpRequest, token: str) -> HttpResponseBase:
    found = _opened(request, token, OpeningKind.VIEW)
    if found.binder.kind != BinderKind.PDF or found.binder.output is None:
        raise Http404
    return _private(stored_file_response(found.binder.output, inline=True))


@never_cache
@require_GET
def download(request: HttpRequest, token: str) -> HttpResponseBase:
    found = _opened(request, token, OpeningKind.DOWNLOAD)
    if found.binder.output is None:
        raise Http404
    return _private(stored_file_response(found.binder.output))
