"""The clinicians' evidence table: the rules for `study:` blocks and the table's rows.

Plain logic, no MkDocs (the hook is `trials_table.py`; tests call this module directly).

- Every trial, meta-analysis and study in healthy volunteers the guide cites (`type: trial`,
  `meta-analysis` or `volunteer` in data/references.yml, cited on a page) has a `study:` block in
  its figure-store file, data/figures/<Key>.yml, unless it is listed in
  data/study-blocks-pending.yml.
- A study block of a trial or meta-analysis needs `design`, `size` (a meta-analysis may
  give `trials` instead) and `funder` (or `unconfirmed: [funder]` when the paper was read
  and no funding statement was found). A `registry_id` must look like an identifier of a
  recognised register (REGISTERS below); several are separated by "; ".
- `results:` names the figures (ids in the same file) that give the primary outcome's
  result; the table shows them with their quote and locator.
- `later_results:` names figures in another source's file (a later analysis of the trial, where
  the trial's own report gives only scores); the table shows them under the trial, citing that
  analysis.

Every problem is a `common.Issue` (file:line, what is wrong, how to fix it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from common import Issue, LineList, read_yaml, yaml_lines
from figstore_schema import Store, Study

PENDING = "data/study-blocks-pending.yml"
# trial: a randomised (or not) trial in patients; volunteer: a study in healthy volunteers
# (drug levels, thinking, driving), not a test of treatment; the table says which.
KINDS = ("trial", "meta-analysis", "volunteer")
RANDOMISED = re.compile(r"\brandomi[sz]ed\b", re.I)
NOT_RANDOMISED = re.compile(r"\b(?:non-?|not )randomi[sz]ed\b", re.I)


class Register(NamedTuple):
    name: str
    pattern: str  # the whole identifier, e.g. NCT\d{8}
    link: str  # address of the record, {id} = the identifier ("" = no stable address)
    kinds: tuple[str, ...] = ("trial", "volunteer")


REGISTERS = (
    Register("ClinicalTrials.gov", r"NCT\d{8}", "https://clinicaltrials.gov/study/{id}"),
    Register("ISRCTN", r"ISRCTN\d{8}", "https://www.isrctn.com/{id}"),
    # ANZCTR, the EU Clinical Trials Register and PROSPERO: no link (checked 2026-12-04 with the
    # search tool, corpora pages and docs). ANZCTR's stored record pages are
    # /Trial/Registration/TrialReview.aspx?id=<record number>, a number of ANZCTR's own that cannot
    # be derived from the ACTRN; a "?ACTRN=" address was not found. EU CTR record pages are
    # /ctr-search/trial/<EudraCT number>/<country code or "results">, which needs a country or
    # posted results; a "search?query=" address was not found. No PROSPERO display_record
    # address was found. The identifier is shown as text.
    Register("ANZCTR", r"ACTRN\d{14}", ""),
    Register("EU Clinical Trials Register", r"EudraCT \d{4}-\d{6}-\d{2}", ""),
    Register("Chinese Clinical Trial Registry", r"ChiCTR(?:\d{10}|-[A-Z]{2,5}-\d{8})", ""),
    Register("Iranian Registry of Clinical Trials", r"IRCT\d{10,14}N\d{1,3}", ""),
    Register("Clinical Trials Registry - India", r"CTRI/\d{4}/\d{2,3}/\d{6}", ""),
    Register("German Clinical Trials Register", r"DRKS\d{8}", ""),
    Register("Netherlands Trial Register", r"(?:NTR\d{1,5}|NL\d{1,5}|NL-OMON\d{1,6})", ""),
    Register("Japan Registry of Clinical Trials", r"jRCT(?:\d{10}|s\d{9})", ""),
    Register("UMIN Clinical Trials Registry", r"UMIN\d{9}", ""),
    Register("PROSPERO", r"(?:PROSPERO )?CRD\d{8,14}", "", ("meta-analysis",)),
)
FORMATS = (
    "NCT12345678, ISRCTN12345678, ACTRN12345678901234, EudraCT 2016-001234-12, "
    "ChiCTR2000012345, IRCT20150531022498N1, CTRI/2019/05/019123, DRKS00012345, NTR1234 "
    "or NL1234, jRCT2031210001, UMIN000012345; for a meta-analysis PROSPERO CRD42020123456"
)


def match_register(rid: str) -> Register | None:
    for register in REGISTERS:
        if re.fullmatch(register.pattern, rid):
            return register
    return None


def registry_ids(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def registry_link(rid: str) -> str:
    """The address of the register's record, or "" when the register has none we trust."""
    register = match_register(rid)
    if register is None or not register.link:
        return ""
    return register.link.format(id=rid)


# ---------------------------------------------------------------------------
# The sources the table covers
# ---------------------------------------------------------------------------


@dataclass
class Source:
    key: str
    kind: str  # trial | meta-analysis | volunteer (data/references.yml type)
    title: str
    authors: str
    year: int | None
    study: Study | None
    file: str  # data/figures/<key>.yml
    lines: dict[tuple, int] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)  # src_uri of the pages that cite it

    @property
    def label(self) -> str:
        first = self.authors.split(",")[0].split(" (")[0].strip()
        surname = first.split(" ")[0] if first else self.key
        name = self.study.name if self.study and self.study.name else ""
        year = f" {self.year}" if self.year else ""
        plain = f"{surname}{year}"
        return f"{name} ({plain})" if name and surname not in name else (name or plain)

    @property
    def randomised(self) -> bool:
        if self.kind == "meta-analysis":
            return True
        design = self.study.design if self.study and self.study.design else ""
        return bool(RANDOMISED.search(design)) and not NOT_RANDOMISED.search(design)

    def line(self, *path: str) -> int:
        return self.lines.get(("study", *path), self.lines.get(("study",), 1))


def sources(
    root: Path, references: dict, store: Store, cited_on: dict[str, list[str]]
) -> list[Source]:
    """Every trial and meta-analysis in the registry that a page cites, with its study block."""
    out = []
    for key, ref in references.items():
        if not isinstance(ref, dict) or ref.get("type") not in KINDS or not cited_on.get(key):
            continue
        rel = f"data/figures/{key}.yml"
        path = root / rel
        lines = yaml_lines(path, rel)
        year = ref.get("year")
        out.append(
            Source(
                key=str(key),
                kind=str(ref["type"]),
                title=str(ref.get("title", "")),
                authors=str(ref.get("authors") or ""),
                year=year if isinstance(year, int) else None,
                study=store.studies.get(str(key)),
                file=rel,
                lines=lines,
                pages=list(cited_on[key]),
            )
        )
    return out


def load_pending(root: Path) -> tuple[dict[str, int], list[Issue]]:
    """Keys whose study block is still missing or incomplete, with the line of each."""
    path = root / PENDING
    if not path.exists():
        return {}, []
    raw, found = read_yaml(path, PENDING)
    issues = [Issue.of(p) for p in found]
    sources = raw.get("sources") if isinstance(raw, dict) else None
    out: dict[str, int] = {}
    for i, item in enumerate(sources or []):
        out[str(item)] = sources.lines[i] if isinstance(sources, LineList) else 1
    return out, issues


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

STUDY_HELP = (
    "see data/figures/README.md, 'study:' (design says randomised or not, who was blinded "
    "and who rated; size is the number of people; funder as the paper states it)"
)


def check_study(
    key: str, kind: str, study: Study, file: str, lines: dict[tuple, int]
) -> list[Issue]:
    """Problems in one study block of a trial or meta-analysis."""

    def at(*path: str) -> str:
        return f"{file}:{lines.get(('study', *path), lines.get(('study',), 1))}"

    out = []
    unconfirmed = set(study.unconfirmed or [])
    if not (study.design or "").strip():
        out.append(
            Issue(
                at(),
                f"study '{key}' has no design",
                'add design: e.g. "Randomised, '
                'double-blind, placebo-controlled; outcome rated by blinded clinicians"; '
                + STUDY_HELP,
            )
        )
    if study.size is None and not (kind == "meta-analysis" and study.trials):
        what = "size (people) or trials (number of trials)" if kind == "meta-analysis" else "size"
        out.append(
            Issue(
                at(),
                f"study '{key}' has no {what}",
                "add size: with the number of people randomised (a meta-analysis: people "
                "included, or trials: the number of trials); " + STUDY_HELP,
            )
        )
    if not (study.funder or "").strip() and "funder" not in unconfirmed:
        out.append(
            Issue(
                at(),
                f"study '{key}' has no funder",
                "add funder: as the paper's funding statement gives it, or, if you read "
                "the paper and found none, add funder to unconfirmed: [...]",
            )
        )
    for rid in registry_ids(study.registry_id):
        register = match_register(rid)
        if register is None:
            out.append(
                Issue(
                    at("registry_id"),
                    f"study '{key}': '{rid}' is not a trial registry identifier we recognise",
                    f"copy it exactly from the paper or the register, in one of these "
                    f"forms: {FORMATS}; separate several with '; '",
                )
            )
        elif kind not in register.kinds:
            out.append(
                Issue(
                    at("registry_id"),
                    f"study '{key}' is a {kind}, but '{rid}' is a {register.name} identifier",
                    "trials and studies in volunteers use a trial register (NCT..., ISRCTN..., "
                    "ACTRN...); "
                    "meta-analyses use PROSPERO (CRD...)",
                )
            )
    if study.kind and study.kind != kind:
        out.append(
            Issue(
                at("kind"),
                f"study '{key}': kind is {study.kind} but data/references.yml says type: {kind}",
                "make the two agree (check which the source is)",
            )
        )
    return out


def check(
    root: Path, found: list[Source], store: Store, pending: dict[str, int], references: dict
) -> list[Issue]:
    """Problems with the study blocks of the cited trials and meta-analyses, and the
    pending list. Study blocks of sources nobody cites get the same checks."""
    out: list[Issue] = []
    cited = {s.key for s in found}
    for s in found:
        if s.key in pending:
            if s.study is not None and not check_study(s.key, s.kind, s.study, s.file, s.lines):
                out.append(
                    Issue(
                        f"{PENDING}:{pending[s.key]}",
                        f"{s.key} now has a complete study block",
                        f"delete its line from {PENDING}",
                    )
                )
            continue
        if s.study is None:
            ref_line = getattr(references, "lines", {}).get(s.key, 1)
            out.append(
                Issue(
                    f"{s.file}:1" if s.lines else f"data/references.yml:{ref_line}",
                    f"{s.kind} '{s.key}' is cited on {s.pages[0]} but has no study: block",
                    f"add study: to {s.file} (design, size, funder, and registry_id if "
                    f"the paper gives one); {STUDY_HELP}",
                )
            )
            continue
        out.extend(check_study(s.key, s.kind, s.study, s.file, s.lines))
        fig_ids = {fid for fid, f in store.figures.items() if f.key == s.key}
        for fid in s.study.results or []:
            if fid not in fig_ids:
                out.append(
                    Issue(
                        f"{s.file}:{s.line('results')}",
                        f"study '{s.key}': results "
                        f"names '{fid}', which is not a figure in this file",
                        "list ids from this file's figures:, e.g. results: ["
                        + ", ".join(sorted(fig_ids)[:2])
                        + "]",
                    )
                )
        for fid in s.study.later_results or []:
            later = store.figures.get(fid)
            if later is None or later.key == s.key:
                out.append(
                    Issue(
                        f"{s.file}:{s.line('later_results')}",
                        f"study '{s.key}': later_results names '{fid}', which is not a "
                        "figure of another source"
                        + (" (it is in this file: list it under results:)" if later else ""),
                        "list ids of figures stored under the later analysis's own key "
                        "(data/figures/<ThatKey>.yml)",
                    )
                )
    for key, line in pending.items():
        if key not in cited:
            out.append(
                Issue(
                    f"{PENDING}:{line}",
                    f"'{key}' is not a trial or meta-analysis that a page cites",
                    f"delete its line from {PENDING}",
                )
            )
    for key, study in store.studies.items():
        ref = references.get(key)
        if (
            key in cited
            or key in pending
            or not isinstance(ref, dict)
            or ref.get("type") not in KINDS
        ):
            continue
        rel = f"data/figures/{key}.yml"
        lines = yaml_lines(root / rel, rel)
        out.extend(check_study(key, str(ref["type"]), study, rel, lines))
    return out


# ---------------------------------------------------------------------------
# Grouping: condition, then intervention
# ---------------------------------------------------------------------------

# study.condition -> the condition page whose group it joins
CONDITION_PAGES = {
    "treatment-resistant depression": "conditions/treatment-resistant-depression.md",
    "depression": "conditions/treatment-resistant-depression.md",
    "suicidal thoughts": "conditions/suicidal-thoughts.md",
    "PTSD": "conditions/ptsd.md",
    "anxiety": "conditions/anxiety.md",
    "chronic pain": "conditions/chronic-pain.md",
    "alcohol/substance use": "conditions/under-study.md",
}
OTHER = "other"  # group of sources no condition page claims (safety, how it works)
FORMS = (  # (words in intervention, sub-group heading); first match wins
    (("esketamine",), "Esketamine nasal spray"),
    (("intravenous", "infusion", " iv "), "Ketamine into a vein (intravenous)"),
    (
        ("intramuscular", "subcutaneous", "injection"),
        "Ketamine injected into muscle or under the skin",
    ),
    (("oral", "sublingual", "lozenge", "tablet"), "Ketamine by mouth"),
)
MIXED = "Several forms of ketamine or esketamine"


def group_of(s: Source, condition_pages: Iterable[str]) -> str:
    """The condition page whose group the source joins, or OTHER."""
    if s.study and s.study.condition in CONDITION_PAGES:
        return CONDITION_PAGES[s.study.condition]
    for page in condition_pages:
        if page in s.pages:
            return page
    return OTHER


def form_of(s: Source) -> str:
    """The intervention sub-group: one form of treatment, or MIXED."""
    text = f" {(s.study.intervention if s.study else '') or s.title} ".lower()
    hits = [heading for words, heading in FORMS if any(w in text for w in words)]
    both_drugs = FORMS[0][1] in hits and "ketamine" in text.replace("esketamine", "")
    return hits[0] if len(hits) == 1 and not both_drugs else MIXED


def grouped(found: list[Source], condition_pages: list[str]) -> dict[str, dict[str, list[Source]]]:
    """{condition page or OTHER: {form heading: [sources, meta-analyses first, then by year]}}"""
    order = [h for _, h in FORMS] + [MIXED]
    out: dict[str, dict[str, list[Source]]] = {p: {} for p in [*condition_pages, OTHER]}
    for s in found:
        if not s.randomised:
            continue
        out[group_of(s, condition_pages)].setdefault(form_of(s), []).append(s)
    for forms in out.values():
        for rows in forms.values():
            rows.sort(key=lambda s: (s.kind != "meta-analysis", -(s.year or 0), s.key))
        ordered = dict(sorted(forms.items(), key=lambda kv: order.index(kv[0])))
        forms.clear()
        forms.update(ordered)
    return out
