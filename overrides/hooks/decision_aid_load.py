"""Reading and checking data/options.yml (the comparison), with the figure store.

`load(source, store_root, registry)` reads the file, reports every problem through
`common.problem` (file, line, option and row, and how to fix it), and returns what is usable
as a `decision_aid_schema.Loaded`. The numbers of each figure come from the figure store,
`data/figures/<SourceKey>.yml` (figstore.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

import figstore
from common import key_lines, load_yaml, plain_errors, problem
from decision_aid_schema import (
    FORMAT_HELP,
    PERCENT_IN_TEXT,
    REL,
    SECTIONS,
    STORE_FIELDS,
    TRIAL_FACTS,
    YEAR,
    Cell,
    Figure,
    Loaded,
    Option,
    OtherOption,
    Row,
    Trial,
    TrialFacts,
    WorksheetItem,
    fmt_pct,
)


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


def _known_keys(registry: Path) -> set[str]:
    raw = load_yaml(registry) if registry.exists() else None
    return {str(k) for k in raw} if isinstance(raw, dict) else set()


def load(source: Path, store_root: Path, registry: Path) -> Loaded:
    """Read and check data/options.yml; report every problem; keep what is usable."""
    out = Loaded()
    if not source.exists():
        problem(
            REL,
            "the decision-aid data file is missing",
            "restore data/options.yml from git, or remove the decision-aid markers from the pages",
        )
        return out
    text = source.read_text(encoding="utf-8")
    raw = load_yaml(source)
    if not isinstance(raw, dict):
        if raw is not None:
            problem(
                REL, "the file is not a mapping with rows, trials, figures and options", FORMAT_HELP
            )
        return out
    report = _Reporter(key_lines(text))
    keys = _known_keys(registry)

    def check_keys(cites: list[str], path: tuple, context: str) -> None:
        for key in cites:
            if key not in keys:
                near = [k for k in keys if k.lower() == str(key).lower()]
                hint = f"did you mean '{near[0]}'? " if near else ""
                report(
                    (*path, "cite"),
                    context,
                    f"unknown source key '{key}'",
                    f"{hint}use a key from data/references.yml, or add the source there "
                    "(with DOI, PMID or URL) after you have seen it",
                )

    def validate(model: type[BaseModel], value: object, path: tuple, context: str) -> Any:
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
        if row and row.id in [r.id for r in out.rows]:
            report(
                ("rows", i),
                f"row #{i + 1}",
                f"the row '{row.id}' is listed twice",
                "keep one entry for each row id under rows:",
            )
        elif row:
            out.rows.append(row)
    if not out.rows:
        report(("rows",), "", "the file lists no rows (questions)", FORMAT_HELP)
    row_ids = [r.id for r in out.rows]

    # Trials: which study each is; its facts come from the study block in the figure store.
    store = figstore.cached_store(store_root, keys)
    for tid, entry in (raw.get("trials") or {}).items():
        ctx = f"trial '{tid}'"
        typed = [k for k in (*TRIAL_FACTS, "cite") if isinstance(entry, dict) and k in entry]
        if typed:
            report(
                ("trials", tid, typed[0]),
                ctx,
                f"'{typed[0]}' is typed here; a trial's facts live once, in the study: block of "
                "data/figures/<SourceKey>.yml",
                f"delete {', '.join(typed)} here and write study: <SourceKey> (the source's key "
                "in data/references.yml); name:, size: and plain: (who, design, funder in "
                "readers' words) go in that file's study: block",
            )
            continue
        trial = validate(Trial, entry, ("trials", tid), ctx)
        if trial:
            check_keys([trial.study], ("trials", tid, "study"), ctx)
            facts = _trial_facts(str(tid), trial, store, store_root, report)
            if facts:
                out.trials[str(tid)] = facts

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

    # Other options in one line each, and the rule for which figures are shown.
    for i, entry in enumerate(raw.get("other_options") or []):
        ctx = f"other_options item #{i + 1}"
        other = validate(OtherOption, entry, ("other_options", i), ctx)
        if other:
            _check_cell(
                Cell(text=other.text, cite=other.cite),
                ("other_options", i),
                ctx,
                report,
                check_keys,
                out,
            )
            out.other_options.append(other)
    rule = raw.get("figure_rule") or []
    if not isinstance(rule, list) or not all(isinstance(p, str) and len(p) >= 20 for p in rule):
        report(
            ("figure_rule",),
            "",
            "figure_rule: must be a list of paragraphs (sentences of 20 characters or more)",
            "write each paragraph of the rule as one item: - For each option, we show ...",
        )
    else:
        out.figure_rule = [" ".join(p.split()) for p in rule]

    for key in sorted(set(raw) - set(SECTIONS)):
        report(
            (key,),
            "",
            f"'{key}' is not a section this file allows (a typo?)",
            f"sections: {', '.join(SECTIONS)}",
        )
    out.ok = report.count == 0
    return out


def _trial_facts(
    tid: str, trial: Trial, store: figstore.Store, store_root: Path, report: _Reporter
) -> TrialFacts | None:
    """The facts the comparison shows about a trial, from the study: block of its source's
    file in the figure store; a missing block or fact is reported there, with its line."""
    rel = f"data/figures/{trial.study}.yml"
    path = store_root / rel
    lines = key_lines(path.read_text(encoding="utf-8")) if path.exists() else {}
    study = store.studies.get(trial.study)
    if study is None:
        if ("study",) in lines:
            return None  # the block is there but invalid: the figure store has reported it
        report.count += 1
        problem(
            f"{rel}:1" if path.exists() else REL,
            f"the comparison's trial '{tid}' ({REL}) needs a study: block in {rel}",
            "add study: with name:, size: and plain: (who:, design:, funder:, in readers' "
            "words), from the source you have seen",
        )
        return None
    values: dict[str, object] = {}
    missing = []
    for attr, dotted in TRIAL_FACTS.items():
        value: object = study
        for part in dotted.split("."):
            value = getattr(value, part, None) if value is not None else None
        if value in (None, ""):
            missing.append(dotted)
        values[attr] = value
    if missing:
        report.count += 1
        problem(
            f"{rel}:{lines.get(('study',), 1)}",
            f"study: has no {', '.join(missing)}, which the comparison shows for trial "
            f"'{tid}' ({REL})",
            "add it from the source; plain: says who took part, how the trial was run and who "
            "paid, in words a reader understands, e.g. plain: {design: Randomised. Everyone "
            "knew which treatment they had.}",
        )
        return None
    return TrialFacts(key=trial.study, title=trial.title, **values)  # type: ignore[arg-type]


KeyCheck = Callable[[list[str], tuple, str], None]


def _check_cell(
    cell: Cell, path: tuple, ctx: str, report: _Reporter, check_keys: KeyCheck, out: Loaded
) -> None:
    check_keys(cell.cite, path, ctx)
    if not cell.cite and not cell.figures and not cell.no_good_evidence:
        report(
            path,
            ctx,
            "the cell has no source and no 'no good evidence' marker",
            "add cite: [Key] with the source of every statement in it, or, if nothing "
            "reliable is known, set no_good_evidence: true and say so in the text",
        )
    if cell.searched and not cell.no_good_evidence:
        report(
            (*path, "searched"),
            ctx,
            "searched: is only for a cell marked no_good_evidence: true",
            "delete searched:, or set no_good_evidence: true if nothing reliable was found",
        )
    elif cell.searched and not YEAR.search(cell.searched):
        report(
            (*path, "searched"),
            ctx,
            "searched: does not say when the search was done",
            "add the date you searched, for example 'on 4 December 2026'",
        )
    m = PERCENT_IN_TEXT.search(cell.text)
    if m:
        report(
            (*path, "text"),
            ctx,
            f"a percentage is typed into the text ('{m.group(0)}'), without a denominator or "
            "time point",
            "put the number under figures: (numerator, denominator, percent, outcome, "
            "time_point, trial) and list its id in this cell's figures: [...]",
        )


def _check_figure(fig: Figure, path: tuple, ctx: str, report: _Reporter, out: Loaded) -> bool:
    ok = True
    if fig.trial not in out.trials:
        report(
            (*path, "trial"),
            ctx,
            f"unknown trial '{fig.trial}'",
            f"use a trial id listed under trials: ({', '.join(out.trials) or 'none yet'})",
        )
        ok = False
    if fig.percent is not None and fig.denominator is None:
        report(
            path,
            ctx,
            f"a percentage ({fmt_pct(fig.percent)}%) without a denominator",
            "add denominator: the number of people the percentage is out of, as the source gives it",
        )
        ok = False
    if fig.time_point is None or not fig.time_point.strip():
        what = f"a percentage ({fmt_pct(fig.percent)}%)" if fig.percent is not None else "a figure"
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
            (*path, "denominator"),
            ctx,
            f"the denominator is {fig.denominator}",
            "the denominator is how many people the figure is out of: a whole number of 1 or more",
        )
        ok = False
    if fig.numerator is not None and fig.numerator < 0:
        report(
            (*path, "numerator"),
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
            (*path, "numerator"),
            ctx,
            f"the numerator ({fig.numerator}) is larger than the denominator ({fig.denominator})",
            "check both against the source: the numerator counts people with the outcome, "
            "the denominator everyone in the group",
        )
        ok = False
    if ok and fig.numerator is not None and fig.percent is not None and fig.denominator:
        exact = 100 * fig.numerator / fig.denominator
        tolerance = 0.051 if fig.percent != int(fig.percent) else 1.0
        if abs(exact - fig.percent) > tolerance:
            report(
                (*path, "percent"),
                ctx,
                f"{fig.numerator} of {fig.denominator} is {exact:.1f}%, not {fmt_pct(fig.percent)}%",
                "check the numerator, denominator and percent against the source",
            )
            ok = False
    return ok
