"""The one settings module. Every value that differs between machines comes from the
environment (see .env.example); a bad value stops start-up with a message naming it."""

from __future__ import annotations

from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    replica_database,
    secret_key_file,
    sqlite_database,
    storage_from_env,
    trusted_networks,
)

# Lets admin and form classes be written with type parameters (ModelAdmin[Partner]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
# django-ninja's API documentation page (templates ninja/*.html, static files ninja/*): its
# folders are used as they are instead of installing ninja as an app, which would import it
# and pydantic in every process (each command, each worker), not only where the API is served.
_NINJA_SPEC = find_spec("ninja")
assert _NINJA_SPEC is not None and _NINJA_SPEC.origin is not None
NINJA_DIR = Path(_NINJA_SPEC.origin).parent
VAR_DIR = Path(env_str("HEZUO_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("HEZUO_DEBUG", False)
# Several processes or machines must share one key, so they set HEZUO_SECRET_KEY; a single
# machine (the embedded default) keeps a generated key in its var folder.
SECRET_KEY = env_str("HEZUO_SECRET_KEY", "") or secret_key_file(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("HEZUO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("HEZUO_CSRF_TRUSTED_ORIGINS", [])
# Absolute address of this site, for links in e-mails and generated documents.
SITE_URL = env_str("HEZUO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_cas_ng",  # CAS tickets of signed-in sessions, for the server's single sign-out
    "django_otp",  # the optional second factor (hezuo.web.two_factor)
    "django_otp.plugins.otp_totp",
    "hezuo.core",
    "hezuo.accounts",
    "hezuo.files",
    "hezuo.jobs",
    "hezuo.partners",
    "hezuo.agreements",
    "hezuo.programmes",
    "hezuo.activities",
    "hezuo.indicators",
    "hezuo.construction",
    "hezuo.evidence",
    "hezuo.binders",
    "hezuo.reports",
    "hezuo.imports",
    "hezuo.exports",
    "hezuo.assistance",
    "hezuo.demo",
    "hezuo.web",
    "hezuo.api",
]

MIDDLEWARE = [
    # First, so every request has its id and one log line (hezuo.core.logs).
    "hezuo.web.requestlog.RequestLogMiddleware",
    # /healthz and /readyz, whatever Host the proxy's or container's probe names.
    "hezuo.web.health.HealthMiddleware",
    # GET and HEAD read from the replica when one is configured (hezuo.core.replica).
    "hezuo.web.replica.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (collected by `hezuo upgrade`) straight from the production server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hezuo.web.middleware.LanguageMiddleware",
    # A body larger than any request may be is refused before anything reads it.
    "hezuo.web.middleware.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session's sign-in passed its second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # A query no database could store (NUL) is refused before any view reads it.
    "hezuo.web.middleware.UnstorableQueryMiddleware",
    # Signed-in sessions end when idle and after a longest life (hezuo.web.sessions).
    "hezuo.web.sessions.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Content-Security-Policy header (django-csp), policy below.
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its page (hezuo.accounts.signin).
    "axes.middleware.AxesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hezuo.web.context.navigation",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL", "")
DATABASES = {
    "default": database_from_url(_database_url)
    if _database_url
    else sqlite_database(str(VAR_DIR / "hezuo.sqlite3"))
}
# A PostgreSQL replica (hot standby) that the pages and the API's GETs read from; writes, and
# what a request reads inside a transaction or of its session, stay on the primary.
_replica_url = env_str("HEZUO_DATABASE_REPLICA_URL", "")
if _replica_url:
    DATABASES["replica"] = replica_database(_replica_url)
    DATABASE_ROUTERS = ["hezuo.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # OWASP ASVS level 2: at least 12 characters, none of the passwords breaches show most
    # often (Django's list of 20,000, shipped with it), and a change must change it.
    {
        "NAME": "hezuo.accounts.passwords.MinimumLength",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hezuo.accounts.passwords.NotTheCurrentPassword"},
]
LOGIN_URL = "login"
# Sign-in attempts (django-axes, hezuo.accounts.signin): an account is locked after
# HEZUO_SIGN_IN_FAILURES wrong passwords, an address after HEZUO_SIGN_IN_ADDRESS_FAILURES (a
# campus behind one address is not locked out by a few people's typing), each until
# HEZUO_SIGN_IN_LOCK_MINUTES have passed since the failure that locked it (attempts while it is
# locked are refused and not counted) or an office admin unlocks the account.
HEZUO_SIGN_IN_FAILURES = env_int("HEZUO_SIGN_IN_FAILURES", 10, minimum=1)
HEZUO_SIGN_IN_ADDRESS_FAILURES = env_int("HEZUO_SIGN_IN_ADDRESS_FAILURES", 100, minimum=1)
HEZUO_SIGN_IN_LOCK_MINUTES = env_int("HEZUO_SIGN_IN_LOCK_MINUTES", 30, minimum=1)
# The longest life a personal API token may be given (the token page offers 30 to 365 days).
HEZUO_API_TOKEN_MAX_DAYS = env_int("HEZUO_API_TOKEN_MAX_DAYS", 365, minimum=1)
# The name authenticator apps show beside a second factor's codes.
OTP_TOTP_ISSUER = "hezuo"
# The API's description (/api/v1/openapi.json) and its page (/api/v1/docs) are for callers (a
# signed-in person or a token) unless published.
HEZUO_API_DOCS_PUBLIC = env_bool("HEZUO_API_DOCS_PUBLIC", False)
AUTHENTICATION_BACKENDS = [
    "hezuo.accounts.signin.SignInBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Campus sign-in (统一身份认证, hezuo.accounts.campus; decision 0021): a campus identity server
# vouches for a value — the CAS user or one of its attributes, an OpenID Connect claim — that
# is matched to one hezuo user by username (an office makes a member's username their 工号)
# or by e-mail. Nobody is created; a value matching no one is told whom to ask.
HEZUO_CAMPUS_MATCH = env_choice("HEZUO_CAMPUS_MATCH", "username", ["username", "email"])
# The school (slug) whose office admins that page names; empty: the installation's only school.
HEZUO_CAMPUS_SCHOOL = env_str("HEZUO_CAMPUS_SCHOOL", "")
# CAS (django-cas-ng): the server's address turns it on.
CAS_SERVER_URL = env_str("HEZUO_CAS_SERVER_URL", "")
CAS_VERSION = env_choice("HEZUO_CAS_VERSION", "3", ["1", "2", "3"])
HEZUO_CAS_ATTRIBUTE = env_str("HEZUO_CAS_ATTRIBUTE", "")  # empty: the CAS user itself
HEZUO_CAS_LABEL = env_str("HEZUO_CAS_LABEL", "")  # the button's words, e.g. the system's name
CAS_REDIRECT_URL = "/"
CAS_IGNORE_REFERER = True  # back to where the sign-in was asked for (next), or home
CAS_LOGIN_MSG = None
CAS_LOGGED_MSG = None
CAS_CREATE_USER = False
# OpenID Connect (mozilla-django-oidc): the provider's endpoints and this client turn it on.
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("HEZUO_OIDC_AUTHORIZATION_URL", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("HEZUO_OIDC_TOKEN_URL", "")
OIDC_OP_USER_ENDPOINT = env_str("HEZUO_OIDC_USERINFO_URL", "")
OIDC_OP_JWKS_ENDPOINT = env_str("HEZUO_OIDC_JWKS_URL", "")
OIDC_RP_CLIENT_ID = env_str("HEZUO_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("HEZUO_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("HEZUO_OIDC_SIGN_ALGORITHM", "RS256")
OIDC_RP_SCOPES = "openid email profile"
HEZUO_OIDC_CLAIM = env_str("HEZUO_OIDC_CLAIM", "preferred_username")
HEZUO_OIDC_LABEL = env_str("HEZUO_OIDC_LABEL", "")
OIDC_CREATE_USER = False
LOGIN_REDIRECT_URL_FAILURE = "/accounts/campus/unknown/"
OIDC_AUTHENTICATION_CALLBACK_URL = "campus-oidc-callback"
# LDAP / AD (django-auth-ldap): the sign-in form's username and password are checked by binding
# to the directory as the person found by HEZUO_LDAP_USER_FILTER under HEZUO_LDAP_USER_BASE
# (searched as HEZUO_LDAP_BIND_DN, or anonymously); HEZUO_LDAP_ATTRIBUTE names the attribute
# whose value is matched (empty: the username typed).
AUTH_LDAP_SERVER_URI = env_str("HEZUO_LDAP_SERVER_URI", "")
AUTH_LDAP_BIND_DN = env_str("HEZUO_LDAP_BIND_DN", "")
AUTH_LDAP_BIND_PASSWORD = env_str("HEZUO_LDAP_BIND_PASSWORD", "")
AUTH_LDAP_START_TLS = env_bool("HEZUO_LDAP_START_TLS", False)
HEZUO_LDAP_USER_BASE = env_str("HEZUO_LDAP_USER_BASE", "")
HEZUO_LDAP_USER_FILTER = env_str("HEZUO_LDAP_USER_FILTER", "(uid=%(user)s)")
HEZUO_LDAP_ATTRIBUTE = env_str("HEZUO_LDAP_ATTRIBUTE", "")
AUTH_LDAP_NO_NEW_USERS = True  # nobody is created
AUTH_LDAP_ALWAYS_UPDATE_USER = False  # nothing of the directory's is copied
AUTH_LDAP_USER_ATTR_MAP: dict[str, str] = {}
if AUTH_LDAP_SERVER_URI:
    if not HEZUO_LDAP_USER_BASE:
        raise ImproperlyConfigured("HEZUO_LDAP_SERVER_URI needs HEZUO_LDAP_USER_BASE too.")
    import ldap
    from django_auth_ldap.config import LDAPSearch

    AUTH_LDAP_USER_SEARCH = LDAPSearch(
        HEZUO_LDAP_USER_BASE, ldap.SCOPE_SUBTREE, HEZUO_LDAP_USER_FILTER
    )
    AUTH_LDAP_CONNECTION_OPTIONS = {ldap.OPT_NETWORK_TIMEOUT: 5, ldap.OPT_TIMEOUT: 10}
    AUTHENTICATION_BACKENDS.append("hezuo.accounts.campus_ldap.LdapBackend")
if CAS_SERVER_URL:
    AUTHENTICATION_BACKENDS.append("hezuo.accounts.campus.CasBackend")
if OIDC_OP_AUTHORIZATION_ENDPOINT:
    _oidc = [OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT]
    if not all([*_oidc, OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET]):
        raise ImproperlyConfigured(
            "HEZUO_OIDC_AUTHORIZATION_URL needs HEZUO_OIDC_TOKEN_URL, HEZUO_OIDC_USERINFO_URL, "
            "HEZUO_OIDC_JWKS_URL, HEZUO_OIDC_CLIENT_ID and HEZUO_OIDC_CLIENT_SECRET too."
        )
    AUTHENTICATION_BACKENDS.append("hezuo.accounts.campus.OidcBackend")
AXES_HANDLER = "hezuo.accounts.signin.SignInHandler"
AXES_FAILURE_LIMIT = HEZUO_SIGN_IN_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=HEZUO_SIGN_IN_LOCK_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "hezuo.web.clients.client_address"
AXES_LOCKOUT_CALLABLE = "hezuo.web.signin.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not kept (they would grow forever)
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("HEZUO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"  # filled by `hezuo upgrade`; WhiteNoise serves it
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("HEZUO_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": storage_from_env(),
    "staticfiles": {"BACKEND": "config.static.StaticFiles"},
}
# The production server: `hezuo serve` runs gunicorn with this many processes, each with this
# many threads; a request taking longer than the timeout (seconds) is stopped.
HEZUO_WEB_WORKERS = env_int("HEZUO_WEB_WORKERS", 2, minimum=1)
HEZUO_WEB_THREADS = env_int("HEZUO_WEB_THREADS", 4, minimum=1)
HEZUO_WEB_TIMEOUT = env_int("HEZUO_WEB_TIMEOUT", 120, minimum=10)
# With S3, downloads are redirects to a link made for the one download, valid this many
# seconds, on the bucket's address as the users' browsers reach it (HEZUO_S3_PUBLIC_ENDPOINT_URL,
# else HEZUO_S3_ENDPOINT_URL); HEZUO_S3_DIRECT_DOWNLOADS=0 sends every file through hezuo instead
# (a bucket the browsers cannot reach).
HEZUO_S3_DIRECT_DOWNLOADS = env_bool("HEZUO_S3_DIRECT_DOWNLOADS", True)
HEZUO_S3_PUBLIC_ENDPOINT_URL = env_str("HEZUO_S3_PUBLIC_ENDPOINT_URL", "")
HEZUO_DOWNLOAD_LINK_SECONDS = env_int("HEZUO_DOWNLOAD_LINK_SECONDS", 300, minimum=10)
# Uploads: the largest file accepted, and how far an Office file may unpack before it is
# treated as a zip bomb.
HEZUO_UPLOAD_MAX_MB = env_int("HEZUO_UPLOAD_MAX_MB", 200, minimum=1)
# The largest request of all (several files uploaded at once), refused before it is read.
HEZUO_REQUEST_MAX_MB = env_int("HEZUO_REQUEST_MAX_MB", 1024, minimum=1)
HEZUO_UPLOAD_MAX_UNPACKED_MB = env_int("HEZUO_UPLOAD_MAX_UNPACKED_MB", 1000, minimum=1)
DATA_UPLOAD_MAX_NUMBER_FILES = 200
# Office → PDF: LibreOffice's command (found on PATH when empty) and how long one file may take.
HEZUO_SOFFICE = env_str("HEZUO_SOFFICE", "")
HEZUO_CONVERSION_TIMEOUT = env_int("HEZUO_CONVERSION_TIMEOUT", 180, minimum=10)
# What is derived from stored bytes and kept to be read again (binders' page measurements).
HEZUO_CACHE_DIR = Path(env_str("HEZUO_CACHE_DIR", "") or str(VAR_DIR / "cache"))
# A running job that has not reported progress for this long lost its worker: it is marked
# failed (and can be started again) when the worker restarts or its page is opened.
HEZUO_JOB_STALE_MINUTES = env_int("HEZUO_JOB_STALE_MINUTES", 15, minimum=1)
# Each `hezuo worker` beats every HEZUO_WORKER_BEAT_SECONDS; one silent for
# HEZUO_WORKER_LOST_SECONDS is gone, and the tasks it had taken are settled by the others (a
# conversion queued again, a binder, report or import failed for the user to start again).
HEZUO_WORKER_BEAT_SECONDS = env_int("HEZUO_WORKER_BEAT_SECONDS", 30, minimum=1)
HEZUO_WORKER_LOST_SECONDS = env_int("HEZUO_WORKER_LOST_SECONDS", 120, minimum=2)
# Finished background tasks' records are kept this many days (the workers prune older ones).
HEZUO_TASK_RESULTS_KEEP_DAYS = env_int("HEZUO_TASK_RESULTS_KEEP_DAYS", 30, minimum=1)
# /readyz fails when no `hezuo worker` has beaten for this long.
HEZUO_WORKER_SILENT_MINUTES = env_int("HEZUO_WORKER_SILENT_MINUTES", 5, minimum=1)
# The most data rows one Excel import reads (a sheet of a million rows is refused, not read).
HEZUO_IMPORT_MAX_ROWS = env_int("HEZUO_IMPORT_MAX_ROWS", 200_000, minimum=1)
# A list export of at most this many rows is answered at once; a longer list is written by a
# background job (its page offers the workbook once written).
HEZUO_EXPORT_INLINE_ROWS = env_int("HEZUO_EXPORT_INLINE_ROWS", 2000, minimum=0)
# Generated pages (binders, reports) are set in the Noto CJK fonts found in these folders
# (colon-separated; Debian's fonts-noto-cjk by default).
HEZUO_FONT_DIRS = env_str("HEZUO_FONT_DIRS", "/usr/share/fonts/opentype/noto").split(":")

# Background work (file conversion, binders, reports) is queued in the database and run by
# `hezuo worker`; `hezuo demo` starts one beside the web server.
# Two queues (hezuo.core.queues): conversions of uploaded files, and the documents people wait
# for (binders, reports, imports); `hezuo worker` takes from both unless told one.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "conversions", "documents"],
    }
}

# E-mail (password reset links). With HEZUO_EMAIL_HOST set, mail goes out through that SMTP
# server: implicit TLS (HEZUO_EMAIL_USE_SSL, usually port 465) or STARTTLS (HEZUO_EMAIL_USE_TLS,
# usually 587), the server's certificate verified against the system's CAs (SSL_CERT_FILE names
# a school's own CA). Without a host, e-mails are printed to the console (the demo).
EMAIL_HOST = env_str("HEZUO_EMAIL_HOST", "")
EMAIL_USE_TLS = env_bool("HEZUO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("HEZUO_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "HEZUO_EMAIL_USE_TLS and HEZUO_EMAIL_USE_SSL are both on: choose one "
        "(HEZUO_EMAIL_USE_SSL for port 465, HEZUO_EMAIL_USE_TLS for STARTTLS on port 587)."
    )
EMAIL_PORT = env_int(
    "HEZUO_EMAIL_PORT", 465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25, minimum=1
)
EMAIL_HOST_USER = env_str("HEZUO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("HEZUO_EMAIL_PASSWORD", "")
# Seconds to wait for the mail server (Django waits for ever by default, holding the request).
EMAIL_TIMEOUT = env_int("HEZUO_EMAIL_TIMEOUT", 20, minimum=1)
EMAIL_BACKEND = env_str(
    "HEZUO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("HEZUO_DEFAULT_FROM_EMAIL", "hezuo@localhost")
# The sender and subject prefix of Django's own mails to administrators.
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[hezuo] "
# A password reset link works once, for this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

# What a page may load and run: hezuo's own files only; no inline script (the pages' behaviour
# is in static files, static/web/behaviour.js), no plugin, no framing by another site. Inline
# styles stay allowed: style attributes in the templates, and the ones htmx and the charts add.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SESSION_COOKIE_SECURE = env_bool("HEZUO_SECURE_COOKIES", False)
# A signed-in session ends after HEZUO_SESSION_IDLE_MINUTES without a request and
# HEZUO_SESSION_MAX_HOURS after signing in (hezuo.web.sessions).
HEZUO_SESSION_IDLE_MINUTES = env_int("HEZUO_SESSION_IDLE_MINUTES", 120, minimum=5)
HEZUO_SESSION_MAX_HOURS = env_int("HEZUO_SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = HEZUO_SESSION_IDLE_MINUTES * 60
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Behind the school's HTTPS proxy: the header it sets on requests that reached it over HTTPS
# (e.g. X-Forwarded-Proto: https), and the proxies (addresses or networks) whose
# X-Forwarded-For names the visitor (expert openings record it).
_https_header = env_str("HEZUO_PROXY_HTTPS_HEADER", "")
if _https_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _https_header.upper().replace("-", "_"), "https")
HEZUO_TRUSTED_PROXIES = trusted_networks("HEZUO_TRUSTED_PROXIES")
SECURE_SSL_REDIRECT = env_bool("HEZUO_SSL_REDIRECT", False)
# Asked over plain HTTP by the proxy and the monitoring.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env_int("HEZUO_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HEZUO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("HEZUO_HSTS_PRELOAD", False)
# HSTS for every subdomain, and preloading, are decisions for the school's whole domain, not
# for this service: they are offered above, but their absence is not a warning. axes warns
# when addresses are not among its lockout parameters: hezuo counts an address's failures
# itself, with a limit of its own (hezuo.accounts.signin.SignInHandler).
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021", "axes.W006"]

# Log lines go to standard error, one JSON object each in production (time, level, logger,
# message, and the request's id, school and user — hezuo.core.logs), or as text for a person
# reading a terminal; no line keeps a share link's token.
HEZUO_LOG_FORMAT = env_choice("HEZUO_LOG_FORMAT", "text" if DEBUG else "json", ["json", "text"])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "hezuo.core.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "hezuo.core.logs.JsonLinesFormatter"},
        "text": {
            "()": "hezuo.core.logs.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": HEZUO_LOG_FORMAT,
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("HEZUO_LOG_LEVEL", "INFO")},
    # django-axes: each failed sign-in and each lock is a warning (usernames masked); its
    # bookkeeping is not logged.
    "loggers": {"pikepdf": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Prometheus metrics at /metrics (requests, jobs, workers) for a scraper sending this token as
# "Authorization: Bearer <token>"; without a token there is no /metrics.
HEZUO_METRICS_TOKEN = env_str("HEZUO_METRICS_TOKEN", "")

# Errors reported to a Sentry server (or a compatible one, e.g. GlitchTip) when a DSN is set;
# nothing is sent otherwise. Reports carry no personal data and no share token.
HEZUO_SENTRY_DSN = env_str("HEZUO_SENTRY_DSN", "")
if HEZUO_SENTRY_DSN:
    from hezuo.core.reporting import start_error_reporting

    start_error_reporting(
        HEZUO_SENTRY_DSN, environment=env_str("HEZUO_SENTRY_ENVIRONMENT", "production")
    )
