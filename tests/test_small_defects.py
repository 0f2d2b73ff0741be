"""Issue 17, small defects, in a real Chromium: no invisible Tab stop, glossary terms
reachable by keyboard, a distinct side-menu icon per status with its words, and a route to
the correction form on "Report an error"."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_status_words_in_mkdocs_yml_match_the_status_scale():
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    from common import STATUS_WORDS

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^  status:\n((?:    .*\n)+)", text, re.M)
    assert block, "mkdocs.yml has no extra.status"
    status = yaml.safe_load(block.group(1).replace("\n    ", "\n").lstrip())
    assert set(status) == set(STATUS_WORDS)
    for key, words in STATUS_WORDS.items():
        assert status[key].lower() == f"status: {words.lower()}", (key, status[key])


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_every_tab_stop_is_visible(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/conditions/ptsd/")
    invisible = []
    for _ in range(40):
        page.keyboard.press("Tab")
        # A visually hidden input (Material's colour-scheme switch) shows its focus on its label.
        info = page.evaluate("""() => { let e = document.activeElement;
            const label = e.classList.contains('md-option') ? e.nextElementSibling
                          : e.id && document.querySelector(`label[for="${e.id}"]`);
            const shown = e.tagName === 'INPUT' && label ? label : e;
            const r = shown.getBoundingClientRect(); const s = getComputedStyle(shown);
            return {tag: e.tagName, text: (shown.textContent || '').trim().slice(0, 40), w: r.width, h: r.height,
                    visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'}; }""")
        if not info["visible"]:
            invisible.append(info)
    context.close()
    assert not [i for i in invisible if "Initializing search" in i["text"]], invisible
    assert not invisible, f"Tab reaches things that cannot be seen: {invisible}"


@pytest.mark.browser
def test_glossary_terms_can_be_reached_and_read_by_keyboard(page, server):
    page.goto(f"{server}/conditions/ptsd/")
    terms = page.locator("article abbr[title][tabindex='0']")
    assert terms.count() >= 1
    # Once per term: the same abbreviation is not a Tab stop twice.
    names = page.eval_on_selector_all(
        "article abbr[tabindex='0']", "els => els.map(e => e.textContent.trim())"
    )
    assert len(names) == len(set(names))
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "ABBR":
            break
    assert page.evaluate("() => document.activeElement.tagName") == "ABBR", (
        "Tab never reached a glossary term"
    )
    term = page.evaluate("() => document.activeElement.textContent.trim()")
    # The meaning is shown (Material's tooltip) while the term has keyboard focus.
    tip = page.wait_for_selector(".md-tooltip2--active", timeout=5000)
    assert len(tip.inner_text().strip()) > 3, (term, tip.inner_text())


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_side_menu_status_icons_differ_and_say_what_they_mean(browser, server, scheme):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{server}/conditions/")
    icons = page.eval_on_selector_all(
        ".md-sidebar--primary .md-nav__link .md-status",
        "els => els.map(e => [e.className, e.getAttribute('title'), getComputedStyle(e, '::after').maskImage,"
        " e.closest('a').textContent.replace(/\\s+/g, ' ').trim()])",
    )
    context.close()
    assert len(icons) >= 4
    by_status: dict[str, set] = {}
    for cls, title, mask, text in icons:
        assert title and title.startswith("Status: "), (cls, title)
        assert title in text, f"the link's text for screen readers lacks its status: {text!r}"
        by_status.setdefault(cls, set()).add(mask)
    masks = [next(iter(m)) for m in by_status.values()]
    assert len(set(masks)) == len(masks) >= 3, "two statuses share one icon"


@pytest.mark.browser
def test_report_an_error_gives_a_route_to_the_form_without_a_repository_at_build_time(
    browser, site
):
    """Built without GITHUB_REPOSITORY (as here), the page still names the way to the form,
    and on a GitHub Pages copy (owner.github.io/name/) links straight to it."""
    html = (site / "about" / "report-an-error" / "index.html").read_text(encoding="utf-8")
    assert "data-report-route" in html and "Content correction" in html

    def serve(route):
        from urllib.parse import urlparse

        path = urlparse(route.request.url).path.removeprefix("/guide/")
        file = site / path
        if file.is_dir() or not path:
            file = file / "index.html"
        if not file.exists():
            return route.fulfill(status=404, body="")
        types = {
            ".html": "text/html",
            ".js": "text/javascript",
            ".css": "text/css",
            ".svg": "image/svg+xml",
            ".json": "application/json",
        }
        route.fulfill(
            status=200,
            body=file.read_bytes(),
            content_type=types.get(file.suffix, "application/octet-stream"),
        )

    context = browser.new_context(bypass_csp=True)
    context.route("http://example-owner.github.io/**", serve)
    page = context.new_page()
    page.goto("http://example-owner.github.io/guide/about/report-an-error/")
    link = page.locator("#report-form a[href*='/issues/new']")
    assert (
        link.get_attribute("href")
        == "https://github.com/example-owner/guide/issues/new?template=content-correction.yml"
    )
    assert link.is_visible()
    context.close()
