"""Reading grade (Flesch-Kincaid) of each page's rendered text.

Usage:  python tools/readability.py [docs/page.md ...]   (builds nothing; reads site/)

Only what a reader reads counts: the article's paragraphs, list items and admonitions,
without the Sources list, tables, the page information box and citation numbers.
"""

from __future__ import annotations

import re
import statistics
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from sitepages import ROOT, front_matter, nav_pages

READER_KINDS = {"home", "guide", "condition"}  # reference pages may be denser
PAGE_MAX = 10.0
MEDIAN_MAX = 8.0
SKIP_TAGS = {"table", "script", "style", "sup", "aside", "nav", "code", "pre", "svg", "figure"}
SKIP_CLASSES = {
    "sources",
    "all-sources",
    "badges",
    "page-info",
    "headerlink",
    "tabbed-labels",
    "md-source-file",
    "md-post",
    "review-overdue",
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth_article = 0
        self.skip = 0
        self.stack: list[bool] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "hr", "input", "meta", "link"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipping = tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or tag in ("h1",)
        self.stack.append(skipping)
        if skipping:
            self.skip += 1
        if tag in ("p", "li", "dd", "dt", "h2", "h3", "h4", "div"):
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img", "hr", "input", "meta", "link") or not self.stack:
            return
        if self.stack.pop():
            self.skip -= 1
        if tag in ("p", "li", "dd", "dt", "h2", "h3", "h4"):
            self.chunks.append(".\n" if tag in ("h2", "h3", "h4", "li", "dt") else "\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.chunks.append(data)


def page_text(html: str) -> str:
    m = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S)
    parser = _Text()
    parser.feed(m.group(1) if m else "")
    text = "".join(parser.chunks)
    text = re.sub(r"\.\s*\.", ".", text)
    text = re.sub(r"[ \t]+", " ", text)
    return "\n".join(line.strip() for line in text.splitlines() if len(line.split()) > 0)


def grade(text: str) -> float:
    import textstat  # type: ignore[import-untyped]

    return float(textstat.flesch_kincaid_grade(text))


def report(
    only: list[str] | None = None, site: Path = ROOT / "site"
) -> list[tuple[str, str, float, int]]:
    rows = []
    for src, url in nav_pages():
        if only and f"docs/{src}" not in only and src not in only:
            continue
        kind = front_matter(src).get("kind", "?")
        html = (site / url / "index.html").read_text(encoding="utf-8")
        text = page_text(html)
        rows.append((src, kind, grade(text), len(text.split())))
    return rows


def main(argv: list[str]) -> int:
    rows = report(argv or None)
    print(f"{'page':52} {'kind':10} {'grade':>5} {'words':>6}")
    for src, kind, g, words in rows:
        flag = " over budget" if kind in READER_KINDS and g > PAGE_MAX else ""
        print(f"{src:52} {kind:10} {g:5.1f} {words:6d}{flag}")
    reader = [g for _, kind, g, _ in rows if kind in READER_KINDS]
    if reader:
        print(
            f"reader pages: {len(reader)}, median grade {statistics.median(reader):.1f} "
            f"(budget {MEDIAN_MAX}), highest {max(reader):.1f} (budget {PAGE_MAX})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
