"""Search answers readers' questions: each query in tests/search_queries.yml, typed into
the real search box in Chromium, finds its page in the top three results."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

pytestmark = pytest.mark.browser
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text())


def top_pages(page, query: str, n: int = 3) -> list[str]:
    """Distinct pages (paths) of the first results, as the reader sees them."""
    box = page.locator("input.md-search__input")
    box.fill("")
    page.keyboard.type(query, delay=15)
    # Results follow each keystroke. Wait for those of the whole query: a result's link
    # highlights the query's words (?h=...), and only the full last word matches itself.
    last = query.split()[-1].lower()
    page.wait_for_function(
        "w => [...document.querySelectorAll('.md-search-result__item a')]"
        ".some(a => new URL(a.href).searchParams.get('h')?.toLowerCase().split(' ').includes(w))",
        arg=last, timeout=15_000)
    # The worker answers every keystroke; on a busy machine an answer for a shorter prefix
    # can land late. Read the list until it stops changing.
    links, previous = None, []
    for _ in range(40):
        page.wait_for_timeout(250)
        links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
        if links == previous and links:
            break
        previous = links
    out = []
    for link in links:
        path = urlparse(link).path.lstrip("/")
        if path not in out:
            out.append(path)
    return out[:n]


def test_reader_queries_find_their_page(browser, server, capsys):
    context = browser.new_context(bypass_csp=True)  # tooling is injected; CSP is tested in test_privacy.py
    page = context.new_page()
    page.goto(f"{server}/")
    page.keyboard.press("/")
    misses = []
    for q in QUERIES:
        found = top_pages(page, q["query"])
        if q["page"] not in found:
            misses.append(f"{q['query']!r}: expected {q['page']}, got {found}")
    context.close()
    hits = len(QUERIES) - len(misses)
    with capsys.disabled():
        print(f"\nsearch: {hits}/{len(QUERIES)} reader queries find their page in the top 3 "
              f"({100 * hits / len(QUERIES):.0f}%)")
    assert len(QUERIES) >= 25
    assert not misses, "\n".join(misses)


def test_search_index_loads_only_when_the_reader_searches(browser, server):
    """A page view does not download the search index; opening search does."""
    context = browser.new_context(bypass_csp=True)  # tooling is injected; CSP is tested in test_privacy.py
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(f"{server}/safety/", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not [u for u in seen if "search_index.json" in u], "index fetched without a search"
    page.keyboard.press("/")
    page.keyboard.type("nausea", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert [u for u in seen if "search_index.json" in u]
    context.close()
