"""Search answers readers' questions: each query in tests/search_queries.yml, typed into
the real search box in Chromium, finds its page in the top three results."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from test_crisis_search import open_search, results

pytestmark = pytest.mark.browser
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text())


def top_pages(page, query: str, n: int = 3) -> list[str]:
    """Distinct pages (paths) of the first results, as the reader sees them, for exactly
    this query (see test_crisis_search.results)."""
    return results(page, query)[1][:n]


def test_reader_queries_find_their_page(browser, server, capsys):
    context = browser.new_context(bypass_csp=True)  # tooling is injected; CSP is tested in test_privacy.py
    page = context.new_page()
    open_search(page, server, 1280)
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
    page.goto(f"{server}/safety/", wait_until="networkidle")   # no request for 500 ms
    assert not [u for u in seen if "search_index.json" in u], "index fetched without a search"
    page.keyboard.press("/")
    page.keyboard.type("nausea", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert [u for u in seen if "search_index.json" in u]
    context.close()
