"""The test OpenID Connect provider's addresses (tests.campus.oidc_server)."""

from django.contrib.auth.views import LoginView
from django.urls import include, path

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", LoginView.as_view(template_name="campus_provider_login.html")),
]
