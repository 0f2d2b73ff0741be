"""What changed and how we checked, from data/changes/*.yml and data/checks/*.yml.

- Each page with recorded changes ends with "What changed on this page" (dated, newest first).
- `<!-- generated: change-log -->` (docs/about/changes.md): every change, newest first; the
  same list is published as an Atom feed, `changes.xml`.
- `<!-- generated: how-we-checked -->` (docs/about/how-we-checked.md): the totals and a table.
The logic is in changelog.py.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

import changelog
import markers
from common import ROOT, front_matter_of, problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


FEED = "changes.xml"
LOG = "<!-- generated: change-log -->"
CHECKS = "<!-- generated: how-we-checked -->"
markers.register("generated", "change-log", "overrides/hooks/record.py")
markers.register("generated", "how-we-checked", "overrides/hooks/record.py")

record = changelog.Record()


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


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: object
) -> str:
    def link(target: str) -> str:
        f = files.get_file_from_path(target)
        if f is None:  # changelog.load has reported a page that does not exist
            return html.escape(target)
        title = str(front_matter_of(f).get("title") or target)
        return f'<a href="{html.escape(f.url_relative_to(page.file))}">{html.escape(title)}</a>'

    changes = [c for c, _ in record.changes]
    if LOG in markdown:
        feed = files.get_file_from_path(FEED)
        href = html.escape(feed.url_relative_to(page.file)) if feed else FEED
        markdown = markdown.replace(
            LOG,
            f'<p>Follow these changes in a feed reader: <a href="{href}">Atom feed of changes</a>.</p>'
            + changelog.site_list(changes, link),
        )
    if CHECKS in markdown:
        markdown = markdown.replace(
            CHECKS, changelog.checks_summary([c for c, _ in record.checks], link)
        )
    mine = [c for c in changes if c.page == page.file.src_uri]
    if mine:
        markdown += (
            "\n\n## What changed on this page { #page-changes }\n\n"
            + changelog.page_history(mine)
            + "\n"
        )
    return markdown
