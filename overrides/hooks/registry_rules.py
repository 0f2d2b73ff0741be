"""Rules for the reference registry (data/references.yml): it records what was actually read.

Plain logic, no MkDocs; references.py calls `check()` and reports each Issue.

- Every entry has its own date. A guideline, regulator's statement or label has `issued`
  (YYYY, YYYY-MM or YYYY-MM-DD, or `unknown`); its `year` is the year it was issued, never
  the year it was read (with `issued: unknown`, leave `year` out). A label also has
  `revised` (the revision date of the text we used) and `version` (or `unknown`).
- A web page (an entry with only a url) has `accessed: YYYY-MM-DD`.
- No placeholder names ("Labeller of X (name not recorded ...)", "unknown author").
- A regulator's or guideline body's statement, and a label, links to the body's own host,
  from the allow-list in data/primary-hosts.yml. A copy read elsewhere goes in `seen_at`.
- No `url` points to a site that serves copies of other people's sources (`copies:` in
  data/primary-hosts.yml): `url` is the source's own page; a copy goes in `seen_at`.

Also `cited_keys()`: the registry keys a page cites in any way (typed [@Key], a figure from
the store, or the comparison's data), for "Cited on" in All sources.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import markers
from common import Issue, read_yaml

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLACEHOLDER = re.compile(
    r"not recorded|name unknown|unknown (author|labell?er)|placeholder|\bTBD\b|"
    r"\?\?|labell?er of|not displayed|not shown",
    re.I,
)
PRIMARY_TYPES = ("guideline", "regulator", "label")
HOSTS_FILE = "data/primary-hosts.yml"


def load_hosts(root: Path) -> tuple[set[str], set[str], list[Issue]]:
    """From data/primary-hosts.yml, read once: the primary hosts (`bodies:`), the hosts that
    serve copies of others' sources (`copies:`), and any problem reading the file."""
    path = root / HOSTS_FILE
    if not path.exists():
        return set(), set(), []
    raw, found = read_yaml(path, HOSTS_FILE)
    issues = [Issue.of(p) for p in found]
    data = raw if isinstance(raw, dict) else {}
    hosts: set[str] = set()
    for _body, items in (data.get("bodies") or {}).items():
        hosts.update(str(h).lower() for h in (items or []))
    copies = {str(h).lower() for h in (data.get("copies") or [])}
    return hosts, copies, issues


def on_hosts(url: str, hosts: set[str] | frozenset[str]) -> bool:
    """Whether the url's host is one of `hosts` or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


def _s(value: object) -> str:
    return "" if value is None else str(value)


def check(
    raw: dict,
    lines: dict[str, int],
    hosts: set[str],
    copies: frozenset[str] | set[str] = frozenset(),
) -> list[Issue]:
    """Every rule each entry of the registry breaks, with the line of the entry."""
    out: list[Issue] = []
    for key, entry in raw.items():
        if not isinstance(entry, dict):
            continue
        where = f"data/references.yml:{lines.get(str(key), 1)}"
        kind = entry.get("type")
        issued, year = _s(entry.get("issued")), entry.get("year")
        for field in ("authors", "title", "container"):
            if PLACEHOLDER.search(_s(entry.get(field))):
                out.append(
                    Issue(
                        where,
                        f"reference '{key}': {field} is a placeholder "
                        f"('{entry.get(field)}'), not a name",
                        "write the name as the source gives it (for a label, the "
                        "labeller shown on it); if no name is shown, the organisation "
                        "that published it, or leave the field out (readers see nothing in "
                        "its place) and say what was not shown in note:",
                    )
                )
        if issued and issued != "unknown" and not DATE.match(issued):
            out.append(
                Issue(
                    where,
                    f"reference '{key}': issued '{issued}' is not YYYY, YYYY-MM, "
                    "YYYY-MM-DD or unknown",
                    "write the date the source was issued",
                )
            )
        if kind in PRIMARY_TYPES:
            if not issued:
                out.append(
                    Issue(
                        where,
                        f"reference '{key}' ({kind}) has no issue date",
                        "add issued: YYYY-MM-DD (or YYYY-MM, YYYY) as the source shows it, "
                        "or issued: unknown and say so; never the year you read it",
                    )
                )
            elif issued == "unknown" and year is not None:
                out.append(
                    Issue(
                        where,
                        f"reference '{key}': issued is unknown but year is {year}",
                        "delete year: (it would be the year it was read); the page then "
                        "says the date of issue is unknown",
                    )
                )
            elif (
                issued != "unknown"
                and DATE.match(issued)
                and year is not None
                and int(issued[:4]) != int(year)
            ):
                out.append(
                    Issue(
                        where,
                        f"reference '{key}': year {year} is not the year it was "
                        f"issued ({issued[:4]})",
                        f"set year: {issued[:4]}; the year of reading goes in accessed:",
                    )
                )
        elif year is None and issued != "unknown":
            out.append(
                Issue(
                    where,
                    f"reference '{key}' has no year",
                    "add year: (the year of publication), or issued: unknown",
                )
            )
        if kind == "label":
            for field, what in (
                (
                    "revised",
                    "the revision date of the label text used (YYYY-MM or YYYY-MM-DD), or unknown",
                ),
                ("version", "the label's version as shown, or unknown"),
            ):
                if not _s(entry.get(field)):
                    out.append(
                        Issue(
                            where,
                            f"reference '{key}' (label) has no {field}",
                            f"add {field}: {what}",
                        )
                    )
        url = _s(entry.get("url"))
        if url and copies and on_hosts(url, copies):
            out.append(
                Issue(
                    where,
                    f"reference '{key}' links to {urlsplit(url).hostname}, a site that shows "
                    "copies of other people's sources, not the source's own page",
                    "move the address to seen_at: (the copy you read); set url: to the source's "
                    "own page, or doi:/pmid:, only if you saw them there; the page says "
                    f"'read in a copy' (copy hosts: 'copies:' in {HOSTS_FILE})",
                )
            )
        if (url or entry.get("seen_at")) and not entry.get("doi") and not entry.get("pmid"):
            accessed = _s(entry.get("accessed"))
            if not DAY.match(accessed):
                out.append(
                    Issue(
                        where,
                        f"reference '{key}' is a web page without an accessed date",
                        "add accessed: YYYY-MM-DD, the day an editor read the page",
                    )
                )
        if kind in PRIMARY_TYPES and url and hosts and not on_hosts(url, hosts):
            out.append(
                Issue(
                    where,
                    f"reference '{key}' ({kind}) links to "
                    f"{urlsplit(url).hostname}, not to the issuing body's own site",
                    f"link to the body's own page (hosts in {HOSTS_FILE}); record a copy "
                    "you read elsewhere as seen_at:, or, if the body's page was not seen, "
                    "file the entry as what it is (type: other, the site's owner as author)",
                )
            )
    return out


# ---------------------------------------------------------------------------
# Cited on: every way a page cites a source
# ---------------------------------------------------------------------------

# The comparison's markers that show its cells and trials (and so cite their sources).
COMPARISON = {
    "option-grid",
    "option-numbers",
    "option-unknowns",
    "option-summary",
    "option-pictures",
    "print-pages",
}


def comparison_keys(options: dict) -> set[str]:
    keys: set[str] = set()
    for trial in (options.get("trials") or {}).values():
        keys.update((trial or {}).get("cite") or [])
    for option in options.get("options") or []:
        for cell in ((option or {}).get("rows") or {}).values():
            keys.update((cell or {}).get("cite") or [])
    for cell in options.get("unknowns") or []:
        keys.update((cell or {}).get("cite") or [])
    return {str(k) for k in keys}


def cited_keys(markdown: str, figure_keys: dict[str, str], options_keys: set[str]) -> set[str]:
    """Keys cited by a page through figure markers or the comparison's markers."""
    shown = markers.found(markdown)
    keys = {figure_keys[name] for kind, name in shown if kind == "figure" and name in figure_keys}
    if any(kind == "generated" and name in COMPARISON for kind, name in shown):
        keys |= options_keys
    return keys
