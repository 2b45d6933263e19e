"""Campus sign-in (统一身份认证): who a person the campus identity server vouches for is in hezuo.

The server — CAS, or an OpenID Connect provider — vouches for one value: the CAS user or one of
its attributes (``HEZUO_CAS_ATTRIBUTE``), an OIDC claim (``HEZUO_OIDC_CLAIM``). That value is
matched to exactly one active hezuo user, by username (offices make a member's username their
工号) or by e-mail (``HEZUO_CAMPUS_MATCH``), without regard to case. Nobody is created and no
right is given: a value that matches no one, or several, signs nobody in, and is kept in the
session so that the page it lands on can say what to give the office admin (decision 0021).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_cas_ng.utils import get_cas_client
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from hezuo.accounts.models import Membership, Role, User
from hezuo.core.models import School

log = logging.getLogger("hezuo.campus")

UNMATCHED = "campus_unmatched"  # the session's key for the identity nobody matched
METHODS = {"cas": "CAS", "oidc": "OpenID Connect", "ldap": "LDAP"}


@dataclass(frozen=True)
class CampusIdentity:
    """What the campus server vouched for: by which method, and the value matched."""

    method: str  # "cas", "oidc" or "ldap"
    value: str
    ambiguous: bool = False  # more than one hezuo user has it

    @property
    def method_name(self) -> str:
        return METHODS[self.method]


def campus_methods() -> list[tuple[str, str]]:
    """The campus sign-ins this installation offers: (method, the button's words)."""
    found = []
    if settings.CAS_SERVER_URL:
        found.append(("cas", settings.HEZUO_CAS_LABEL or str(_("统一身份认证登录"))))
    if settings.OIDC_OP_AUTHORIZATION_ENDPOINT:
        found.append(("oidc", settings.HEZUO_OIDC_LABEL or str(_("统一身份认证登录（OIDC）"))))
    return found


def campus_sign_in_offered() -> bool:
    """Whether anyone can sign in other than with hezuo's password: a campus server's button,
    or the directory's password on the sign-in form."""
    return bool(campus_methods() or settings.AUTH_LDAP_SERVER_URI)


def matching_users(value: str) -> list[User]:
    """The active users ``value`` names (at most two are read: one is a match, two are not)."""
    value = value.strip()
    if not value:
        return []
    field = "email" if settings.HEZUO_CAMPUS_MATCH == "email" else "username"
    return list(User.objects.filter(**{f"{field}__iexact": value}, is_active=True)[:2])


def signed_in(request: HttpRequest | None, method: str, value: object) -> User | None:
    """The user a campus server's ``value`` is, or None — then remembered in the session."""
    text = _text(value)
    users = matching_users(text)
    if len(users) == 1:
        if request is not None:
            request.session.pop(UNMATCHED, None)
        return users[0]
    log.info("campus sign-in (%s) matched %s users", method, "no" if not users else "several")
    if request is not None and text:
        request.session[UNMATCHED] = {"method": method, "value": text, "ambiguous": bool(users)}
    return None


def unmatched(request: HttpRequest) -> CampusIdentity | None:
    """The identity the last campus sign-in of this session could not match, if any."""
    kept = request.session.get(UNMATCHED)
    if not isinstance(kept, dict) or kept.get("method") not in METHODS:
        return None
    return CampusIdentity(kept["method"], str(kept.get("value", "")), bool(kept.get("ambiguous")))


def password_refused_by(user: User) -> School | None:
    """The school of the user's whose members may not sign in with hezuo's password, if any
    (the platform's operators may, whatever their schools say)."""
    if user.is_superuser:
        return None
    return (
        School.objects.filter(
            password_sign_in=False,
            pk__in=Membership.objects.filter(user=user, is_active=True).values("school_id"),
        )
        .order_by("name")
        .first()
    )


def campus_contacts() -> tuple[School | None, list[User]]:
    """The school whose office admins a person the campus server knows should ask —
    ``HEZUO_CAMPUS_SCHOOL``, or the installation's only school — and those admins."""
    if settings.HEZUO_CAMPUS_SCHOOL:
        school = School.objects.filter(slug=settings.HEZUO_CAMPUS_SCHOOL).first()
    else:
        schools = list(School.objects.order_by("name")[:2])
        school = schools[0] if len(schools) == 1 else None
    if school is None:
        return None, []
    admins = (
        User.objects.filter(
            memberships__school=school,
            memberships__role=Role.OFFICE_ADMIN,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "username")
    )
    return school, list(admins)


def _text(value: object) -> str:
    """An attribute's value as text: the first of several (CAS attributes may be lists)."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


class CasBackend(ModelBackend):
    """A CAS service ticket, validated with the CAS server (django-cas-ng's client), signs in
    the user its value matches. Unlike django-cas-ng's own backend it creates no user and
    copies no attribute, group or staff flag from the server."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        ticket: str | None = None,
        service: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not ticket or not service or not settings.CAS_SERVER_URL:
            return None
        client = get_cas_client(service_url=service, request=request)
        try:
            principal, attributes, _proxy = client.verify_ticket(ticket)
        except requests.RequestException as error:  # the server cannot be reached
            log.warning("campus sign-in (cas) could not validate a ticket: %s", error)
            return None
        if not principal:
            return None
        attribute = settings.HEZUO_CAS_ATTRIBUTE
        value = (attributes or {}).get(attribute) if attribute else principal
        user = signed_in(request, "cas", value)
        return user if user is not None and self.user_can_authenticate(user) else None


class OidcBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # untyped library
    """An OpenID Connect sign-in (mozilla-django-oidc checks the provider's tokens) signs in the
    user the configured claim matches; nobody is created."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        """A provider that refuses the code (reused, made up, expired) or cannot be reached
        signs nobody in, and the person lands on the page that says so, not on an error."""
        try:
            return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]
        except requests.RequestException as error:
            log.warning("campus sign-in (oidc) failed at the provider: %s", error)
            return None

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(_text(claims.get(settings.HEZUO_OIDC_CLAIM)))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> list[User]:
        user = signed_in(self.request, "oidc", claims.get(settings.HEZUO_OIDC_CLAIM))
        return [user] if user is not None else []

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user  # nothing of the provider's is copied into hezuo
