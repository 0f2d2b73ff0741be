"""The site as readers meet it, in a real Chromium: cookies, search, navigation. (Requests
to other hosts are watched on every page in test_privacy.py, under the site's policy.)"""

from __future__ import annotations

import pytest

from sitepages import nav_pages

pytestmark = pytest.mark.browser
PAGES = nav_pages()


def test_no_cookies_are_set(browser, server):
    context = browser.new_context(
        bypass_csp=True
    )  # tooling is injected; CSP is tested in test_privacy.py
    page = context.new_page()
    for _, url in PAGES[:5]:
        page.goto(f"{server}/{url}")
    assert context.cookies() == []
    context.close()


def search(page, server, query: str) -> list[str]:
    """Type into Material's search box like a reader and return result links."""
    page.goto(f"{server}/")
    page.keyboard.press("/")
    page.keyboard.type(query, delay=20)  # fill() sends no key events, so Material would not search
    # Results update with each key; wait until they are those of the last word typed.
    last = query.split()[-1].lower()
    page.wait_for_function(
        "w => [...document.querySelectorAll('.md-search-result__item a')].some(a => a.href.includes('h=') && a.href.toLowerCase().includes(w))",
        arg=last,
        timeout=10_000,
    )
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")


def test_search_finds_a_known_page(page, server):
    links = search(page, server, "esketamine nasal spray")
    assert any("/forms/esketamine-nasal-spray/" in link for link in links[:3]), links[:5]


def test_missing_page_shows_the_helpful_404(page, server):
    page.goto(f"{server}/404.html")
    assert "Page not found" in page.inner_text("h1")
    assert page.locator("a", has_text="home page").count() == 1


def test_navigation_reaches_a_section_page(page, server):
    page.goto(f"{server}/")
    page.get_by_role("link", name="Safety").first.click()
    page.wait_for_load_state()
    assert "/safety/" in page.url
    assert page.locator("h1").count() == 1


def test_notice_links_to_urgent_help(page, server):
    page.goto(f"{server}/conditions/")
    page.locator(".site-notice a").click()
    page.wait_for_load_state()
    assert page.url.endswith("/get-help-now/")
