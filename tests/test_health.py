"""`/healthz`: what a load balancer polls."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/4",  # nothing listens on port 1
    }
}


def test_healthy_server_answers_200_with_a_small_json_body_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_unreachable_cache_answers_503_naming_it(client):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "cache": "failing"}
    assert "no-store" in response["Cache-Control"]


def test_unreachable_database_answers_503_naming_it():
    """A server started against a database that does not answer (nothing on port 1)."""
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz', HTTP_HOST='localhost'); "
        "print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cica_site.settings_test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "failing", "database": "failing", "cache": "ok"}
    assert "database does not answer" in result.stderr  # and the log says why


def test_health_check_is_not_in_the_sitemap_and_skips_the_https_redirect(client, settings):
    assert b"healthz" not in client.get("/sitemap.xml").content
    settings.SECURE_SSL_REDIRECT = True
    plain_http = Client()  # SecurityMiddleware reads the setting when it is loaded
    assert plain_http.get("/healthz").status_code == 200  # a load balancer polls over HTTP
    assert plain_http.get("/").status_code == 301
