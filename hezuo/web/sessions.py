"""How long a signed-in session lasts: it ends after ``HEZUO_SESSION_IDLE_MINUTES`` without a
request (the session's expiry slides forward, written at most once a minute) and
``HEZUO_SESSION_MAX_HOURS`` after signing in, whatever happens; and the view that ends a
person's sessions on every device."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hezuo.accounts.models import User
from hezuo.accounts.sessions import sessions_end_all

BEGAN, SEEN = "hezuo_began", "hezuo_seen"
SLIDE_SECONDS = 60


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(time.time())
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            began = session.setdefault(BEGAN, now)
            if now - int(began) > settings.HEZUO_SESSION_MAX_HOURS * 3600:
                logout(request)  # the view sees a visitor, and asks them to sign in
            elif now - int(session.get(SEEN, 0)) >= SLIDE_SECONDS:
                session[SEEN] = now  # saved with the response: the idle expiry slides on
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and BEGAN not in request.session:
            request.session[BEGAN] = now  # signed in by this request
        return response


@require_POST
@login_required
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    sessions_end_all(request.user)
    logout(request)
    messages.success(request, _("已在所有设备上退出登录。"))
    return redirect("login")
