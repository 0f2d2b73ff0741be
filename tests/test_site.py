"""The built site: strict build, titles, descriptions, the 404 page, review dates."""

from __future__ import annotations

import html
import re

import pytest

from sitepages import ROOT, front_matter, nav_pages

PAGES = nav_pages()


def test_strict_build_has_no_warnings(strict_build):
    """`mkdocs build --strict` (never with -q, which hides warnings from strict mode): the
    session's one build (conftest.py), which every other test then reads."""
    out, run = strict_build
    assert run.returncode == 0, run.stderr[-3000:]
    assert "WARNING" not in run.stderr, run.stderr[-3000:]
    assert (out / "index.html").exists()


def test_nav_has_the_guide_sections():
    srcs = [src for src, _ in PAGES]
    for needed in (
        "index.md",
        "get-help-now.md",
        "understanding/how-it-works.md",
        "conditions/index.md",
        "forms/index.md",
        "treatment/index.md",
        "safety/index.md",
        "about/sources.md",
    ):
        assert needed in srcs


@pytest.mark.parametrize("src,url", PAGES, ids=[s for s, _ in PAGES])
def test_page_has_title_and_meta_description(site, src, url):
    text = (site / url / "index.html").read_text(encoding="utf-8")
    meta = front_matter(src)
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert html.unescape(title).startswith(meta["title"]), title
    desc = re.search(r'<meta name="?description"? content="([^"]*)"', text)
    assert desc, f"{src}: no meta description"
    assert html.unescape(desc.group(1)) == meta["description"]
    assert len(re.findall(r"<h1[\s>]", text)) == 1, f"{src}: needs exactly one H1"


@pytest.mark.parametrize("src,url", PAGES, ids=[s for s, _ in PAGES])
def test_page_shows_review_dates(site, src, url):
    text = (site / url / "index.html").read_text(encoding="utf-8")
    meta = front_matter(src)
    # Minified HTML drops quotes where it can, so match with or without them.
    for field in ("last_reviewed", "next_review"):
        assert re.search(rf'<time datetime="?{meta[field].isoformat()}"?>', text), (
            f"{src}: no {field}"
        )


def problems_of_404(text: str, site_url: str) -> list[str]:
    """What the 404 page lacks: its own heading, and links home and to urgent help inside
    the article (the header and navigation, on every page, do not count)."""
    article = re.search(r"<article\b.*?</article>", text, re.S)
    body = article.group(0) if article else ""
    found = []
    if not re.search(r"<h1[^>]*>\s*Page not found", body):
        found.append("no 'Page not found' heading")
    if not re.search(rf'<a href="?{re.escape(site_url)}"?\s*>Go to the home page</a>', body):
        found.append(f"no 'Go to the home page' link to {site_url}")
    if not re.search(rf'<a href="?{re.escape(site_url)}get-help-now/"?\s*>Get help now</a>', body):
        found.append("no 'Get help now' link")
    return found


def test_404_page_leads_home_and_to_urgent_help(site):
    from mkdocs.config import load_config

    site_url = load_config(str(ROOT / "mkdocs.yml"))["site_url"]
    text = (site / "404.html").read_text(encoding="utf-8")
    assert problems_of_404(text, site_url) == []
    # The check can fail: the same page without its links, or with only the nav's "Home".
    broken = re.sub(r"<a [^>]*>(Go to the home page|Get help now)</a>", "", text)
    assert len(problems_of_404(broken, site_url)) == 2
    assert problems_of_404("<nav><a href=/>Home</a></nav><article></article>", site_url)


def test_every_reader_page_in_sections_links_urgent_help(site):
    for src, url in PAGES:
        if src.split("/")[0] in ("conditions", "forms", "treatment", "safety"):
            text = (site / url / "index.html").read_text(encoding="utf-8")
            assert "If you need help now" in text, (
                f'{src}: add --8<-- "urgent-help.md" near the top'
            )


def test_article_html_is_a_fragment(site):
    """No page nests a second <html> document inside its article (a glightbox quirk)."""
    nested = [
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if len(re.findall(r"<html[\s>]", p.read_text(encoding="utf-8"))) > 1
    ]
    assert not nested, nested


def test_every_stylesheet_has_balanced_braces():
    """A brace lost in a merge silently drops every rule after it (it once disabled the
    phone table cards); browsers do not complain, so this test does."""
    for css in sorted((ROOT / "docs" / "assets" / "stylesheets").glob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(), flags=re.S)
        text = re.sub(r'"[^"\n]*"|\'[^\'\n]*\'', '""', text)
        depth = 0
        for number, line in enumerate(text.splitlines(), 1):
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{css.name}:{number}: a '}}' closes nothing"
        assert depth == 0, f"{css.name}: {depth} '{{' never closed"
