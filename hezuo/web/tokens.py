"""Personal API tokens: made here (shown once), listed, revoked."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hezuo.accounts.selectors import api_token_get, api_token_list
from hezuo.accounts.services import api_token_create, api_token_revoke
from hezuo.accounts.tokens import token_days
from hezuo.core.errors import HezuoError
from hezuo.web.access import SchoolRequest, school_view


@school_view
def tokens(request: SchoolRequest) -> HttpResponse:
    access = request.access
    made = ""
    problem = ""
    if request.method == "POST":
        try:
            days = int(request.POST.get("days", "90"))
        except ValueError:
            days = 0  # refused below, with the allowed range
        try:
            _token, made = api_token_create(
                access=access, name=request.POST.get("name", ""), days=days
            )
        except HezuoError as error:
            problem = error.message
    return render(
        request,
        "web/api_tokens.html",
        {
            "tokens": api_token_list(access=access),
            "made": made,
            "problem": problem,
            "days": token_days(),
        },
    )


@require_POST
@school_view
def revoke(request: SchoolRequest, pk: int) -> HttpResponse:
    token = api_token_revoke(
        access=request.access, token=api_token_get(access=request.access, pk=pk)
    )
    messages.success(request, _("令牌“%(name)s”已撤销。") % {"name": token.name})
    return redirect("web:api-tokens", school=request.access.school.slug)
