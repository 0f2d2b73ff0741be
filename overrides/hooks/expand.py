"""Every marker of a page replaced in one place (the dispatcher is markers.expand).

Runs after pages.py has checked the page as written (unsafe HTML, marker names) and before
record.py, provenance.py and references.py add their sections and number the figures and
citations, including those inside generated tables. The renderers are registered by the hooks
that own them: generated.py, trials_table.py, decision_aid.py, charts.py, record.py,
provenance.py and references.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import markers

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: object
) -> str:
    return markers.expand(markdown, page, files, config)
