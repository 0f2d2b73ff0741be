"""Accessibility and layout in a real Chromium: axe-core (WCAG 2.0-2.2 A and AA) on every
page in light and dark schemes, keyboard search, a phone-sized screen, and print. The walk
with axe at desktop width also checks each page's Content-Security-Policy and requests
(test_privacy.policy_problems) on the same load: one load per page for both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitepages import nav_pages
from test_privacy import RECORD_VIOLATIONS, Visit, policy_problems

pytestmark = pytest.mark.browser
PAGES = nav_pages()
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0-2.2 A and AA violations on the page as it is now. axe is injected
    unless the page already has it (the `axe_page` fixture loads it with every document)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci` in tests/)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


# The colour scheme has settled: Material has applied the palette (data-md-color-switching
# gone) and no CSS transition is still moving a colour.
SETTLED = """s => document.body.dataset.mdColorScheme === s
    && !document.body.hasAttribute('data-md-color-switching')
    && document.getAnimations().every(a => a.playState !== 'running')"""


def schemes(page):
    """Yield "light" and then "dark" with the page as it is switched to that scheme and
    settled: the reader's system turns dark (prefers-color-scheme) and Material switches the
    same page to its dark palette. (The dark page's computed styles equal those of a page
    loaded dark: compared element by element when this was written.)"""
    for scheme, palette in (("light", "default"), ("dark", "slate")):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function(SETTLED, arg=palette)
        assert page.get_attribute("body", "data-md-color-scheme") == palette
        yield scheme


def light_then_dark(page, url: str):
    """Load `url` once in the light scheme, then yield "light" and "dark" (schemes)."""
    page.emulate_media(color_scheme="light")
    page.goto(url)
    yield from schemes(page)


@pytest.fixture(scope="module")
def axe_visit(browser, csp_server):
    """One page per worker under the site's real policy (sent as a header; nothing bypassed,
    its violations recorded: test_privacy.Visit), with axe-core loaded into every document it
    opens (compiled once, instead of a 650 kB script tag added to each page; a script the
    test tool adds this way is not subject to the page's policy)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci` in tests/)")
    context = browser.new_context(color_scheme="light")
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_init_script(path=str(AXE))
    yield Visit(context.new_page())
    context.close()


@pytest.mark.parametrize("src,url", PAGES, ids=[src for src, _ in PAGES])
def test_page_keeps_the_policy_and_axe_finds_nothing_light_or_dark(axe_visit, csp_server, src, url):
    """Each page is loaded once, under its policy: first no request goes to another host and
    nothing breaks the policy (test_privacy.policy_problems: checked before axe runs), then
    axe checks it in the light scheme, and again after the same page has switched to dark."""
    visit = axe_visit
    visit.page.emulate_media(color_scheme="light")
    visit.open(f"{csp_server}/{url}")
    policy = policy_problems(visit, csp_server)
    assert not policy, f"{src}: " + "; ".join(policy)
    problems = {}
    for scheme in schemes(visit.page):
        found = axe_violations(visit.page)
        if found:
            problems[scheme] = found
    assert not problems, f"{src}: " + json.dumps(problems, indent=1)


def test_keyboard_only_search(page, server):
    """Open search with the keyboard, type, move to a result, open it."""
    page.goto(f"{server}/conditions/")
    page.keyboard.press("/")
    page.keyboard.type("bladder", delay=20)
    # Results update as each key arrives; wait for those of the whole word.
    page.wait_for_function(
        "[...document.querySelectorAll('.md-search-result__item a')].some(a => a.href.includes('h=bladder'))"
    )
    first = page.get_attribute(".md-search-result__item > a", "href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    page.keyboard.press("Enter")
    page.wait_for_url(first.split("?")[0] + "**")
    assert page.locator("h1").count() == 1


def test_skip_link_moves_focus_to_content(page, server):
    page.goto(f"{server}/conditions/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert "Skip to content" in focused


@pytest.fixture(scope="module")
def phone_page(browser):
    """A 360 px phone (touch) page with axe-core loaded into every document."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        color_scheme="light",
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("src,url", PAGES, ids=[src for src, _ in PAGES])
def test_phone_360px_page(phone_page, server, site, src, url):
    """On a 360 px phone, light then dark (one load, as in the axe test above): the page never
    scrolls sideways; a page with stacked tables shows them as labelled cards (test_tables:
    PHONE_CARDS) and axe finds nothing on it."""
    from test_tables import PHONE_CARDS

    stacked = "data-stack" in (site / url / "index.html").read_text(encoding="utf-8")
    page = phone_page
    problems = {}
    for scheme in light_then_dark(page, f"{server}/{url}"):
        found: dict = {}
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            found["wider than a 360 px phone"] = width
        if stacked:
            layout = page.evaluate(PHONE_CARDS)
            if layout:
                found["layout"] = sorted(set(layout))[:5]
            violations = axe_violations(page)
            if violations:
                found["axe"] = violations
        if found:
            problems[scheme] = found
    assert not problems, f"{src}: " + json.dumps(problems, indent=1)


def test_print_hides_navigation_and_shows_source_links(page, server):
    page.goto(f"{server}/conditions/ptsd/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    after = page.evaluate(
        "getComputedStyle(document.querySelector('ol.sources a[href^=\"http\"]'), '::after').content"
    )
    assert "http" in after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_questions_checklist_prints_on_two_sheets_at_most(page, server, paper):
    """The checklist readers take to an appointment fits on one or two sheets of A4 or Letter."""
    import re

    page.goto(f"{server}/help/questions-to-ask/")
    page.emulate_media(media="print")
    pdf = page.pdf(format=paper)
    sheets = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= sheets <= 2, f"{sheets} pages"
