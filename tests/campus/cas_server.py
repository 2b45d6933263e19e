"""A CAS server for the tests (django-mama-cas), run in a process of its own on loopback by
``tests.campus.servers``: this module is its settings, ``cas_urls`` its addresses. Its people
are made by ``servers.PEOPLE``; the attributes it releases are each person's
``employeeNumber`` (kept in ``last_name``) and ``mail``."""

from __future__ import annotations

import os
from typing import Any

SECRET_KEY = "a CAS server for the tests only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "mama_cas",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.campus.cas_urls"
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["CAS_SERVER_DB"]}
}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
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
MAMA_CAS_SERVICES = [
    {
        "SERVICE": r"^http://(127\.0\.0\.1|localhost|testserver)(:\d+)?/",
        "CALLBACKS": ["tests.campus.cas_server.attributes"],
        "LOGOUT_ALLOW": True,
    }
]


def attributes(user: Any, service: str) -> dict[str, str]:
    return {"employeeNumber": user.last_name, "mail": user.email}
