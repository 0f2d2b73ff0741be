"""Privacy and resilience in a real Chromium: the Content-Security-Policy holds on every
page (sent as a real header, as a host that can send headers would), no page asks another
host for anything, nothing runs inline that the policy does not list, and with JavaScript
off every page still reads."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from sitepages import nav_pages, serve_with_policy, settle

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


@pytest.fixture(scope="module")
def csp_server(site):
    """Serve the site with the policy of site/_headers sent as a real HTTP header."""
    with serve_with_policy(site) as url:
        yield url


# Run once per document before the page's own scripts, so no violation is missed.
RECORD_VIOLATIONS = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


class Visit:
    """One page that keeps the requests, console errors and policy violations of the
    document it shows."""

    def __init__(self, page):
        self.page = page
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


@pytest.fixture(scope="module")
def policy_visit(browser, csp_server):
    """A page under the policy (no bypass): nothing is blocked or bypassed, only watched."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    yield Visit(context.new_page())
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("src,url", PAGES, ids=[src for src, _ in PAGES])
def test_page_keeps_the_policy_and_asks_no_other_host(policy_visit, csp_server, src, url):
    """Every page, loaded once under the policy: no request goes to another host, and nothing
    breaks the policy (a request the policy refuses to another host is a violation too)."""
    visit = policy_visit
    visit.open(f"{csp_server}/{url}")
    page = visit.page
    violations = page.evaluate("window.__csp") + [
        e for e in visit.errors if "Content Security Policy" in e
    ]
    site_host = urlparse(csp_server).netloc
    urls = [r.url for r in visit.requests]
    # The browser asks for the icon after the load event: its address must be the site's too.
    urls.append(page.evaluate("document.querySelector('link[rel~=icon]').href"))
    assert any(urlparse(r.url).netloc == site_host for r in visit.requests), (
        f"{src}: no requests seen at all; the watcher is broken"
    )
    foreign = sorted(
        {
            u
            for u in urls
            if urlparse(u).netloc not in ("", site_host)
            and not u.startswith(("data:", "blob:", "about:"))
        }
    )
    assert not violations and not foreign, (
        f"{src}: policy violations {violations}; requests to other hosts {foreign}"
    )


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


@pytest.mark.browser
def test_every_page_reads_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
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
