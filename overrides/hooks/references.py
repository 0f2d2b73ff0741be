"""Citations: `[@Key]` in Markdown becomes a numbered link to the page's Sources list.

- The registry is `data/references.yml` (one entry per source, validated in
  `references_registry.py`).
- `[@A]` or `[@A; @B]` after the words a source supports. Numbers follow the order of
  first citation on the page; the build appends a "Sources" section with a link to each
  source's DOI, PubMed record or official page.
- A source an editor read only in a copy (`seen_at:`) says so wherever it is cited: its
  line in the Sources list links to the copy as "Read in a copy", and each citation's title
  (read by screen readers as its description) ends "(read in a copy)". What that means for
  trust is said once, above the list (`copy_note`), with a link to
  docs/about/how-we-checked.md#read-in-a-copy.
- `<!-- generated: all-sources -->` on a page is replaced by the whole registry, with the
  pages that cite each source.
- An unknown key, a malformed citation, or a registry entry without DOI, PMID or URL fails
  the build with the file, the line and the fix.

It only turns Markdown into Markdown, so it could become a pre-build step unchanged.
The registry itself (entry model, loading, messages) is `references_registry.py`.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import defaultdict
from typing import TYPE_CHECKING

import figstore
import markers
import registry_rules
from common import (
    COPY_MEANING,
    DATA,
    ROOT,
    front_matter_of,
    load_yaml,
    problem,
    source_line,
    yaml_lines,
)
from references_registry import KEY, REGISTRY, Reference, broken, load_registry

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page


CITATION = re.compile(r"\[(@[^\]]*)\]")
# Added to a citation's title when the source was read only in a copy (seen_at: in the
# registry); its line in the page's Sources list links to that copy as "Read in a copy".
COPY_MARK = " (read in a copy)"
# What "read in a copy" means, for readers: the note above a Sources list links there.
COPY_HELP = "about/how-we-checked.md"
COPY_ANCHOR = "#read-in-a-copy"


registry: dict[str, Reference] = {}
cited_on: dict[str, list] = defaultdict(list)  # key -> pages, for the all-sources page


def on_config(config: MkDocsConfig, **kwargs: object) -> MkDocsConfig:
    registry.clear()
    registry.update(load_registry())
    raw = load_yaml(REGISTRY)
    if isinstance(raw, dict):
        hosts, copies, host_issues = registry_rules.load_hosts(ROOT)
        for issue in host_issues:
            problem(issue.where, issue.message, issue.fix)
        lines = {path[0]: n for path, n in yaml_lines(REGISTRY).items() if len(path) == 1}
        for issue in registry_rules.check(raw, lines, hosts, copies):
            named = re.match(r"reference '([^']+)'", issue.message)
            if named and named.group(1) in broken:
                continue  # that entry already has an error: one message per cause
            problem(issue.where, issue.message, issue.fix)
    return config


def on_files(files: Files, config: MkDocsConfig, **kwargs: object) -> Files:
    """Note which pages cite which keys, before any page is rendered."""
    cited_on.clear()
    for f in files.documentation_pages():
        for m in CITATION.finditer(f.content_string):
            for part in m.group(1).split(";"):
                k = KEY.match(part.strip())
                if k and f not in cited_on[k.group(1)]:
                    cited_on[k.group(1)].append(f)
    # Citations made through the figure store and the comparison's data count too.
    store = figstore.cached_store(ROOT, set(registry))
    figure_keys = {fid: stored.key for fid, stored in store.figures.items()}
    options = load_yaml(DATA / "options.yml") or {}
    options_keys = registry_rules.comparison_keys(options if isinstance(options, dict) else {})
    for f in files.documentation_pages():
        for key in registry_rules.cited_keys(f.content_string, figure_keys, options_keys):
            if f not in cited_on[key]:
                cited_on[key].append(f)
    return files


def _relative(page_file: File, target_file: File) -> str:
    return target_file.url_relative_to(page_file)


def _copy_help(page_file: File, files: Files | None) -> str:
    """The address of the explanation of "read in a copy", relative to the page."""
    target = files.get_file_from_path(COPY_HELP) if files is not None else None
    if target is not None:
        return target.url_relative_to(page_file) + COPY_ANCHOR
    from mkdocs.utils import get_relative_url

    return get_relative_url("about/how-we-checked/", page_file.url) + COPY_ANCHOR


def copy_note(help_href: str) -> str:
    """Said once above a Sources list that has a line marked "Read in a copy": what the mark
    means for how far a reader can trust what rests on it."""
    return (
        f'<p class="copy-note">"Read in a copy": {html.escape(COPY_MEANING)}. A copy can be '
        "older or leave part out, so what rests on it is a little less certain "
        f'(<a href="{html.escape(help_href)}">more about copies</a>).</p>'
    )


def _title(f: File) -> str:
    return str(front_matter_of(f).get("title") or f.src_uri)


def all_sources(page: Page, files: Files | None = None) -> str:
    """The registry as one list, sorted by first author, with the pages that cite each."""
    lines = ['<ol class="all-sources">']
    for key, ref in sorted(
        registry.items(), key=lambda kv: ((kv[1].authors or kv[1].title).lower(), kv[1].year or 0)
    ):
        pages = cited_on.get(key, [])
        used = (
            ", ".join(
                f'<a href="{html.escape(_relative(page.file, f))}">{html.escape(_title(f))}</a>'
                for f in pages
            )
            or "not cited on any page yet"
        )
        lines.append(
            f'<li id="ref-{html.escape(key)}">{ref.html()} '
            f'<span class="cited-on">Cited on: {used}.</span></li>'
        )
    lines.append("</ol>")
    return "\n".join(lines)


def _back(n: int, count: int) -> str:
    """Links from source n back to each place the page cites it (like footnotes)."""
    if count == 1:
        return (
            f' <a class="cite-back" href="#cite-{n}-1" '
            f'aria-label="Back to where source {n} is cited">&#8617;</a>'
        )
    links = " ".join(
        f'<a class="cite-back" href="#cite-{n}-{i}" '
        f'aria-label="Back to citation {i} of source {n}">{i}</a>'
        for i in range(1, count + 1)
    )
    return f' <span class="cite-backs">Cited at: {links}</span>'


def render_all_sources(marker: markers.Marker, ctx: markers.Page) -> str:
    return all_sources(ctx.page, ctx.files)


markers.register(
    "generated",
    "all-sources",
    "overrides/hooks/references.py",
    render=render_all_sources,
    inline=True,
)


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: object
) -> str:
    src = page.file.src_uri

    numbers: dict[str, int] = {}
    uses: dict[str, int] = {}
    generated = [
        (m.start(), m.end(), m.group(1))
        for m in re.finditer(
            r"<!-- generated-from: (.+?) -->.*?<!-- /generated -->", markdown, re.S
        )
    ]

    def where_is(index: int) -> str:
        for start, end, origin in generated:
            if start <= index < end:
                return f"{origin} (shown on docs/{src})"
        line = source_line(page, markdown, index)
        return f"docs/{src}:{line}" if line else f"docs/{src} (text added by the build)"

    def cite(m: re.Match, base: int) -> str:
        keys = []
        for part in m.group(1).split(";"):
            k = KEY.match(part.strip())
            where = where_is(base + m.start())
            if not k or not part.strip().startswith("@"):
                problem(
                    where,
                    f"malformed citation '{m.group(0)}'",
                    "write [@Key] or [@Key1; @Key2], keys as in data/references.yml",
                )
                return m.group(0)
            key = k.group(1)
            if (
                key in broken or "*" in broken
            ):  # its registry entry already has an error: say it once
                return m.group(0)
            if key not in registry:
                near = [
                    r for r in registry if r.lower() == key.lower()
                ] or difflib.get_close_matches(key, [*registry, *broken], n=3, cutoff=0.75)
                hint = f"did you mean {' or '.join(repr(n) for n in near)}? " if near else ""
                problem(
                    where,
                    f"unknown citation key '{key}'",
                    f"{hint}use a key from data/references.yml, or add the source there "
                    "(with DOI, PMID or URL) after you have seen it",
                )
                return m.group(0)
            keys.append(key)
        links = []
        for key in keys:
            n = numbers.setdefault(key, len(numbers) + 1)
            uses[key] = uses.get(key, 0) + 1  # each marker has an id, for the link back
            ref = registry[key]
            title = ref.title + (COPY_MARK if ref.seen_at else "")
            links.append(
                f'<a id="cite-{n}-{uses[key]}" href="#source-{n}" '
                f'title="{html.escape(title, quote=True)}">{n}</a>'
            )
        return f'<sup class="cite">[{", ".join(links)}]</sup>'

    # Leave code spans and fenced code alone.
    pieces = re.split(r"(```.*?```|`[^`\n]*`)", markdown, flags=re.S)
    out, base = [], 0
    for i, p in enumerate(pieces):
        out.append(p if i % 2 else CITATION.sub(lambda m, b=base: cite(m, b), p))
        base += len(p)
    markdown = "".join(out)

    if numbers:
        items = "\n".join(
            f'<li id="source-{n}">{registry[k].html()}{_back(n, uses[k])}</li>'
            for k, n in sorted(numbers.items(), key=lambda kv: kv[1])
        )
        copies = any(registry[k].seen_at for k in numbers)
        note = copy_note(_copy_help(page.file, files)) + "\n\n" if copies else ""
        # The list is left out of the search index: its titles would swamp readers' results.
        markdown += (
            "\n\n## Sources { #sources data-search-exclude }\n\n"
            + note
            + '<ol class="sources">\n'
            + items
            + "\n</ol>\n"
        )
    page.meta["source_count"] = len(numbers)
    return markdown
