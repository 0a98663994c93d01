"""Search, downloads, calendars and the API answer a client that hammers them with 429."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django.test import Client

from registry.middleware import client_ip
from tests.factories import StateFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
NOW = 1_000 * 3600 + 100.0  # 100 s into an hour-long window
LIMITED = {
    "search": "/search/?q=summit",
    "downloads": "/events/export.csv",
    "calendars": "/events/calendar.ics",
    "api": "/api/events/",
}


@pytest.fixture
def limits(settings, monkeypatch):
    """Limits on, three requests an hour per group, at a fixed time; an empty cache."""
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMITS = dict.fromkeys(LIMITED, (3, 3600))
    monkeypatch.setattr("registry.middleware.time.time", lambda: NOW)
    cache.clear()


@pytest.mark.parametrize("group", LIMITED)
def test_a_client_over_the_limit_gets_429_with_retry_after(client, limits, group):
    path = LIMITED[group]
    for _ in range(3):
        assert client.get(path).status_code == 200
    response = client.get(path)
    assert response.status_code == 429
    assert response["Retry-After"] == "3500"  # the window's end
    assert "no-store" in response["Cache-Control"]
    assert "try again in 3500 s" in response.content.decode()
    # Another address, and the rest of the site, are not affected.
    assert client.get(path, REMOTE_ADDR="192.0.2.99").status_code == 200
    assert client.get("/states/").status_code == 200


def test_the_429_page_is_in_the_language_of_the_url(client, limits):
    for _ in range(3):
        client.get("/ru/search/?q=summit")
    response = client.get("/ru/search/?q=summit")
    assert response.status_code == 429
    assert response["Content-Language"] == "ru"
    assert "Слишком много запросов" in response.content.decode()
    assert "3500" in response.content.decode()


def test_api_429_is_json(client, limits):
    for _ in range(3):
        client.get("/api/states/")
    response = client.get("/api/states/")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many requests")


def redis_reachable(url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


def test_the_count_is_shared_by_every_server_through_the_cache(limits):
    servers = [Client(), Client(), Client()]  # each loads its own middleware, like a process
    for server in servers:
        assert server.get("/search/?q=x").status_code == 200
    assert Client().get("/search/?q=x").status_code == 429


def test_the_count_works_on_redis(limits, settings):
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
    if not redis_reachable(url):
        pytest.skip(f"no Redis at {url} (TEST_REDIS_URL)")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    cache.delete_many([f"ratelimit:search:127.0.0.1:{int(NOW // 3600)}"])
    for _ in range(3):
        assert Client().get("/search/?q=x").status_code == 200
    assert Client().get("/search/?q=x").status_code == 429
    cache.delete_many([f"ratelimit:search:127.0.0.1:{int(NOW // 3600)}"])


def test_behind_a_proxy_the_address_it_saw_counts(client, limits, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for spoofed in ["1.1.1.1", "2.2.2.2", "3.3.3.3"]:
        forwarded = {"HTTP_X_FORWARDED_FOR": f"{spoofed}, 203.0.113.7", **proxy}
        assert client.get("/search/", **forwarded).status_code == 200
    # Whatever the client claims further left, 203.0.113.7 is over its limit...
    assert client.get("/search/", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # ...and another client behind the same proxy is not.
    assert client.get("/search/", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 200


def test_client_ip_trusts_only_the_configured_number_of_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4, 10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 5  # fewer hops than proxies: not behind them after all
    assert client_ip(request) == "10.0.0.2"


def test_limits_are_generous_enough_for_a_person(settings):
    """At least one request a second, sustained for a minute, in every group."""
    for requests, seconds in settings.RATE_LIMITS.values():
        assert requests / seconds >= 1 and seconds <= 60


def test_an_unreachable_cache_does_not_block_anyone(client, limits, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/4",
        }
    }
    for _ in range(5):
        assert client.get("/search/?q=x").status_code == 200


def test_rate_limit_0_turns_limits_off():
    """The setting load tests and benchmarks use."""
    script = "from django.conf import settings; print(settings.RATE_LIMIT_ENABLED)"
    results = {}
    for value in ["0", "1"]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cica_site.settings",
            "DJANGO_SECRET_KEY": "k" * 50,
            "DJANGO_RATE_LIMIT": value,
        }
        env.pop("DJANGO_DEBUG", None)
        command = [sys.executable, "manage.py", "shell", "-c", script]
        results[value] = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        ).stdout.split()[-1]
    assert results == {"0": "False", "1": "True"}


def test_api_page_size_is_capped_at_100(client):
    StateFactory.create_batch(101)
    assert len(client.get("/api/states/?page_size=2").json()["results"]) == 2
    assert len(client.get("/api/states/?page_size=100000").json()["results"]) == 100
    assert len(client.get("/api/states/").json()["results"]) == 25
