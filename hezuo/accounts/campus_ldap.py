"""Campus sign-in with a directory's password (LDAP, Active Directory): the sign-in form's
username and password are checked by django-auth-ldap, binding to the directory as the person
its search finds; the value matched is the username typed or ``HEZUO_LDAP_ATTRIBUTE`` of the
entry, matched as every campus sign-in's is (``hezuo.accounts.campus``). Nobody is created and
nothing of the directory's is copied. Loaded only where ``HEZUO_LDAP_SERVER_URI`` is set."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_auth_ldap.backend import LDAPBackend

from hezuo.accounts.campus import signed_in
from hezuo.accounts.models import User


class LdapBackend(LDAPBackend):  # type: ignore[misc]  # untyped library
    def get_or_build_user(self, username: str, ldap_user: Any) -> tuple[User, bool]:
        attribute = settings.HEZUO_LDAP_ATTRIBUTE
        value = (ldap_user.attrs.get(attribute) or [""])[0] if attribute else username
        user = signed_in(ldap_user._request, "ldap", value)
        if user is None:
            # Built, not found: AUTH_LDAP_NO_NEW_USERS refuses it, and the sign-in fails.
            return User(username=str(value)[:150]), True
        return user, False
