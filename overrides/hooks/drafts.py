"""Draft leftovers that would otherwise publish silently (and be indexed by search).

- "TODO", "FIXME", "XXX", "TBD" and editor notes ("Note to editor", "[[...]]");
- HTML comments other than markers (`<!-- kind: name -->`, checked by markers.py): readers
  can see them with "View source";
- text of .github/page-template.md left unchanged;
- a page in docs/conditions/ (other than its index) without `kind: condition`;
- placeholder alt text such as "image" or a file name.

Each names the file and line and says how to fix it. Code blocks and code spans are
skipped, so pages can show examples.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import markers
from common import ROOT, field_line, problem, source_line

TEMPLATE = ".github/page-template.md"
# Text of the template an editor must replace (tests check each is still in the template).
PLACEHOLDERS = [
    "Page title, the same as the H1",
    "One plain sentence of 50 to 160 characters",
    "Three to five short bullets",
    "A heading that says what the section answers",
    "Short sentences. One idea per paragraph.",
    "What the research has not answered",
    "[words, readers, search for]",
]
NOTES = [
    (
        re.compile(r"\b(TODO|FIXME|XXX|TBD)\b"),
        "a draft note '{0}'",
        "finish or remove it before publishing; keep open tasks in the pull request, not the page",
    ),
    (
        re.compile(r"(?i)\b(note to (?:self|editors?|reviewers?)|editor'?s note)\b"),
        "an editor's note ('{0}')",
        "remove it from the page; write notes to other editors in the pull request",
    ),
    (
        re.compile(r"\[\[[^\]\n]*\]\]"),
        "an editor's note in double brackets ('{0}')",
        "remove it from the page; write notes to other editors in the pull request",
    ),
]
COMMENT = re.compile(r"<!--.*?-->", re.S)
ALT_WORDS = r"image|img|picture|pic|photo|photograph|screenshot|screen shot|figure|graphic|icon|chart|diagram|alt|alt text|placeholder"
BAD_ALT = re.compile(
    rf"!\[\s*(?P<alt>(?:{ALT_WORDS})\s*\d*|[\w\-]+\.(?:png|jpe?g|svg|gif|webp))\s*\]\(", re.I
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

BAD_HTML_ALT = re.compile(rf"<img\b[^>]*\balt\s*=\s*\"\s*(?P<alt>(?:{ALT_WORDS})\s*\d*)\s*\"", re.I)
CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.S)


def blank_code(markdown: str) -> str:
    """The text with code replaced by spaces, so indexes and lines stay the same."""
    return CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)


def check(markdown: str, page: Page, source: str) -> None:
    path = f"docs/{page.file.src_uri}"
    scan = blank_code(markdown)

    def at(index: int) -> str:
        line = source_line(page, markdown, index)
        return f"{path}:{line}" if line else path

    for pattern, what, fix in NOTES:
        for m in pattern.finditer(scan):
            problem(
                at(m.start()),
                f"{what.format(m.group(0))} would be published and found by search",
                fix,
            )
    for m in COMMENT.finditer(scan):
        if not markers.MARKER.fullmatch(m.group(0)):  # markers.py checks the markers themselves
            problem(
                at(m.start()),
                "an HTML comment would be published: readers can see it with "
                "'View source' and search engines read it",
                "delete it, and put notes for editors in the pull request (the only comments "
                "allowed are the build's markers, such as <!-- generated: ... --> and "
                "<!-- figure: ... -->)",
            )
    for text in PLACEHOLDERS:
        i = source.find(text)
        if i >= 0:
            problem(
                f"{path}:{source.count(chr(10), 0, i) + 1}",
                f"template text left unchanged: '{text}'",
                f"replace it with this page's own text (the template, {TEMPLATE}, only shows "
                "what goes where)",
            )
    for pattern in (BAD_ALT, BAD_HTML_ALT):
        for m in pattern.finditer(scan):
            problem(
                at(m.start()),
                f"the alt text '{m.group('alt').strip()}' does not describe the picture",
                "say what the picture shows, as you would to someone on the phone, e.g. "
                "![Bar chart: how much of a dose reaches the blood for each form](chart.svg)",
            )
    if (
        page.file.src_uri.startswith("conditions/")
        and page.file.src_uri != "conditions/index.md"
        and page.meta.get("kind") != "condition"
    ):
        problem(
            f"{path}:{field_line(source, 'kind') or 1}",
            f"a page in docs/conditions/ has kind: {page.meta.get('kind', '(none)')}; it would be "
            "left out of the evidence table and chart, and get no evidence badge",
            "set kind: condition and add evidence and status (see STYLE.md), or move the page "
            "to another section",
        )


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: object
) -> str:
    check(markdown, page, page.file.content_string)
    return markdown


assert (ROOT / TEMPLATE).exists()
