"""Search that answers readers' own words, still entirely in the browser.

After Material's search plugin writes `search/search_index.json`, each page's `keywords`
(front matter: brand names, lay words, common misspellings) become the page entry's
`tags`, a field Material's search weights far above body text, so "spravato", "k hole" or
"ketamin" find the page written for them. They are not shown on the page, and
site.css hides them in the result list. Citation numbers are removed from the index. The index stays a static file; no query leaves the reader's browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

CITE = re.compile(r'<sup class="?cite"?>.*?</sup>', re.S)


def on_post_build(config, **kwargs):
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index.exists():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    keywords = {}
    for page in _pages(config):
        words = page.meta.get("keywords") or []
        if words:
            keywords[page.url] = [str(w) for w in words]
    for doc in data["docs"]:
        # Citation numbers ("[3]") are noise in results and weight in the index.
        doc["text"] = CITE.sub("", doc["text"])
        # The page-level entry has no "#" in its location.
        if "#" not in doc["location"] and doc["location"] in keywords:
            doc["tags"] = keywords[doc["location"]]
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


_seen: list = []


def on_page_context(context, page, config, nav, **kwargs):
    _seen.append(page)
    return context


def on_pre_build(config, **kwargs):
    _seen.clear()


def _pages(config):
    return list(_seen)
