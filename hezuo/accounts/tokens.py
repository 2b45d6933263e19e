"""API tokens as text: how one is made and what is kept of it. Pure functions."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "hz_"


def new_token(prefix: str = TOKEN_PREFIX) -> str:
    """A random token (an API token starts with hz_, so a leaked one is recognisable)."""
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256 (a token is random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()
