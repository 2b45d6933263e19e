"""An OpenID Connect provider for the tests (django-oauth-toolkit in its OIDC mode), run in a
process of its own on loopback by ``tests.campus.servers``: this module is its settings,
``oidc_urls`` its addresses. Its people are made by ``servers.PEOPLE``; besides ``sub`` its ID
tokens and user info carry ``preferred_username``, ``email`` and ``employee_number`` (each
person's 工号, kept in ``last_name``). Its signing key is made when the server is."""

from __future__ import annotations

import os
from pathlib import Path

SECRET_KEY = "an OpenID Connect provider for the tests only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.campus.oidc_urls"
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["CAS_SERVER_DB"]}
}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
USE_TZ = True
# Cookies are kept by host, not port: on 127.0.0.1 beside hezuo, the server's must not be
# named as hezuo's are.
SESSION_COOKIE_NAME = "campus_server_session"
CSRF_COOKIE_NAME = "campus_server_csrftoken"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # a test server: fast
LOGIN_URL = "/login/"
_KEY = Path(os.environ["CAS_SERVER_DB"]).with_name("signing-key.pem")
if not _KEY.exists():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    _KEY.write_bytes(
        rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _KEY.read_text(),
    "SCOPES": {"openid": "OpenID Connect", "email": "e-mail", "profile": "profile"},
    "OAUTH2_VALIDATOR_CLASS": "tests.campus.oidc_claims.Claims",
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "PKCE_REQUIRED": False,
}
