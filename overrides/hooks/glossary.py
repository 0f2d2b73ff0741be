"""The glossary (includes/glossary.md): its terms, and marking them in generated HTML.

Pages get the glossary's tooltips from Markdown's abbr extension, which reads the same
`*[term]: meaning` lines; HTML that a hook writes (the comparison's grid) does not pass through
Markdown, so `with_glossary` marks the terms there the same way.
"""

from __future__ import annotations

import html
import re
from functools import cache

from common import INCLUDES

GLOSSARY_LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<meaning>.+)$")
# Parts of a cell's text that are not reader's words: tags, comments (figure markers) and
# citations; glossary terms are never marked inside them.
_NOT_WORDS = re.compile(r"<!--.*?-->|<[^>]*>|\[@[^\]]*\]")


def entries() -> list[tuple[str, str]]:
    """Each (term, meaning) of includes/glossary.md, in the file's order."""
    out = []
    for line in (INCLUDES / "glossary.md").read_text(encoding="utf-8").splitlines():
        m = GLOSSARY_LINE.match(line.strip())
        if m:
            out.append((m.group("term"), m.group("meaning")))
    return out


@cache
def _glossary() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """The terms of includes/glossary.md (the same list Markdown's abbr extension uses)."""
    terms = dict(entries())
    if not terms:
        return None, terms
    words = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])"), terms


def with_glossary(text: str) -> str:
    """Glossary terms in a cell's (escaped) text as <abbr title=...>, as on Markdown pages:
    the grid is HTML, so Markdown's abbr extension does not reach it."""
    pattern, terms = _glossary()
    if pattern is None:
        return text
    out, last = [], 0
    for m in _NOT_WORDS.finditer(text):
        out.append(_mark(text[last : m.start()], pattern, terms))
        out.append(m.group(0))
        last = m.end()
    out.append(_mark(text[last:], pattern, terms))
    return "".join(out)


def _mark(words: str, pattern: re.Pattern[str], terms: dict[str, str]) -> str:
    return pattern.sub(
        lambda m: f'<abbr title="{html.escape(terms[m.group(0)])}">{m.group(0)}</abbr>', words
    )
