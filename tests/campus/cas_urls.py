"""The test CAS server's addresses (tests.campus.cas_server)."""

from django.urls import include, path

urlpatterns = [path("cas/", include("mama_cas.urls"))]
