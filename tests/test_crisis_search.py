"""Crisis wording in the search box puts "Get help now" first, in a real Chromium.

Every phrasing (tests/crisis_queries.yml) is asked of the open search page's own search
worker, as the search box asks it (conftest `Searcher.pages`), and read as the box's listener
receives the answer: from Material's worker through the site's wrapper
(assets/javascripts/site.js, words from data/search.yml), which puts "Get help now" first.
`test_search.test_the_worker_answers_what_the_search_box_lists` holds that answer to the list
the box draws for typed queries, crisis wording included, in every run; crisis wording is also
typed with real keys into the box below, on a phone and a laptop, light and dark. An empty
result offers "Get help now" too.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

pytestmark = pytest.mark.browser
HERE = Path(__file__).parent
CRISIS = [str(q) for q in yaml.safe_load((HERE / "crisis_queries.yml").read_text(encoding="utf-8"))]
HELP = "get-help-now/"
PLACEHOLDER = "Type to start searching"


def open_search(page, server, width):
    page.goto(f"{server}/")
    if width < 1220:  # phones and tablets: the search box opens from the header button
        page.click("label.md-header__button[for=__search]")
    else:
        page.click("input.md-search__input")
    page.wait_for_selector("input.md-search__input", state="visible")


def results(page, query: str) -> tuple[str, list[str]]:
    """The result list for exactly this query: (meta line, distinct page paths in order).

    The box is cleared first and the answer to the empty query awaited, then the whole
    query is entered at once, so the list read is the answer to this query only. The keys
    go to the focused box as a reader's would (select all, delete; the query, then End:
    Material reads the box on keyup), without Playwright's checks before each action on an
    element (a fifth of the CPU time of each of the 170 queries)."""
    page.locator("input.md-search__input").focus()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Backspace")
    page.wait_for_function(
        "t => document.querySelector('.md-search-result__meta').textContent.includes(t)",
        arg=PLACEHOLDER,
        timeout=15_000,
    )
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    page.wait_for_function(
        "t => { const m = document.querySelector('.md-search-result__meta').textContent;"
        " return !m.includes(t) && !/Initializing/i.test(m); }",
        arg=PLACEHOLDER,
        timeout=15_000,
    )
    meta = page.text_content(".md-search-result__meta") or ""
    links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    out: list[str] = []
    for link in links:
        path = urlparse(link).path.lstrip("/")
        if path not in out:
            out.append(path)
    return meta, out


def test_every_crisis_phrasing_puts_get_help_now_first(searcher, capsys):
    """Asked of the search page's worker (the answer the box receives), not keyed in one by
    one: typing the 41 phrasings cost about 4.5 s more CPU than asking them (measured side by side)."""
    wrong = []
    for query, found in zip(CRISIS, searcher.pages(CRISIS), strict=True):
        if not found or found[0] != HELP:
            wrong.append(f"{query!r}: got {found[:3]}")
    first = len(CRISIS) - len(wrong)
    with capsys.disabled():
        print(f"\ncrisis search: {first}/{len(CRISIS)} phrasings put Get help now first")
    assert len(CRISIS) >= 30
    assert not wrong, "\n".join(wrong)


def test_ordinary_queries_do_not_put_get_help_now_first(search_page):
    """The wrapper must not hijack every search: a plain question is not led by Get help now
    and finds its answering page in the top three (the reader-query standard; the FAQ may
    rank first where it answers the same question)."""
    for query, expected in [
        ("spravato", "forms/esketamine-nasal-spray/"),
        ("ketamine bladder", "safety/side-effects/"),
        ("how much does it cost", "safety/cost-and-insurance/"),
    ]:
        _, found = results(search_page, query)
        assert found and found[0] != "get-help-now/", (query, found)
        assert expected in found[:3], (query, found)


def test_a_search_with_no_result_offers_get_help_now(search_page):
    page = search_page
    meta, found = results(page, "zzqxv wwqpt")
    assert found == [HELP]
    assert "No matching pages" in meta
    item = page.locator(".md-search-result__item").first
    assert "Get help now" in item.inner_text()
    assert "Nothing in this guide matches your search" in item.inner_text()


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 900)])
def test_crisis_search_on_phone_and_laptop_in_both_schemes(browser, server, width, height):
    """One page per size, light and then dark (the reader's system turns dark and Material
    switches the open page; the search index is loaded and built once for both)."""
    from test_accessibility import SETTLED

    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme="light", bypass_csp=True
    )
    page = context.new_page()
    open_search(page, server, width)
    for scheme, palette in (("light", "default"), ("dark", "slate")):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function(SETTLED, arg=palette)
        for query in ("i want to die", "kms", "no reason to live"):
            _, found = results(page, query)
            assert found and found[0] == HELP, (scheme, query, found)
        # The first result is on screen and can be opened with one tap: Playwright's checks
        # before a click (visible, steady, not covered) in light; the real tap in dark.
        first = page.locator(".md-search-result__item > a").first
        box = first.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + 24 <= height, (scheme, box)
        first.click(trial=scheme == "light")
    page.wait_for_url(f"**/{HELP}*")
    context.close()
