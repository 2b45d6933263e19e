"""The API's documentation page (Swagger UI) from django-ninja's own template and static files,
never a CDN. Ninja serves its local files only when it is an installed app, which would import
it (and pydantic) in every process, each command and worker included; its folders are on the
template and static paths instead (``config/settings.py``), and the page is rendered from its
local template through the page ninja renders when it is not installed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.openapi.docs import Swagger

from hezuo.api.auth import TokenAuth


class LocalSwagger(Swagger):
    # Ninja reads and renders this file when it is not an installed app: its local template.
    template_cdn = str(settings.NINJA_DIR / "templates" / "ninja" / "swagger.html")


def for_callers(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The description and its page are for those who may call the API — a signed-in person or
    a valid token — unless ``HEZUO_API_DOCS_PUBLIC`` publishes them: they list every address
    and field of the school's records. Others are sent to sign in (the page) or answered 401
    in the API's error format (the description)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.HEZUO_API_DOCS_PUBLIC or request.user.is_authenticated or _token(request):
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse(
                {
                    "detail": _("请先登录，或提供有效的 API 令牌。"),
                    "code": "unauthenticated",
                },
                status=401,
                json_dumps_params={"ensure_ascii": False},
            )
        return redirect_to_login(request.get_full_path())

    return guarded


def _token(request: HttpRequest) -> bool:
    return TokenAuth()(request) is not None
