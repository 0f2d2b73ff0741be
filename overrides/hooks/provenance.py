"""Figures from the store, each with "How we know" (the logic is in figstore*.py).

- `<!-- figure: ID -->` in a sentence becomes the figure's text from `data/figures/*.yml`
  and a small link, "quote N" (FIGURE_LINK_WORDS; a tick read as "verified by us"), to the
  page's "How we know these figures" list, which quotes the source's sentence, says where it
  is and when it was checked, cites the source, and shows how a figure of ours was worked out
  from the source's numbers. Each item links back. The list is folded in a <details> under
  its heading (readers skim past it); a link to an item opens it: Material's script, and
  without JavaScript the browser itself (Chromium opens a <details> a link points into), and
  printing opens it. No JavaScript needed.
- `<!-- figure-link: ID -->` (written by other hooks, e.g. the comparison) adds only the link.
- A figure typed by hand in a page (a percentage, "N in 100", "N of M") fails the build,
  unless the page is listed in `data/hand-typed-figures-pending.yml`.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import figstore
import figstore_schema
import figstore_typed
import markers
from common import (
    DATA,
    FIGURE_LINK_WORDS,
    ROOT,
    front_matter_lines,
    load_yaml,
    long_date,
    problem,
)
from glossary import with_glossary

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# The link each figure gets (figure()); the "How we know" list is made from these.
USE = re.compile(r'<sup class="fig-ref" id="fig-([a-z0-9-]+)-use-\d+">')
PENDING = "data/hand-typed-figures-pending.yml"

store = figstore_schema.Store()
pending: dict[str, int] = {}


def registry_keys() -> set[str]:
    raw = load_yaml(DATA / "references.yml")
    return {str(k) for k in raw} if isinstance(raw, dict) else set()


def on_config(config: MkDocsConfig, **kwargs: object) -> MkDocsConfig:
    global store
    store = figstore.cached_store(ROOT, registry_keys())
    for issue in store.issues:
        problem(issue.where, issue.message, issue.fix)
    return config


def on_files(files: Files, config: MkDocsConfig, **kwargs: object) -> Files:
    global pending
    pages = {f.src_uri for f in files.documentation_pages()}
    pending, issues = figstore_typed.load_pending(ROOT, pages)
    for issue in issues:
        problem(issue.where, issue.message, issue.fix)
    return files


# The link after a figure, in words (common.FIGURE_LINK_WORDS): "quote 3". The hidden words
# finish it for screen readers; the title is the tooltip.
FIGURE_LINK_HIDDEN = " of the source"
FIGURE_LINK_TITLE = "The source’s own words for this figure, at the end of the page"
# The fold of the "How we know these figures" list.
FOLD_SUMMARY = "Show the source’s words for each figure on this page ({n})"

# Said before a figure the editors worked out themselves (derived:), in readers' words.
DERIVED_LABEL = "Worked out from the source’s numbers:"


def _item(stored: figstore_schema.Stored, uses: list[str]) -> str:
    e = html.escape
    f = stored.figure
    seen = ""
    if f.seen_at:
        seen = (
            f' Read at <a href="{e(f.seen_at)}">{e(urlsplit(f.seen_at).hostname or f.seen_at)}</a>.'
        )
    derived = (
        f'<p class="fig-derived"><strong>{DERIVED_LABEL}</strong> {e(f.derived)}</p>'
        if f.derived
        else ""
    )
    if len(uses) == 1:
        back = f'<a class="fig-back" href="#{uses[0]}">Back to the text</a>'
    else:
        back = "Back to the text: " + " ".join(
            f'<a class="fig-back" href="#{u}"><span class="fig-hidden">use </span>{i}</a>'
            for i, u in enumerate(uses, start=1)
        )
    return (
        f'<li id="fig-{e(stored.id)}">'
        # Raw HTML, which Markdown's abbr extension does not reach: glossary terms (MADRS,
        # QIDS-C16...) get their tooltips here, as in the comparison's cells.
        f'<p class="fig-what"><strong>{e(f.text)}</strong>: {with_glossary(e(f.measure))}</p>'
        f'<blockquote class="fig-quote"><p>“{e(f.quote)}”</p></blockquote>'
        f'<p class="fig-meta">Where: {e(f.locator)}. Checked on {long_date(f.checked)}. '
        f"Source: [@{stored.key}].{seen}</p>{derived}<p>{back}</p></li>"
    )


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: object
) -> str:
    src = f"docs/{page.file.src_uri}"
    source = page.file.content_string
    offset = front_matter_lines(source)

    # Hand-typed figures, in the page as written.
    body = "\n".join(source.split("\n")[offset:])
    typed = figstore_typed.hand_typed(body)
    if page.file.src_uri not in pending:
        for line, text in typed:
            problem(
                f"{src}:{line + offset}",
                f"a figure typed by hand ('{text}'): figures come from the figure store",
                "add the figure to data/figures/<SourceKey>.yml (quote, locator, checked) and "
                "write <!-- figure: ID --> here; see data/figures/README.md",
            )
    elif not typed:
        problem(
            f"{PENDING}:{pending[page.file.src_uri]}",
            f"{page.file.src_uri} has no hand-typed figures left",
            f"delete its line from {PENDING}",
        )

    order: list[str] = []
    uses: dict[str, list[str]] = {}
    for m in USE.finditer(markdown):
        fid = m.group(1)
        if fid not in uses:
            order.append(fid)
            uses[fid] = []
        uses[fid].append(f"fig-{fid}-use-{len(uses[fid]) + 1}")
    page.meta["figure_count"] = len(order)
    if order:
        items = "".join(_item(store.figures[fid], uses[fid]) for fid in order)
        fold = html.escape(FOLD_SUMMARY.format(n=len(order)))
        markdown += (
            "\n\n## How we know these figures { #how-we-know data-search-exclude }\n\n"
            f"Each figure on this page, with the words of the source it comes from. "
            f"“{FIGURE_LINK_WORDS} 1” after a figure opens its item here.\n\n"
            f'<details class="fig-fold"><summary>{fold}</summary>'
            f'<ol class="fig-sources">{items}</ol></details>\n'
        )
    return markdown


def figure(marker: markers.Marker, ctx: markers.Page) -> str:
    """`<!-- figure: ID -->`: the figure's words and its link; `figure-link`: the link only.
    Numbered in the order of first use on the page (expand() goes in page order)."""
    fid = marker.name
    stored = store.figures.get(fid)
    if stored is None:
        problem(
            marker.where,
            f"unknown figure '{fid}'",
            "use an id from data/figures/*.yml, or add the figure there with its quote, "
            "locator and checked date",
        )
        return marker.text
    uses: dict[str, int] = ctx.notes.setdefault("figure-uses", {})
    uses[fid] = uses.get(fid, 0) + 1
    n = list(uses).index(fid) + 1
    use_id = f"fig-{fid}-use-{uses[fid]}"
    link = (
        f'<sup class="fig-ref" id="{use_id}"><a href="#fig-{html.escape(fid)}" '
        f'title="{html.escape(FIGURE_LINK_TITLE)}">{FIGURE_LINK_WORDS}&nbsp;{n}'
        f'<span class="fig-hidden">{html.escape(FIGURE_LINK_HIDDEN)}</span></a></sup>'
    )
    if marker.kind == "figure-link":
        return link
    shown = figstore_schema.with_label(
        html.escape(stored.figure.text), stored.figure.not_randomised
    )
    return f'<span class="fig">{shown}{link}</span>'


markers.register(
    "figure", owner="data/figures/*.yml", names=lambda: store.figures, render=figure, inline=True
)
# Written by other hooks into their output (the comparison): the link alone.
markers.register(
    "figure-link", names=lambda: store.figures, render=figure, inline=True, editors=False
)
