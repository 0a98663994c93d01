"""The Russian pages in a real browser: the same checks as the English ones (axe-core, no
sideways scrolling at 375 px), and the language switch taking a visitor to the same page."""

import pytest
from playwright.sync_api import expect

from tests.test_browser import (  # noqa: F401 (the shared fixtures)
    AXE_RUN,
    AXE_TAGS,
    BLOCKING_IMPACTS,
    DESKTOP,
    PAGES,
    PHONE,
    axe_script,
    browser,
    open_page,
    site,
    visit,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_russian_pages_have_no_serious_accessibility_violations_nor_scroll_sideways(
    axe_script,  # noqa: F811
    site,  # noqa: F811
    open_page,  # noqa: F811
    viewport,
):
    # axe-core goes in as an inline script, which CSP blocks
    page = open_page(viewport=viewport, mobile=viewport is PHONE, bypass_csp=True)
    problems = []
    for name, path, status in PAGES:
        visit(page, site, f"/ru{path}", status)
        assert page.get_attribute("html", "lang") == "ru", path
        page.add_script_tag(path=str(axe_script))
        results = page.evaluate(AXE_RUN, AXE_TAGS)
        problems += [
            f"{name} /ru{path}: [{rule['impact']}] {rule['id']}: {rule['help']}"
            for rule in results["violations"]
            if rule["impact"] in BLOCKING_IMPACTS
        ]
        if page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
            problems.append(f"{name} /ru{path} is wider than {viewport['width']} px")
    assert not problems, "\n  ".join(problems)


def test_the_language_switch_keeps_the_page_and_its_filters(site, open_page):  # noqa: F811
    page = open_page(viewport=PHONE, mobile=True)
    visit(page, site, "/events/?kind=summit")
    switch = page.locator(".language-switch")
    expect(switch).to_have_text("Русский")
    switch.click()
    expect(page).to_have_url(f"{site}/ru/events/?kind=summit")
    assert page.get_attribute("html", "lang") == "ru"
    expect(page.locator("main")).to_contain_text("Шестой саммит")
    page.locator(".language-switch").click()
    expect(page).to_have_url(f"{site}/events/?kind=summit")
