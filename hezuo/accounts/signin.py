"""Sign-in attempts (django-axes): an account is locked after ``HEZUO_SIGN_IN_FAILURES`` wrong
passwords, and an address after ``HEZUO_SIGN_IN_ADDRESS_FAILURES`` (set higher: a campus signs
in from behind one address), each until ``HEZUO_SIGN_IN_LOCK_MINUTES`` have passed since the
failure that locked it or, for an account, until an office admin unlocks it
(``member_unlock``). While locked, the right password is refused too, and attempts are not
counted. Every form that signs in through Django's
``authenticate`` — the sign-in page and the admin's — is counted; API tokens are random keys,
not passwords, and are not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.HEZUO_SIGN_IN_LOCK_MINUTES)


def address_failures(address: str) -> int:
    """Wrong passwords from ``address`` within the lock's window, whatever the account."""
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=timezone.now() - _window()
    )
    return int(recent.aggregate(total=Sum("failures_since_start"))["total"] or 0)


def locked_until(username: str) -> dt.datetime | None:
    """When the account ``username`` may sign in again, or None when it is not locked."""
    recent = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=timezone.now() - _window()
    ).aggregate(total=Sum("failures_since_start"), last=Max("attempt_time"))
    if (recent["total"] or 0) < settings.HEZUO_SIGN_IN_FAILURES:
        return None
    last: dt.datetime = recent["last"]
    return last + _window()


def unlock(username: str) -> bool:
    """Forget the account's failed attempts; whether it was locked."""
    was_locked = locked_until(username) is not None
    reset(username=username)
    return was_locked


class SignInHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes's database handler, with the address's own, higher limit beside the account's."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        address = getattr(request, "axes_ip_address", None)
        if not isinstance(address, str) or not address:
            return False
        return address_failures(address) >= settings.HEZUO_SIGN_IN_ADDRESS_FAILURES


class SignInBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Axes's backend, which refuses a locked sign-in, for sign-ins that come with a request
    (the pages). A password checked without one — a command, a test's client — is not a
    sign-in attempt from an address, and is checked by the next backend alone."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **credentials: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **credentials)  # type: ignore[no-any-return]
