"""Signing in: the sign-in page (hezuo's password, with the campus sign-ins the installation
offers beside it), the campus sign-ins themselves (CAS, OpenID Connect), and the page a campus
identity nobody in hezuo has lands on (hezuo.accounts.campus)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_cas_ng import views as cas_views
from mozilla_django_oidc import views as oidc_views

from hezuo.accounts.campus import UNMATCHED, campus_contacts, campus_methods, unmatched
from hezuo.accounts.forms import SignInForm


class SignInView(auth_views.LoginView):
    """hezuo's password or, where a directory is configured, the campus password; a campus
    password right for someone hezuo has no user for leads to the page that says whom to ask."""

    form_class = SignInForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.session.pop(UNMATCHED, None)  # what an earlier attempt left
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        identity = unmatched(self.request)
        if identity is not None and identity.method == "ldap":
            return redirect("campus-unknown")
        return super().form_invalid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "campus": campus_methods(),
            "directory": bool(settings.AUTH_LDAP_SERVER_URI),
        }


def _offered(method: str) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., Any]]:
    """A campus sign-in's view answers 404 where the installation does not offer it."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., Any]:
        @wraps(view)
        def offered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if method not in dict(campus_methods()):
                raise Http404(_("本平台未启用该登录方式。"))
            return view(request, *args, **kwargs)

        return offered

    return decorate


class CasSignIn(cas_views.LoginView):
    """django-cas-ng's view: to the CAS server without a ticket, its ticket validated with
    it; a ticket that signs nobody in leads to the page that says whom to ask."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except PermissionDenied:
            return redirect("campus-unknown")


cas_sign_in = _offered("cas")(CasSignIn.as_view())
oidc_sign_in = _offered("oidc")(oidc_views.OIDCAuthenticationRequestView.as_view())
oidc_callback = _offered("oidc")(oidc_views.OIDCAuthenticationCallbackView.as_view())


def campus_unknown(request: HttpRequest) -> HttpResponse:
    """Where a campus identity hezuo has no user for lands: what to tell whom (the office
    admins are named only to someone the campus server vouched for)."""
    identity = unmatched(request)
    school, admins = campus_contacts() if identity is not None else (None, [])
    return render(
        request,
        "registration/campus_unknown.html",
        {
            "identity": identity,
            "school": school,
            "admins": admins,
            "match_email": settings.HEZUO_CAMPUS_MATCH == "email",
        },
        status=403 if identity is not None else 200,
    )
