"""Search answers readers' questions: each query in tests/search_queries.yml finds its page
in the top three results of the site's real search in Chromium.

The reader queries are posted to the search worker of an open search page (conftest
`Searcher.pages`: Material's worker through the site's wrapper, the answer the search box
receives), not keyed into the box one by one; `test_the_worker_answers_what_the_search_box_lists`
checks that the two agree. Typing, the drawn list, the keyboard and crisis wording in the box
are tested with real keys here and in test_crisis_search.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sitepages import settle
from test_crisis_search import results

pytestmark = pytest.mark.browser
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text())


# The queries in a few parts, each asked on one page: the parts run on both cores
# (pytest-xdist), where one test of every query kept one core busy for most of a minute.
PARTS = 3
# Typed and asked, each must give the same pages in the same order: a plain question, a
# misspelling (the wrapper's second try), small words, search syntax, crisis wording, and
# a query with no result (Get help now offered).
AGREEMENT = [
    "spravato",
    "pregnent",
    "can i drive home after ketamine",
    '"ketamine" +bladder',
    "i want to die",
    "zzqxv wwqpt",
]


def test_there_are_enough_reader_queries():
    assert len(QUERIES) >= 25


@pytest.mark.long
@pytest.mark.parametrize("part", range(PARTS), ids=[f"part{n + 1}of{PARTS}" for n in range(PARTS)])
def test_reader_queries_find_their_page(searcher, capsys, part):
    queries = QUERIES[part::PARTS]
    misses = []
    for q, pages in zip(queries, searcher.pages([q["query"] for q in queries]), strict=True):
        found = pages[:3]
        if q["page"] not in found:
            misses.append(f"{q['query']!r}: expected {q['page']}, got {found}")
    hits = len(queries) - len(misses)
    with capsys.disabled():
        print(
            f"\nsearch, part {part + 1} of {PARTS}: {hits}/{len(queries)} reader queries find "
            f"their page in the top 3 ({100 * hits / len(queries):.0f}%)"
        )
    assert queries
    assert not misses, "\n".join(misses)


def test_the_worker_answers_what_the_search_box_lists(searcher):
    """The reader queries' shortcut is sound: for each query typed into the box (real keys),
    the drawn result list names the same pages, in the same order, as the worker's answer
    read directly (`Searcher.pages`); and a query typed after asking is answered as before,
    so asking never leaves the box showing a stale list."""
    page = searcher.ready()
    typed = [results(page, q)[1] for q in AGREEMENT]
    asked = searcher.pages(AGREEMENT)
    assert typed[-1] == ["get-help-now/"] and typed[-2][0] == "get-help-now/", typed
    assert asked == typed
    assert results(page, AGREEMENT[0])[1] == typed[0]


def test_search_index_loads_only_when_the_reader_searches(browser, server):
    """A page view does not download the search index; opening search does."""
    context = browser.new_context(
        bypass_csp=True
    )  # tooling is injected; CSP is tested in test_privacy.py
    page = context.new_page()
    requests: list = []
    page.on("request", lambda r: requests.append(r))
    page.goto(f"{server}/safety/")
    settle(page, requests)  # every request the page view makes has been made and answered
    seen = [r.url for r in requests]
    assert not [u for u in seen if "search_index.json" in u], "index fetched without a search"
    page.keyboard.press("/")
    page.keyboard.type("nausea", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert [r for r in requests if "search_index.json" in r.url]
    context.close()


def test_small_words_and_one_letters_do_not_match_the_start_of_other_words(search_page):
    """'i' in 'can i drive' used to match 'infusion' and 'injection' (Material matches every
    word as the start of a word). Small words now leave the query; other single letters
    must match a whole word."""
    page = search_page
    # A real search first: the small words reach the page with the index, so the rewrite is
    # only meaningful once the index has been handed to the search worker.
    _, found = results(page, "can i drive")
    assert found[0] == "treatment/sessions/", found
    rewrite = "q => window.__siteSearch.rewrite(q)"
    assert page.evaluate(rewrite, "can I drive after ketamine") == "drive ketamine"
    assert page.evaluate(rewrite, "vitamin d") == "vitamin d~0"
    assert page.evaluate(rewrite, "the") == "the"  # nothing but small words: searched as typed
    # No result was found through the letter "i": the highlight words are the reader's real words.
    highlights = page.eval_on_selector_all(
        ".md-search-result__item a",
        "els => els.map(e => new URL(e.href).searchParams.get('h') || '')",
    )
    assert highlights and all("i" not in h.split() for h in highlights), highlights


def test_result_previews_show_the_pages_own_text_not_the_crisis_box(search_page, site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    boxed = [
        d["location"]
        for d in index["docs"]
        if not d["location"].startswith("get-help-now/") and "If you need help now</p>" in d["text"]
    ]
    assert not boxed, f"the crisis box is indexed as page text on {boxed}"
    page = search_page
    _, found = results(page, "ptsd veterans")
    assert found[0] == "conditions/ptsd/"
    preview = page.locator(".md-search-result__item").first.inner_text()
    assert "If you need help now" not in preview


def test_a_misspelt_word_is_still_found(search_page):
    for query, expected in [
        ("pregnent", "safety/pregnancy-and-breastfeeding/"),
        ("is ketamine addictve", "safety/misuse-and-dependence/"),
    ]:
        _, found = results(search_page, query)
        assert expected in found[:3], (query, found)


FIRST = yaml.safe_load((Path(__file__).parent.parent / "data" / "search.yml").read_text())["first"]


@pytest.mark.long
def test_a_page_comes_first_for_the_words_it_answers(searcher):
    """data/search.yml `first:`: each word alone, and each reader query with one of the words
    for that page, finds that page first, not only in the top three. Pages that share a
    keyword word used to tie on it and be ordered by their body text, so a new paragraph on
    the short summary moved the cost page down for "can i get ketamine on the nhs"."""
    page = searcher.ready()
    # "on" is a small word, left out of the query ("on" unquoted in YAML was read as true, and
    # then matched "Ontario" and "online").
    results(page, "nhs")
    assert page.evaluate("q => window.__siteSearch.rewrite(q)", "ketamine on the nhs") == (
        "ketamine nhs"
    )
    wrong = []
    for url, words in FIRST.items():
        asked = [str(w) for w in words]
        asked += [
            q["query"]
            for q in QUERIES
            if q["page"] == url and set(q["query"].lower().split()) & set(asked)
        ]
        for query, pages in zip(asked, searcher.pages(asked), strict=True):
            if pages[:1] != [url]:
                wrong.append(f"{query!r}: expected {url} first, got {pages[:3]}")
    assert not wrong, "\n".join(wrong)
