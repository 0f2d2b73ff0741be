"""Figures typed by hand into reader pages (plain typed Python, no MkDocs).

A percentage, "N in 100", "N of M" or "N out of M" typed into a reader page is an error:
figures come from the store (`<!-- figure: ID -->`, figstore.py), except on the pages still
listed in `data/hand-typed-figures-pending.yml`. The hook `provenance.py` reports them.
"""

from __future__ import annotations

import re
from pathlib import Path

from common import Issue, read_yaml, yaml_lines

# Hand-typed figures in reader pages: a percentage, "N in 100", "N of M", "N out of M".
HAND_TYPED = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:%|per\s?cent\b|percent\b)"
    r"|\b\d+(?:\.\d+)?\s+in\s+\d[\d,]*\b"
    r"|\b\d[\d,]*\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?\d[\d,]*\b",
    re.I,
)
# Parts of a page that are not prose a reader sees as typed figures.
NOT_PROSE = re.compile(
    r"```.*?```|`[^`\n]*`|<!--.*?-->|\]\([^)]*\)|\{[^}\n]*\}|<[^>\n]+>|https?://\S+", re.S
)


def hand_typed(markdown: str) -> list[tuple[int, str]]:
    """(line, text) of each figure typed by hand in a page's Markdown (after front matter)."""
    blanked = NOT_PROSE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)
    out = []
    for m in HAND_TYPED.finditer(blanked):
        out.append((blanked.count("\n", 0, m.start()) + 1, m.group(0)))
    return out


def load_pending(root: Path, page_paths: set[str]) -> tuple[dict[str, int], list[Issue]]:
    """The pages still allowed to hold hand-typed figures, with the line of each entry."""
    rel = "data/hand-typed-figures-pending.yml"
    path = root / rel
    if not path.exists():
        return {}, []
    raw, found = read_yaml(path, rel)
    issues = [Issue.of(p) for p in found]
    if raw is None:
        return {}, issues
    pages = raw.get("pages") if isinstance(raw, dict) else None
    out: dict[str, int] = {}
    lines = yaml_lines(path, rel)  # from the same one parse
    for i, item in enumerate(pages or []):
        line = lines.get(("pages", i), 1)
        if str(item) not in page_paths:
            issues.append(
                Issue(
                    f"{rel}:{line}",
                    f"'{item}' is not a page in docs/",
                    "list pages by their path under docs/, e.g. safety/side-effects.md, "
                    "or delete the entry",
                )
            )
        out[str(item)] = line
    return out, issues
