"""The reference registry, `data/references.yml`: its entry model, loading and messages.

Plain typed Python (MkDocs not needed): one entry per source, validated by `Reference`;
an entry without DOI, PMID or URL, a key a citation cannot use, a field written wrongly or
one source under two keys is reported with the file, the line and the fix, in plain words.
`references.py` (the hook) numbers the citations and writes the Sources lists; the
registry's editorial rules (dates, hosts, labels) are in `registry_rules.py`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from common import DATA, load_yaml, plain_errors, problem, report

REGISTRY = DATA / "references.yml"
KEY = re.compile(r"^@?([A-Za-z][A-Za-z0-9_\-]*)$")
# Keys with a reported problem: citing them adds no second error ("*": the file does not parse).
broken: set[str] = set()


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Left out when the pages read do not show them: the line then shows nothing in their place
    # (a note about what was not shown belongs in note:, which readers never see).
    authors: str | None = Field(default=None, min_length=2)
    title: str = Field(min_length=5)
    container: str | None = Field(default=None, min_length=2, description="journal or publisher")
    year: int | None = Field(default=None, ge=1900, le=2100)
    issued: str | None = None  # YYYY[-MM[-DD]] or unknown (registry_rules.py)
    revised: str | None = None  # labels: revision date of the text used, or unknown
    version: str | None = None  # labels: version as shown, or unknown
    # Another edition of a source already listed at the same address (url), e.g. "version of
    # March 2026": shown after the title, so readers can tell the two apart.
    edition: str | None = Field(default=None, min_length=3)
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
        "volunteer",
        "other",
    ]
    verified: str = Field(min_length=10, description="where and when an editor saw it")
    note: str | None = None

    @model_validator(mode="after")
    def has_identifier(self) -> Reference:
        if not (self.doi or self.pmid or self.url or self.seen_at):
            raise ValueError(
                "needs at least one of doi, pmid or url (or seen_at, a copy you read), "
                "so readers can find it"
            )
        return self

    def links(self) -> list[tuple[str, str]]:
        out = []
        if self.doi:
            out.append((f"https://doi.org/{self.doi}", f"doi:{self.doi}"))
        if self.pmid:
            out.append((f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/", f"PubMed {self.pmid}"))
        if self.url and not self.doi:
            out.append((self.url, "Source page"))
        if self.seen_at:  # an editor read a copy, even where the source's own page is known
            out.append((self.seen_at, "Read in a copy"))
        return out

    def html(self) -> str:
        """The source's line in a Sources list. What "Read in a copy" means is said once, above
        the list (references.copy_note), not on every line."""
        e = html.escape
        when = str(self.year) if self.year else "date of issue unknown"
        parts = [f"{_authors(self.authors)}."] if self.authors else []
        parts.append(e(_sentence(self.title)))
        if self.edition:
            parts.append(e(_sentence(self.edition[:1].upper() + self.edition[1:])))
        if not self.container:
            parts.append(f"{when}.")
        elif self.authors and self.container == self.authors.rstrip("."):
            # "NHS England. Title. NHS England, 2026.": the printed handout leaves out the
            # second name (decision-aid.css).
            parts.append(
                f'<span class="ref-same-name"><em>{e(self.container)}</em>, </span>{when}.'
            )
        else:
            parts.append(f"<em>{e(self.container)}</em>, {when}.")
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
        # "Source page" in its own span (with the separator that goes with it): the printed
        # handout, which prints no web addresses, hides it (decision-aid.css).
        # A DOI beside a PubMed number in its own span too, with the separator after it: on
        # paper the handout and the summary keep the shorter PubMed number (decision-aid.css).
        found = self.links()
        pieces = []
        for i, (href, text) in enumerate(found):
            link = f'<a href="{e(href)}">{e(text)}</a>'
            if text.startswith("doi:") and self.pmid:
                link = f'<span class="ref-doi">{link} · </span>'
            elif text.startswith("PubMed ") and self.doi:
                pass  # its separator is in the DOI's span
            elif text == "Source page":
                link = (
                    f'<span class="ref-url">{" · " if i else ""}{link}'
                    f"{' · ' if not i and len(found) > 1 else ''}</span>"
                )
            elif i and not (i == 1 and found[0][1] == "Source page"):
                link = " · " + link
            pieces.append(link)
        links = "".join(pieces)
        return " ".join(parts) + (f" {links}" if links else "")


# One author's name as the registry writes it: a surname, then initials ("van de Loo AJAE",
# "Zarate CA Jr", "O'Donnell KC").
_NAME = re.compile(r"[^\W\d_][\w'’-]*(?: [\w'’-]+)* [A-Z]{1,4}(?: Jr)?")


SENIOR = re.compile(r"\s*\([^()]* senior\)")


def _authors(authors: str) -> str:
    """The authors, escaped. A list of five or more names keeps them all, with the names after
    the third in a span that the printed handout hides, showing "et al." instead
    (decision-aid.css). A note after the names ("(X senior)") is in a span of its own that
    the same printed pages hide; any other text after the names keeps the list whole."""
    e = html.escape
    text = authors.rstrip(".")
    # "(X senior)" after the names: the printed handout and summary leave it off (decision-aid.css).
    senior = SENIOR.search(text)
    if senior:
        head, after = text[: senior.start()], text[senior.end() :]
        note = senior.group(0).strip()
        if after:  # "et al. (X senior); Group": the names and the group as written
            return f'{e(head)}<span class="ref-senior"> {e(note)}</span>{e(after)}'
        # The reference's full stop follows the names; "et al." keeps its own on screen.
        stop = "." if head.endswith(".") else ""
        return f'{_authors(head)}<span class="ref-senior">{stop} {e(note)}</span>'
    names = text.split(", ")
    n = 0
    while n < len(names) and _NAME.fullmatch(names[n]):
        n += 1
    rest = names[n:]
    followed_by_et_al = bool(rest) and rest[0].startswith("et al")
    if n < 5 or (rest and not followed_by_et_al):
        return e(text)
    more = '<span class="ref-more-authors">, ' + e(", ".join(names[3:n])) + "</span>"
    tail = ", " + e(", ".join(rest)) if rest else '<span class="ref-et-al">, et al</span>'
    return e(", ".join(names[:3])) + more + tail


def _sentence(text: str) -> str:
    """A title as a sentence: one full stop, none after a question or exclamation mark."""
    text = text.rstrip(".")
    return text if text.endswith(("?", "!")) else text + "."


def _month(value: str) -> str:
    try:
        if len(value) == 7:
            return dt.date.fromisoformat(value + "-01").strftime("%B %Y")
        if len(value) == 10:
            d = dt.date.fromisoformat(value)
            return f"{d.day} {d.strftime('%B %Y')}"
    except ValueError:
        pass
    return value


# Advice for a field that is present but wrong, by the shape of the mistake.
FIELD_ADVICE = {
    "doi": "write the DOI alone, starting with 10. (e.g. doi: 10.1056/NEJMoa2302399), "
    "without https://doi.org/ or 'doi:' in front",
    "pmid": "write the PubMed number alone (e.g. pmid: 37224232), without 'PMID' in front",
    "url": "give the full address of the page you read, starting with https://",
    "year": "the year of publication as four digits, e.g. year: 2023",
    "type": "one of trial, meta-analysis, review, guideline, label, regulator, animal, "
    "observational, volunteer (a study in healthy volunteers), other",
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


def load_registry(path: Path | None = None) -> dict[str, Reference]:
    """The valid entries of the registry (default data/references.yml); every problem is
    reported, and the keys of entries with a problem are kept in `broken`."""
    path = path or REGISTRY
    broken.clear()
    raw = load_yaml(path)
    if raw is None and path.read_text(encoding="utf-8").strip():
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
        # One source under two keys: the same doi, pmid or (unless an edition tells them
        # apart) the same address.
        idents = {
            "doi": ref.doi and str(ref.doi).lower(),
            "pmid": ref.pmid and str(ref.pmid),
            "url": ref.url and f"{same_address(ref.url)} {ref.edition or ''}",
        }
        for field, ident in idents.items():
            if not ident:
                continue
            first = seen.setdefault((field, ident), key)
            if first == key:
                continue
            fix = f"keep one entry: cite [@{first}] instead of [@{key}] and delete '{key}'"
            if field == "url":
                fix += (
                    f", after moving what its verified: says into '{first}'. If they are two "
                    "editions read at the same address, say which this one is in edition: "
                    '(e.g. edition: "version of March 2026")'
                )
            report(
                "data/references.yml",
                entry.lines.get(field, line) if hasattr(entry, "lines") else line,
                f"reference '{key}' has the same {field} as '{first}' "
                f"({getattr(ref, field)}): one source is in the registry twice",
                fix,
            )
            broken.add(key)
        out[key] = ref
    return out


def same_address(url: str) -> str:
    """A url as the page it names: the host in lower case without "www.", no trailing slash,
    no #part, either scheme (http and https show the same page)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"
