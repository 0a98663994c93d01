"""A server error is one log line with the request's path and id, the id also in the response."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from registry.logs import JSONFormatter, OneLineFormatter

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def console():
    """What the configured console handler writes, as text."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield handler, stream
    handler.setStream(previous)


@pytest.fixture
def broken_home(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the template exploded")

    monkeypatch.setattr("registry.views.render", broken)
    client.raise_request_exception = False
    return client


def test_a_server_error_is_one_line_with_path_and_request_id(broken_home, console):
    _handler, stream = console
    response = broken_home.get("/?page=2")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]

    lines = [line for line in stream.getvalue().splitlines() if "ERROR" in line]
    assert len(lines) == 1
    assert f"request_id={request_id} path=/ " in lines[0]
    assert "Internal Server Error: /" in lines[0]
    assert "RuntimeError: the template exploded" in lines[0]  # the traceback, on the same line


def test_json_logs_are_one_object_per_line(broken_home, console):
    handler, stream = console
    handler.setFormatter(JSONFormatter())
    try:
        response = broken_home.get("/")
    finally:
        handler.setFormatter(OneLineFormatter())
    entries = [json.loads(line) for line in stream.getvalue().splitlines()]
    error = next(entry for entry in entries if entry["level"] == "ERROR")
    assert error["request_id"] == response["X-Request-ID"]
    assert error["path"] == "/"
    assert error["status"] == 500
    assert error["logger"] == "django.request"
    assert "RuntimeError: the template exploded" in error["exception"]


def test_django_log_format_json_chooses_the_json_formatter():
    script = "from django.conf import settings; print(settings.LOGGING['handlers']['console'])"
    env = {**os.environ, "DJANGO_LOG_FORMAT": "json"}
    command = [sys.executable, "manage.py", "shell", "-c", script]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert "'formatter': 'json'" in result.stdout


def test_sentry_dsn_without_the_sdk_stops_the_start_with_a_clear_message():
    try:
        import sentry_sdk  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("sentry-sdk is installed here")
    env = {**os.environ, "SENTRY_DSN": "https://key@sentry.example.org/1"}
    command = [sys.executable, "manage.py", "check"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SENTRY_DSN is set but the Sentry SDK is not installed" in result.stderr
