"""Reading and checking data/options.yml (the comparison), with the figure store.

`load(source, store_root, registry)` reads the file, reports every problem through
`common.problem` (file, line, option and row, and how to fix it), and returns what is usable
as a `decision_aid_schema.Loaded`. The numbers of each figure come from the figure store,
`data/figures/<SourceKey>.yml` (figstore.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

import figstore
import markers
from common import load_yaml, plain_errors, problem, yaml_lines
from decision_aid_checks import (
    Reporter,
    check_cell,
    check_improved_short,
    check_option_cell,
    check_order,
    check_short_line_sources,
    check_short_lines,
    check_unchecked,
    check_worksheet_link,
    trial_facts,
)
from decision_aid_figure_rules import check_figure
from decision_aid_schema import (
    EVIDENCE_ROW,
    FORMAT_HELP,
    LEVELS_HELP,
    NO_HELP_LABEL,
    NO_HELP_ROW,
    OTHER_PARTS,
    REL,
    SECTIONS,
    STORE_FIELDS,
    TRIAL_FACTS,
    YARDSTICK,
    Cell,
    Figure,
    Loaded,
    Option,
    OtherOption,
    OtherTreatment,
    Row,
    Trial,
    Unknown,
    WorksheetItem,
    no_comparison,
)
from decision_aid_values import check_answers
from decision_aid_yardstick import check_against_none, check_against_none_figures


def _known_keys(registry: Path) -> set[str]:
    raw = load_yaml(registry) if registry.exists() else None
    return {str(k) for k in raw} if isinstance(raw, dict) else set()


def _inline(text: str, path: tuple, ctx: str, store: Any, out: Loaded, report: Any) -> None:
    """Figures named in a sentence (a cell, against_none:, trials: started:): their words go in
    out.inline, so the printed sheets can write them as plain words."""
    for fid in markers.of_kind(text, "figure"):
        if fid in store.figures:
            out.inline[fid] = store.figures[fid].figure.text
        elif fid not in store.invalid:
            why = f"the text names figure '{fid}', which is not in the figure store"
            fix = (
                "use an id from data/figures/*.yml, or add the figure there with its quote, "
                "locator and checked date"
            )
            report(path, ctx, why, fix)


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
    raw = load_yaml(source)
    if not isinstance(raw, dict):
        if raw is not None:
            problem(
                REL, "the file is not a mapping with rows, trials, figures and options", FORMAT_HELP
            )
        return out
    report = Reporter(yaml_lines(source))
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
    if out.rows and NO_HELP_ROW not in row_ids:
        report(
            ("rows",),
            "",
            f"the row '{NO_HELP_ROW}' (what usually comes next if a treatment does not help) "
            "is missing from rows:",
            f"add - id: {NO_HELP_ROW} with label: {NO_HELP_LABEL}, and in each option a cell "
            "with text: and cite: [Key, ...] saying what usually comes next",
        )
    if out.rows and EVIDENCE_ROW not in row_ids:
        report(
            ("rows",),
            "",
            f"the row '{EVIDENCE_ROW}' (how much research there is) is missing from rows:",
            f"add - id: {EVIDENCE_ROW} with label: How much research is there?, and in each "
            f"option a cell with {LEVELS_HELP}, text: and cite: [Key, ...]",
        )

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
            facts = trial_facts(str(tid), trial, store, store_root, report)
            if facts:
                out.trials[str(tid)] = facts
            # Figures named in who left before starting (the options at a glance): their
            # words, for the printed sheets.
            _inline(trial.started or "", ("trials", tid, "started"), ctx, store, out, report)

    # Options and their cells (which figures each cell uses, to name them in errors).
    used_by: dict[str, list[tuple[str, str]]] = {}
    raw_options = raw.get("options") or []
    listed: list[tuple[int, Option]] = []  # (index in the file, option), to check the order
    for i, entry in enumerate(raw_options):
        oid = entry.get("id", f"#{i + 1}") if isinstance(entry, dict) else f"#{i + 1}"
        option = validate(Option, entry, ("options", i), f"option '{oid}'")
        if not option:
            continue
        listed.append((i, option))
        check_short_lines(option, ("options", i), f"option '{oid}'", report, check_keys, out)
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
            check_cell(cell, path, ctx, report, check_keys, out)
            check_option_cell(cell, path, ctx, report, oid, rid)
            for fid in cell.figures:
                used_by.setdefault(fid, []).append((oid, rid))
            _inline(cell.text, (*path, "text"), ctx, store, out, report)
            cells[rid] = cell
        check_improved_short(
            option, cells, ("options", i), f"option '{oid}'", report, check_keys, out
        )
        check_short_line_sources(option, cells, ("options", i), f"option '{oid}'", report)
        check_against_none(option, ("options", i), f"option '{oid}'", report, check_keys, out)
        yard = option.against_none.text if option.against_none else ""
        _inline(yard, ("options", i, "against_none", "text"), f"option '{oid}'", store, out, report)
        for fid in option.against_none.figures if option.against_none else []:
            used_by.setdefault(fid, []).append((oid, YARDSTICK))
        out.options.append((option, cells))
    if not out.options:
        report(("options",), "", "the file lists no options", FORMAT_HELP)
    check_order(listed, report)

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
        counted = sf.denominator is not None and (sf.numerator, sf.percent) != (None, None)
        if not counted and (sf.percent is None or sf.base is None):
            problem(
                f"{stored.file}:{stored.line}",
                f"figure '{fid}' (used by the comparison, {REL}) needs a denominator and a "
                "numerator or percent, or a percent with its base",
                "add denominator: (how many people the figure is out of) and numerator: or "
                "percent:, as the source gives them; if the source gives only a percentage "
                "of a group, add percent: and base: (the group and its size, e.g. 'of the "
                "186 people who had treatment') and quote the sentence that gives the size",
            )
            continue
        entry = dict(
            entry or {},
            id=str(fid),
            numerator=sf.numerator,
            denominator=sf.denominator,
            percent=sf.percent,
            base=sf.base,
            counts="derived" if sf.derived else "reported",
            note=sf.derived,
            not_randomised=sf.not_randomised,
        )
        fig = validate(Figure, entry, ("figures", fid), ctx)
        if fig and no_comparison(fig) and not sf.not_randomised:
            problem(f"{stored.file}:{stored.line}", *figstore.needs_label(str(fid)))
        if fig and check_figure(fig, ("figures", fid), ctx, report, out):
            out.figures[str(fid)] = fig
        if not users:
            report(
                ("figures", fid),
                ctx,
                f"figure '{fid}' is not used by any cell",
                "list it under a cell's figures: [...], or delete it",
            )
    # The options at a glance say, for every trial of the improved row, who knew which treatment
    # they had (trials: knew:), so an open-label result never sits unmarked beside a masked one.
    for tid in dict.fromkeys(
        f.trial
        for fid, f in out.figures.items()
        if any(r == "improved" for _, r in used_by.get(fid, []))
    ):
        facts = out.trials.get(tid)
        if facts is not None and not facts.knew:
            report(
                ("trials", tid),
                f"trial '{tid}'",
                f"trial '{tid}' gives figures in the improved row but has no knew:",
                "add knew: saying in a few words who knew which treatment they had, from its "
                "study: block (e.g. knew: everyone knew their treatment)",
            )
    defined = {str(f) for f in raw.get("figures") or {}}
    check_against_none_figures(defined, report, out)
    for fid, users in used_by.items():
        if fid not in (raw.get("figures") or {}):
            for oid, rid in users:
                if rid == YARDSTICK:
                    continue  # check_against_none_figures has reported it
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
        item = validate(Unknown, entry, ("unknowns", i), ctx)
        if item:
            check_cell(item, ("unknowns", i), ctx, report, check_keys, out)
            check_unchecked(item, ("unknowns", i), ctx, report, out, row_ids)
            out.unknowns.append(item)
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
            check_worksheet_link(item, i, report)
            check_answers(item, i, out, report)  # the one-page sheet's answers
            out.worksheet.append(item)

    # Other options in short, and the rule for which figures are shown.
    # ... and the part on choosing no new treatment or stopping one, in short.
    # An other option also says, in the same shape for each, how it may work, what its
    # research shows and its harms (OtherTreatment: all required).
    for section, model in (("other_options", OtherTreatment), ("no_new_treatment", OtherOption)):
        for i, entry in enumerate(raw.get(section) or []):
            ctx = f"{section} item #{i + 1}"
            other = validate(model, entry, (section, i), ctx)
            if other:
                names = [*dict(OTHER_PARTS), "harms_print"]  # its printed harm, checked alike
                parts = [getattr(other, name) for name in names if hasattr(other, name)]
                check_cell(
                    Cell(text=" ".join([other.text, *parts]), cite=other.cite),
                    (section, i),
                    ctx,
                    report,
                    check_keys,
                    out,
                )
                getattr(out, section).append(other)
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
        out.yardstick_rule = out.figure_rule[0] if out.figure_rule else ""

    for key in sorted(set(raw) - set(SECTIONS)):
        report(
            (key,),
            "",
            f"'{key}' is not a section this file allows (a typo?)",
            f"sections: {', '.join(SECTIONS)}",
        )
    out.ok = report.count == 0
    return out
