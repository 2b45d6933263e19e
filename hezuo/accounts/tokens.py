"""API tokens as text: how one is made, what is kept of it, and the lives one may be given."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings

TOKEN_PREFIX = "hz_"
TOKEN_DAYS = (30, 90, 180, 365)  # the lives offered, up to HEZUO_API_TOKEN_MAX_DAYS


def token_days() -> tuple[int, ...]:
    """The lives a new token may be given, in days."""
    longest = settings.HEZUO_API_TOKEN_MAX_DAYS
    return tuple(days for days in TOKEN_DAYS if days <= longest) or (longest,)


def new_token(prefix: str = TOKEN_PREFIX) -> str:
    """A random token (an API token starts with hz_, so a leaked one is recognisable)."""
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256 (a token is random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()
