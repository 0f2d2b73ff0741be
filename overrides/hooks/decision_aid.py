"""The treatment-options comparison (decision aid), from one data file: `data/options.yml`.

Every option, every row of the grid, each cell's sources, and each figure (numerator,
denominator, outcome definition, time point, trial, comparator) live in that file. This
hook checks it and renders it; nobody copies a figure by hand.

Markers, each on a line of its own in a page:

- `<!-- generated: option-grid -->`: the grid, an HTML table with a caption and header
  scopes (options are columns, questions are rows; phones show one card per option).
- `<!-- generated: option-numbers -->`: each trial's figures as natural frequencies
  ("about 55 in 100"), a 100-person icon array for each, and the trial's details.
- `<!-- generated: option-pictures -->`: only the icon arrays, trial by trial (the handout).
- `<!-- generated: option-summary -->`: the options at a glance: how soon each may help and
  its main figures (the handout's first page).
- `<!-- generated: print-pages -->`: the printed page's running header and footer (site
  name, date checked, address, page N of M) as CSS @page margin boxes.
- `<!-- generated: option-unknowns -->`: the "what we don't know" list.
- `<!-- generated: values-worksheet -->`: the "what matters most to you" worksheet
  (radio buttons and checkboxes with labels; no form, nothing stored or sent).
- `<!-- generated: option-review -->`: the page's review dates, in words.

The numbers of each figure (numerator, denominator, percent) and the sentence of the source
they rest on come from the figure store, `data/figures/<SourceKey>.yml`, under the figure's
id (see figstore.py); this file adds how the comparison shows them. A sentence on any page
quotes a figure with `<!-- figure: ID -->` (provenance.py). The retired marker
`<!-- option-figure: ID -->` fails the build.

The icon arrays are SVG files made at build time (MkDocs `File.generated`) under
`assets/images/decision-aid/`. Each names its group (the option), trial and time point inside
the picture, and again in `data-title`, the lightbox's caption.
Pages that use a marker get `assets/stylesheets/decision-aid.css`.

Checks (each fails the build through `common.problem`, naming the file, line, option and
row, and saying how to fix it): a cell with no source and no `no_good_evidence: true`
marker; an unknown source key; a percentage without a denominator or a time point (or a
percentage typed into a cell's text); an option missing a row; a denominator of zero or a
numerator larger than it; and the other schema errors pydantic finds.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

import figstore
import markers
from common import DATA, ROOT, key_lines, load_yaml, long_date, plain_errors, problem

SOURCE = DATA / "options.yml"
STORE_ROOT = ROOT  # where data/figures is (tests point it at a scratch copy)
STORE_FIELDS = ("numerator", "denominator", "percent", "counts", "note", "quote")
REL = "data/options.yml"
REGISTRY = DATA / "references.yml"
CSS = "assets/stylesheets/decision-aid.css"
ICON_DIR = "assets/images/decision-aid"
ID = r"^[a-z][a-z0-9-]*$"
ROW_ID = r"^[a-z][a-z0-9_]*$"
# A percentage typed into prose ("55%", "55.4 %", "55 per cent", "about 55 in 100").
PERCENT_IN_TEXT = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|per\s?cent\b)|\b\d+\s+(?:in|out of)\s+100\b", re.I
)
FORMAT_HELP = "see the comment at the top of data/options.yml for the format"


# ---------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Row(_Strict):
    id: str = Field(pattern=ROW_ID)
    label: str = Field(min_length=3)


class Trial(_Strict):
    name: str = Field(min_length=2)
    title: str = Field(min_length=5, description="heading in the numbers section")
    size: int = Field(ge=1, description="how many people took part")
    who: str = Field(min_length=10)
    design: str = Field(min_length=10)
    funder: str = Field(min_length=3)
    cite: list[str] = Field(min_length=1)


class Figure(_Strict):
    id: str = ""  # its id in the figure store (set by load)
    trial: str
    group: str = Field(
        min_length=3, description="who this figure counts, e.g. 'people who had ECT'"
    )
    short: str = Field(min_length=2, max_length=40, description="the group in a few words")
    numerator: int | None = None
    denominator: int | None = None
    percent: float | None = Field(default=None, ge=0, le=100)
    counts: Literal["reported", "derived"] = "reported"  # from the store: derived or not
    outcome: str = Field(min_length=5, description="the outcome definition")
    outcome_short: str = Field(min_length=3, description="verb phrase: 'responded'")
    time_point: str | None = None
    comparator: str = Field(min_length=3)
    icon_array: bool = False
    note: str | None = None


class Cell(_Strict):
    text: str = Field(min_length=3)
    cite: list[str] = []
    figures: list[str] = []
    no_good_evidence: bool = False


class Option(_Strict):
    id: str = Field(pattern=ID)
    name: str = Field(min_length=3)
    short: str = Field(min_length=2, max_length=24)
    page: str | None = None
    rows: dict[str, Any]


class WorksheetItem(_Strict):
    id: str = Field(pattern=ID)
    question: str = Field(min_length=5)
    rows: list[str] = Field(min_length=1)


@dataclass
class Loaded:
    rows: list[Row] = field(default_factory=list)
    trials: dict[str, Trial] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    options: list[tuple[Option, dict[str, Cell]]] = field(default_factory=list)
    unknowns: list[Cell] = field(default_factory=list)
    worksheet: list[WorksheetItem] = field(default_factory=list)
    ok: bool = False


state = Loaded()


# ---------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------


class _Reporter:
    def __init__(self, lines: dict[tuple, int]):
        self.lines = lines
        self.count = 0

    def line(self, path: tuple) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def __call__(self, path: tuple, context: str, message: str, fix: str) -> None:
        self.count += 1
        where = f"{REL}:{self.line(path)}" + (f" ({context})" if context else "")
        problem(where, message, fix)


def _known_keys() -> set[str]:
    raw = load_yaml(REGISTRY) if REGISTRY.exists() else None
    return {str(k) for k in raw} if isinstance(raw, dict) else set()


def _fmt_pct(p: float) -> str:
    return f"{p:g}"


def load() -> Loaded:
    """Read and check data/options.yml; report every problem; keep what is usable."""
    out = Loaded()
    if not SOURCE.exists():
        problem(
            REL,
            "the decision-aid data file is missing",
            "restore data/options.yml from git, or remove the decision-aid markers from the pages",
        )
        return out
    text = SOURCE.read_text(encoding="utf-8")
    raw = load_yaml(SOURCE)
    if not isinstance(raw, dict):
        if raw is not None:
            problem(
                REL, "the file is not a mapping with rows, trials, figures and options", FORMAT_HELP
            )
        return out
    report = _Reporter(key_lines(text))
    keys = _known_keys()

    def check_keys(cites: list[str], path: tuple, context: str) -> None:
        for key in cites:
            if key not in keys:
                near = [k for k in keys if k.lower() == str(key).lower()]
                hint = f"did you mean '{near[0]}'? " if near else ""
                report(
                    path + ("cite",),
                    context,
                    f"unknown source key '{key}'",
                    f"{hint}use a key from data/references.yml, or add the source there "
                    "(with DOI, PMID or URL) after you have seen it",
                )

    def validate(model, value, path: tuple, context: str):
        try:
            return model.model_validate(value if value is not None else {})
        except ValidationError as exc:
            for loc, msg in plain_errors(exc):
                sub = path + tuple(int(p) if p.isdigit() else p for p in loc.split(".") if p)
                report(sub, context, f"'{loc}' {msg}" if loc else msg, FORMAT_HELP)
            return None

    # Rows: the questions every option must answer.
    for i, entry in enumerate(raw.get("rows") or []):
        row = validate(Row, entry, ("rows", i), f"row #{i + 1}")
        if row:
            out.rows.append(row)
    if not out.rows:
        report(("rows",), "", "the file lists no rows (questions)", FORMAT_HELP)
    row_ids = [r.id for r in out.rows]

    # Trials.
    for tid, entry in (raw.get("trials") or {}).items():
        ctx = f"trial '{tid}'"
        trial = validate(Trial, entry, ("trials", tid), ctx)
        if trial:
            check_keys(trial.cite, ("trials", tid), ctx)
            out.trials[str(tid)] = trial

    # Options and their cells (which figures each cell uses, to name them in errors).
    used_by: dict[str, list[tuple[str, str]]] = {}
    raw_options = raw.get("options") or []
    for i, entry in enumerate(raw_options):
        oid = entry.get("id", f"#{i + 1}") if isinstance(entry, dict) else f"#{i + 1}"
        option = validate(Option, entry, ("options", i), f"option '{oid}'")
        if not option:
            continue
        cells: dict[str, Cell] = {}
        for rid in row_ids:
            if rid not in option.rows:
                label = next(r.label for r in out.rows if r.id == rid)
                report(
                    ("options", i, "rows"),
                    f"option '{oid}'",
                    f"option '{oid}' is missing the row '{rid}' ({label})",
                    f"add '{rid}:' under this option's rows, with text and cite: [Key], "
                    "or no_good_evidence: true and a sentence saying what is not known",
                )
        for rid, value in option.rows.items():
            path = ("options", i, "rows", rid)
            ctx = f"option '{oid}', row '{rid}'"
            if rid not in row_ids:
                report(
                    path,
                    ctx,
                    f"unknown row '{rid}'",
                    f"use one of the row ids listed under rows: ({', '.join(row_ids)})",
                )
                continue
            cell = validate(Cell, value, path, ctx)
            if not cell:
                continue
            _check_cell(cell, path, ctx, report, check_keys, out)
            for fid in cell.figures:
                used_by.setdefault(fid, []).append((oid, rid))
            cells[rid] = cell
        out.options.append((option, cells))
    if not out.options:
        report(("options",), "", "the file lists no options", FORMAT_HELP)

    # Figures: how the comparison shows them here; their numbers from the figure store.
    store = figstore.cached_store(STORE_ROOT, keys)
    for fid, entry in (raw.get("figures") or {}).items():
        users = used_by.get(str(fid), [])
        ctx = f"figure '{fid}'" + "".join(f", used by option '{o}', row '{r}'" for o, r in users)
        typed = sorted(set(entry or {}) & set(STORE_FIELDS)) if isinstance(entry, dict) else []
        if typed:
            report(
                ("figures", fid, typed[0]),
                ctx,
                f"'{typed[0]}' is typed here; a figure's numbers live in the figure store",
                f"delete {', '.join(typed)} here; the numbers, quote and locator go under "
                f"figures: {fid}: in data/figures/<SourceKey>.yml",
            )
            continue
        stored = store.figures.get(str(fid))
        if stored is None and str(fid) in store.invalid:
            continue  # the store has reported what is wrong with it
        if stored is None:
            report(
                ("figures", fid),
                ctx,
                f"figure '{fid}' is not in the figure store",
                f"add '{fid}' to data/figures/<SourceKey>.yml with its numbers, quote, "
                "locator and checked date (or fix the id)",
            )
            continue
        sf = stored.figure
        if sf.denominator is None or (sf.numerator is None and sf.percent is None):
            problem(
                f"{stored.file}:{stored.line}",
                f"figure '{fid}' (used by the comparison, {REL}) needs a denominator and a "
                "numerator or percent",
                "add denominator: (how many people the figure is out of) and numerator: or "
                "percent:, as the source gives them",
            )
            continue
        entry = dict(
            entry or {},
            id=str(fid),
            numerator=sf.numerator,
            denominator=sf.denominator,
            percent=sf.percent,
            counts="derived" if sf.derived else "reported",
            note=sf.derived,
        )
        fig = validate(Figure, entry, ("figures", fid), ctx)
        if fig and _check_figure(fig, ("figures", fid), ctx, report, out):
            out.figures[str(fid)] = fig
        if not users:
            report(
                ("figures", fid),
                ctx,
                f"figure '{fid}' is not used by any cell",
                "list it under a cell's figures: [...], or delete it",
            )
    for fid, users in used_by.items():
        if fid not in (raw.get("figures") or {}):
            for oid, rid in users:
                idx = next(i for i, (o, _) in enumerate(out.options) if o.id == oid)
                report(
                    ("options", idx, "rows", rid, "figures"),
                    f"option '{oid}', row '{rid}'",
                    f"the cell uses figure '{fid}', which is not defined under figures:",
                    "add the figure under figures:, or fix the name",
                )

    # What we don't know, and the worksheet.
    for i, entry in enumerate(raw.get("unknowns") or []):
        ctx = f"unknowns item #{i + 1}"
        cell = validate(Cell, entry, ("unknowns", i), ctx)
        if cell:
            _check_cell(cell, ("unknowns", i), ctx, report, check_keys, out)
            out.unknowns.append(cell)
    for i, entry in enumerate(raw.get("worksheet") or []):
        item = validate(WorksheetItem, entry, ("worksheet", i), f"worksheet item #{i + 1}")
        if item:
            for rid in item.rows:
                if rid not in row_ids:
                    report(
                        ("worksheet", i, "rows"),
                        f"worksheet item '{item.id}'",
                        f"unknown row '{rid}'",
                        f"use one of: {', '.join(row_ids)}",
                    )
            out.worksheet.append(item)

    extra = set(raw) - {"rows", "trials", "figures", "options", "unknowns", "worksheet"}
    for key in sorted(extra):
        report(
            (key,),
            "",
            f"'{key}' is not a section this file allows (a typo?)",
            "sections: rows, trials, figures, options, unknowns, worksheet",
        )
    out.ok = report.count == 0
    return out


def _check_cell(cell: Cell, path, ctx, report, check_keys, out: Loaded) -> None:
    check_keys(cell.cite, path, ctx)
    if not cell.cite and not cell.figures and not cell.no_good_evidence:
        report(
            path,
            ctx,
            "the cell has no source and no 'no good evidence' marker",
            "add cite: [Key] with the source of every statement in it, or, if nothing "
            "reliable is known, set no_good_evidence: true and say so in the text",
        )
    m = PERCENT_IN_TEXT.search(cell.text)
    if m:
        report(
            path + ("text",),
            ctx,
            f"a percentage is typed into the text ('{m.group(0)}'), without a denominator or "
            "time point",
            "put the number under figures: (numerator, denominator, percent, outcome, "
            "time_point, trial) and list its id in this cell's figures: [...]",
        )


def _check_figure(fig: Figure, path, ctx, report, out: Loaded) -> bool:
    ok = True
    if fig.trial not in out.trials:
        report(
            path + ("trial",),
            ctx,
            f"unknown trial '{fig.trial}'",
            f"use a trial id listed under trials: ({', '.join(out.trials) or 'none yet'})",
        )
        ok = False
    if fig.percent is not None and fig.denominator is None:
        report(
            path,
            ctx,
            f"a percentage ({_fmt_pct(fig.percent)}%) without a denominator",
            "add denominator: the number of people the percentage is out of, as the source gives it",
        )
        ok = False
    if fig.time_point is None or not fig.time_point.strip():
        what = f"a percentage ({_fmt_pct(fig.percent)}%)" if fig.percent is not None else "a figure"
        report(
            path,
            ctx,
            f"{what} without a time point",
            "add time_point: when the outcome was measured, for example 'after 3 weeks of treatment'",
        )
        ok = False
    if fig.numerator is None and fig.percent is None:
        report(
            path,
            ctx,
            "the figure has neither a numerator nor a percentage",
            "add numerator: (how many people had the outcome) and/or percent:",
        )
        ok = False
    if fig.denominator is not None and fig.denominator <= 0:
        report(
            path + ("denominator",),
            ctx,
            f"the denominator is {fig.denominator}",
            "the denominator is how many people the figure is out of: a whole number of 1 or more",
        )
        ok = False
    if fig.numerator is not None and fig.numerator < 0:
        report(
            path + ("numerator",),
            ctx,
            f"the numerator is {fig.numerator}",
            "the numerator is how many people had the outcome: 0 or more",
        )
        ok = False
    if (
        fig.numerator is not None
        and fig.denominator is not None
        and fig.denominator > 0
        and fig.numerator > fig.denominator
    ):
        report(
            path + ("numerator",),
            ctx,
            f"the numerator ({fig.numerator}) is larger than the denominator ({fig.denominator})",
            "check both against the source: the numerator counts people with the outcome, "
            "the denominator everyone in the group",
        )
        ok = False
    if ok and fig.numerator is not None and fig.percent is not None:
        exact = 100 * fig.numerator / fig.denominator
        tolerance = 0.051 if fig.percent != int(fig.percent) else 1.0
        if abs(exact - fig.percent) > tolerance:
            report(
                path + ("percent",),
                ctx,
                f"{fig.numerator} of {fig.denominator} is {exact:.1f}%, not {_fmt_pct(fig.percent)}%",
                "check the numerator, denominator and percent against the source",
            )
            ok = False
    return ok


# ---------------------------------------------------------------------------
# Words for figures
# ---------------------------------------------------------------------------


def in_100(fig: Figure) -> int:
    value = fig.percent if fig.percent is not None else 100 * fig.numerator / fig.denominator
    return int(value + 0.5)


def counts_words(fig: Figure) -> str:
    pct = (
        fig.percent if fig.percent is not None else round(100 * fig.numerator / fig.denominator, 1)
    )
    if fig.numerator is not None:
        return f"{fig.numerator} of {fig.denominator} people, {_fmt_pct(pct)}%"
    return f"{_fmt_pct(pct)}% of {fig.denominator} people"


def inline_words(fig: Figure) -> str:
    """For a sentence elsewhere: 'about 55 in 100 (55.4%, 108 of 195 people)'."""
    pct = (
        fig.percent if fig.percent is not None else round(100 * fig.numerator / fig.denominator, 1)
    )
    tail = (
        f", {fig.numerator} of {fig.denominator} people"
        if fig.numerator is not None
        else f" of {fig.denominator} people"
    )
    return f"about {in_100(fig)} in 100 ({_fmt_pct(pct)}%{tail})"


def alt_text(fig: Figure, trial: Trial) -> str:
    n = in_100(fig)
    return (
        f"Picture of 100 people with {n} shaded: in the {trial.name} trial, about {n} in 100 "
        f"{fig.group} {fig.outcome_short} {fig.time_point}."
    )


# ---------------------------------------------------------------------------
# Icon arrays (100-person pictograms)
# ---------------------------------------------------------------------------

INK = "#0e5561"  # filled people: 8:1 on white
LINE = "#4a5560"  # outlined people and muted text: 7.5:1 on white
PERSON = (
    '<g id="p"><circle cx="8" cy="5" r="3.6"/>'
    '<path d="M2.6 21.5v-6.3a5.4 5.4 0 0 1 10.8 0v6.3z"/></g>'
)
ICON_W = 220  # viewBox width; text of 16 units or more stays >= 10 pt printed 52 mm wide
ICON_ZOOM = 2  # the SVG's own size is twice its viewBox: what the lightbox shows


def icon_label(fig: Figure) -> str:
    """What the picture shows, in a few words: 'With ketamine drips'."""
    return fig.short[:1].upper() + fig.short[1:]


def icon_title(fig: Figure, trial: Trial) -> str:
    """Caption of the picture, in the page and in the lightbox."""
    return (
        f"{icon_label(fig)}, {trial.name} trial: about {in_100(fig)} in 100 {fig.outcome_short} "
        f"{fig.time_point}"
    )


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Lines that fit `width` (a generous estimate for wide system fonts)."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and len(trial) * size * 0.6 > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line] if line else lines


def icon_svg(fig: Figure, trial: Trial) -> str:
    """100 people, `in_100(fig)` of them shaded, named inside the picture: the group (the
    option), the trial and the time point, so it says what it shows wherever it is seen."""
    filled = in_100(fig)
    pad, cw, ch = 10, 20, 23
    esc = html.escape
    head = [(line, 17, True) for line in _wrap(icon_label(fig), 17, ICON_W - 2 * pad)]
    head += [
        (line, 16, False)
        for line in _wrap(f"{trial.name} trial, {fig.time_point}", 16, ICON_W - 2 * pad)
    ]
    texts, y = [], pad
    for line, size, bold in head:
        y += size + 4
        weight = ' font-weight="700"' if bold else f' fill="{LINE}"'
        texts.append(f'<text x="{pad}" y="{y}" font-size="{size}"{weight}>{esc(line)}</text>')
    top = y + 8
    people = []
    for i in range(100):
        x, yy = pad + (i % 10) * cw + 2, top + (i // 10) * ch + 1
        style = f'fill="{INK}" stroke="{INK}"' if i < filled else f'fill="#ffffff" stroke="{LINE}"'
        people.append(f'<use href="#p" x="{x}" y="{yy}" {style}/>')
    ly = top + ch * 10 + 6
    height = ly + 2 * 26 + pad
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {ICON_W} {height}" '
        f'width="{ICON_W * ICON_ZOOM}" height="{height * ICON_ZOOM}" role="img" aria-labelledby="t">'
        f'<title id="t">{esc(alt_text(fig, trial))}</title>'
        f'<rect x=".5" y=".5" width="{ICON_W - 1}" height="{height - 1}" rx="8" fill="#ffffff" '
        f'stroke="{LINE}"/>'
        f'<defs>{PERSON}</defs><g stroke-width="1.2">{"".join(people)}'
        f'<use href="#p" x="{pad + 2}" y="{ly}" fill="{INK}" stroke="{INK}"/>'
        f'<use href="#p" x="{pad + 2}" y="{ly + 26}" fill="#ffffff" stroke="{LINE}"/></g>'
        f'<g font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" '
        f'font-size="16" fill="#1f2529">{"".join(texts)}'
        f'<text x="{pad + 26}" y="{ly + 17}">{filled} {esc(fig.outcome_short)}</text>'
        f'<text x="{pad + 26}" y="{ly + 43}">{100 - filled} did not</text></g></svg>\n'
    )


def icon_size(fig: Figure, trial: Trial) -> tuple[int, int]:
    """The picture's width and height in the page (its viewBox)."""
    m = re.search(r'viewBox="0 0 (\d+) (\d+)"', icon_svg(fig, trial))
    return int(m.group(1)), int(m.group(2))


def icon_uri(fid: str) -> str:
    return f"{ICON_DIR}/{fid}.svg"


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def _cites(keys: list[str]) -> str:
    keys = list(dict.fromkeys(keys))
    return f" [{'; '.join('@' + k for k in keys)}]" if keys else ""


def _with_cites(text: str, keys: list[str]) -> str:
    """The citation goes after the words it supports, before the full stop (STYLE.md)."""
    text = text.rstrip()
    cite = _cites(keys)
    if cite and text.endswith("."):
        return text[:-1] + cite + "."
    return text + cite


def _href(page, files, target: str) -> str | None:
    f = files.get_file_from_path(target)
    if f is None:
        problem(
            REL,
            f"an option links to '{target}', which is not a page in docs/",
            "use a path under docs/, such as forms/intravenous.md",
        )
        return None
    return f.url_relative_to(page.file)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _figure_lines(figs: list[Figure], data: Loaded) -> str:
    """One line per outcome of a trial: 'About 55 in 100 with ketamine drips and about 41 in
    100 with ECT responded (ELEKT-D, after 3 weeks of treatment)'."""
    e = html.escape
    groups: list[list[Figure]] = []
    for fig in figs:
        key = (fig.trial, fig.outcome_short, fig.time_point)
        if (
            groups
            and (groups[-1][0].trial, groups[-1][0].outcome_short, groups[-1][0].time_point) == key
        ):
            groups[-1].append(fig)
        else:
            groups.append([fig])
    out = []
    for group in groups:
        first = group[0]
        parts = [
            f"<strong>{'About' if i == 0 else 'about'} {in_100(f)} in 100</strong> {e(f.short)}"
            f"<!-- figure-link: {f.id} -->"
            for i, f in enumerate(group)
        ]
        out.append(
            f'<p class="da-nf">{_and(parts)} {e(first.outcome_short)} '
            f'<span class="da-meta">({e(data.trials[first.trial].name)}, '
            f"{e(first.time_point)})</span></p>"
        )
    return "".join(out)


def _cell_html(cell: Cell, data: Loaded) -> str:
    e = html.escape
    parts = []
    if cell.no_good_evidence:
        parts.append('<p class="da-gap"><strong>No good evidence found.</strong></p>')
    parts.append(f"<p>{_with_cites(e(cell.text), cell.cite)}</p>")
    parts.append(_figure_lines([data.figures[f] for f in cell.figures if f in data.figures], data))
    return "".join(parts)


def grid(page, files) -> str:
    data = state
    e = html.escape
    if not data.options:
        return "<p><em>The comparison could not be generated: see the build log.</em></p>"
    head = ['<th scope="col" class="da-corner">Question</th>']
    for option, _ in data.options:
        href = _href(page, files, option.page) if option.page else None
        name = f'<a href="{e(href)}">{e(option.name)}</a>' if href else e(option.name)
        head.append(f'<th scope="col" id="da-col-{option.id}">{name}</th>')
    body = []
    for row in data.rows:
        cells = [f'<th scope="row">{e(row.label)}</th>']
        for option, option_cells in data.options:
            cell = option_cells.get(row.id)
            inner = (
                _cell_html(cell, data) if cell else "<p><em>Missing: see the build log.</em></p>"
            )
            cls = ' class="da-gap-cell"' if cell and cell.no_good_evidence else ""
            cells.append(f'<td{cls}><span class="da-q">{e(row.label)}</span>{inner}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = (
        "Treatment options for depression that has not improved with antidepressants. "
        "Each column is one option; each row is one question. Numbers come from different "
        "trials in different people, so they cannot be compared directly."
    )
    jump = " · ".join(f'<a href="#da-col-{o.id}">{e(o.short)}</a>' for o, _ in data.options)
    return (
        f'<p class="da-jump">Go to a choice: {jump}</p>'
        f'<div class="da-grid-wrap" role="region" aria-label="Options compared, table" tabindex="0">'
        f'<table class="da-grid"><caption>{e(caption)}</caption>'
        f"<thead><tr>{''.join(head)}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def numbers(page, files, full: bool = True) -> str:
    """Each trial's figures: icon arrays, natural frequencies and the trial's details.
    Trials with pictures (the main results) come first, then the others (side effects).
    Without `full` (the handout): only the trials with pictures, and no details table."""
    data = state
    e = html.escape
    order: list[str] = []
    for _, cells in data.options:
        for cell in cells.values():
            for fid in cell.figures:
                fig = data.figures.get(fid)
                if fig and fig.trial not in order:
                    order.append(fig.trial)
    pictured = {f.trial for f in data.figures.values() if f.icon_array}
    order.sort(key=lambda t: t not in pictured)
    if not full:
        order = [t for t in order if t in pictured]
    out = []
    for tid in order:
        trial = data.trials[tid]
        figs = [(fid, f) for fid, f in data.figures.items() if f.trial == tid]
        arrays, lines = [], []
        for fid, fig in figs:
            if fig.icon_array:
                uri = icon_uri(fid)
                f = files.get_file_from_path(uri)
                src = f.url_relative_to(page.file) if f else uri
                w, h = icon_size(fig, trial)
                # data-title is the lightbox's caption (mkdocs-glightbox); the alt text says more.
                arrays.append(
                    f'<figure class="da-icons" id="da-fig-{e(fid)}">'
                    f'<img src="{e(src)}" alt="{e(alt_text(fig, trial))}" width="{w}" height="{h}" '
                    f'data-title="{e(icon_title(fig, trial))}">'
                    f"<figcaption>{e(icon_title(fig, trial))}</figcaption></figure>"
                )
            if full:
                lines.append(
                    f"<li>About {in_100(fig)} in 100 {e(fig.group)} {e(fig.outcome_short)} "
                    f"({e(counts_words(fig))}).<!-- figure-link: {fid} --></li>"
                )
        fs = [f for _, f in figs]
        rows = [
            ("What counted", " ".join(dict.fromkeys(f.outcome for f in fs))),
            ("When", "; ".join(dict.fromkeys(f.time_point for f in fs))),
            ("Who took part", f"{trial.size:,} people. {trial.who}"),
            ("How it was run", trial.design),
            ("Who paid for it", trial.funder),
        ]
        if any(f.counts == "derived" for f in fs):
            rows.append(
                (
                    "Counts",
                    "Some numbers are worked out by the editors from the published "
                    "figures: see “How we know these figures” at the end of the page.",
                )
            )
        details = "".join(
            f'<tr><th scope="row">{e(k)}</th><td>{e(v[:1].upper() + v[1:])}</td></tr>'
            for k, v in rows
        )
        icons = f'<div class="da-icon-row">{"".join(arrays)}</div>' if arrays else ""
        if not full:
            out.append(
                f'<div class="da-trial" id="da-trial-{e(tid)}">'
                f'<h3 id="trial-{e(tid)}">{e(trial.name)}: {e(trial.title)}{_cites(trial.cite)}</h3>'
                f"{icons}</div>"
            )
            continue
        out.append(
            f'<div class="da-trial" id="da-trial-{e(tid)}">'
            f'<h3 id="trial-{e(tid)}">{e(trial.name)}: {e(trial.title)}</h3>{icons}'
            f'<ul class="da-nf-list">{"".join(lines)}</ul>'
            f'<table class="da-details"><caption>About {e(trial.name)}{_cites(trial.cite)}</caption>'
            f"<tbody>{details}</tbody></table></div>"
        )
    return "".join(out)


def pictures(page, files) -> str:
    return numbers(page, files, full=False)


def summary(page, files) -> str:
    """The handout's first page: each option, how soon it may help, and its main figures."""
    data = state
    e = html.escape
    rows = []
    for option, cells in data.options:
        soon, improved = cells.get("how_soon"), cells.get("improved")
        inner = f"<p>{_with_cites(e(soon.text), soon.cite)}</p>" if soon else ""
        if improved:
            inner += _figure_lines(
                [data.figures[f] for f in improved.figures if f in data.figures], data
            )
        rows.append(f'<tr><th scope="row">{e(option.name)}</th><td>{inner}</td></tr>')
    labels = {r.id: r.label for r in data.rows}
    return (
        f'<table class="da-summary"><caption>The options at a glance. The next pages give '
        f'every detail, with the sources.</caption><thead><tr><th scope="col">Option</th>'
        f'<th scope="col">{e(labels.get("how_soon", "How soon may it help?"))} '
        f"{e(labels.get('improved', 'How many improved?'))}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def print_pages(page, files, config=None) -> str:
    """The printed handout's running header and footer: the site's address, the date the
    page was checked, and page N of M, on every sheet (CSS @page margin boxes)."""
    meta = page.meta.get("review") or {}
    last = meta.get("last")
    address = (config or {}).get("site_url") or ""
    address = address.rstrip("/") + "/" + page.url if address else page.url

    def css(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    checked = f"Checked against its sources on {long_date(last)}" if last else ""
    box = "font: 10pt/1.3 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: #333;"
    return (
        "<style>@media print { @page { size: portrait; margin: 15mm 13mm 15mm; "
        f"@top-left {{ content: {css(config.get('site_name', '') if config else '')}; {box} }} "
        f"@top-right {{ content: {css(checked)}; {box} }} "
        f"@bottom-left {{ content: {css(address)}; {box} }} "
        f'@bottom-right {{ content: "Page " counter(page) " of " counter(pages); {box} }} }} }}'
        "</style>"
    )


def unknowns(page, files) -> str:
    items = []
    for cell in state.unknowns:
        items.append(f"- {_with_cites(cell.text, cell.cite)}")
    return "\n".join(items) + "\n"


CHOICES = [
    ("a-lot", "Matters a lot"),
    ("a-little", "Matters a little"),
    ("not", "Does not matter to me"),
]


def worksheet(page, files) -> str:
    data = state
    e = html.escape
    labels = {r.id: r.label for r in data.rows}
    parts = ['<div class="da-worksheet">']
    for n, item in enumerate(data.worksheet, start=1):
        rows = " and ".join(f"“{labels[r]}”" for r in item.rows if r in labels)
        radios = "".join(
            f'<label class="da-choice"><input type="radio" name="da-{e(item.id)}" value="{v}" '
            f'autocomplete="off"> <span>{e(text)}</span></label>'
            for v, text in CHOICES
        )
        parts.append(
            f'<fieldset class="da-value"><legend><span class="da-num">{n}.</span> {e(item.question)}</legend>'
            f'<div class="da-choices">{radios}</div>'
            f'<p class="da-hint">In the table, see {e(rows)}.</p></fieldset>'
        )
    boxes = "".join(
        f'<label class="da-choice"><input type="checkbox" name="da-option" value="{e(o.id)}" '
        f'autocomplete="off"> <span>{e(o.name)}</span></label>'
        for o, _ in data.options
    )
    parts.append(
        f'<fieldset class="da-value da-options"><legend>Options I would like to talk about</legend>'
        f'<div class="da-choices">{boxes}</div></fieldset>'
    )
    parts.append(
        '<div class="da-notes"><p class="da-notes-title">My questions and notes</p>'
        + '<p class="da-line"></p>' * 6
        + "</div>"
    )
    parts.append("</div>")
    return "".join(parts)


def review(page, files) -> str:
    meta = page.meta.get("review") or {}
    last, nxt = meta.get("last"), meta.get("next")
    if not last:
        return ""
    return (
        f"The editors last checked this comparison against its sources on "
        f"{long_date(last)}. The next check is due by {long_date(nxt)}.\n"
    )


MARKERS = {
    "<!-- generated: option-grid -->": grid,
    "<!-- generated: option-numbers -->": numbers,
    "<!-- generated: option-unknowns -->": unknowns,
    "<!-- generated: values-worksheet -->": worksheet,
    "<!-- generated: option-review -->": review,
    "<!-- generated: option-summary -->": summary,
    "<!-- generated: option-pictures -->": pictures,
    "<!-- generated: print-pages -->": print_pages,
}
RETIRED = re.compile(r"<!-- option-figure: ([a-z0-9-]+) -->")
FIGURE_LINK = re.compile(r"<!-- figure-link: [a-z0-9-]+ -->")
for _marker in MARKERS:
    markers.register(
        "generated", _marker.split(": ")[1].split(" ")[0], "overrides/hooks/decision_aid.py"
    )
# Retired: on_page_markdown says what to write instead (the registry would only say "unknown").
markers.register("option-figure", owner=REL, names=lambda: state.figures)


# ---------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------


def on_config(config, **kwargs):
    global state
    state = load()
    return config


def on_files(files, config, **kwargs):
    from mkdocs.structure.files import File

    for fid, fig in state.figures.items():
        if fig.icon_array:
            trial = state.trials[fig.trial]
            files.append(File.generated(config, icon_uri(fid), content=icon_svg(fig, trial)))
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    found = [m for m in MARKERS if m in markdown]
    src = f"docs/{page.file.src_uri}"
    for m in RETIRED.finditer(page.file.content_string):
        line = page.file.content_string.count("\n", 0, m.start()) + 1
        problem(
            f"{src}:{line}",
            f"'{m.group(0)}' is retired",
            f"write <!-- figure: {m.group(1)} --> (the figure store, data/figures/*.yml)",
        )
    if not found:
        return markdown
    css_file = files.get_file_from_path(CSS)
    link = (
        f'<link rel="stylesheet" href="{html.escape(css_file.url_relative_to(page.file))}">'
        if css_file
        else ""
    )
    for marker in found:
        made = (
            print_pages(page, files, config)
            if marker == "<!-- generated: print-pages -->"
            else MARKERS[marker](page, files)
        )
        if "<!-- generated: print-pages -->" in found:
            # The printed handout keeps to its sheets; "How we know" is on the comparison page.
            made = FIGURE_LINK.sub("", made)
        if (
            marker != "<!-- generated: option-unknowns -->"
            and marker != "<!-- generated: option-review -->"
        ):
            made = f'<div class="da">{link}{made}</div>'
            link = ""
        # The origin comment lets the citation hook blame the data file, not the page.
        markdown = markdown.replace(
            marker, f"<!-- generated-from: {REL} -->\n{made}\n<!-- /generated -->"
        )
    if link and found:  # inline figures are plain words and need no stylesheet
        markdown += f'\n\n<div class="da">{link}</div>\n'
    return markdown
