"""Search that answers readers' own words, still entirely in the browser.

After Material's search plugin writes `search/search_index.json`:

- each page's `keywords` (front matter: brand names, lay words, common misspellings), plus
  the synonyms listed for it in `data/search.yml`, become the page entry's `tags`, a field
  Material's search weights far above body text, so "spravato", "k hole" or "price" find the
  page written for them. site.css hides them in the result list;
- citation numbers and the crisis box ("If you need help now", includes/urgent-help.md) are
  removed from the indexed text of other pages, so result previews show the page's own text;
- the crisis wording and stop words of `data/search.yml` go into the index's `config.site`,
  where docs/assets/javascripts/site.js reads them: a crisis query puts "Get help now" first.

The index stays a static file; no query leaves the reader's browser.

Why a hook and not Material's tags (issue 15): Material's search plugin already weights a
page's `tags` field (boost 1e6), and this hook fills that same field. Front-matter `tags:`
with the tags plugin would also print every keyword on the page as a tag chip, misspellings
included, and add a tags index page; the synonyms of data/search.yml would still need
merging, and the citation and crisis-box clean-up and the crisis words below need this
post-build pass anyway. So the keywords stay here, in the one pass over the index.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from common import DATA, load_yaml, problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext


CITE = re.compile(r'<sup class="?cite"?>.*?</sup>', re.S)
# The crisis box as the search plugin flattens it: its title paragraph and the paragraph after.
URGENT_BOX = re.compile(r"<p>If you need help now</p>\s*<p>.*?</p>\s*", re.S)
REL = "data/search.yml"


def load() -> dict:
    """Read and check data/search.yml; report problems; return what is usable."""
    if not (DATA / "search.yml").exists():
        problem(REL, "is missing", "restore it from git: crisis search depends on it")
        return {}
    data = load_yaml(DATA / "search.yml") or {}
    text = (DATA / "search.yml").read_text(encoding="utf-8")
    crisis = data.get("crisis") or {}
    for key in ("page", "words", "phrases"):
        if not crisis.get(key):
            problem(
                f"{REL}:{_line(text, 'crisis:')}",
                f"`crisis.{key}` is missing or empty",
                "see the comments in the file; crisis search must always have a page, words and phrases",
            )
    # Unquoted, YAML reads on/yes as true, no/off as false and 000 as 0: the stop word "on"
    # was lost this way, and "ketamine on the nhs" then matched "Ontario" and "online".
    # (name in the message, the line it is reported at, its words)
    lists = [
        ("stop_words", "stop_words:", data.get("stop_words")),
        ("crisis.words", "words:", crisis.get("words")),
    ]
    lists += [(f"keywords.{url}", f"{url}:", x) for url, x in (data.get("keywords") or {}).items()]
    lists += [(f"first.{url}", "first:", x) for url, x in (data.get("first") or {}).items()]
    owner: dict[str, str] = {}
    for url, extra in (data.get("first") or {}).items():
        for word in extra or []:
            if str(word) in owner and owner[str(word)] != url:
                problem(
                    f"{REL}:{_line(text, 'first:')}",
                    f"`first` has '{word}' for both '{owner[str(word)]}' and '{url}'",
                    "a word can put only one page first; keep it under the page that answers it",
                )
            owner.setdefault(str(word), url)
    for name, anchor, items in lists:
        for item in items or []:
            if not isinstance(item, str):
                problem(
                    f"{REL}:{_line(text, anchor)}",
                    f"`{name}` has {item!r}, which YAML read from a word or number not in quotes",
                    'put words such as on, no, yes, off, and numbers, in quotes: "on", "000"',
                )
    for i, phrase in enumerate(crisis.get("phrases") or []):
        if not isinstance(phrase, str) or not phrase.strip():
            problem(
                f"{REL}:{_line(text, 'phrases:')}",
                f"crisis phrase {i + 1} is not a piece of text",
                "write each phrase as words, e.g. `- want die`",
            )
    return data


def _line(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle` (1 if none)."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return 1


def _words_problem(needle: str, message: str, fix: str) -> None:
    """A mistake in data/search.yml, reported at the first line containing `needle`."""
    source = (DATA / "search.yml").read_text(encoding="utf-8")
    problem(f"{REL}:{_line(source, needle)}", message, fix)


def _norm(word: object) -> str:
    return re.sub(
        r"[^a-z0-9 ]+", "", str(word).lower().replace("'", "").replace("\u2019", "")
    ).strip()


def on_post_build(config: MkDocsConfig, **kwargs: object) -> None:
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index.exists():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    words = _loaded if _loaded is not None else load()
    crisis = words.get("crisis") or {}
    help_page = crisis.get("page", "get-help-now/")
    keywords: dict[str, list[str]] = {}
    for page in _pages(config):
        keywords[page.url] = [str(w) for w in page.meta.get("keywords") or []]
    for section, what in (("first", "`first` lists words for"), ("keywords", "keywords for")):
        for url, extra in (words.get(section) or {}).items():
            if url not in keywords:
                _words_problem(
                    url + ":",
                    f"{what} '{url}', which is not the address of a page",
                    "use the page's address as search shows it, e.g. `safety/side-effects/`",
                )
            elif section == "keywords":
                keywords[url] += [str(w) for w in extra or [] if str(w) not in keywords[url]]
    separator = re.compile(data["config"].get("separator") or r"[\s\-]+")
    for doc in data["docs"]:
        # Citation numbers ("[3]") are noise in results and weight in the index.
        doc["text"] = CITE.sub("", doc["text"])
        if not doc["location"].startswith(help_page):
            doc["text"] = URGENT_BOX.sub("", doc["text"])
        # The page-level entry has no "#" in its location.
        if "#" not in doc["location"] and keywords.get(doc["location"]):
            doc["tags"] = _words(keywords[doc["location"]], separator)
            doc["tags"] += _first(words, doc["location"], doc["tags"])
    data["config"]["site"] = {
        "crisis": {
            "page": help_page,
            "words": [_norm(w) for w in crisis.get("words") or []],
            "phrases": [_norm(p).split() for p in crisis.get("phrases") or []],
        },
        "stop_words": sorted({_norm(w) for w in words.get("stop_words") or []}),
    }
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _first(words: dict, url: str, tags: list[str]) -> list[str]:
    """The words of `first:` (data/search.yml) for this page, once more: pages that share a
    keyword word tie on it (each page has it once), and then their body text decides, so one
    page's new paragraph could move another page down. Counted twice, the word puts its page
    first whatever the other pages' text; a query with more of another page's keywords
    ("nhs inform") still finds that page first."""
    extra = []
    for word in (words.get("first") or {}).get(url) or []:
        norm = _norm(word)
        if norm not in tags:
            _words_problem(
                "first:",
                f"`first` has '{word}' for '{url}', which is not one of that page's keywords",
                "add it to the page's keywords (front matter or `keywords` here) first",
            )
        elif norm not in extra:
            extra.append(norm)
    return extra


def _words(keywords: list[str], separator: re.Pattern) -> list[str]:
    """Each word of a page's keywords once, without apostrophes ("cant", as site.js
    reads a query). Search counts how often a word occurs, so
    twelve keywords starting with "ketamine" made that page win every query with
    "ketamine" in it; once each, pages tie on the word and their titles and text decide."""
    seen: dict[str, None] = {}
    for keyword in keywords:
        for word in separator.split(re.sub(r"['\u2019]", "", keyword.lower())):
            if word:
                seen.setdefault(word, None)
    return list(seen)


_seen: list[Page] = []


def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation, **kwargs: object
) -> TemplateContext:
    _seen.append(page)
    return context


_loaded: dict | None = None  # data/search.yml as on_pre_build read it


def on_pre_build(config: MkDocsConfig, **kwargs: object) -> None:
    global _loaded
    _seen.clear()
    # Read (and its problems reported) once per build, early, with the other editors' errors.
    _loaded = load()


def _pages(config: MkDocsConfig) -> list[Page]:
    return list(_seen)
