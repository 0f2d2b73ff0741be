"""The rules each part of data/options.yml must follow (cells, trials, option order), and the
reporter that names the file and line of each problem. Plain logic, no MkDocs; called by
decision_aid_load.load(). The rules for a figure (a number from a study) are in
decision_aid_figure_rules.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import figstore_schema
from common import ROOT, problem, yaml_lines
from decision_aid_schema import (
    BASELINE,
    EVIDENCE_ROW,
    LEVELS_HELP,
    NOT_CHECKED_NOTE,
    ORDER_RULE,
    PERCENT_IN_TEXT,
    REL,
    SEARCHED_MAX,
    SHORT_LINE_ROWS,
    SHORT_LINES,
    TRIAL_FACTS,
    YEAR,
    Cell,
    Loaded,
    Option,
    Trial,
    TrialFacts,
    Unknown,
    WorksheetItem,
    option_order_key,
)


class Reporter:
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


def trial_facts(
    tid: str, trial: Trial, store: figstore_schema.Store, store_root: Path, report: Reporter
) -> TrialFacts | None:
    """The facts the comparison shows about a trial, from the study: block of its source's
    file in the figure store; a missing block or fact is reported there, with its line."""
    rel = f"data/figures/{trial.study}.yml"
    path = store_root / rel
    lines = yaml_lines(path, rel)
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
    return TrialFacts(
        key=trial.study,
        title=trial.title,
        knew=trial.knew,
        started=trial.started,
        **values,  # type: ignore[arg-type]
    )


KeyCheck = Callable[[list[str], tuple, str], None]


def check_cell(
    cell: Cell, path: tuple, ctx: str, report: Reporter, check_keys: KeyCheck, out: Loaded
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
    if cell.no_good_evidence and not cell.searched:
        report(
            path,
            ctx,
            "the cell says there is no good evidence, but not what was searched",
            "add searched: a sentence saying where and when you looked, for example "
            "'We searched PubMed and NICE guidance for ... on 4 December 2026.'",
        )
    elif cell.searched and not cell.no_good_evidence:
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
    elif cell.searched and len(cell.searched) > SEARCHED_MAX:
        report(
            (*path, "searched"),
            ctx,
            f"searched: is {len(cell.searched)} characters; readers get one short line "
            f"(at most {SEARCHED_MAX})",
            "say only where and when you looked, for example 'We looked in PubMed and NICE "
            "guidance on 4 December 2026.'; the details of the search go in the commit message",
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


def check_short_lines(
    option: Option, path: tuple, ctx: str, report: Reporter, check_keys: KeyCheck, out: Loaded
) -> None:
    """The short summary's lines (SHORT_LINES): every option has each one, with a source, so
    the summary says the same kind of thing about every option (editorial rule 8)."""
    for name, what, source in SHORT_LINES:
        line: Cell | None = getattr(option, name)
        if line is None:
            report(
                path,
                ctx,
                f"option '{option.id}' has no {name}: ({what}, for the summary)",
                f"add {name}: with text: ({source}, in a sentence or two) and cite: [Key, ...]",
            )
            continue
        check_cell(line, (*path, name), f"{ctx}, {name}", report, check_keys, out)
        if line.level is not None:
            report(
                (*path, name, "level"),
                f"{ctx}, {name}",
                f"level: is allowed only in the '{EVIDENCE_ROW}' row",
                f"delete level: here; the summary shows the level of the '{EVIDENCE_ROW}' row",
            )


def sources_of(cells: dict[str, Cell], rows: Iterable[str]) -> set[str]:
    """The sources an option's cells in these rows cite: all that a line drawn from them (a
    summary line, an answer on the one-page sheet) may cite."""
    return {key for rid in rows if rid in cells for key in cells[rid].cite}


def check_short_line_sources(
    option: Option, cells: dict[str, Cell], path: tuple, ctx: str, report: Reporter
) -> None:
    """A short line with rows to draw on (SHORT_LINE_ROWS) cites only sources that those
    rows of the same option cite: the summary's one line rests on what the full comparison
    says, and a reviewer checks one set of sources."""
    for name, rows in SHORT_LINE_ROWS.items():
        line: Cell | None = getattr(option, name)
        if line is None:
            continue
        allowed = sources_of(cells, rows)
        for key in line.cite:
            if key not in allowed:
                report(
                    (*path, name, "cite"),
                    f"{ctx}, {name}",
                    f"{name} cites {key}, which none of this option's rows {', '.join(rows)} cites",
                    f"say only what those rows say, with their sources; or add the fact, with "
                    f"{key}, to the row it belongs in first",
                )


def check_improved_short(
    option: Option,
    cells: dict[str, Cell],
    path: tuple,
    ctx: str,
    report: Reporter,
    check_keys: KeyCheck,
    out: Loaded,
) -> None:
    """The summary shows each option's figures from its improved cell; an option whose cell
    has none says in words what its research found (improved_short:), so no row is blank.
    An option with figures has no improved_short:, so each row shows one kind of thing."""
    cell = cells.get("improved")
    if cell is None:
        return  # the missing row is reported already
    line = option.improved_short
    if cell.figures and line is not None:
        report(
            (*path, "improved_short"),
            ctx,
            f"option '{option.id}' has figures in its improved cell and an improved_short:",
            "delete improved_short:; the summary shows the figures",
        )
    elif not cell.figures and line is None:
        report(
            path,
            ctx,
            f"option '{option.id}' has no figures in its improved cell and no improved_short: "
            "(what its research found, in words, for the summary)",
            "add improved_short: with text: (from its improved cell, in a sentence or two; "
            "meta-analyses in words, as the figure rule says) and cite: [Key, ...]",
        )
    elif line is not None:
        check_cell(
            line, (*path, "improved_short"), f"{ctx}, improved_short", report, check_keys, out
        )
        if line.figures or line.level is not None or line.no_good_evidence:
            report(
                (*path, "improved_short"),
                f"{ctx}, improved_short",
                "improved_short: takes only text: and cite:",
                "delete figures:, level: and no_good_evidence: here",
            )


def check_option_cell(
    cell: Cell, path: tuple, ctx: str, report: Reporter, oid: str, rid: str
) -> None:
    """What only an option's cell must do: the research row, and only it, has a level; a note
    that something could not be checked goes to the one list ("What we could not check")."""
    if rid == EVIDENCE_ROW and cell.level is None:
        report(
            path,
            ctx,
            "the cell has no level: (how strong the research is)",
            f"add {LEVELS_HELP}, the level whose description fits the trials and "
            "reviews the cell cites",
        )
    elif rid != EVIDENCE_ROW and cell.level is not None:
        report(
            (*path, "level"),
            ctx,
            f"level: is allowed only in the '{EVIDENCE_ROW}' row",
            f"delete level: here; say how strong the research is in the '{EVIDENCE_ROW}' row",
        )
    note = NOT_CHECKED_NOTE.search(cell.text)
    if note:
        report(
            (*path, "text"),
            ctx,
            f"the cell says '{note.group(0)}': what we could not check is listed in one place",
            f"keep the cell's finding here; move the note to unknowns: as an item with "
            f"option: {oid}, row: {rid}, no_good_evidence: true and searched: (when we looked)",
        )


def check_unchecked(
    item: Unknown, path: tuple, ctx: str, report: Reporter, out: Loaded, row_ids: list[str]
) -> None:
    """An item about an option's cell ("What we could not check") names a real option and
    row, and says where and when the editors looked, so a gap cannot be listed vaguely."""
    if item.option is None:
        if item.row is not None:
            report(
                (*path, "row"),
                ctx,
                "row: is set without option:",
                "add option: (the id of the option whose cell this is about), or delete row:",
            )
        return
    option_ids = [o.id for o, _ in out.options]
    if item.option not in option_ids:
        report(
            (*path, "option"),
            ctx,
            f"unknown option '{item.option}'",
            f"use one of the option ids: {', '.join(option_ids)}",
        )
    if item.row is None or item.row not in row_ids:
        report(
            (*path, "row"),
            ctx,
            f"an item about option '{item.option}' needs the row of the cell it is about"
            + (f" ('{item.row}' is not a row)" if item.row else ""),
            f"add row: with one of {', '.join(row_ids)}",
        )
    if not item.no_good_evidence:
        report(
            path,
            ctx,
            "an item about what we could not check must say where and when we looked",
            "add no_good_evidence: true and searched: a sentence with the date, for example "
            "'We looked in the label on DailyMed on 4 December 2026.'",
        )


def check_order(options: list[tuple[int, Option]], report: Reporter) -> None:
    """The options must be in the stated order (decision_aid_schema.ORDER_RULE): the first
    option out of place is reported at its line, with the whole order to write instead."""
    ids = [o.id for _, o in options]
    if ids and BASELINE not in ids:
        report(
            ("options",),
            "",
            f"the option '{BASELINE}' (carrying on with the current treatment) is missing",
            f"add it as the first option, with id: {BASELINE}: not changing treatment is "
            "also a choice, and the others are compared with it",
        )
    others = sorted(
        (o for _, o in options if o.id != BASELINE), key=lambda o: option_order_key(o.name)
    )
    want = ([BASELINE] if BASELINE in ids else []) + [o.id for o in others]
    for (i, option), wanted in zip(options, want, strict=True):
        if option.id != wanted:
            report(
                ("options", i),
                f"option '{option.id}'",
                f"the options are not in the stated order ({ORDER_RULE}): "
                f"'{wanted}' should come here, not '{option.id}'",
                "move whole option blocks, without changing their text, into this order: "
                f"{', '.join(want)} (the order is stated under 'About this comparison' "
                "in docs/decision-aid/index.md)",
            )
            return


def check_worksheet_link(item: WorksheetItem, i: int, report: Reporter) -> None:
    """A worksheet line says where to look: rows of the table, or a section of a page of the
    guide (path under docs/, and a heading there written with { #anchor })."""
    ctx = f"worksheet item '{item.id}'"
    if not item.rows and item.page is None:
        report(
            ("worksheet", i),
            ctx,
            "the line says nowhere to look",
            "give rows: (the table's rows that help) or page: (path, anchor, label)",
        )
    if item.page is None:
        return
    doc = ROOT / "docs" / item.page.path
    if not doc.is_file():
        report(
            ("worksheet", i, "page", "path"),
            ctx,
            f"no page docs/{item.page.path}",
            "use the path of a page under docs/, e.g. safety/cost-and-insurance.md",
        )
    elif f"{{ #{item.page.anchor} }}" not in doc.read_text(encoding="utf-8"):
        report(
            ("worksheet", i, "page", "anchor"),
            ctx,
            f"docs/{item.page.path} has no section with the id '{item.page.anchor}'",
            "use the id of a heading on that page, written there as { #id }",
        )
