"""The one settings module of cityorder, driven by environment variables.

Defaults give the embedded setup: SQLite under ./var, DEBUG on, demo-friendly hosts.
Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see .env.example).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from cityorder.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
# A checkout keeps its data beside the code (./var); an installed package uses the working directory.
_CHECKOUT = PACKAGE_DIR.parent.parent
_DEFAULT_HOME = _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() else Path.cwd()
BASE_DIR = Path(env_str("CITYORDER_HOME", str(_DEFAULT_HOME)))
VAR_DIR = Path(env_str("CITYORDER_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
_INSECURE_KEY = "django-insecure-cityorder-embedded-default-key-change-me-in-production"
SECRET_KEY = env_str("SECRET_KEY", _INSECURE_KEY)
if not DEBUG and SECRET_KEY == _INSECURE_KEY:
    raise ValueError("SECRET_KEY must be set when DEBUG is false")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_filters",
    "django_tables2",
    "django_tasks",
    "django_tasks_db",
    "cityorder.accounts",
    "cityorder.registry",
    "cityorder.web",
    "cityorder.api",
    "cityorder.jobs",
    "cityorder.demand",
    "cityorder.order",
    "cityorder.substitution",
    "cityorder.operations",
    "cityorder.cooperation",
    "cityorder.tenders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cityorder.web.middleware.RussianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cityorder.api.middleware.JsonErrorsMiddleware",
    # Before any view (the CSRF check included) reads the body: an upload over the limit is refused by its
    # Content-Length.
    "cityorder.demand.uploads.RefuseLargeUploads",
    # Last, so that it turns a locked-out login attempt of any view into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cityorder.urls"
WSGI_APPLICATION = "cityorder.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cityorder.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cityorder.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a background worker writes an import.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20,
         # A transaction takes the write lock when it begins: one that read first and wrote later would fail at
         # once with «database is locked» whenever another connection (the job's progress reporter) had written
         # meanwhile.
         "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["TEST"] = {"NAME": ""}
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "cityorder.accounts.lockout.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
CSRF_FAILURE_VIEW = "cityorder.web.errors.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# Front-end libraries come from npm at install time (make assets); only their dist folders are served.
NODE_MODULES = Path(env_str("CITYORDER_NODE_MODULES", str(BASE_DIR / "node_modules")))
STATICFILES_DIRS = [
    (f"vendor/{name}", NODE_MODULES / name / "dist")
    for name in ("bootstrap", "chart.js", "htmx.org")
    if (NODE_MODULES / name / "dist").is_dir()
]
if (NODE_MODULES / "bootstrap-icons" / "font").is_dir():
    STATICFILES_DIRS.append(("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# An upload bigger than this goes to a temporary file without a name on disk, never whole into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "cityorder.demand.uploads.NamelessTemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
CITYORDER_MAX_UPLOAD_MB = env_int("CITYORDER_MAX_UPLOAD_MB", 50)
# A spreadsheet unpacks to many times its size; past this many megabytes unpacked it is treated as a zip bomb.
CITYORDER_MAX_UNPACKED_MB = env_int("CITYORDER_MAX_UNPACKED_MB", 500)
# An uploaded file is read in a process of its own, stopped past this much memory or processor time, so a hostile
# file fails alone and the worker goes on with the queue. The wall-clock bound is separate and larger (never below
# the processor's): on a loaded machine a legitimate big file takes far longer by the clock than by the processor,
# and only a reader stuck without working should be stopped by it.
CITYORDER_READ_MEMORY_MB = env_int("CITYORDER_READ_MEMORY_MB", 3072)
CITYORDER_READ_SECONDS = env_int("CITYORDER_READ_SECONDS", 1800)
CITYORDER_READ_WALL_SECONDS = env_int("CITYORDER_READ_WALL_SECONDS", 7200)
# A sheet is read up to this many rows and columns; past them the file is refused naming the sheet.
CITYORDER_MAX_ROWS_PER_SHEET = env_int("CITYORDER_MAX_ROWS_PER_SHEET", 1_048_576)
CITYORDER_MAX_COLUMNS = env_int("CITYORDER_MAX_COLUMNS", 1000)
# A file with more lines than this is deleted by a background job (with its progress), not in the request.
CITYORDER_DELETE_IN_BACKGROUND_LINES = env_int("CITYORDER_DELETE_IN_BACKGROUND_LINES", 50_000)
# A BOM of more lines than this is stored by a background job (with its progress) once its preview is confirmed,
# not in the request: 20,000 lines take several seconds to read and insert.
CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES = env_int("CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES", 2_000)
# Sealed tender bids: every tender's data key is wrapped by this key-encryption key, kept outside the database
# (a Fernet key: CITYORDER_TENDER_KEK, or the file CITYORDER_TENDER_KEK_FILE, created on first use if absent).
CITYORDER_TENDER_KEK = env_str("CITYORDER_TENDER_KEK", "")
CITYORDER_TENDER_KEK_FILE = env_str("CITYORDER_TENDER_KEK_FILE", str(VAR_DIR / "tender-kek.key"))
# Retiring key-encryption keys, comma-separated, while `cityorder rotate_tender_kek` re-wraps the tender keys under
# the current one: still read, never used to wrap; remove them once the rotation has finished.
CITYORDER_TENDER_KEK_PREVIOUS = env_list("CITYORDER_TENDER_KEK_PREVIOUS", [])

# Long work (reading uploads, consolidation, matching) goes through django-tasks. The database backend needs no
# extra server: `cityorder db_worker` processes the queue (make demo starts one); with PostgreSQL any number of
# workers on any number of machines share it. TASKS_BACKEND=immediate runs tasks inside the request (tests).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[env_str("TASKS_BACKEND", "database")]}}
# A running job's worker touches it this often; a job silent for JOB_STALLED_AFTER seconds lost its worker (killed,
# machine gone) and may be run again.
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 30)
JOB_STALLED_AFTER = env_int("JOB_STALLED_AFTER", 300)
# A job is run at most this many times (its first run and the retries); one that killed its worker as often is
# failed for good, and the person is told to change the file or ask the administrator.
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3)
# The coverage of an order version is stored and read by its pages; when its inputs change, a version of at most
# this many positions is computed again by the page that asks (well under a second), a larger one in the background.
COVERAGE_INLINE_POSITIONS = env_int("COVERAGE_INLINE_POSITIONS", 1000)

# Repeated wrong passwords lock the account and the address out for a while (django-axes; pages and the token
# endpoint alike). The attempts live in the database, so every web process and machine shares them.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cityorder.accounts.lockout.locked_out"
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("BEHIND_PROXY", False) else 0
AXES_VERBOSE = False

# The API throttle counts in the cache: one Redis for all web processes in production (CACHE_URL), this process's
# memory otherwise.
_CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
    if _CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Requests a user (or, for the token endpoint, an address) may make; DRF's rate syntax: number/second|minute|hour|day.
API_THROTTLE_RATES = {
    "user": env_str("API_THROTTLE_USER", "1200/minute"),
    "anon": env_str("API_THROTTLE_ANON", "120/minute"),
    "token": env_str("API_THROTTLE_TOKEN", "20/minute"),
}

# Reminders to late customers go through Django's mail framework; the demo prints them on the console.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cityorder@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "cityorder.api.throttling.UserThrottle",
        "cityorder.api.throttling.AnonymousThrottle",
    ],
    # API clients get JSON for every error, whatever DEBUG says.
    "EXCEPTION_HANDLER": "cityorder.api.errors.json_exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cityorder API",
    "DESCRIPTION": "Городской заказ: registry, demand, city order and import substitution.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs show the whole API surface: for signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI and Redoc from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Nothing is loaded from another host, and no inline script runs without this response's nonce. Style attributes
# stay allowed: progress bars set their width in markup.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
