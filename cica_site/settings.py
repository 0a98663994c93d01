"""Settings for the CICA Registry, read from the environment.

Every setting has a production-safe default; `make run` and the tests switch on what they need.
"""

import hashlib
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str) -> bool:
    """True when the variable is set to 1/true/yes/on (case-insensitive)."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "registry.apps.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "registry",
    # After registry, so that registry's `loaddata` (which guards editors' work) is the one run;
    # registry.admin imports registry.translation itself before it builds the admin classes.
    "modeltranslation",
]

# Header middleware first, so that even a response SecurityMiddleware or WhiteNoise makes (a
# redirect, a 400 for a bad host, a static file) carries every header. Rate limits run before
# anything that touches the session or the page cache; the page cache answers visitors before
# the session is read; AxesMiddleware goes last, as it asks.
MIDDLEWARE = [
    "registry.middleware.RequestIDMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "registry.middleware.SitePolicyCSPMiddleware",  # django-csp's, the policy built once
    "registry.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "registry.middleware.URLLanguageMiddleware",  # the 429 page and the page cache use it
    "registry.middleware.RateLimitMiddleware",
    "registry.cache.PageCacheMiddleware",  # before the session: hits skip what follows
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cica_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "registry.languages.languages",  # hreflang alternates, the language switch
            ],
        },
    },
]

WSGI_APPLICATION = "cica_site.wsgi.application"

# SQLite when DATABASE_URL is unset; PostgreSQL in production. Persistent connections matter:
# opening one per request halves throughput on a small machine.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        # Each process's memory (one server). Django's default 300 entries would be too few
        # for a list's rows (25 a page, registry/cache.py), and its cull drops the newest.
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

# The page cache (registry/cache.py): anonymous responses, never stale; DJANGO_PAGE_CACHE=0 is off.
PAGE_CACHE = os.environ.get("DJANGO_PAGE_CACHE", "1").strip().lower() not in {
    "0",
    "false",
    "no",
    "off",
}
if not REDIS_URL:
    # Pages then stay in each process's memory, but the data generation that keeps them current
    # must be one for every process of this site (app workers, manage.py commands): a file.
    CACHES["page_generation"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": Path(tempfile.gettempdir())
        / f"cica-registry-{hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:12]}",
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English (unprefixed URLs) and Russian (under /ru/), CICA's working languages. The language of a
# page comes from its URL only (registry.middleware.URLLanguageMiddleware); the API also reads
# ?lang= and Accept-Language (registry.api); the admin, the language cookie and Accept-Language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Russian")]
# The interface's Russian is locale/ru/LC_MESSAGES/django.po, compiled by `make run`, `make
# serve` and `make test` (Django's compilemessages, which needs gettext's msgfmt).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
# Record fields in both languages (registry/translation.py): a Russian field left empty shows
# the English text. Fixtures and factories that give `name` fill `name_en` (the default language).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_AUTO_POPULATE = "default"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "admin:login"

# Security headers that matter once the site is served over HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not DEBUG and not env_flag("DJANGO_NO_SSL_REDIRECT")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"  # sent by registry.middleware
# A load balancer polls the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# One line per record, with the request id and path; JSON lines when DJANGO_LOG_FORMAT=json.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "registry.logs.RequestContextFilter"}},
    "formatters": {
        "text": {"()": "registry.logs.OneLineFormatter"},
        "json": {"()": "registry.logs.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "json" if os.environ.get("DJANGO_LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # Sign-ins (registry.security): successes at INFO, failures and lockouts at WARNING. Axes'
    # own lines mask the user name and address, so they would only repeat ours less usefully.
    "loggers": {"registry.auth": {"level": "INFO"}, "axes": {"level": "ERROR"}},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Editorial workflow: imports are all-or-nothing; exports need only the view permission.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# The read-only JSON API: published records only, the same FilterSets as the pages.
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CICA Registry API",
    "DESCRIPTION": "Read-only access to the published records of the CICA Registry: states, "
    "events, statements and documents, and confidence-building measures. Filters take the same "
    "parameters, with the same meaning, as the public list pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# ---------------------------------------------------------------- production (issue 10)

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. The JSON-LD
# <script type="application/ld+json"> is data, never executed, so script-src does not apply.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the site never uses, denied to it and to anything it could embed.
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "usb",
    "xr-spatial-tracking",
]

# The client address behind N proxies that append to X-Forwarded-For (0: REMOTE_ADDR itself).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Sign-in protection (django-axes): 10 failures for a user name, or from one address, lock it
# for 30 minutes. Attempts live in the database, so every app server sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "registry.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "registry.middleware.client_ip"

# Sessions stay in the database (Django's default backend): one PostgreSQL for every server.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Rate limits per client address: group -> (requests, seconds), counted in the shared cache.
# DJANGO_RATE_LIMIT=0 turns them off (load tests and benchmarks).
RATE_LIMIT_ENABLED = os.environ.get("DJANGO_RATE_LIMIT", "1").strip().lower() not in {
    "0",
    "false",
    "no",
    "off",
}
RATE_LIMITS = {"search": (120, 60), "downloads": (60, 60), "calendars": (60, 60), "api": (300, 60)}
RATE_LIMIT_PATHS = {
    "search": r"^/(?:[a-z]{2}/)?search/",
    "downloads": r"/export\.(?:csv|json)$|/feed\.atom$",
    "calendars": r"\.ics$",
    "api": r"^/api/",
}

# Optional error reporting: with SENTRY_DSN set, server errors go to Sentry as well.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError as error:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but the Sentry SDK is not installed: pip install sentry-sdk"
        ) from error
    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False)
