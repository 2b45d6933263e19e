"""A member locked out by wrong passwords, as django-axes records it (for tests that need one
without signing in ten times)."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from hezuo.accounts.models import User


def locked_out(user: User, address: str = "192.0.2.10") -> User:
    AccessAttempt.objects.create(
        username=user.username,
        ip_address=address,
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/accounts/login/",
        failures_since_start=settings.HEZUO_SIGN_IN_FAILURES,
        attempt_time=timezone.now(),
    )
    return user
