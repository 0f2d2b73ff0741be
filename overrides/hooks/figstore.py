"""The figure store: every number from a study or a label, with the sentence it rests on.

Plain logic, no MkDocs: the hook `provenance.py` and the comparison (`decision_aid.py`)
call it, and tests call it directly. The data contract is in the header of
`data/figures/README.md`; in short:

- `data/figures/<RegistryKey>.yml`, one file per source, named by its key in
  `data/references.yml`, with `figures: {id: {text, measure, quote, locator, checked, ...}}`.
- `<!-- figure: ID -->` in a page shows the figure's `text` with a link to the page's
  "How we know these figures" list.
- A percentage, "N in 100" or "N of M" typed by hand into a reader page is an error,
  except on the pages still listed in `data/hand-typed-figures-pending.yml`.

Every problem is returned as an `Issue` (where, message, fix); the hook reports them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from common import Loader, key_lines

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MAX_QUOTE = 400
MAX_SENTENCES = 2
FORMAT_HELP = "see data/figures/README.md for the format of a figure"
# A sentence ends with . ! or ? followed by a space and a capital letter or an opening quote.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"(])")

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


@dataclass
class Issue:
    where: str
    message: str
    fix: str


class Figure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="exactly what the reader sees at the marker")
    measure: str = Field(min_length=5, description="what was measured, in whom, when")
    numerator: int | None = Field(default=None, ge=0)
    denominator: int | None = Field(default=None, ge=1)
    percent: float | None = Field(default=None, ge=0, le=100)
    quote: str = Field(min_length=10)
    locator: str = Field(min_length=3)
    checked: dt.date
    seen_at: str | None = Field(default=None, pattern=r"^https://\S+$")
    derived: str | None = None
    editor_note: str | None = Field(default=None, description="for editors; never rendered")


class StudyPlain(BaseModel):
    """The same facts in plain words for readers (the comparison shows these)."""

    model_config = ConfigDict(extra="forbid")

    who: str | None = Field(default=None, min_length=10)
    design: str | None = Field(default=None, min_length=10)
    funder: str | None = Field(default=None, min_length=3)


class Study(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Ids of figures in this file that give the primary outcome's result (evidence table).
    results: list[str] | None = None
    name: str | None = None
    design: str | None = None
    size: int | None = Field(default=None, ge=1)
    funder: str | None = None
    registry_id: str | None = None
    editor_note: str | None = None
    # Fields for the clinicians' evidence table (issue #16); all optional here.
    kind: Literal["trial", "meta-analysis"] | None = None
    trials: int | None = Field(default=None, ge=1)
    who: str | None = None
    intervention: str | None = None
    comparator: str | None = None
    duration: str | None = None
    primary_outcome: str | None = None
    condition: (
        Literal[
            "treatment-resistant depression",
            "depression",
            "suicidal thoughts",
            "PTSD",
            "anxiety",
            "chronic pain",
            "alcohol/substance use",
            "other",
        ]
        | None
    ) = None
    search_date: str | None = None
    checked: dt.date | None = None
    seen_at: str | None = Field(default=None, pattern=r"^https?://\S+$")
    unconfirmed: list[str] | None = None
    plain: StudyPlain | None = None  # who, design and funder in readers' words (the comparison)


@dataclass
class Stored:
    id: str
    key: str  # the source's key in data/references.yml
    file: str  # data/figures/<key>.yml
    line: int
    figure: Figure


@dataclass
class Store:
    figures: dict[str, Stored] = field(default_factory=dict)
    studies: dict[str, Study] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)  # ids stored with a problem


# ---------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------


def numbers_in(text: str) -> list[str]:
    """The numbers in a text, normalised: '1,522' -> '1522', '0.50' stays '0.50'."""
    return [
        n.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", n) else n
        for n in NUMBER.findall(text)
    ]


def sentences(text: str) -> int:
    return len([s for s in SENTENCE_END.split(text.strip()) if s.strip()])


def check_figure(fig: Figure, fid: str) -> list[tuple[str, str, str]]:
    """(field, message, fix) for each rule a valid-schema figure breaks."""
    out = []
    quoted = set(numbers_in(fig.quote))
    missing = [n for n in numbers_in(fig.text) if n not in quoted]
    if missing and not fig.derived:
        out.append(
            (
                "text",
                f"figure '{fid}': the number(s) {', '.join(missing)} in text are not in the quote",
                "quote the source's sentence that contains the number exactly; or, if the "
                "number is our own arithmetic, add derived: with the sum, e.g. "
                '"55.4% of 195 is 108; rounded to 55 in 100"',
            )
        )
    if missing and fig.derived and not re.search(r"\d", fig.derived):
        out.append(
            (
                "derived",
                f"figure '{fid}': derived does not show the arithmetic",
                'write the sum with its numbers, e.g. "55.4% of 195 is 108"',
            )
        )
    if len(fig.quote) > MAX_QUOTE:
        out.append(
            (
                "quote",
                f"figure '{fid}': the quote is {len(fig.quote)} characters long "
                f"(at most {MAX_QUOTE})",
                "quote only the sentence or table cell the figure rests on",
            )
        )
    n = sentences(fig.quote)
    if n > MAX_SENTENCES:
        out.append(
            (
                "quote",
                f"figure '{fid}': the quote has {n} sentences (at most {MAX_SENTENCES})",
                "quote only the sentence or two the figure rests on",
            )
        )
    if (
        fig.numerator is not None
        and fig.denominator is not None
        and fig.numerator > fig.denominator
    ):
        out.append(
            (
                "numerator",
                f"figure '{fid}': the numerator ({fig.numerator}) is larger "
                f"than the denominator ({fig.denominator})",
                "check both against the source",
            )
        )
    if fig.numerator is not None and fig.denominator and fig.percent is not None:
        exact = 100 * fig.numerator / fig.denominator
        tolerance = 0.051 if fig.percent != int(fig.percent) else 1.0
        if abs(exact - fig.percent) > tolerance:
            out.append(
                (
                    "percent",
                    f"figure '{fid}': {fig.numerator} of {fig.denominator} is "
                    f"{exact:.1f}%, not {fig.percent:g}%",
                    "check the numerator, denominator and percent against the source",
                )
            )
    # The text the reader sees agrees with the numbers stored beside it.
    for pct in re.findall(r"(\d+(?:\.\d+)?)\s?%", fig.text):
        if fig.percent is not None and float(pct) != fig.percent:
            out.append(
                (
                    "text",
                    f"figure '{fid}': the text says {pct}% but percent is {fig.percent:g}",
                    "make text and percent agree, as the source gives it",
                )
            )
    for num, den in re.findall(r"\b(\d+) (?:of|out of) (\d+)\b", fig.text):
        if (fig.numerator, fig.denominator) not in ((None, None), (int(num), int(den))):
            out.append(
                (
                    "text",
                    f"figure '{fid}': the text says {num} of {den} but numerator and "
                    f"denominator are {fig.numerator} and {fig.denominator}",
                    "make text, numerator and denominator agree",
                )
            )
    return out


_cache: dict = {}


def cached_store(root: Path, registry_keys: set[str]) -> Store:
    """load_store(), read again only when a file changed (two hooks use the store)."""
    folder = root / "data" / "figures"
    files = sorted(folder.glob("*.y*ml")) if folder.is_dir() else []
    signature = (
        str(root),
        frozenset(registry_keys),
        tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files),
    )
    if _cache.get("signature") != signature:
        _cache["signature"], _cache["store"] = signature, load_store(root, registry_keys)
    return _cache["store"]


def load_store(root: Path, registry_keys: set[str]) -> Store:
    """Read data/figures/*.yml under `root`; return the figures and every problem found."""
    store = Store()
    folder = root / "data" / "figures"
    seen: dict[tuple, str] = {}
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        key = path.stem
        text = path.read_text(encoding="utf-8")
        if key not in registry_keys:
            near = [k for k in registry_keys if k.lower() == key.lower()]
            hint = f"did you mean '{near[0]}.yml'? " if near else ""
            store.issues.append(
                Issue(
                    f"{rel}:1",
                    f"'{key}' is not a key in data/references.yml",
                    f"{hint}name the file after the source's registry key, e.g. "
                    "data/figures/Anand2023.yml, or add the source to data/references.yml",
                )
            )
            continue
        try:
            raw = yaml.load(text, Loader=Loader)  # the C parser where installed
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            store.issues.append(
                Issue(
                    f"{rel}:{mark.line + 1 if mark else 1}",
                    f"this YAML file does not parse ({getattr(exc, 'problem', exc)})",
                    "check the indentation and quote any text that contains a colon",
                )
            )
            continue
        if raw is None:
            continue
        lines = key_lines(text)
        if not isinstance(raw, dict) or set(raw) - {"study", "figures", "editor_note"}:
            extra = (
                sorted(set(raw) - {"study", "figures", "editor_note"})
                if isinstance(raw, dict)
                else []
            )
            store.issues.append(
                Issue(
                    f"{rel}:{lines.get((extra[0],), 1) if extra else 1}",
                    "the file must be a mapping with study: (optional) and figures:"
                    + (f"; '{extra[0]}' is not allowed (a typo?)" if extra else ""),
                    FORMAT_HELP,
                )
            )
            continue
        if raw.get("study") is not None:
            try:
                store.studies[key] = Study.model_validate(raw["study"])
            except ValidationError as exc:
                for err in exc.errors():
                    loc = ".".join(str(p) for p in err["loc"])
                    store.issues.append(
                        Issue(
                            f"{rel}:{lines.get(('study', str(err['loc'][0])), lines.get(('study',), 1))}",
                            f"study: field '{loc}' {_msg(err)}",
                            FORMAT_HELP,
                        )
                    )
        figures = raw.get("figures") or {}
        if not isinstance(figures, dict):
            store.issues.append(
                Issue(
                    f"{rel}:{lines.get(('figures',), 1)}",
                    "figures: must be a mapping of id to figure",
                    FORMAT_HELP,
                )
            )
            continue
        for fid, entry in figures.items():
            fid = str(fid)
            line = lines.get(("figures", fid), 1)
            where = f"{rel}:{line}"
            if not ID.match(fid):
                store.issues.append(
                    Issue(
                        where,
                        f"figure id '{fid}' is not lowercase a-z, 0-9 and hyphens",
                        "rename it, e.g. elektd-response-ketamine",
                    )
                )
                continue
            if fid in store.figures:
                other = store.figures[fid]
                store.issues.append(
                    Issue(
                        where,
                        f"figure id '{fid}' is already used in {other.file}:{other.line}",
                        "ids are unique across all files: choose another id, "
                        "or use the existing figure",
                    )
                )
                continue
            try:
                fig = Figure.model_validate(entry if isinstance(entry, dict) else {})
            except ValidationError as exc:
                store.invalid.add(fid)
                for err in exc.errors():
                    name = str(err["loc"][0]) if err["loc"] else ""
                    store.issues.append(
                        Issue(
                            f"{rel}:{lines.get(('figures', fid, name), line)}",
                            f"figure '{fid}': field '{name}' {_msg(err)}",
                            "every figure needs text, measure, quote (the source's words, exactly), "
                            "locator (e.g. Abstract, Results; Table 2; label section 6.1) and "
                            "checked (YYYY-MM-DD); " + FORMAT_HELP,
                        )
                    )
                continue
            bad = check_figure(fig, fid)
            for name, message, fix in bad:
                store.issues.append(
                    Issue(f"{rel}:{lines.get(('figures', fid, name), line)}", message, fix)
                )
            twin = (key, fig.measure.strip().lower(), fig.text.strip().lower())
            if twin in seen:
                store.issues.append(
                    Issue(
                        where,
                        f"figure '{fid}' stores the same figure as "
                        f"'{seen[twin]}' (same source, measure and text)",
                        f"delete one, and use <!-- figure: {seen[twin]} --> "
                        "wherever the other was used",
                    )
                )
                continue
            seen[twin] = fid
            if not bad:
                store.figures[fid] = Stored(fid, key, rel, line, fig)
            else:
                store.invalid.add(fid)
    return store


def _msg(err: ErrorDetails) -> str:
    if err["type"] == "missing":
        return "is missing"
    if err["type"] == "extra_forbidden":
        return "is not a field a figure allows (a typo?)"
    return err["msg"]


# ---------------------------------------------------------------------------
# Hand-typed figures in pages
# ---------------------------------------------------------------------------


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
    text = path.read_text(encoding="utf-8")
    issues: list[Issue] = []
    try:
        raw = yaml.load(text, Loader=Loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return {}, [
            Issue(
                f"{rel}:{mark.line + 1 if mark else 1}",
                "this YAML file does not parse",
                "check the indentation",
            )
        ]
    pages = raw.get("pages") if isinstance(raw, dict) else None
    out: dict[str, int] = {}
    for item in pages or []:
        m = re.search(rf"^\s*-\s*{re.escape(str(item))}\s*$", text, re.M)
        line = text.count("\n", 0, m.start()) + 1 if m else 1
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
