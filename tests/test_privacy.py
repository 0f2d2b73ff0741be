"""Privacy and resilience in a real Chromium: the Content-Security-Policy holds on every
page (sent as a real header, as a host that can send headers would), no page asks another
host for anything, nothing runs inline that the policy does not list, and with JavaScript
off every page still reads. The walk over every page under the policy (policy_problems) runs
in test_accessibility, on the load axe checks too: one load per page for both."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from sitepages import nav_pages, settle

PAGES = nav_pages()


class _Handlers(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name.lower() in ("href", "src") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:...>")


def test_no_inline_event_handlers_or_javascript_links(site):
    problems = {}
    for path in site.rglob("*.html"):
        parser = _Handlers()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.found:
            problems[str(path.relative_to(site))] = parser.found[:3]
    assert not problems, problems


def test_every_page_carries_a_policy_without_unsafe_sources(site):
    for src, url in PAGES:
        html = (site / url / "index.html").read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert meta, f"{src}: no Content-Security-Policy"
        assert "unsafe-inline" not in meta.group(1) and "unsafe-eval" not in meta.group(1)
        assert "default-src 'self'" in meta.group(1)


# Run once per document before the page's own scripts, so no violation is missed.
RECORD_VIOLATIONS = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


class Visit:
    """One page that keeps the requests, console errors and policy violations of the
    document it shows."""

    def __init__(self, page):
        self.page = page
        self.devtools: Any = None  # a DevTools session, for the walk that switches it to a phone
        self.requests: list = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, address: str) -> None:
        self.requests.clear()
        self.errors.clear()
        self.page.goto(address)  # waits for the load event
        settle(self.page, self.requests)


def policy_problems(visit: Visit, server: str) -> list[str]:
    """What is wrong with the page `visit` has just opened from `server` (a server that sends
    the policy as a header): policy violations (a request the policy refuses to another host
    is one too) and requests to other hosts. The test that walks every page under the policy
    with it is test_accessibility.test_page_keeps_the_policy_and_axe_finds_nothing_light_dark_or_on_a_phone."""
    page = visit.page
    violations = page.evaluate("window.__csp") + [
        e for e in visit.errors if "Content Security Policy" in e
    ]
    site_host = urlparse(server).netloc
    urls = [r.url for r in visit.requests]
    # The browser asks for the icon after the load event: its address must be the site's too.
    urls.append(page.evaluate("document.querySelector('link[rel~=icon]').href"))
    assert any(urlparse(r.url).netloc == site_host for r in visit.requests), (
        "no requests seen at all; the watcher is broken"
    )
    foreign = sorted(
        {
            u
            for u in urls
            if urlparse(u).netloc not in ("", site_host)
            and not u.startswith(("data:", "blob:", "about:"))
        }
    )
    found = []
    if violations:
        found.append(f"policy violations {violations}")
    if foreign:
        found.append(f"requests to other hosts {foreign}")
    return found


def test_policy_problems_finds_another_host_and_a_violation():
    """policy_problems reports what it is for (a stand-in page; the real pages are walked in
    test_accessibility)."""

    class Request:
        def __init__(self, url):
            self.url = url

    class Page:
        def evaluate(self, script):
            if "__csp" in script:
                return ["script-src https://evil.example/x.js"]
            return "http://127.0.0.1:1/favicon.svg"

    visit = Visit.__new__(Visit)
    visit.page, visit.errors = Page(), []
    visit.requests = [Request("http://127.0.0.1:1/"), Request("https://fonts.example/a.css")]
    found = policy_problems(visit, "http://127.0.0.1:1")
    assert found == [
        "policy violations ['script-src https://evil.example/x.js']",
        "requests to other hosts ['https://fonts.example/a.css']",
    ]


@pytest.mark.browser
def test_the_policy_is_enforced_and_search_works_under_it(browser, csp_server):
    context = browser.new_context()
    page = context.new_page()
    # The policy is really enforced: an injected inline script is refused.
    page.goto(f"{csp_server}/")
    with pytest.raises(PlaywrightError):
        page.add_script_tag(content="window.__injected = true")
    assert page.evaluate("window.__injected === undefined")
    # Search still works under the policy (its worker and index come from the site).
    page.keyboard.press("/")
    page.keyboard.type("bladder", delay=20)
    page.wait_for_selector(".md-search-result__item")
    context.close()


@pytest.mark.long
@pytest.mark.browser
def test_every_page_reads_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    # The checks read headings, text, links and whether the sources show; the pictures are
    # not needed, so the browser does not fetch and decode them (2 to 3 s of CPU over the walk).
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.setBlockedURLs", {"urls": ["*.png", "*.svg", "*.jpg", "*.webp"]})
    problems = {}
    for src, url in PAGES:
        page.goto(f"{server}/{url}")
        issues = []
        if not page.locator("h1").first.is_visible():
            issues.append("no visible H1")
        if len(page.locator("article").inner_text()) < 200:
            issues.append("article text missing")
        if page.locator(".md-nav--primary a").count() < 10:
            issues.append("navigation missing")
        sources = page.locator("ol.sources")
        if sources.count() and not sources.first.is_visible():
            issues.append("sources hidden")
        if issues:
            problems[src] = issues
    context.close()
    assert not problems, problems


@pytest.mark.browser
def test_404_helps_the_reader_back(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/404.html")
    assert page.get_by_role("link", name="Go to the home page").is_visible()
    assert page.get_by_role("link", name="Get help now").count() >= 1
    context.close()
