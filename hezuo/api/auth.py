"""Who is calling: a personal token (Authorization: Bearer hz_…) or the browser's session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from hezuo.accounts.access import Access, access_for
from hezuo.accounts.models import ApiToken, User
from hezuo.accounts.tokens import token_digest
from hezuo.core.errors import NotFound

LAST_USED_STEP = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """A personal API token: valid until its expiry date unless revoked, while its owner's
    account is active."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        now = timezone.now()
        found = (
            ApiToken.objects.select_related("user", "school")
            .filter(
                digest=token_digest(token),
                revoked_at__isnull=True,
                expires_at__gt=now,
                user__is_active=True,
            )
            .first()
        )
        if found is None:
            return None
        # Bookkeeping, not a decision: recorded on the row, not in the audit trail, and to the
        # minute the token page shows (a busy client does not write on every call).
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_STEP:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found


AUTH: list[Any] = [TokenAuth(), django_auth]


def school_access(request: HttpRequest, school: str) -> Access:
    """The caller's access to the school named in the URL. A token works in its own school
    only; elsewhere, as for a school the caller does not belong to, there is nothing."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken):
        if auth.school.slug != school:
            raise NotFound()
        return access_for(user=auth.user, school=auth.school)
    assert isinstance(request.user, User)
    return access_for(user=request.user, school=school)
