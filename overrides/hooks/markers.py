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

One dispatcher replaces them. A hook gives each marker it owns a renderer, a plain typed
function of the marker and the page (no MkDocs needed, so the transforms run in tests and in
a pre-build step):

    markers.register("generated", "glossary", OWNER, render=lambda m, page: glossary())

`expand()` (called once per page, by the hook expand.py, before the figure and citation
hooks) replaces every marker written exactly `<!-- kind: name -->` in document order, outside
code; a renderer's output is expanded in place in turn (the `<!-- figure: ID -->` markers of a
generated table). Markers of a kind that is not `inline` (charts) must stand alone on their
line; `generated` and `figure` markers may also stand inside a sentence.
`Page.tails` lets a renderer add text after the page, once all markers are replaced.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from common import line_of, problem, source_line

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page as MkPage

MARKER = re.compile(r"<!--\s*([a-z][a-z0-9-]*):\s*([a-z0-9][a-z0-9-]*)\s*-->")
# Any spacing: what an editor may have meant as a marker, in the rendered page.
LOOSE = re.compile(r"<!--\s*([a-z][a-z0-9-]*)\s*:\s*([a-z0-9][a-z0-9-]*)\s*-->")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
# What expand() replaces: the exact form, spaces as shown.
EXACT = re.compile(r"<!-- ([a-z][a-z0-9-]*): ([a-z0-9][a-z0-9-]*) -->")
INTERNAL = {"generated-from"}  # written by hooks into their own output, never by editors
DEPTH = 3  # how deep a renderer's output is expanded in turn
# One word for one thing (STYLE.md): said when an editor writes one for the other.
WORDS = {
    "chart": " (a chart is a picture the build draws)",
    "figure": " (a figure is a number from a study, in data/figures)",
}


@dataclass(frozen=True)
class Marker:
    kind: str
    name: str
    text: str  # as written
    where: str  # file:line for messages (the page's marker, also for markers in its output)


@dataclass
class Page:
    """The page being expanded: what a renderer may read."""

    page: MkPage
    files: Files
    config: MkDocsConfig | None
    markdown: str  # the page before any marker was replaced
    notes: dict[str, Any] = field(default_factory=dict)  # each owner's own per-page state
    tails: dict[str, Callable[[], str]] = field(default_factory=dict)  # appended, in order

    @property
    def src(self) -> str:
        return f"docs/{self.page.file.src_uri}"


Renderer = Callable[[Marker, Page], str]


@dataclass
class Kind:
    owners: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    sources: list[Callable[[], Iterable[str]]] = field(default_factory=list)
    hint: str = ""  # added to the fix of an unknown name
    renderers: dict[str, Renderer] = field(default_factory=dict)  # name -> its renderer
    any_name: Renderer | None = None  # the renderer of every other name (it reports unknowns)
    inline: bool | None = None  # may stand inside a sentence; otherwise alone on its line
    editors: bool = True  # False: only hooks write it, into their own output

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
    render: Renderer | None = None,
    inline: bool = False,
    editors: bool = True,
) -> None:
    """Declare that a hook replaces `<!-- kind: name -->` (or every name `names()` returns)
    with what `render` returns: for that name, or without a name for every name of the kind."""
    entry = registry.setdefault(kind, Kind())
    if owner:
        entry.owners.add(owner)
    if name:
        entry.names.add(name)
    if names:
        entry.sources.append(names)
    if hint:
        entry.hint = hint
    if render and name:
        if name in entry.renderers and _defined(entry.renderers[name]) != _defined(render):
            raise ValueError(f"<!-- {kind}: {name} --> has two renderers")
        entry.renderers[name] = render
    elif render:
        entry.any_name = render
    if entry.inline is not None and entry.inline != inline:
        raise ValueError(f"'{kind}' markers are registered both inline and not")
    entry.inline = inline
    entry.editors = entry.editors and editors


def _defined(fn: Callable) -> tuple[str, str]:
    """Where a function is written: a hook loaded again (mkdocs serve reloads its hooks; tests
    import them by name too) registers the same renderer anew, which replaces the old one."""
    code = getattr(fn, "__code__", None)
    return (code.co_filename if code else repr(fn), getattr(fn, "__qualname__", ""))


def editor_kinds() -> dict[str, Kind]:
    return {k: v for k, v in registry.items() if v.editors}


def block(origin: str, text: str) -> str:
    """Generated text marked with the data file it came from, so later hooks (citations)
    blame that file instead of the page."""
    return f"<!-- generated-from: {origin} -->\n{text}\n<!-- /generated -->"


def expand(markdown: str, page: MkPage, files: Files, config: MkDocsConfig | None) -> str:
    """Every marker in `markdown` replaced by its renderer, in document order; then the tails."""
    ctx = Page(page, files, config, markdown)
    out = _expand(markdown, ctx, 0, "")
    for tail in ctx.tails.values():
        out += tail()
    return out


def found(markdown: str) -> list[tuple[str, str]]:
    """(kind, name) of every marker written exactly in a page, outside code, in page order:
    what expand() would replace (for plain logic that needs to know what a page shows)."""
    scan = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)
    return [(m.group(1), m.group(2)) for m in EXACT.finditer(scan)]


def of_kind(text: str, kind: str) -> list[str]:
    """The names of the markers of one kind written exactly in `text` (e.g. the figures named
    in a data file's sentence), in order."""
    return [name for k, name in found(text) if k == kind]


def escape_keeping(text: str, kind: str) -> str:
    """`text` from a data file, HTML-escaped, except its markers of `kind`, kept for expand()
    (a figure named in a sentence of data/options.yml)."""
    out, last = [], 0
    for m in EXACT.finditer(text):
        if m.group(1) == kind:
            out += [_html.escape(text[last : m.start()]), m.group(0)]
            last = m.end()
    out.append(_html.escape(text[last:]))
    return "".join(out)


def swap(text: str, kind: str, words: Callable[[str], str]) -> str:
    """Each marker of `kind` in `text` replaced by `words(name)` (e.g. a figure's plain words,
    where its link to "How we know" is not wanted)."""
    return EXACT.sub(lambda m: words(m.group(2)) if m.group(1) == kind else m.group(0), text)


def _expand(text: str, ctx: Page, depth: int, where: str) -> str:
    # Code is left alone in what the editor wrote; generated output is the hooks' own.
    scan = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text) if depth == 0 else text
    out, last = [], 0
    for m in EXACT.finditer(scan):
        kind = registry.get(m.group(1))
        if kind is None:
            continue
        name = m.group(2)
        render = kind.renderers.get(name) or kind.any_name
        if render is None or not (kind.inline or _alone(scan, m.start(), m.end())):
            continue  # leftovers() reports a known marker that is not alone on its line
        if depth == 0:
            line = source_line(ctx.page, text, m.start())
            at = f"{ctx.src}:{line}" if line else f"{ctx.src} (text added by the build)"
        else:
            at = where
        made = render(Marker(m.group(1), name, m.group(0), at), ctx)
        if depth < DEPTH and made != m.group(0):
            made = _expand(made, ctx, depth + 1, at)
        out += [text[last : m.start()], made]
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _alone(text: str, start: int, end: int) -> bool:
    before = text[text.rfind("\n", 0, start) + 1 : start]
    after_end = text.find("\n", end)
    after = text[end : len(text) if after_end < 0 else after_end]
    return not before.strip() and not after.strip()


def check(markdown: str, where: str, offset: int = 0) -> int:
    """Report every marker with an unknown kind or name; returns how many were reported."""
    scan = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)
    found = 0
    for m in MARKER.finditer(scan):
        kind, name = m.group(1), m.group(2)
        if kind in INTERNAL:
            continue
        at = f"{where}:{line_of(scan, m.start(), offset)}"
        if kind not in registry or not registry[kind].editors:
            problem(
                at,
                f"unknown marker kind '{m.group(0)}'",
                "use one of: "
                + ", ".join(f"<!-- {k}: ... -->" for k in sorted(editor_kinds()))
                + " (see STYLE.md); notes to editors go in the pull request, not the page; a "
                "hook that adds a kind declares it with markers.register() (overrides/hooks/markers.py)",
            )
            found += 1
            continue
        known = registry[kind].all_names()
        if name not in known:
            close = [n for n in sorted(known) if _near(n, name)]
            hint = f"did you mean '<!-- {kind}: {close[0]} -->'? " if close else ""
            other = [
                k for k in WORDS if k != kind and k in registry and name in registry[k].all_names()
            ]
            if other:  # a chart named as a figure, or the other way round
                hint = f"'{name}' is a {other[0]}: write <!-- {other[0]}: {name} -->{WORDS.get(other[0], '')}; "
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
        entry = registry.get(kind)
        if kind in INTERNAL or entry is None or not entry.editors or name not in entry.all_names():
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
