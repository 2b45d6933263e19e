"""The page a locked-out sign-in gets (django-axes calls it; ``hezuo.accounts.signin`` says
when an account or an address is locked)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": settings.HEZUO_SIGN_IN_LOCK_MINUTES},
        status=429,
    )
