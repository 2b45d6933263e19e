"""A URL configuration whose one view fails, for the error-reporting test (tests/test_logs.py):
the path carries a share-link-like token that must not reach the report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path


def fail(request: HttpRequest, token: str) -> HttpResponse:
    raise RuntimeError(f"the binder behind /share/{token}/ could not be read")


urlpatterns = [path("share/<str:token>/fail/", fail)]
