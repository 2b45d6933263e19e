"""Chinese unless the user chose otherwise; a query no database could store, and a body larger
than any request may be, refused."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from hezuo.core.plain import unstorable, unstorable_message


class LanguageMiddleware:
    """The language is the one the user picked with the switch (a cookie), else Chinese.

    Django's LocaleMiddleware would follow the browser's Accept-Language; hezuo's users work
    in Chinese whatever their browser says, so only an explicit choice changes it. Programs
    calling the API choose with Accept-Language (a program has no cookie to set).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if request.path.startswith("/api/"):
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class UnstorableQueryMiddleware:
    """An address whose query holds NUL (``?q=%00``) is refused before any view reads it:
    PostgreSQL cannot compare text with it, so a search would fail with a server error. The
    API answers in its error format; a page says so in the user's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not unstorable(dict(request.GET.lists())):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": unstorable_message(), "code": "malformed"},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return render(
            request, "web/bad_request.html", {"message": unstorable_message()}, status=400
        )


class RequestSizeMiddleware:
    """A request that says it is larger than ``HEZUO_REQUEST_MAX_MB`` is refused (413) before
    anything reads its body — the CSRF check and the upload parser would otherwise write it
    all to temporary files first. The proxy in front should refuse it too (docs/deploy.md)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.HEZUO_REQUEST_MAX_MB
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= limit * 1024 * 1024:
            return self.get_response(request)
        message = _("请求超过 %(limit)d MB，已拒绝：请分几次上传。") % {"limit": limit}
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": message, "code": "too_large"},
                status=413,
                json_dumps_params={"ensure_ascii": False},
            )
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
