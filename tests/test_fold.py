"""Long cells of the comparison's grid fold their rest into "More" (decision_aid_fold.py).

Readers (and a DISCERN rater: "cells run to 300+ words") could not take the grid in at a
glance. On the comparison page, on screen, a cell of 50 words or more shows its lead and folds
the rest into a native, closed <details>; nothing is dropped from the page, search, screen
readers or paper, and the printed handout has no fold at all.
"""

from __future__ import annotations

import html as htmlmod
import io
import re

import pytest

from sitepages import read_yaml
from test_accessibility import AXE, axe_in_both_schemes, light_then_dark
from test_decision_aid import PAGES, ROOT

LONG = 50  # words: a cell this long folds (decision_aid_fold.FOLD_WORDS)
MARKER = re.compile(r"<!--.*?-->")


def cells() -> list[tuple[str, str, str]]:
    """(option id, row id, text) of every cell, in the grid's order (row by row)."""
    data = read_yaml(ROOT / "data" / "options.yml")
    rows = [r["id"] for r in data["rows"]]
    return [(o["id"], r, o["rows"][r]["text"]) for r in rows for o in data["options"]]


def words(text: str) -> list[str]:
    """The reader's words (a figure marker counted as one word)."""
    return MARKER.sub(" x ", text).split()


def squashed(text: str) -> str:
    """Letters and digits only, to find words whatever the tags, spaces and hyphens between."""
    return re.sub(r"\W", "", text)


def plain(fragment: str) -> str:
    """A fragment's letters and digits (`squashed`), without citation numbers or figure links."""
    fragment = re.sub(r'<sup class="(cite|fig-ref)".*?</sup>', "", fragment, flags=re.S)
    return squashed(htmlmod.unescape(re.sub(r"<[^>]+>", "", fragment)))


def grid_cells(page_html: str) -> list[str]:
    start = page_html.index('<table class="da-grid"')
    grid = page_html[start : page_html.index("</table>", start)]
    return re.findall(r"<td[^>]*>(.*?)</td>", grid, re.S)


def tail(text: str) -> str:
    """The cell's last words after its last figure marker, squashed."""
    return squashed(" ".join(MARKER.split(text)[-1].split()[-6:]))


def test_long_cells_fold_their_rest_and_short_cells_stay_whole(site):
    page = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    tds = grid_cells(page)
    table = cells()
    assert len(tds) == len(table)
    folded = 0
    for td, (option, row, text) in zip(tds, table, strict=True):
        where = f"{option}/{row}"
        folds = re.findall(r"<details([^>]*)>\s*<summary>(.*?)</summary>(.*?)</details>", td, re.S)
        if len(words(text)) < LONG:
            assert not folds, f"{where}: a short cell stays whole"
            continue
        assert len(folds) == 1, f"{where}: a long cell has one fold"
        attrs, summary, rest = folds[0]
        assert 'class="da-more"' in attrs and "open" not in attrs, where
        assert plain(summary).startswith("Moreabout"), (where, summary)
        # The lead is in view (before the fold), the rest and the cell's last words are in it.
        before = plain(td.split("<details", 1)[0])
        first = squashed(" ".join(MARKER.split(text)[0].split()[:4]))
        assert first in before, (where, first)
        assert tail(text) in plain(rest), (where, tail(text))
        assert tail(text) not in before, where
        # Every word of the cell is still on the page, in order, with its citations.
        assert '<sup class="cite">' in rest, f"{where}: the cell's sources are in its fold"
        folded += 1
    assert folded >= 30, "test setup: many long cells fold"


def test_the_printed_handout_has_no_fold_and_every_word(site):
    """The handout is for paper: its grid has every cell's full text and nothing folded."""
    page = (site / PAGES["handout"] / "index.html").read_text(encoding="utf-8")
    assert (
        "da-more" not in page
        and "<details" not in page.split('class="da-grid"')[1].split("</table>")[0]
    )
    for td, (option, row, text) in zip(grid_cells(page), cells(), strict=True):
        assert tail(text) in plain(td), f"{option}/{row}"


OPEN_ALL = "document.querySelectorAll('details.da-more').forEach(d => { d.open = true; })"


@pytest.mark.browser
@pytest.mark.parametrize("script", [True, False], ids=["javascript", "no-javascript"])
def test_the_comparison_page_prints_every_folded_word(browser, server, script):
    """Paper has no fold to open: printing the comparison page prints each fold's words, and
    not "More", with JavaScript (Material opens folds to print) and without (the stylesheet
    shows them). Printed here: the grid alone, so the PDF stays small."""
    from pypdf import PdfReader

    context = browser.new_context(java_script_enabled=script)
    page = context.new_page()
    page.goto(f"{server}/{PAGES['index']}")
    page.evaluate(
        """() => { const grid = document.querySelector('.da-grid-wrap');
        document.querySelectorAll('article link[rel=stylesheet]').forEach(l => document.head.append(l));
        document.querySelector('article').replaceChildren(grid); }"""
    )
    page.emulate_media(media="print")
    closed = page.evaluate("document.querySelectorAll('details.da-more:not([open])').length")
    assert closed >= 30
    shown = page.evaluate(
        """[...document.querySelectorAll('details.da-more > summary')]
            .filter(s => getComputedStyle(s).display !== 'none').length"""
    )
    assert not shown, "paper has no 'More' to open"
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    context.close()
    for option, row, cell in cells():
        if len(words(cell)) >= LONG:
            assert tail(cell) in squashed(text), f"{option}/{row}: not on paper"


@pytest.mark.browser
def test_a_citation_in_a_fold_links_and_a_link_to_it_opens_the_fold(browser, server):
    """A citation inside a fold, once opened, goes to its source; the source's link back to
    it opens the fold (no JavaScript needed: the browser opens a closed <details> that holds
    the target, as it does for find in page)."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/{PAGES['index']}")
    cite = page.locator("details.da-more sup.cite a").first
    assert not cite.is_visible()
    cite_id = cite.get_attribute("id")
    target = cite.get_attribute("href")
    assert cite_id and target and target.startswith("#source-")
    page.locator("details.da-more > summary").first.click()
    assert cite.is_visible()
    cite.click()
    page.wait_for_function("h => location.hash === h", arg=target)
    assert page.locator(target).is_visible()
    # Back from the source to the citation in a closed fold: the fold opens.
    page.goto(f"{server}/{PAGES['index']}#{cite_id}")
    page.wait_for_function("id => document.getElementById(id).closest('details').open", arg=cite_id)
    assert page.locator(f"#{cite_id}").is_visible()
    context.close()


@pytest.mark.browser
def test_open_folds_fit_a_360px_phone_and_axe_finds_nothing(browser, server):
    """With every fold open, the phone cards do not overflow, and axe (light and dark) finds
    nothing in the grid with its folds open. (Closed, as the page loads, the grid is checked
    by the accessibility walk: test_accessibility, every rule light, the colour rules dark.)"""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{server}/{PAGES['index']}")
    page.evaluate(OPEN_ALL)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    wide = page.evaluate(
        """[...document.querySelectorAll('details.da-more')]
            .filter(d => d.getBoundingClientRect().right > 360).length"""
    )
    assert not wide
    context.close()
    # axe is added as a script of the test's own (the page's policy allows none inline).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    for scheme in light_then_dark(page, f"{server}/{PAGES['index']}"):
        if scheme == "light":
            page.add_script_tag(path=str(AXE))  # before the layout is kept: a script is an element
            page.evaluate(OPEN_ALL)
            assert (
                page.evaluate("document.querySelectorAll('details.da-more:not([open])').length")
                == 0
            )
        # Every rule light; dark, the colour rules once nothing but colours changed (as the walk).
        found = axe_in_both_schemes(page, first=scheme == "light")
        assert not found, (scheme, "open", found)
    context.close()


@pytest.mark.browser
def test_any_closed_fold_prints_its_words_without_javascript(browser, server):
    """The site-wide print rule: a closed fold anywhere on the site (here the "How we know
    these figures" fold of a safety page) prints its words with JavaScript off. Showing the
    fold's children is not enough in current Chromium, which hides a closed fold's content
    through its ::details-content part; this failed until site.css showed that part on paper."""
    from pypdf import PdfReader

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/safety/side-effects/")
    page.emulate_media(media="print")
    assert page.evaluate("document.querySelectorAll('details.fig-fold:not([open])').length") == 1
    # Every source quote in the closed fold, as the page has it (the first, middle and last).
    quotes = page.evaluate(
        "[...document.querySelectorAll('details.fig-fold blockquote')].map(q => q.textContent)"
    )
    assert len(quotes) >= 3
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = squashed(" ".join(p.extract_text() for p in pdf.pages))
    context.close()
    for quote in (quotes[0], quotes[len(quotes) // 2], quotes[-1]):
        assert squashed(quote) in text, f"not on paper: {quote[:60]}"
