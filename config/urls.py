from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from hezuo.api.api import api
from hezuo.web import health, metrics
from hezuo.web.urls import account_urlpatterns

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    *account_urlpatterns,
    path("", include("hezuo.web.urls")),
]
