"""The REST API at /api/v1/: django-ninja, its OpenAPI at /api/v1/openapi.json and the
interactive docs at /api/v1/docs. The same access rules as the web pages (the same selectors
and services); errors are JSON bodies with a translated message."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hezuo.api import (
    evidence,
    imports,
    indicators,
    jobs,
    participations,
    records,
    report_sections,
    reports,
    school,
)
from hezuo.api.auth import AUTH
from hezuo.api.docs import LocalSwagger, for_callers
from hezuo.api.parsing import StrictJson, UnstorableText
from hezuo.core.errors import AccessDenied, HezuoError, NotFound
from hezuo.core.plain import unstorable_message

api = NinjaAPI(
    title="hezuo API",
    version="1",
    description="国际交流与合作处的记录（合作方、协议、合作办学、交流活动、成果、结对帮扶、"
    "建设项目与任务、佐证材料、指标目录、成员）、检索与报告。Personal tokens: "
    "Authorization: Bearer hz_… (made on the API tokens page).",
    auth=AUTH,
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_decorator=for_callers,
    parser=StrictJson(),
)
api.add_router("", evidence.router)  # with the evidence writes records.py adds to it
api.add_router("", reports.router)
api.add_router("", report_sections.router)
api.add_router("", records.router)
api.add_router("", participations.router)
api.add_router("", indicators.router)
api.add_router("", imports.router)
api.add_router("", jobs.router)
api.add_router("", school.router)


def _error(
    request: HttpRequest, status: int, code: str, detail: str, **extra: object
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, error: NotFound) -> HttpResponse:
    return _error(request, 404, "not_found", error.message)


@api.exception_handler(AccessDenied)
def _denied(request: HttpRequest, error: AccessDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", error.message)


@api.exception_handler(HezuoError)
def _refused(request: HttpRequest, error: HezuoError) -> HttpResponse:
    return _error(request, 400, "refused", error.message)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields = error.message_dict if hasattr(error, "error_dict") else {}
    return _error(request, 400, "invalid", " ".join(error.messages), fields=fields)


@api.exception_handler(NinjaValidationError)
def _malformed(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for problem in error.errors:
        where = ".".join(str(part) for part in problem.get("loc", ()))
        fields.setdefault(where, []).append(str(problem.get("msg", "")))
    return _error(request, 422, "malformed", _("请求的参数有误。"), fields=fields)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """django-ninja's own refusals (a body it cannot parse …), in the API's error format."""
    if error.status_code == 400 and isinstance(error.__cause__, UnstorableText):
        return _error(request, 400, "malformed", unstorable_message())  # hezuo.api.parsing
    if error.status_code == 400:
        return _error(request, 400, "malformed", _("请求的内容无法解析，请发送 JSON。"))
    return _error(request, error.status_code, "refused", str(error))


@api.exception_handler(Http404)
def _no_page(request: HttpRequest, error: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("找不到所请求的内容。"))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("请先登录，或提供有效的 API 令牌。"))


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return _error(
        request,
        413,
        "too_large",
        _("请求内容超过 %(limit).1f MB：请分批提交，文件请用上传接口。") % {"limit": limit},
    )
