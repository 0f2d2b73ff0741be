"""One grammar and one registry for the marker comments editors put in pages.

A marker is an HTML comment of the form `<!-- kind: name -->` (kind and name in lower case,
digits and hyphens). Each hook registers the kinds and names it replaces, when it is
imported (MkDocs imports every hook before the first page is read):

    markers.register("generated", "evidence-table", "overrides/hooks/generated.py")
    markers.register("option-figure", names=lambda: state.figures, owner="data/options.yml")

`names` may be a callable, for names that come from a data file. `check()` (called by
pages.py) fails the build for a marker of an unknown kind or name, with the file and line,
so a typo can never render nothing. `leftovers()` (pages.py, on the rendered page) is the
backstop for a known marker that nothing replaced: written in another form
(`<!--generated: x-->`) or where its hook does not look (a chart inside a sentence).
Ordinary comments (`<!-- TODO ... -->`, anything with
spaces in the name) are not markers: drafts.py reports them as stray comments that would be
published. Markers in code are examples, not markers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from common import line_of, problem

MARKER = re.compile(r"<!--\s*([a-z][a-z0-9-]*):\s*([a-z0-9][a-z0-9-]*)\s*-->")
# Any spacing: what an editor may have meant as a marker, in the rendered page.
LOOSE = re.compile(r"<!--\s*([a-z][a-z0-9-]*)\s*:\s*([a-z0-9][a-z0-9-]*)\s*-->")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
INTERNAL = {"generated-from"}  # written by hooks into their own output, never by editors


@dataclass
class Kind:
    owners: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    sources: list[Callable[[], Iterable[str]]] = field(default_factory=list)
    hint: str = ""  # added to the fix of an unknown name

    def all_names(self) -> set[str]:
        out = set(self.names)
        for source in self.sources:
            out.update(source())
        return out


registry: dict[str, Kind] = {}


def register(
    kind: str,
    name: str | None = None,
    owner: str = "",
    names: Callable[[], Iterable[str]] | None = None,
    hint: str = "",
) -> None:
    """Declare that a hook replaces `<!-- kind: name -->` (or every name `names()` returns)."""
    entry = registry.setdefault(kind, Kind())
    if owner:
        entry.owners.add(owner)
    if name:
        entry.names.add(name)
    if names:
        entry.sources.append(names)
    if hint:
        entry.hint = hint


def check(markdown: str, where: str, offset: int = 0) -> int:
    """Report every marker with an unknown kind or name; returns how many were reported."""
    scan = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)
    found = 0
    for m in MARKER.finditer(scan):
        kind, name = m.group(1), m.group(2)
        if kind in INTERNAL:
            continue
        at = f"{where}:{line_of(scan, m.start(), offset)}"
        if kind not in registry:
            problem(
                at,
                f"unknown marker kind '{m.group(0)}'",
                "use one of: "
                + ", ".join(f"<!-- {k}: ... -->" for k in sorted(registry))
                + " (see STYLE.md); notes to editors go in the pull request, not the page; a "
                "hook that adds a kind declares it with markers.register() (overrides/hooks/markers.py)",
            )
            found += 1
            continue
        known = registry[kind].all_names()
        if name not in known:
            close = [n for n in sorted(known) if _near(n, name)]
            hint = f"did you mean '<!-- {kind}: {close[0]} -->'? " if close else ""
            listed = (
                ", ".join(sorted(known))
                if len(known) <= 12
                else f"a name from {', '.join(sorted(registry[kind].owners))}"
            )
            problem(
                at,
                f"unknown marker '{m.group(0)}': nothing replaces it, so it would render nothing",
                f"{hint}use one of: {listed}"
                + (f", {registry[kind].hint}" if registry[kind].hint else "")
                + " (a hook that adds markers declares them with markers.register(), see "
                "overrides/hooks/markers.py)",
            )
            found += 1
    return found


def leftovers(html: str, source: str, where: str) -> int:
    """Report every known marker still in a rendered page (nothing replaced it, so readers
    would see nothing there); `source` is the page's file, for the line. Unknown kinds and
    names are check()'s to report. Returns how many were reported."""
    found = 0
    for m in LOOSE.finditer(html):
        kind, name = m.group(1), m.group(2)
        if kind in INTERNAL or kind not in registry or name not in registry[kind].all_names():
            continue
        at = source.find(m.group(0))
        problem(
            f"{where}:{line_of(source, at)}" if at >= 0 else where,
            f"the marker '{m.group(0)}' was not replaced, so it would render nothing",
            f"write it exactly as <!-- {kind}: {name} -->, alone on its own line",
        )
        found += 1
    return found


def _near(a: str, b: str) -> bool:
    """Close enough to suggest: same letters give or take two edits (a typo)."""
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8
