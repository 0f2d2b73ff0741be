"""Accessibility and layout in a real Chromium: axe-core (WCAG 2.0-2.2 A and AA) on every
page in light and dark schemes, keyboard search, a phone-sized screen, and print. One load per
page serves the walk's checks: the page's Content-Security-Policy and requests
(test_privacy.policy_problems), axe at desktop width light and dark, and then, with the same
page switched to a 360 px touch phone (`on_a_phone`), its width, stacked tables and axe."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from sitepages import nav_pages
from test_privacy import RECORD_VIOLATIONS, Visit, policy_problems

pytestmark = pytest.mark.browser
PAGES = nav_pages()
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# The rules of TAGS whose result can depend on colours: contrast, and links told apart from
# the text around them (axe-core 4.14: no other rule of TAGS reads a colour).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page, rules: list[str] | None = None) -> list[dict]:
    """axe-core's WCAG 2.0-2.2 A and AA violations on the page as it is now (only `rules`, if
    given). axe is injected unless the page already has it (the `axe_visit` fixture loads it
    with every document)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci` in tests/)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": TAGS}
    result = page.evaluate(
        "only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", run_only
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


# What the rules other than COLOUR_RULES read, for every element: its tag and attributes,
# whether and how it is shown, its text size and weight, its box on the page, and the text of
# the document. The colour scheme itself (the body's data-md-color-scheme, the color-scheme
# meta) is left out: switching it is the point.
LAYOUT = """() => { const out = [document.documentElement.textContent];
  for (const e of document.querySelectorAll('*')) {
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    const attrs = [...e.attributes].filter(a => !(a.name === 'data-md-color-scheme'
      || (a.name === 'content' && e.matches('meta[name=color-scheme]'))));
    out.push([e.tagName, attrs.map(a => a.name + '=' + a.value).join(' '), s.display,
      s.visibility, s.opacity, s.contentVisibility, s.fontSize, s.fontWeight,
      [r.x + scrollX, r.y + scrollY, r.width, r.height].join()].join('|'));
  }
  return out; }"""
KEEP_LAYOUT = f"() => {{ window.__layout = ({LAYOUT})(); }}"
SAME_LAYOUT = f"""() => {{ const now = ({LAYOUT})(), was = window.__layout;
  if (now.length !== was.length) return ['elements: ' + was.length + ' then ' + now.length];
  return now.flatMap((x, i) => x === was[i] ? [] : [was[i].slice(0, 200) + ' -> ' + x.slice(0, 200)]).slice(0, 5); }}"""


def axe_in_both_schemes(page, first: bool) -> list[dict]:
    """axe on a page shown in one scheme and then the other at the same size. The first scheme
    gets every rule, and what the other rules read is kept (LAYOUT); the second gets only
    COLOUR_RULES, once the page is proved to differ in nothing else: any other rule would
    find the same there. (When this was written, switching every page to dark, at 1280 px
    and on the phone, changed colours and nothing else of LAYOUT; axe's other rules took
    about 0.3 s of CPU a page.)"""
    if first:
        page.evaluate(KEEP_LAYOUT)
        return axe_violations(page)
    changed = page.evaluate(SAME_LAYOUT)
    assert not changed, (
        "the other colour scheme changed more than colours, so axe's rules other than "
        f"COLOUR_RULES must run in it too: {changed}"
    )
    return axe_violations(page, COLOUR_RULES)


def light_then_dark(page, url: str):
    """Load `url` once in the light scheme, then yield "light" and "dark" (schemes)."""
    page.emulate_media(color_scheme="light")
    page.goto(url)
    yield from schemes(page)


# A 360 x 740 touch phone: the DevTools calls Playwright sends for a context made with
# viewport 360 x 740, is_mobile=True and has_touch=True, sent to a page already open. The
# page is laid out again as on a phone: when this was written, the box, display, visibility,
# font size and colours of every element, the page's width, the phone's media features
# (pointer: coarse, hover: none) and the stacked tables' check (PHONE_CARDS) were the same,
# on every page, light and dark, as those of the page loaded in such a context.
PHONE = {
    "mobile": True,
    "width": 360,
    "height": 740,
    "screenWidth": 360,
    "screenHeight": 740,
    "deviceScaleFactor": 1,
    "screenOrientation": {"angle": 0, "type": "portraitPrimary"},
}
FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# A desktop page as Playwright's context makes it: its width, a mouse (fine pointer, hover).
DESKTOP = (
    "[innerWidth, matchMedia('(pointer: fine)').matches, matchMedia('(hover: hover)').matches]"
)


def on_a_phone(page, devtools):
    """Switch the open page (in the dark scheme, as `schemes` leaves it) to the 360 px phone and
    yield "dark" and then "light" with the page settled in each; then back to its own size,
    with the page hidden: the walk is done with it and loads the next page, so the page is
    not laid out again at the desktop's size only to be thrown away."""
    desktop = page.viewport_size
    devtools.send("Emulation.setDeviceMetricsOverride", PHONE)
    devtools.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    try:
        page.evaluate("window.scrollTo(0, 0)")  # as a page just loaded (axe may have scrolled)
        for scheme, palette in (("dark", "slate"), ("light", "default")):
            page.emulate_media(color_scheme=scheme)
            page.evaluate(FRAMES)  # the new size has been laid out and styled
            page.wait_for_function(SETTLED, arg=palette)  # and no transition is still moving
            # (the screen, not innerWidth: a page wider than the phone widens the viewport)
            assert page.evaluate("[screen.width, matchMedia('(pointer: coarse)').matches]") == [
                360,
                True,
            ]
            yield scheme
    finally:
        page.evaluate("document.documentElement.style.setProperty('display', 'none', 'important')")
        # Back to the desktop as Playwright set it (page.set_viewport_size would send nothing:
        # it keeps the size it set last and sees no change).
        devtools.send("Emulation.setTouchEmulationEnabled", {"enabled": False})
        size = {"width": desktop["width"], "height": desktop["height"]}
        devtools.send(
            "Emulation.setDeviceMetricsOverride",
            {
                **PHONE,
                **size,
                "mobile": False,
                "screenWidth": size["width"],
                "screenHeight": size["height"],
                "screenOrientation": {"angle": 0, "type": "landscapePrimary"},
            },
        )
        page.evaluate(FRAMES)
        # The pointer stays "none" in this document; the next one has a fine pointer again
        # (DESKTOP, checked after each load).
        assert page.evaluate("innerWidth") == desktop["width"]


# Pages whose layout on a phone is their own, so axe checks them at 360 px too: pages with
# stacked tables (data-stack), and the decision aid's pages (the comparison grid, its
# pictures and the worksheet become cards on a phone; the one-page sheet scrolls sideways
# under its cue).
PHONE_AXE = (
    "data-stack",
    'class="da-grid',
    'class="da-vgrid',
    'class="da-worksheet',
    'class="da-summary',
    'class="da-search-log',
)


def phone_axe(html: str) -> bool:
    """Does axe check this page (its built HTML) on the 360 px phone as well?"""
    return any(mark in html for mark in PHONE_AXE)


def phone_problems(page, stacked: bool, axe: bool, first: bool) -> dict:
    """On a 360 px phone the page never scrolls sideways; a page with stacked tables shows them
    as labelled cards (test_tables: PHONE_CARDS); if `axe` (the walk passes `phone_axe`: pages
    with stacked tables and the decision aid's pages), axe finds nothing: every rule when
    `first` (the first scheme the phone shows), the colour rules in the second
    (`axe_in_both_schemes`). Both are given by the caller: no default decides for it."""
    from test_tables import PHONE_CARDS

    found: dict = {}
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        found["wider than a 360 px phone"] = width
    if stacked:
        layout = page.evaluate(PHONE_CARDS)
        if layout:
            found["layout"] = sorted(set(layout))[:5]
    if axe:
        violations = axe_in_both_schemes(page, first)
        if violations:
            found["axe"] = violations
    return found


@pytest.fixture(scope="module")
def axe_visit(browser, csp_server):
    """One page per worker under the site's real policy (sent as a header; nothing bypassed,
    its violations recorded: test_privacy.Visit), with axe-core loaded into every document it
    opens (compiled once, instead of a 650 kB script tag added to each page; a script the
    test tool adds this way is not subject to the page's policy), and a DevTools session to
    switch it to a phone (`on_a_phone`)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci` in tests/)")
    context = browser.new_context(color_scheme="light")
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    visit = Visit(page)
    visit.devtools = context.new_cdp_session(page)
    yield visit
    context.close()


@pytest.mark.parametrize("src,url", PAGES, ids=[src for src, _ in PAGES])
def test_page_keeps_the_policy_and_axe_finds_nothing_light_dark_or_on_a_phone(
    axe_visit, csp_server, site, src, url
):
    """Each page is loaded once, under its policy: first no request goes to another host and
    nothing breaks the policy (test_privacy.policy_problems: checked before axe runs), then
    axe checks it in the light scheme, and again after the same page has switched to dark
    (colour rules: `axe_in_both_schemes`); then the same page, switched to a 360 px phone,
    dark and then light: it never scrolls
    sideways, a page with stacked tables shows them as labelled cards, and axe finds nothing
    on a page with stacked tables or on a page of the decision aid (`phone_problems`)."""
    visit = axe_visit
    visit.page.emulate_media(color_scheme="light")
    visit.open(f"{csp_server}/{url}")
    desktop = visit.page.evaluate(DESKTOP)
    assert desktop == [1280, True, True], f"{src}: not at desktop width with a mouse: {desktop}"
    policy = policy_problems(visit, csp_server)
    assert not policy, f"{src}: " + "; ".join(policy)
    problems = {}
    for scheme in schemes(visit.page):
        found = axe_in_both_schemes(visit.page, first=scheme == "light")
        if found:
            problems[scheme] = found
    built = (site / url / "index.html").read_text(encoding="utf-8")
    stacked = "data-stack" in built
    # closing(): back to the desktop at once even when a check fails (the next page needs it)
    with contextlib.closing(on_a_phone(visit.page, visit.devtools)) as phone:
        for scheme in phone:
            found = phone_problems(
                visit.page, stacked, axe=phone_axe(built), first=scheme == "dark"
            )
            if found:
                problems[f"360 px phone, {scheme}"] = found
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
def test_questions_checklist_prints_on_two_sheets_at_most(printer, server, paper):
    """The checklist readers take to an appointment fits on one or two sheets of A4 or Letter
    (printed as the handout is: the shared `printer`, tools/printed.py)."""
    from printed import sheet_sizes

    url = f"{server}/help/questions-to-ask/"
    sheets = len(sheet_sizes(printer.pdf(url, paper)))
    assert 1 <= sheets <= 2, f"{sheets} pages"
    # On paper a citation number sits on the line, "[3]": the screen's 24 px tap target would
    # open up each line that has one.
    marker = printer.show(url).evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('sup.cite a'));"
        " return [s.minHeight, s.verticalAlign]; })()"
    )
    assert marker == ["0px", "baseline"], marker


# The questions to ask about each choice, on paper. Measured 2026-12-05 (s13, `python
# tools/printed.py help/questions-about-each-choice/`): 8 sheets of A4 and of US Letter, the
# eighth holding only the page's review note and footer (7 earlier that day). It lists the
# questions for every option and the words of every source it quotes, so it is not cut to
# fit; the budget catches a page that grows by a sheet without anyone noticing. Raised to 9 on
# 2026-12-06 on purpose: the esketamine list gained its relapse trial (SUSTAIN-1), as the ECT and
# drip lists give KetECT's, and the page then printed 9 sheets of A4 and of Letter.
QUESTIONS_EACH_MAX_PAGES = 9


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_questions_about_each_choice_print_within_their_budget(printer, server, paper):
    from printed import sheet_sizes

    sheets = sheet_sizes(printer.pdf(f"{server}/help/questions-about-each-choice/", paper))
    assert all(h > w for w, h in sheets), f"{paper}: every sheet portrait, got {sheets}"
    assert 1 <= len(sheets) <= QUESTIONS_EACH_MAX_PAGES, (
        f"{paper}: {len(sheets)} sheets (budget {QUESTIONS_EACH_MAX_PAGES})"
    )
