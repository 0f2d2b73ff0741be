"""Tables that stay readable on a phone: each cell carries its column's name.

Every Markdown table (plain `<table>`, no class) with three or more columns gets, at build
time, `data-stack` on the table and `data-label="<column heading>"` on each body cell. On a
phone (docs/assets/stylesheets/site.css) such a table becomes one card per row, and each
cell shows its label, so nobody has to scroll sideways with the headings out of view. On
wider screens nothing changes. Tables with two columns fit a phone as they are; the
comparison's grid (decision_aid.py) makes its own cards.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


MIN_COLUMNS = 3
TABLE = re.compile(r"<table>(.*?)</table>", re.S)
HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r"<(t[hd])((?:\s[^>]*)?)>(.*?)</\1>", re.S)
TAG = re.compile(r"<[^>]+>")


def plain(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def stack(m: re.Match) -> str:
    inner = m.group(1)
    head = HEAD.search(inner)
    if not head:
        return m.group(0)
    labels = [plain(c.group(3)) for c in CELL.finditer(head.group(1))]
    if len(labels) < MIN_COLUMNS:
        return m.group(0)
    before, body = inner[: head.end()], inner[head.end() :]

    def row(rm: re.Match) -> str:
        index = 0

        def cell(cm: re.Match) -> str:
            nonlocal index
            tag, attrs, content = cm.groups()
            label = labels[index] if index < len(labels) else ""
            index += 1
            if label:
                attrs += f' data-label="{html.escape(label, quote=True)}"'
            return f"<{tag}{attrs}>{content}</{tag}>"

        return "<tr>" + CELL.sub(cell, rm.group(1)) + "</tr>"

    return "<table data-stack>" + before + ROW.sub(row, body) + "</table>"


def on_page_content(
    html_text: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: object
) -> str:
    return TABLE.sub(stack, html_text)
