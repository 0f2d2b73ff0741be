"""What changed and how we checked, from data/changes/*.yml and data/checks/*.yml.

- Each page with recorded changes ends with one line (changelog.page_brief): when it last
  changed, when it was last corrected, and a link to that page's own changes on the site-wide
  list. The counts and the reasons stay off the page, on the list.
- `<!-- generated: change-log -->` (docs/about/changes.md): every change, newest first; the
  same list is published as an Atom feed, `changes.xml`.
- `<!-- generated: changes-by-page -->` (docs/about/changes.md): each page's changes, newest
  first, under an anchor (changelog.anchor) its one line links to; pages in navigation order.
- `<!-- generated: how-we-checked -->` (docs/about/how-we-checked.md): the totals and a table.
The logic is in changelog.py.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import TYPE_CHECKING

import changelog
import markers
from common import ROOT, front_matter_of, problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


FEED = "changes.xml"
CHANGES_PAGE = "about/changes.md"  # the site-wide list, linked from each page's history

record = changelog.Record()
nav_order: list[str] = []  # src paths of the pages in navigation order (on_nav)


def on_files(files: Files, config: MkDocsConfig, **kwargs: object) -> Files:
    global record
    from mkdocs.structure.files import File

    pages = {f.src_uri: f for f in files.documentation_pages()}
    record = changelog.load(ROOT, set(pages))
    for issue in record.issues:
        problem(issue.where, issue.message, issue.fix)
    changes = [c for c, _ in record.changes]
    updated = max((c.date for c in changes), default=dt.date(2026, 12, 4))
    feed = changelog.atom(
        changes,
        config["site_url"] or "http://127.0.0.1:8000/",
        lambda p: str(front_matter_of(pages[p]).get("title") or p),
        lambda p: pages[p].url,
        updated,
    )
    files.append(File.generated(config, FEED, content=feed))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files, **kwargs: object) -> Navigation:
    global nav_order
    nav_order = [p.file.src_uri for p in nav.pages]
    return nav


def _link(ctx: markers.Page) -> Callable[[str], str]:
    """A page's title linked relative to the page being rendered."""

    def link(target: str) -> str:
        f = ctx.files.get_file_from_path(target)
        if f is None:  # changelog.load has reported a page that does not exist
            return html.escape(target)
        title = str(front_matter_of(f).get("title") or target)
        return f'<a href="{html.escape(f.url_relative_to(ctx.page.file))}">{html.escape(title)}</a>'

    return link


def change_log(marker: markers.Marker, ctx: markers.Page) -> str:
    feed = ctx.files.get_file_from_path(FEED)
    href = html.escape(feed.url_relative_to(ctx.page.file)) if feed else FEED
    return (
        f'<p>Follow these changes in a feed reader: <a href="{href}">Atom feed of changes</a>.</p>'
        + changelog.site_list([c for c, _ in record.changes], _link(ctx))
    )


def changes_by_page(marker: markers.Marker, ctx: markers.Page) -> str:
    return changelog.by_page([c for c, _ in record.changes], nav_order, _link(ctx))


def how_we_checked(marker: markers.Marker, ctx: markers.Page) -> str:
    return changelog.checks_summary([c for c, _ in record.checks], _link(ctx))


markers.register(
    "generated", "change-log", "overrides/hooks/record.py", render=change_log, inline=True
)
markers.register(
    "generated",
    "changes-by-page",
    "overrides/hooks/record.py",
    render=changes_by_page,
    inline=True,
)
markers.register(
    "generated", "how-we-checked", "overrides/hooks/record.py", render=how_we_checked, inline=True
)


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: object
) -> str:
    """Each page with recorded changes ends with one line linking to its changes (the markers
    are expand.py's)."""
    mine = [c for c, _ in record.changes if c.page == page.file.src_uri]
    if not mine:
        return markdown
    log = files.get_file_from_path(CHANGES_PAGE)
    full_log = log.url_relative_to(page.file) if log else CHANGES_PAGE
    if log is page.file:
        full_log = ""
    anchor = changelog.anchor(page.file.src_uri)
    return markdown + "\n\n" + changelog.page_brief(mine, f"{full_log}#{anchor}") + "\n"
