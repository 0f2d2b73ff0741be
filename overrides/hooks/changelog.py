"""The public record: what changed (data/changes/*.yml) and how we checked (data/checks/*.yml).

Plain logic, no MkDocs; the hook `record.py` calls it.

- `data/changes/<YYYY-MM-DD>-<slug>.yml`: a list of `{date, page, kind, what, why}`; kind is
  correction | new-evidence | clearer-wording | update. A correction says plainly what was
  wrong: `what` starts "We said ..." (what we said, and what the source says).
- `data/checks/<YYYY-MM-DD>-<slug>.yml`: a list of `{page, checked, claims, supported,
  corrected, recited, removed, unconfirmed, editor_note}` (counts of claims on that page). Each
  claim has one outcome, so supported + corrected + recited + removed + unconfirmed must
  equal claims. unconfirmed: claims we could not confirm on the source's own page (read
  only in a copy, or not readable at all); they stay on the page and are not "supported".
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common import Issue, LineList, read_yaml

KINDS = {
    "correction": "Correction",
    "new-evidence": "New evidence",
    "clearer-wording": "Clearer wording",
    "update": "Update",
}
SAID = re.compile(
    r"\bwe (said|wrote|gave|stated|listed|cited|showed|called|rated|described|reported|named|used)\b",
    re.I,
)
# Readers see `what` and `why`. Notes about how editors work mean nothing to them (the tracker,
# checklists, who checked what, the print budget), and "today" or a count of printed sheets is
# wrong a day or an edit later. Words readers use ("independent reviewers questioned ...", "a
# session fee") stay allowed: each alternative is a phrase seen in an editor's note.
EDITOR = re.compile(
    r"\b(?:issues?|pull request|PR)\s*#?\d+\b"  # issue #13
    r"|\b(?:DISCERN|IPDAS)\b"  # checklists editors score pages with
    r"|\b(?:second|another|other)\s+(?:reader|reviewer|editor|check|look)s?\b"
    r"|\b(?:reviewers?|editors?|raters?)\s+(?:has\s+|have\s+|had\s+)?(?:found|read|checked|noticed)\b"
    r"|\bpage budget\b|\bhelpers?\b|\brule \d+\b"
    r"|\b(?:today|yesterday|tonight)\b"
    r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b[^.;:]{0,24}\bsheets?\b",
    re.I,
)

FORMAT = "see the format at the top of overrides/hooks/changelog.py"


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    page: str = Field(min_length=4)
    kind: Literal["correction", "new-evidence", "clearer-wording", "update"]
    what: str = Field(min_length=10)
    why: str = Field(min_length=5)
    editor_note: str | None = None


# Each checked claim has exactly one of these outcomes (the columns of "How we checked").
OUTCOMES = ("supported", "corrected", "recited", "removed", "unconfirmed")


class Check(BaseModel):
    model_config = ConfigDict(extra="forbid")
    page: str = Field(min_length=4)
    checked: dt.date
    claims: int = Field(ge=0)
    supported: int = Field(ge=0)
    corrected: int = Field(default=0, ge=0)
    recited: int = Field(default=0, ge=0)
    removed: int = Field(default=0, ge=0)
    unconfirmed: int = Field(default=0, ge=0)
    editor_note: str | None = None

    def outcomes(self) -> int:
        return sum(getattr(self, k) for k in OUTCOMES)


@dataclass
class Record:
    changes: list[tuple[Change, str]] = field(default_factory=list)  # (change, file:line)
    checks: list[tuple[Check, str]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _items(path: Path, rel: str, record: Record) -> list[tuple[dict, int]]:
    raw, found = read_yaml(path, rel)  # a syntax error or a key written twice: file:line
    record.issues.extend(Issue.of(p) for p in found)
    if raw is None:
        return []
    if not isinstance(raw, LineList):
        record.issues.append(
            Issue(
                f"{rel}:1",
                "the file must be a list of entries (each starting with '- ')",
                FORMAT,
            )
        )
        return []
    return list(zip(raw, raw.lines, strict=True))


def load(root: Path, pages: set[str]) -> Record:
    record = Record()
    for folder, model in (("changes", Change), ("checks", Check)):
        for path in sorted((root / "data" / folder).glob("*.y*ml")):
            rel = path.relative_to(root).as_posix()
            for item, line in _items(path, rel, record):
                where = f"{rel}:{line}"
                try:
                    entry: Change | Check = model.model_validate(
                        item if isinstance(item, dict) else {}
                    )
                except ValidationError as exc:
                    for err in exc.errors():
                        name = ".".join(str(p) for p in err["loc"])
                        at, msg, fix = where, f"field '{name}' {err['msg']}", FORMAT
                        if err["type"] == "missing":
                            msg = f"field '{name}' is missing"
                        elif err["type"] == "extra_forbidden":  # at its own line: delete it
                            at = f"{rel}:{getattr(item, 'lines', {}).get(name, line)}"
                            msg = f"'{name}' is not a field of this record"
                            fields = ", ".join(model.model_fields)
                            fix = f"delete it, or check its spelling; the fields are {fields}"
                        record.issues.append(Issue(at, f"{folder} entry: {msg}", fix))
                    continue
                if entry.page not in pages:
                    record.issues.append(
                        Issue(
                            where,
                            f"'{entry.page}' is not a page in docs/",
                            "write the page's path under docs/, e.g. safety/side-effects.md",
                        )
                    )
                    continue
                if (
                    isinstance(entry, Change)
                    and entry.kind == "correction"
                    and not SAID.search(entry.what)
                ):
                    record.issues.append(
                        Issue(
                            where,
                            "a correction that does not say what was wrong",
                            'write what: "We said X; the source says Y."',
                        )
                    )
                    continue
                if isinstance(entry, Change) and (
                    found := EDITOR.search(f"{entry.what} {entry.why}")
                ):
                    record.issues.append(
                        Issue(
                            where,
                            f"readers see this entry, and '{found.group(0)}' is a note for editors",
                            "say in reader words what changed on the page and why (what the source"
                            " says, what readers need); write the date, not 'today'; who checked it,"
                            " checklists, tracker numbers and sheet counts belong in the commit"
                            " message",
                        )
                    )
                    continue
                if isinstance(entry, Check) and entry.outcomes() != entry.claims:
                    record.issues.append(
                        Issue(
                            where,
                            f"{entry.page}: supported, corrected, recited, removed and "
                            f"unconfirmed add up to {entry.outcomes()}, not claims "
                            f"({entry.claims})",
                            "give each checked claim one outcome; a claim read only in a copy, "
                            "or not readable at all, counts as unconfirmed",
                        )
                    )
                    continue
                if isinstance(entry, Change):
                    record.changes.append((entry, where))
                else:
                    record.checks.append((entry, where))
    # Each page's changes have their own anchor on the site-wide list: two pages may not share
    # one (a/b.md and a-b.md), or one page's line would link to the other's changes.
    seen: dict[str, str] = {}
    clashed: set[str] = set()
    for change, where in record.changes:
        other = seen.setdefault(anchor(change.page), change.page)
        if other != change.page and change.page not in clashed:
            clashed.add(change.page)
            record.issues.append(
                Issue(
                    where,
                    f"'{change.page}' and '{other}' would share the anchor "
                    f"'{anchor(change.page)}' on the list of changes",
                    "rename one of the pages, or give changelog.anchor a way to tell them apart",
                )
            )
    # Newest first: by date, then (within a day) later files and later entries first.
    record.changes.sort(key=lambda c: (c[0].date, _place(c[1])), reverse=True)
    return record


def _place(where: str) -> tuple[str, int]:
    """'data/changes/2026-12-04-x.yml:12' -> ('data/changes/2026-12-04-x.yml', 12)."""
    file, _, line = where.rpartition(":")
    return file, int(line)


def long_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def anchor(page: str) -> str:
    """The id of a page's changes on the site-wide list: 'conditions/ptsd.md' ->
    'changes-conditions-ptsd'; a folder's index.md is the folder; the home page is 'home'."""
    stem = page.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return "changes-" + (re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "home")


def _tally(changes: list[Change]) -> str:
    """'3 changes, 1 of them a correction'."""
    n, fixes = len(changes), sum(c.kind == "correction" for c in changes)
    out = f"{n} {'change' if n == 1 else 'changes'}"
    if fixes:
        out += f", {fixes} of them {'a correction' if fixes == 1 else 'corrections'}"
    return out


def page_brief(changes: list[Change], full_log: str) -> str:
    """The one line each page with recorded changes ends with, for readers: when it last
    changed, when it was last corrected (if ever), and a link to this page's changes (each
    with its reason) on the site-wide list. `changes` newest first; `full_log` is the address
    of that page's changes (the list plus its anchor). Counts stay on the list ("Changes by
    page"): a running total reads as editors' bookkeeping, and the latest correction's date
    is what a reader needs to know. "Changed", not "reviewed": the footer's "Page last
    reviewed" is the day an editor checked the whole page, a different date
    (docs/about/editorial-policy.md says both)."""
    if not changes:
        return ""
    e = html.escape
    parts = [f"Last changed on {long_date(changes[0].date)}"]
    fixes = [c for c in changes if c.kind == "correction"]
    if fixes:
        parts.append(f"last corrected on {long_date(fixes[0].date)}")
    parts.append(f'<a href="{e(full_log)}">What changed on this page, and why</a>')
    return f'<p class="change-history change-brief" id="page-changes">{" · ".join(parts)}</p>'


def site_list(changes: list[Change], link: Callable[[str], str]) -> str:
    if not changes:
        return "<p>No changes have been recorded yet.</p>"
    e = html.escape
    rows = []
    for c in changes:
        rows.append(
            f"<li><strong>{long_date(c.date)}</strong> · {e(KINDS[c.kind])} · {link(c.page)}: "
            f"{e(c.what)} <em>Why:</em> {e(c.why)}</li>"
        )
    return f'<ol class="change-log" reversed>{"".join(rows)}</ol>'


def by_page(changes: list[Change], order: list[str], link: Callable[[str], str]) -> str:
    """Each page with changes, in `order` (the navigation's; others after, by path): its
    title (a link to the page) as a heading with the anchor its one line links to, its
    counts, then its changes newest first. `changes` newest first. Kept out of search: the
    same words are in the list above, and a heading per page would compete with the pages
    themselves for their own names."""
    if not changes:
        return ""
    e = html.escape
    mine: dict[str, list[Change]] = {}
    for c in changes:
        mine.setdefault(c.page, []).append(c)
    rank = {p: i for i, p in enumerate(order)}
    out = []
    for p in sorted(mine, key=lambda p: (rank.get(p, len(rank)), p)):
        cs = mine[p]
        count = _tally(cs)
        items = "".join(
            ('<li class="change-correction">' if c.kind == "correction" else "<li>")
            + f"<strong>{long_date(c.date)}, {e(KINDS[c.kind].lower())}:</strong> "
            f"{e(c.what)} <em>Why:</em> {e(c.why)}</li>"
            for c in cs
        )
        out.append(
            f'<section class="change-page" data-search-exclude><h3 id="{anchor(p)}" '
            f"data-search-exclude>{link(p)}</h3><p>{count}, newest first.</p>"
            f"<ul>{items}</ul></section>"
        )
    return "".join(out)


def _pages(n: int) -> str:
    return "1 page" if n == 1 else f"{n} pages"


COLUMNS = (
    ("claims", "Claims"),
    ("supported", "Supported"),
    ("corrected", "Corrected"),
    ("recited", "Better source"),
    ("removed", "Removed"),
    ("unconfirmed", "Not confirmed"),
)


def checks_summary(checks: list[Check], link: Callable[[str], str]) -> str:
    """The totals in words, then one row per page (its checks added together) and a row of
    totals. Each claim has one outcome (load() refuses a record whose outcomes do not add up
    to its claims), so each row's outcomes add up to its claims, and the columns to the
    totals."""
    if not checks:
        return "<p>No checks have been recorded yet.</p>"
    keys = [k for k, _ in COLUMNS]
    total = {k: sum(getattr(c, k) for c in checks) for k in keys}
    by_page: dict[str, list[Check]] = {}
    for c in checks:
        by_page.setdefault(c.page, []).append(c)
    first, last = min(c.checked for c in checks), max(c.checked for c in checks)
    when = (
        f"On {long_date(first)}"
        if first == last
        else f"Between {long_date(first)} and {long_date(last)}"
    )
    # Totals carry a thousands separator: easier to read, and a bare "1737" would also read as
    # New Zealand's crisis number to the check that every crisis number is a tel: link.
    head = (
        f"<p>{when}, editors checked <strong>{total['claims']:,}</strong> claims on "
        f"{_pages(len(by_page))} against their primary sources. Each claim had one outcome: "
        f"{total['supported']:,} were supported, {total['corrected']:,} were corrected, "
        f"{total['recited']:,} now cite a better source, {total['removed']:,} were removed "
        f"because we could not verify them, and {total['unconfirmed']:,} could not be "
        f"confirmed on the source's own page, because we could read the source only in a "
        f'copy (see <a href="#read-in-a-copy">what "read in a copy" means</a>) or not at all. '
        f"Those stay on the page and are not counted as supported.</p>"
    )
    dated = first != last
    cols = [("checks", "Checks"), *COLUMNS]
    rows = []
    for page in sorted(by_page):
        cs = by_page[page]
        cells = [str(len(cs))] + [str(sum(getattr(c, k) for c in cs)) for k in keys]
        if dated:
            cells.insert(0, long_date(max(c.checked for c in cs)))
        rows.append(
            f'<tr><th scope="row">{link(page)}</th>'
            + "".join(f"<td>{v}</td>" for v in cells)
            + "</tr>"
        )
    foot = [f"{len(checks):,}"] + [f"{total[k]:,}" for k in keys]
    if dated:
        foot.insert(0, "")
        cols.insert(0, ("checked", "Last checked"))
    th = "".join(f'<th scope="col">{label}</th>' for _, label in cols)
    table = (
        '<div class="table-wrap" role="region" aria-label="Checks by page" tabindex="0">'
        "<table><caption>Checks by page: each page's checks added together</caption>"
        f'<thead><tr><th scope="col">Page</th>{th}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>"
        '<tfoot><tr><th scope="row">All pages</th>'
        + "".join(f"<td>{v}</td>" for v in foot)
        + "</tr></tfoot></table></div>"
    )
    return head + table


def atom(
    changes: list[Change],
    site_url: str,
    title_of: Callable[[str], str],
    url_of: Callable[[str], str],
    updated: dt.date,
) -> str:
    e = html.escape
    base = site_url.rstrip("/") + "/"
    entries = []
    for i, c in enumerate(changes):
        url = base + url_of(c.page)
        entries.append(
            f"<entry><title>{e(KINDS[c.kind])}: {e(title_of(c.page))}</title>"
            f'<link href="{e(url)}"/><id>{e(url)}#change-{c.date.isoformat()}-{i}</id>'
            f"<updated>{c.date.isoformat()}T00:00:00Z</updated>"
            f"<summary>{e(c.what)} Why: {e(c.why)}</summary></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Ketamine therapy guide: what changed</title>"
        f'<link href="{e(base)}about/changes/"/><link rel="self" href="{e(base)}changes.xml"/>'
        f"<id>{e(base)}changes.xml</id><updated>{updated.isoformat()}T00:00:00Z</updated>"
        f"{''.join(entries)}</feed>\n"
    )
