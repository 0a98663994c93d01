"""Test settings: production settings with a fixed key, fast hashing and no HTTPS redirect."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-key-never-used-in-production-0123456789abcdef"
)

from cica_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405 - live-server threads must not hold connections
# Tests must not depend on `collectstatic` having run.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
if not REDIS_URL:  # noqa: F405 - with REDIS_URL set, the suite runs against that Redis database
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The suite's many requests all come from 127.0.0.1; the rate-limit tests turn limits on.
RATE_LIMIT_ENABLED = False
# django-axes needs the request to authenticate, which `client.login()` does not pass; the
# sign-in protection tests turn it on.
AXES_ENABLED = False
