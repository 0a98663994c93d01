"""Real-browser tests: Debian's Chromium driven by Playwright against the live server.

They load the real CICA fixture and check what only a browser can: a visitor's journey through
links and forms, layout at phone width, keyboard access, axe-core accessibility rules, forms
without JavaScript, and screenshots of every page type for the team
(test-artifacts/screenshots/, git-ignored).

Without /usr/bin/chromium (or without node_modules/axe-core for the accessibility test) the
tests are skipped, except on CI (CI=true), where they fail.
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread while Django creates the test
# database and serves requests; Django would otherwise refuse its synchronous ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import expect, sync_playwright

from registry import kinds
from registry.models import Event, Measure, State, Statement

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules/axe-core/axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

# One URL per page type: (name, path, expected HTTP status).
PAGES = [
    ("home", "/", 200),
    ("state-list", "/states/", 200),
    ("event-list", "/events/", 200),
    ("statement-list", "/statements/", 200),
    ("measure-list", "/measures/", 200),
    ("organization-list", "/organizations/", 200),
    ("event-list-filter-error", "/events/?kind=bogus", 200),
    ("state-detail", "/states/kazakhstan/", 200),
    ("event-detail", "/events/sixth-summit-2022/", 200),
    ("statement-detail", "/statements/astana-statement-on-cica-transformation/", 200),
    ("measure-detail", "/measures/ict-security/", 200),
    ("organization-detail", "/organizations/united-nations/", 200),
    ("search", "/search/?q=Almaty+Act", 200),
    ("timeline", "/timeline/?from=2018&to=2022", 200),
    ("membership", "/membership/?year=2022", 200),
    ("participation", "/participation/", 200),
    ("not-found", "/no-such-record/", 404),
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


def require(path: Path, what: str, how: str) -> None:
    """Skip when a test tool is missing, except on CI, where every browser test must run."""
    if path.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing ({path}) and CI requires the browser tests to run: {how}")
    pytest.skip(f"{what} is not installed ({path}): {how} to run the browser tests")


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM, "Chromium", "apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's base URL, its database holding the real CICA fixture."""
    call_command("loaddata", "cica", verbosity=0)
    return live_server.url


@pytest.fixture
def bare_site(live_server, transactional_db):
    """The live server's base URL over an empty database, for pages that need no records."""
    return live_server.url


@pytest.fixture
def open_page(browser):
    """Make a fresh page in its own context: open_page(viewport=..., javascript=...)."""
    contexts = []

    def make(viewport=DESKTOP, javascript=True, mobile=False, bypass_csp=False):
        context = browser.new_context(
            bypass_csp=bypass_csp,
            viewport=viewport,
            java_script_enabled=javascript,
            is_mobile=mobile,
            has_touch=mobile,
            reduced_motion="reduce",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.failures = []  # sub-resources that failed and errors thrown by page scripts

        def on_response(response):
            # The page itself may be meant to fail (the 404 page); visit() checks its status.
            if response.status >= 400 and response.request.resource_type != "document":
                page.failures.append(f"{response.status} {response.url}")

        page.on("response", on_response)
        page.on("requestfailed", lambda r: page.failures.append(f"failed {r.url}"))
        page.on("pageerror", lambda e: page.failures.append(f"script error {e}"))
        return page

    yield make
    for context in contexts:
        context.close()


def visit(page, site, path, status=200):
    """Open `path`, checking its status and that its stylesheet and other resources loaded."""
    response = page.goto(site + path, wait_until="load")
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    assert not page.failures, f"{path}: resources failed to load: {page.failures}"
    # The stylesheet is applied: the header has its dark blue background, not transparent.
    header_bg = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
    assert header_bg != "rgba(0, 0, 0, 0)", f"{path}: site.css did not apply"
    return response


# ---------------------------------------------------------------- 1. the visitor's journey


def test_visitor_journey_from_home_to_a_state_and_a_search(site, open_page):
    page = open_page()
    visit(page, site, "/")
    expect(page).to_have_title(re.compile(r"CICA Registry"))
    nav = page.get_by_role("navigation", name="Main")

    # Events, from the main navigation.
    nav.get_by_role("link", name="Events", exact=True).click()
    expect(page).to_have_url(re.compile(r"/events/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    expect(nav.get_by_role("link", name="Events", exact=True)).to_have_attribute(
        "aria-current", "page"
    )

    # Filter by kind with the form: the option carries its facet count.
    kind = page.get_by_label("Kind", exact=True)
    expect(kind.locator("option[value=summit]")).to_have_text("Summit (6)")
    kind.select_option(value="summit")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]kind=summit(&|$)"))
    expect(page.locator(".result-count")).to_have_text("6 results")
    expect(page.get_by_label("Kind", exact=True)).to_have_value("summit")
    rows = page.locator("table.results tbody tr")
    expect(rows).to_have_count(6)
    assert set(rows.locator("td[data-label=Kind]").all_inner_texts()) == {"Summit"}

    # The Sixth Summit, then the statement adopted there.
    page.get_by_role("link", name="Sixth CICA Summit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/events/sixth-summit-2022/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sixth CICA Summit")
    page.get_by_role("link", name="Astana Statement on CICA Transformation", exact=True).click()
    expect(page).to_have_url(re.compile(r"/statements/astana-statement-on-cica-transformation/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Astana Statement on CICA Transformation"
    )

    # Kazakhstan, from the states that endorsed it.
    endorsed = page.get_by_role("region", name=re.compile(r"^Endorsed by"))
    endorsed.get_by_role("link", name="Kazakhstan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/states/kazakhstan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kazakhstan")

    # The search page, from the navigation.
    nav.get_by_role("link", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/$"))
    box = page.get_by_label("Search the registry")
    box.fill("Almaty Act")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Almaty\+Act$"))
    expect(page.get_by_label("Search the registry")).to_have_value("Almaty Act")
    first_hit = page.locator("ol.hits > li").first
    expect(first_hit.locator(".hit-title a")).to_have_text("Almaty Act")
    first_hit.locator(".hit-title a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Almaty Act")


# ---------------------------------------------------------------- 2. and 6. layout, screenshots

OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const describe = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (e.classList.length ? "." + [...e.classList].join(".") : "");
  // Content inside a box that scrolls sideways on its own (the participation grid) is not cut.
  const scrolls = (e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX);
  const inScrollingBox = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
    if (p !== document.body && p !== document.documentElement && scrolls(p)) return true; }
    return false; };
  const wide = [...document.body.querySelectorAll("*")].filter((e) => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && !inScrollingBox(e);
  });
  // The innermost offenders say most: leave out those containing another offender.
  return wide.filter((e) => !wide.some((o) => o !== e && e.contains(o)))
    .slice(0, 8)
    .map((e) => describe(e) + " (right edge " + Math.round(e.getBoundingClientRect().right)
      + "px): " + (e.textContent || "").trim().slice(0, 60));
}"""


def test_no_page_scrolls_sideways_and_screenshots_are_saved(site, open_page):
    """At 375 px (a phone) and 1280 px no page is wider than the screen; screenshots of both.

    The screenshots are saved before any assertion, so a failing page can be looked at.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for viewport, mobile in ((PHONE, True), (DESKTOP, False)):
        width = viewport["width"]
        page = open_page(viewport=viewport, mobile=mobile)
        for name, path, status in PAGES:
            visit(page, site, path, status)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            # An element ending past the right edge is cut even when the page does not scroll.
            culprits = page.evaluate(OVERFLOWING)
            if scroll_width > width or culprits:
                culprits = "\n      ".join(culprits)
                too_wide.append(
                    f"{name} {path} at {width} px: scrollWidth {scroll_width}px\n      {culprits}"
                )
    assert not too_wide, "pages wider than the screen:\n  " + "\n  ".join(too_wide)


# ---------------------------------------------------------------- 3. keyboard

ACTIVE = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.textContent || "").trim(),
          inMain: !!e.closest("main"), outline: style.outlineStyle,
          outlineWidth: parseFloat(style.outlineWidth), top: box.top, bottom: box.bottom,
          left: box.left, right: box.right};
}"""


def test_skip_link_is_first_visible_and_moves_focus_to_main(site, open_page):
    # (page, id of the first control inside main, if it has one)
    for path, first_in_main in [
        ("/", "home-search"),
        ("/statements/", "id_q"),
        ("/events/sixth-summit-2022/", None),
    ]:
        page = open_page()
        visit(page, site, path)

        page.keyboard.press("Tab")
        focused = page.evaluate(ACTIVE)
        assert focused["text"] == "Skip to main content", f"{path}: first Tab focused {focused}"
        # Visible when focused: on screen, with a focus ring.
        viewport = page.viewport_size
        assert focused["top"] >= 0 and focused["bottom"] <= viewport["height"], (path, focused)
        assert focused["left"] >= 0 and focused["right"] <= viewport["width"], (path, focused)
        assert focused["outline"] != "none" and focused["outlineWidth"] > 0, (path, focused)

        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"#main$"))
        focused = page.evaluate(ACTIVE)
        assert focused["id"] == "main", f"{path}: after the skip link, focus is on {focused}"
        main_top = page.evaluate("document.querySelector('#main').getBoundingClientRect().top")
        assert abs(main_top) < 2, f"{path}: main was not scrolled to the top ({main_top}px)"

        # The next Tab goes on inside main, past the navigation.
        page.keyboard.press("Tab")
        focused = page.evaluate(ACTIVE)
        assert focused["inMain"], f"{path}: Tab after skipping went to {focused}"
        if first_in_main:
            assert focused["id"] == first_in_main, (path, focused)


# ---------------------------------------------------------------- 4. axe-core

AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  const brief = (rule) => ({
    id: rule.id, impact: rule.impact, help: rule.help, helpUrl: rule.helpUrl,
    nodes: rule.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
  });
  return {version: axe.version, passes: results.passes.length,
          violations: results.violations.map(brief), incomplete: results.incomplete.map(brief)};
}"""


@pytest.fixture
def axe_script():
    require(AXE, "axe-core", "run `npm ci` (as `make test` does)")
    return AXE


def test_pages_have_no_serious_accessibility_violations(axe_script, site, open_page):
    """axe-core on every page type; the full results go to test-artifacts/axe-report.json."""
    page = open_page(bypass_csp=True)  # axe-core goes in as an inline script, which CSP blocks
    report, blocking = {}, []
    for name, path, status in PAGES:
        visit(page, site, path, status)
        page.add_script_tag(path=str(axe_script))
        results = page.evaluate(AXE_RUN, AXE_TAGS)
        assert results["passes"] > 0, f"{path}: axe-core checked nothing"
        report[f"{name} {path}"] = results
        for rule in results["violations"]:
            if rule["impact"] in BLOCKING_IMPACTS:
                targets = "; ".join(" ".join(n["target"]) for n in rule["nodes"][:10])
                blocking.append(
                    f"{name} {path}: [{rule['impact']}] {rule['id']}: {rule['help']} "
                    f"({rule['helpUrl']})\n      on: {targets}"
                )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe-report.json").write_text(json.dumps(report, indent=2))
    assert not blocking, "serious or critical axe-core violations:\n  " + "\n  ".join(blocking)


# ---------------------------------------------------------------- 5. without JavaScript


def test_every_list_filters_without_javascript(site, open_page):
    page = open_page(javascript=False)
    cases = [
        ("/states/", "Status", "observer", State.objects.published().filter(status="observer")),
        ("/events/", "Kind", "summit", Event.objects.published().filter(kind="summit")),
        (
            "/statements/",
            "Topic",
            "terrorism",
            Statement.objects.published().filter(topics__slug="terrorism"),
        ),
        (
            "/measures/",
            "Dimension",
            "economic",
            Measure.objects.published().filter(dimension__slug="economic"),
        ),
    ]
    for path, label, value, expected in cases:
        expected = sorted(str(record) for record in expected.distinct())
        assert 0 < len(expected) <= 25, "pick a filter with one page of results"
        visit(page, site, path)
        # Scripts really are off: one added to the page does not run.
        page.add_script_tag(content="document.documentElement.dataset.scripts = 'ran'")
        expect(page.locator("html")).not_to_have_attribute("data-scripts", "ran")
        page.get_by_label(label, exact=True).select_option(value=value)
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(rf"{path}\?(.*&)?{label.lower()}={value}(&|$)"))
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
        n = len(expected)
        expect(page.locator(".result-count")).to_have_text(f"{n} result{'s' if n != 1 else ''}")
        titles = page.locator(
            "table.results tbody tr td:first-child a, table.results tbody tr td[data-label=Title] a"
        )
        shown = sorted(set(titles.all_inner_texts()))
        assert shown == expected, f"{path}?{label.lower()}={value}"


# ---------------------------------------------------------------- once bugs, now guarded
# These pages are server-rendered and fully loaded by visit(): a short wait is enough.
LOADED = 1_000


def test_a_filter_error_is_the_fields_accessible_description(bare_site, open_page):
    page = open_page()
    visit(page, bare_site, "/events/?kind=bogus")
    kind = page.get_by_label("Kind", exact=True)
    expect(kind).to_have_attribute("aria-invalid", "true", timeout=LOADED)
    expect(page.locator(".field-error .error-text")).to_contain_text(
        "Select a valid choice", timeout=LOADED
    )
    expect(kind).to_have_accessible_description(
        re.compile(r"Select a valid choice"), timeout=LOADED
    )


def test_search_snippets_begin_and_end_with_whole_words(site, open_page):
    page = open_page()
    cut = []
    for query in ("Almaty Act", "terrorism"):
        visit(page, site, "/search/?" + urlencode({"q": query}))
        hits = page.locator("ol.hits > li")
        expect(hits.first).to_be_visible()
        for hit in hits.all():
            snippet = hit.locator(".snippet")
            if not snippet.count():
                continue
            href = hit.locator(".hit-title a").get_attribute("href")
            section, slug = href.strip("/").split("/")
            record = kinds.BY_PREFIX[section].model.objects.get(slug=slug)
            words = set(re.findall(r"\w+", getattr(record, record.snippet_field)))
            shown = re.findall(r"\w+", snippet.inner_text())
            cut += [f"{query!r} {href}: {w!r}" for w in (shown[0], shown[-1]) if w not in words]
    assert not cut, "snippets beginning or ending with part of a word:\n  " + "\n  ".join(cut)


# ---------------------------------------------------------------- CICA at a glance

GRID_BOX = """() => {
  const box = document.querySelector(".grid-scroll");
  const name = document.querySelector(".grid tbody th.grid-state");
  const before = name.getBoundingClientRect().left;
  box.scrollLeft = box.scrollWidth;
  return {boxWidth: box.clientWidth, tableWidth: box.scrollWidth, scrolled: box.scrollLeft,
          nameMoved: Math.abs(name.getBoundingClientRect().left - before),
          pageWidth: document.documentElement.scrollWidth};
}"""


def test_participation_grid_scrolls_in_its_own_box_on_a_phone_with_names_in_view(site, open_page):
    page = open_page(viewport=PHONE, mobile=True)
    visit(page, site, "/participation/?kind=ministerial")
    box = page.evaluate(GRID_BOX)
    assert box["tableWidth"] > box["boxWidth"], "the grid should be wider than a phone"
    assert box["scrolled"] > 0, "the grid's box did not scroll sideways"
    assert box["nameMoved"] < 1, "the state column should stay in place (sticky)"
    assert box["pageWidth"] <= PHONE["width"], "the page itself must not scroll sideways"
    # The box is reachable by keyboard, so it can be scrolled without a mouse.
    expect(page.get_by_role("region", name=re.compile("Who took part"))).to_have_attribute(
        "tabindex", "0"
    )


def test_membership_map_states_and_year_form_work_by_keyboard_without_javascript(site, open_page):
    page = open_page(javascript=False)
    visit(page, site, "/membership/")
    page.get_by_label(re.compile(r"^Year")).fill("1999")
    page.get_by_role("button", name="Show the states").click()
    expect(page).to_have_url(re.compile(r"/membership/\?year=1999"))
    expect(page.get_by_role("heading", name=re.compile(r"^Members \(15\)"))).to_be_visible()
    # A state on the map is a link with its name and status; following it opens its page.
    shape = page.locator("svg.map-svg").get_by_role("link", name="Kazakhstan (member state)")
    shape.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/states/kazakhstan/$"))
    # From the state's page, its own timeline.
    page.get_by_role("link", name="on the timeline").click()
    expect(page).to_have_url(re.compile(r"/timeline/\?state=kazakhstan$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline: Kazakhstan")


GLANCE_PAGES = [
    "/timeline/?state=thailand",
    "/timeline/?kind=bogus",
    "/membership/",
    "/membership/?year=1999",
    "/participation/?kind=ministerial",
]
ORGANIZATION_PAGES = [
    "/organizations/",
    "/organizations/?status=partner&ordering=-since",
    "/organizations/united-nations/",
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_glance_and_organisation_pages_have_no_serious_accessibility_violations(
    axe_script, site, open_page, viewport
):
    # axe-core goes in as an inline script, which CSP blocks
    page = open_page(viewport=viewport, mobile=viewport is PHONE, bypass_csp=True)
    blocking = []
    for path in GLANCE_PAGES + ORGANIZATION_PAGES:
        visit(page, site, path)
        page.add_script_tag(path=str(axe_script))
        results = page.evaluate(AXE_RUN, AXE_TAGS)
        assert results["passes"] > 0, f"{path}: axe-core checked nothing"
        blocking += [
            f"{path}: [{rule['impact']}] {rule['id']}: {rule['help']}"
            for rule in results["violations"]
            if rule["impact"] in BLOCKING_IMPACTS
        ]
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
    assert not blocking, "serious or critical axe-core violations:\n  " + "\n  ".join(blocking)
