"""Every crisis number can be tapped: a `tel:` link (and `sms:` where the service takes
texts). "Get help now" opens the reader's own country first, above the fold on a phone."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

# The crisis and emergency numbers the guide gives, as they are written in running text.
NUMBERS = re.compile(
    r"(?<![\d,.$£€-])(911|999|988|000|NHS 111|116 123|13 11 14|85258|50808|1737)(?![\d,.]\d)"
)
# Not a number to dial: the service's name and web address.
NAMES = re.compile(r"988 ?Suicide|988lifeline|9-8-8")


class Numbers(HTMLParser):
    """Collect crisis numbers in the article text that are not inside a tel:/sms: link."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, skip)
        self.bare: list[str] = []
        self.linked: list[str] = []
        self.in_article = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        skip = (
            (tag == "sup" and "cite" in cls)
            or (tag == "ol" and "sources" in cls)
            or tag in ("script", "style")
            # How we checked: the table of claim counts per page (a count such as 911 claims
            # is not a number to dial); it holds only numbers the build adds up.
            or (tag == "div" and a.get("aria-label") == "Checks by page")
        )
        if tag == "article":
            self.in_article += 1
        link = tag == "a" and (a.get("href") or "").startswith(("tel:", "sms:"))
        self.stack.append((tag, skip, link))

    def handle_endtag(self, tag):
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == "article":
                self.in_article -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if not self.in_article or any(s for _, s, _ in self.stack):
            return
        text = NAMES.sub("", data)
        for m in NUMBERS.finditer(text):
            (self.linked if any(link for _, _, link in self.stack) else self.bare).append(
                m.group(1)
            )


def scan(path):
    parser = Numbers()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_crisis_number_on_the_site_is_a_tel_or_sms_link(site):
    bare = {}
    for path in sorted(site.rglob("*.html")):
        found = scan(path)
        if found.bare:
            bare[str(path.relative_to(site))] = found.bare
    assert not bare, (
        f"crisis numbers that cannot be tapped (write them as [**988**](tel:988)): {bare}"
    )


def test_get_help_now_links_each_number_to_call_or_text(site):
    html = (site / "get-help-now" / "index.html").read_text(encoding="utf-8")
    hrefs = set(re.findall(r'href="?((?:tel|sms):[^" >]+)', html))
    for needed in (
        "tel:911",
        "tel:988",
        "sms:988",
        "tel:999",
        "tel:111",
        "tel:116123",
        "sms:85258?body=SHOUT",
        "tel:000",
        "tel:131114",
        "tel:112",
        "sms:50808",
        "tel:111",
        "tel:1737",
        "sms:1737",
    ):
        assert needed in hrefs, f"{needed} missing from Get help now; found {sorted(hrefs)}"
    assert len(scan(site / "get-help-now" / "index.html").linked) >= 14


def test_the_crisis_box_numbers_are_links_on_every_page_that_has_it(site):
    pages = [
        p
        for p in site.rglob("*.html")
        if re.search(
            r"admonition danger[^>]*>\s*<p class=\"?admonition-title\"?>If you need help now",
            p.read_text(encoding="utf-8"),
        )
    ]
    assert len(pages) >= 5
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for href in ("tel:911", "tel:999", "tel:000", "tel:988", "sms:988"):
            assert href in html, f"{path.relative_to(site)}: crisis box lacks {href}"


COUNTRIES = [
    (
        "Europe/London",
        "en-GB",
        "united-kingdom",
        ["tel:999", "tel:111", "tel:116123", "sms:85258?body=SHOUT"],
    ),
    ("America/Chicago", "en-US", "united-states", ["tel:911", "tel:988", "sms:988"]),
    ("America/Toronto", "en-CA", "canada", ["tel:911", "tel:988", "sms:988"]),
    ("Australia/Sydney", "en-AU", "australia", ["tel:000", "tel:131114"]),
    ("Europe/Dublin", "en-IE", "ireland", ["tel:112", "tel:999", "tel:116123", "sms:50808"]),
    ("Pacific/Auckland", "en-NZ", "new-zealand", ["tel:111", "tel:1737", "sms:1737"]),
]


@pytest.mark.browser
@pytest.mark.parametrize("zone,locale,tab,links", COUNTRIES)
def test_the_readers_country_comes_first_above_the_fold_on_a_phone(
    browser, server, zone, locale, tab, links
):
    """Light, and then dark on the same load (the reader's system turns dark and Material
    switches the open page, as in test_accessibility.schemes)."""
    from test_accessibility import schemes

    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        timezone_id=zone,
        locale=locale,
        color_scheme="light",
        bypass_csp=True,
    )
    page = context.new_page()
    page.goto(f"{server}/get-help-now/")
    for scheme in schemes(page):
        assert page.is_checked(f"input#{tab}"), (
            f"{zone}, {scheme}: the {tab} tab is not the one shown"
        )
        shown = page.eval_on_selector_all(
            ".tabbed-block a[href^='tel:'], .tabbed-block a[href^='sms:']",
            "els => els.filter(e => e.offsetParent).map(e => { const r = e.getBoundingClientRect();"
            " return [e.getAttribute('href'), r.top, r.bottom, r.width, r.height]; })",
        )
        assert [s[0] for s in shown] == links, scheme
        for href, top, bottom, width, height in shown:
            assert top >= 0 and bottom <= 640, (
                f"{scheme}: {href} is below the fold on a 360 x 640 phone ({bottom:.0f} px)"
            )
            assert width >= 24 and height >= 24, (
                f"{scheme}: {href} is a {width:.0f} x {height:.0f} px target"
            )
    context.close()


@pytest.mark.browser
def test_without_javascript_the_united_states_comes_first_and_every_number_still_works(
    browser, server
):
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        java_script_enabled=False,
        timezone_id="Europe/London",
    )
    page = context.new_page()
    page.goto(f"{server}/get-help-now/")
    assert page.is_checked("input#united-states")
    first = page.locator(".tabbed-block a[href^='tel:']").first
    assert first.get_attribute("href") == "tel:911"
    assert first.bounding_box()["y"] + first.bounding_box()["height"] <= 640
    context.close()


@pytest.mark.browser
def test_laptop_shows_the_numbers_without_scrolling(browser, server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, timezone_id="Europe/London", bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{server}/get-help-now/")
    for href in ("tel:999", "tel:116123"):
        # 999 is on the UK and the Ireland tabs: the one measured is the one shown.
        box = page.locator(f".tabbed-block a[href='{href}'] >> visible=true").bounding_box()
        assert box and box["y"] + box["height"] <= 800, href
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "locale,tab", [("en-IE", "ireland"), ("en-NZ", "new-zealand"), ("en-GB", "united-kingdom")]
)
def test_with_no_time_zone_to_go_on_the_browser_language_picks_the_country(
    browser, server, locale, tab
):
    """A browser set to UTC gives no country away; its language's region (en-IE) decides."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, timezone_id="UTC", locale=locale, bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{server}/get-help-now/")
    assert page.is_checked(f"input#{tab}"), f"{locale}: the {tab} tab is not the one shown"
    context.close()
