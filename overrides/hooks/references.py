"""Citations: `[@Key]` in Markdown becomes a numbered link to the page's Sources list.

- The registry is `data/references.yml` (one entry per source, validated below).
- `[@A]` or `[@A; @B]` after the words a source supports. Numbers follow the order of
  first citation on the page; the build appends a "Sources" section with a link to each
  source's DOI, PubMed record or official page.
- `<!-- generated: all-sources -->` on a page is replaced by the whole registry, with the
  pages that cite each source.
- An unknown key, a malformed citation, or a registry entry without DOI, PMID or URL fails
  the build with the file, the line and the fix.

It only turns Markdown into Markdown, so it could become a pre-build step unchanged.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

import figstore
import markers
import registry_rules
from common import (
    DATA,
    ROOT,
    front_matter_of,
    load_yaml,
    plain_errors,
    problem,
    report,
    source_line,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page


REGISTRY = DATA / "references.yml"
CITATION = re.compile(r"\[(@[^\]]*)\]")
KEY = re.compile(r"^@?([A-Za-z][A-Za-z0-9_\-]*)$")
GENERATED = "<!-- generated: all-sources -->"
markers.register("generated", "all-sources", "overrides/hooks/references.py")


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid")

    authors: str = Field(min_length=2)
    title: str = Field(min_length=5)
    container: str = Field(min_length=2, description="journal or publisher")
    year: int | None = Field(default=None, ge=1900, le=2100)
    issued: str | None = None  # YYYY[-MM[-DD]] or unknown (registry_rules.py)
    revised: str | None = None  # labels: revision date of the text used, or unknown
    version: str | None = None  # labels: version as shown, or unknown
    accessed: str | None = None  # web pages: the day an editor read it
    seen_at: str | None = Field(default=None, pattern=r"^https?://\S+$")  # a copy read elsewhere
    editor_note: str | None = None  # for editors; never rendered
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    pmid: int | None = Field(default=None, ge=1)
    url: str | None = Field(default=None, pattern=r"^https://\S+$")
    type: Literal[
        "trial",
        "meta-analysis",
        "review",
        "guideline",
        "label",
        "regulator",
        "animal",
        "observational",
        "other",
    ]
    verified: str = Field(min_length=10, description="where and when an editor saw it")
    note: str | None = None

    @model_validator(mode="after")
    def has_identifier(self) -> Reference:
        if not (self.doi or self.pmid or self.url):
            raise ValueError("needs at least one of doi, pmid or url, so readers can find it")
        return self

    def links(self) -> list[tuple[str, str]]:
        out = []
        if self.doi:
            out.append((f"https://doi.org/{self.doi}", f"doi:{self.doi}"))
        if self.pmid:
            out.append((f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/", f"PubMed {self.pmid}"))
        if self.url and not self.doi:
            out.append((self.url, "Source page"))
        return out

    def html(self) -> str:
        e = html.escape
        when = str(self.year) if self.year else "date of issue unknown"
        parts = [
            f"{e(self.authors.rstrip('.'))}.",
            f"{e(self.title.rstrip('.'))}.",
            f"<em>{e(self.container)}</em>, {when}.",
        ]
        if self.type == "label":
            revised = (
                f"revised {_month(self.revised)}"
                if self.revised and self.revised != "unknown"
                else "revision date not recorded"
            )
            version = (
                f", version {self.version}" if self.version and self.version != "unknown" else ""
            )
            parts.append(f"Label text used: {e(revised)}{e(version)}.")
        links = " · ".join(f'<a href="{e(href)}">{e(text)}</a>' for href, text in self.links())
        return " ".join(parts) + (f" {links}" if links else "")


def _month(value: str) -> str:
    import datetime as _dt

    try:
        if len(value) == 7:
            return _dt.date.fromisoformat(value + "-01").strftime("%B %Y")
        if len(value) == 10:
            d = _dt.date.fromisoformat(value)
            return f"{d.day} {d.strftime('%B %Y')}"
    except ValueError:
        pass
    return value


registry: dict[str, Reference] = {}
broken: set[str] = set()  # keys with a reported problem: citing them adds no second error
cited_on: dict[str, list] = defaultdict(list)  # key -> pages, for the all-sources page

# Advice for a field that is present but wrong, by the shape of the mistake.
FIELD_ADVICE = {
    "doi": "write the DOI alone, starting with 10. (e.g. doi: 10.1056/NEJMoa2302399), "
    "without https://doi.org/ or 'doi:' in front",
    "pmid": "write the PubMed number alone (e.g. pmid: 37224232), without 'PMID' in front",
    "url": "give the full address of the page you read, starting with https://",
    "year": "the year of publication as four digits, e.g. year: 2023",
    "type": "one of trial, meta-analysis, review, guideline, label, regulator, animal, "
    "observational, other",
    "verified": 'say where and when you saw the source, e.g. "PubMed record read 2026-11-28"',
    "": "add at least one of doi, pmid or url, so readers can find the source",
}
ALL_FIELDS = "authors, title, container, year, type, verified, and at least one of doi, pmid or url"


DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.I)
PMID_PREFIX = re.compile(r"^\s*pmid\s*:?\s*(\d+)\s*$", re.I)


def _field_message(key: str, field: str, msg: str, value: object) -> tuple[str, str]:
    """What is wrong and how to fix it, for one field of one entry, in plain words."""
    if field == "doi" and isinstance(value, str) and DOI_PREFIX.match(value):
        return (
            f"reference '{key}': the doi is written as a link or with a prefix ('{value}')",
            f"keep only the DOI itself: doi: {DOI_PREFIX.sub('', value)}",
        )
    if field == "pmid" and isinstance(value, str) and (prefixed := PMID_PREFIX.match(value)):
        return (
            f"reference '{key}': the pmid has a prefix ('{value}')",
            f"keep only the number: pmid: {prefixed.group(1)}",
        )
    if field == "url" and isinstance(value, str) and value.startswith("http://"):
        return (
            f"reference '{key}': the url starts with http://",
            "use the https:// address of the same page",
        )
    if field == "":
        return f"reference '{key}': {msg}", FIELD_ADVICE[""]
    if msg == "is missing":
        return (
            f"reference '{key}': field '{field}' is missing",
            f"add it; every entry needs {ALL_FIELDS}",
        )
    if msg.startswith("is not a field"):
        near = difflib.get_close_matches(field, Reference.model_fields, n=1)
        hint = f"did you mean '{near[0]}'? " if near else ""
        return (
            f"reference '{key}': '{field}' is not a field of a registry entry",
            f"{hint}the fields are {', '.join(Reference.model_fields)}",
        )
    return f"reference '{key}': field '{field}' {msg}", FIELD_ADVICE.get(
        field, f"every entry needs {ALL_FIELDS}"
    )


def load_registry() -> dict[str, Reference]:
    broken.clear()
    raw = load_yaml(REGISTRY)
    if raw is None and REGISTRY.read_text(encoding="utf-8").strip():
        broken.add("*")  # load_yaml has reported where it does not parse: no key is unknown
        return {}
    if not isinstance(raw, dict):
        problem(
            "data/references.yml",
            "the registry is empty or not a mapping of keys to entries",
            "see the comment at the top of the file for the entry format",
        )
        return {}
    out = {}
    seen: dict[tuple[str, str], str] = {}  # ("doi", value) -> first key
    lines = getattr(raw, "lines", {})
    for key, entry in raw.items():
        key = str(key)
        line = lines.get(key)
        if not KEY.match(key):
            broken.add(key)
            report(
                "data/references.yml",
                line,
                f"reference key '{key}' has characters a citation cannot use",
                "use letters, digits, '-' and '_' only, starting with a letter, e.g. Anand2023",
            )
            continue
        if not isinstance(entry, dict):
            broken.add(key)
            report(
                "data/references.yml",
                line,
                f"reference '{key}' has no fields under it",
                f"indent its fields by two spaces under the key: {ALL_FIELDS}",
            )
            continue
        try:
            ref = Reference.model_validate(entry)
        except ValidationError as exc:
            broken.add(key)
            flines = getattr(entry, "lines", {})
            for field, msg in plain_errors(exc):
                what, fix = _field_message(key, field, msg, entry.get(field))
                report("data/references.yml", flines.get(field, line), what, fix)
            continue
        for field in ("doi", "pmid"):
            value = getattr(ref, field)
            if value is None:
                continue
            ident = (field, str(value).lower())
            if ident in seen:
                report(
                    "data/references.yml",
                    entry.lines.get(field, line) if hasattr(entry, "lines") else line,
                    f"reference '{key}' has the same {field} as '{seen[ident]}' ({value}): "
                    "one source is in the registry twice",
                    f"keep one entry: cite [@{seen[ident]}] instead of [@{key}] and delete '{key}'",
                )
                broken.add(key)
            else:
                seen[ident] = key
        out[key] = ref
    return out


def on_config(config: MkDocsConfig, **kwargs: object) -> MkDocsConfig:
    registry.clear()
    registry.update(load_registry())
    raw = load_yaml(REGISTRY)
    if isinstance(raw, dict):
        text = REGISTRY.read_text(encoding="utf-8")
        for issue in registry_rules.check(
            raw, registry_rules.key_lines(text), registry_rules.load_hosts(ROOT)
        ):
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


def _title(f: File) -> str:
    return str(front_matter_of(f).get("title") or f.src_uri)


def all_sources(page: Page) -> str:
    """The registry as one list, sorted by first author, with the pages that cite each."""
    lines = ['<ol class="all-sources">']
    for key, ref in sorted(
        registry.items(), key=lambda kv: (kv[1].authors.lower(), kv[1].year or 0)
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


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs: object
) -> str:
    src = page.file.src_uri
    if GENERATED in markdown:
        markdown = markdown.replace(GENERATED, all_sources(page))

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
            links.append(
                f'<a id="cite-{n}-{uses[key]}" href="#source-{n}" '
                f'title="{html.escape(registry[key].title, quote=True)}">{n}</a>'
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
        # The list is left out of the search index: its titles would swamp readers' results.
        markdown += (
            "\n\n## Sources { #sources data-search-exclude }\n\n"
            '<ol class="sources">\n' + items + "\n</ol>\n"
        )
    page.meta["source_count"] = len(numbers)
    return markdown
