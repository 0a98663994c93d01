"""Every response carries the security headers a public site needs (debug off, as in tests)."""

import pytest
from django.test import Client, override_settings

from registry.models import Event
from tests.factories import EventFactory, StateFactory

pytestmark = pytest.mark.django_db

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response) -> dict[str, str]:
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return dict(directives)


def assert_secure_headers(response):
    directives = policy(response)
    for name, value in CSP.items():
        assert directives[name] == value, f"{name}: {directives.get(name)}"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert len(response["X-Request-ID"]) >= 8


@pytest.fixture
def event():
    return EventFactory(host=StateFactory(), start_date="2022-10-12", end_date="2022-10-13")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events/",
        "/search/?q=summit",
        "/events/export.csv",
        "/events/export.json",
        "/events/feed.atom",
        "/events/calendar.ics",
        "/api/events/",
        "/api/schema/",
        "/api/docs/",
        "/api/docs/?script=",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/admin/login/",
    ],
)
def test_pages_downloads_and_the_api_send_every_header(client, event, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_secure_headers(response)


def test_a_record_page_sends_every_header(client, event):
    response = client.get(Event.objects.get().get_absolute_url())
    assert response.status_code == 200
    assert b'<script type="application/ld+json">' in response.content
    assert_secure_headers(response)


def test_error_pages_send_every_header(client, monkeypatch):
    assert_secure_headers(client.get("/no-such-page/"))  # 404

    bad_host = client.get("/", HTTP_HOST="attacker.example")
    assert bad_host.status_code == 400
    assert_secure_headers(bad_host)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("registry.views.render", broken)
    client.raise_request_exception = False
    server_error = client.get("/")
    assert server_error.status_code == 500
    assert b"<script" not in server_error.content
    assert_secure_headers(server_error)


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_send_every_header():
    response = Client().get("/static/css/site.css")  # a new client loads WhiteNoise anew
    assert response.status_code == 200
    assert_secure_headers(response)


def test_templates_hold_no_inline_script_or_style(client, event):
    """The policy forbids them, so a page that had one would lose it in the browser."""
    for path in ["/", "/events/", Event.objects.get().get_absolute_url(), "/api/docs/"]:
        body = client.get(path).content.decode()
        assert "<style" not in body
        assert " style=" not in body
        assert "<script>" not in body
        assert " on" + "click=" not in body


def test_api_docs_keep_the_sites_opener_policy(client):
    """drf-spectacular's plain Swagger view would send unsafe-none."""
    assert client.get("/api/docs/")["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_proxys_request_id_is_kept_and_a_made_up_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc123def456")["X-Request-ID"] == (
        "abc123def456"
    )
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert replaced != "<script>" and len(replaced) == 32
