"""The production path: `make serve`, gunicorn's configuration and the example systemd unit."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
# The suite already runs inside the installed virtualenv: make must not reinstall into it.
MAKE = ["make", "--no-print-directory", "--old-file=.venv/.runtime"]


def environment(**values) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {**env, **values}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_make_serve_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [*MAKE, "serve"], cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "gunicorn" not in result.stdout  # refused before collecting or starting anything


def test_gunicorn_configuration_loads_with_its_settings_from_the_environment():
    env = environment(
        DJANGO_SECRET_KEY="a-key-for-this-test", HOST="0.0.0.0", PORT="8123", WEB_CONCURRENCY="3"
    )
    result = subprocess.run(
        [GUNICORN, "--print-config", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }
    assert config["bind"] == "['0.0.0.0:8123']"
    assert config["workers"] == "3"
    assert config["timeout"] == "120"
    assert config["accesslog"] == config["errorlog"] == "-"
    assert config["wsgi_app"] == "cica_site.wsgi:application"


def test_the_wsgi_application_sets_the_garbage_collector_for_a_server():
    script = "import gc, cica_site.wsgi; print(gc.get_freeze_count(), gc.get_threshold()[0])"
    env = environment(DJANGO_SECRET_KEY="a-key-for-this-test")
    command = [sys.executable, "-c", script]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    frozen, young_objects_collected_every = map(int, result.stdout.split())
    assert frozen > 10_000  # Django and the apps: frozen, never walked again
    assert young_objects_collected_every == 10_000


def test_the_systemd_unit_runs_gunicorn_with_the_repository_configuration():
    unit = (ROOT / "deploy/cica-registry.service").read_text()
    assert "ExecStart=/srv/cica-registry/.venv/bin/gunicorn --config gunicorn.conf.py" in unit
    assert "EnvironmentFile=/etc/cica-registry.env" in unit
    example = (ROOT / "deploy/registry.env.example").read_text()
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
        assert f"\n{name}=" in f"\n{example}"


def test_make_serve_answers_the_health_check(tmp_path):
    port = free_port()
    env = environment(
        DJANGO_SECRET_KEY="a-key-for-this-test-only",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PORT=str(port),
        WEB_CONCURRENCY="1",
    )
    server = subprocess.Popen(
        [*MAKE, "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: make, gunicorn and its workers
    )
    try:
        response = None
        deadline = time.monotonic() + 90
        while response is None and time.monotonic() < deadline and server.poll() is None:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
            except OSError:
                time.sleep(0.5)
        assert response is not None, "make serve never answered"
        assert response.status == 200
        assert json.load(response) == {"status": "ok", "database": "ok", "cache": "ok"}
        assert response.headers["Server"].startswith("gunicorn")
        assert "no-store" in response.headers["Cache-Control"]
        # Other pages redirect to HTTPS unless the proxy says the request came over it.
        behind_proxy = urllib.request.Request(
            f"http://127.0.0.1:{port}/robots.txt", headers={"X-Forwarded-Proto": "https"}
        )
        robots = urllib.request.urlopen(behind_proxy, timeout=5)
        request_id = robots.headers["X-Request-ID"]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    # The access log names each request with its id, leaving out the health check's polls.
    assert '"GET /robots.txt HTTP/1.1" 200' in output, output
    assert f"request_id={request_id}" in output
    assert "GET /healthz" not in output
