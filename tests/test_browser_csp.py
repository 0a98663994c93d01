"""The Content-Security-Policy in a real browser: the admin, a public page with JSON-LD and the
API documentation work under it, and Chromium reports no violation (nor a bad header)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from registry.models import Event
from tests.test_browser import DESKTOP, browser  # noqa: F401 (the shared browser fixture)

pytestmark = pytest.mark.browser

PASSWORD = "a-long-admin-password"


@pytest.fixture
def site(live_server, transactional_db, django_user_model):
    call_command("loaddata", "cica", verbosity=0)
    django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    return live_server.url


@pytest.fixture
def page(browser):  # noqa: F811 (the fixture imported above)
    """A page that records every console complaint about a policy (CSP, Permissions-Policy)."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.complaints = []

    def on_console(message):
        text = message.text
        if message.type in ("error", "warning") and ("Policy" in text or "Refused" in text):
            page.complaints.append(f"{page.url}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.complaints.append(f"{page.url}: script error {error}"))
    yield page
    context.close()


def open_and_settle(page, url):
    response = page.goto(url, wait_until="networkidle")
    assert response.status < 400, f"{url} answered {response.status}"
    return response


def test_a_public_page_with_json_ld_reports_no_violation(site, page):
    event = Event.objects.published().exclude(summary="").first()
    open_and_settle(page, site + event.get_absolute_url())
    assert page.locator('script[type="application/ld+json"]').count() == 1
    open_and_settle(page, site + "/")
    open_and_settle(page, site + "/events/?kind=summit")
    open_and_settle(page, site + "/ru" + event.get_absolute_url())  # Russian, with JSON-LD
    open_and_settle(page, site + "/ru/events/?kind=summit")
    assert not page.complaints, "\n".join(page.complaints)


def test_the_admin_works_under_the_policy(site, page):
    open_and_settle(page, site + "/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_contain_text("CICA Registry")

    event = Event.objects.first()
    for path in [
        "/admin/registry/event/",
        f"/admin/registry/event/{event.pk}/change/",
        f"/admin/registry/event/{event.pk}/history/",
        "/admin/review/",
        "/admin/data-quality/",
        "/admin/registry/event/import/",
        "/api/events/",  # the browsable API, as a signed-in editor sees it
    ]:
        open_and_settle(page, site + path)
    # The admin's own scripts ran: the change list's action checkboxes and the preview widget.
    open_and_settle(page, site + f"/admin/registry/event/{event.pk}/change/")
    expect(page.locator("#id_title_ru")).to_have_value(event.title_ru)  # both languages
    summary = page.locator("textarea[data-markdown-preview]").first
    summary.fill("Some **bold** words")
    expect(page.locator(".markdown-preview-body strong").first).to_have_text("bold")
    # The export page's "Select all", bound from a file instead of an inline handler.
    open_and_settle(page, site + "/admin/registry/event/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    expect(fields.first).to_be_checked()
    page.uncheck("#select-all-toggle")
    expect(fields.first).not_to_be_checked()
    assert not page.complaints, "\n".join(page.complaints)


def test_the_api_documentation_renders_under_the_policy(site, page):
    open_and_settle(page, site + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("CICA Registry API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert not page.complaints, "\n".join(page.complaints)
