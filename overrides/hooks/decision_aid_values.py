"""The one-page sheet of what matters against the choices (docs/decision-aid/one-page-sheet.md).

Rows are the worksheet's lines that have `answers:` (data/options.yml), columns the options in
the comparison's order, each cell a short answer with its sources; the first column holds the
line and three plain radio buttons (matters a lot, a little, not much: no form, nothing saved).
An answer only rewords what that option's cells in the line's `rows:` say, with their sources:
`check_answers` refuses an answer citing a source those cells do not cite, a line that leaves
an option out, and an answer with no source unless it says "Not known" where a cell does.
Pydantic (decision_aid_schema.Answer) refuses an answer longer than ANSWER_MAX characters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from decision_aid_checks import sources_of
from decision_aid_grid import with_cites
from decision_aid_schema import (
    ANSWER_MAX,
    NOT_KNOWN,
    PERCENT_IN_TEXT,
    Edition,
    Loaded,
    WorksheetItem,
)
from glossary import with_glossary

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

Report = Callable[[tuple, str, str, str], None]

# A cell that says, in words, that something is not known (or was not found).
SAYS_NOT_KNOWN = re.compile(r"\bnot known\b|\bwe found no\b", re.I)

TICKS = (("a-lot", "A lot"), ("a-little", "A little"), ("not-much", "Not much"))


def check_answers(item: WorksheetItem, i: int, data: Loaded, report: Report) -> None:
    """A line's answers: one for every option, each from that option's cells in the line's
    rows (same sources), "Not known" only where a cell says so, no typed percentages."""
    if not item.answers:
        return
    ctx = f"worksheet item '{item.id}'"
    here = ("worksheet", i, "answers")
    if not item.rows:
        report(
            here,
            ctx,
            "the line has answers but no rows: to take them from",
            "give rows: (the table's rows whose cells the answers reword)",
        )
    options = {o.id: cells for o, cells in data.options}
    for oid in options:
        if oid not in item.answers:
            report(
                here,
                ctx,
                f"no answer for the option '{oid}'",
                "give every option an answer (the sheet shows every choice on every line), "
                f"or remove answers: from this line; options: {', '.join(options)}",
            )
    for oid, answer in item.answers.items():
        where = (*here, oid)
        if oid not in options:
            report(
                where,
                ctx,
                f"an answer for '{oid}', which is not an option",
                f"use an option id: {', '.join(options)}",
            )
            continue
        cells = [options[oid][r] for r in item.rows if r in options[oid]]
        allowed = sources_of(options[oid], item.rows)
        for key in answer.cite:
            if key not in allowed:
                report(
                    (*where, "cite"),
                    f"{ctx}, option '{oid}'",
                    f"the answer cites '{key}', which the option's cells in "
                    f"{', '.join(item.rows)} do not cite",
                    "an answer only rewords what those cells say, with their sources: "
                    f"cite one of {', '.join(sorted(allowed)) or '(none)'}, or put the fact "
                    "in the cell first",
                )
        says_not_known = any(c.no_good_evidence or SAYS_NOT_KNOWN.search(c.text) for c in cells)
        if answer.text.startswith(NOT_KNOWN) and not says_not_known:
            report(
                (*where, "text"),
                f"{ctx}, option '{oid}'",
                f"the answer says '{NOT_KNOWN}', but none of the option's cells in "
                f"{', '.join(item.rows)} says something is not known",
                "reword what the cells say, with their sources",
            )
        if not answer.cite and not answer.text.startswith(NOT_KNOWN):
            report(
                (*where, "cite"),
                f"{ctx}, option '{oid}'",
                "the answer has no source",
                f"cite the sources of the cells it rewords, or, where a cell says it is not "
                f"known, begin the answer '{NOT_KNOWN}'",
            )
        if PERCENT_IN_TEXT.search(answer.text):
            report(
                (*where, "text"),
                f"{ctx}, option '{oid}'",
                "a percentage is typed into the answer",
                f"say it in words, in {ANSWER_MAX} characters or fewer, as the cell does",
            )


def values_grid(data: Loaded, page: Page, files: Files, edition: Edition) -> str:
    """The sheet: a labelled, keyboard-scrollable region holding one table."""
    e = html.escape
    items = [w for w in data.worksheet if w.answers]
    heads = "".join(f'<th scope="col">{e(o.short)}</th>' for o, _ in data.options)
    rows = []
    for item in items:
        ticks = "".join(
            f'<label class="da-vtick"><input type="radio" name="dv-{e(item.id)}" value="{v}" '
            f'autocomplete="off"> <span>{e(text)}</span></label>'
            for v, text in TICKS
        )
        cells = "".join(
            f"<td>{with_cites(with_glossary(e(item.answers[o.id].text)), item.answers[o.id].cite)}</td>"
            for o, _ in data.options
            if o.id in item.answers
        )
        rows.append(
            f'<tr><th scope="row"><fieldset class="da-vq"><legend>{e(item.question)}</legend>'
            f'<div class="da-vticks">{ticks}</div></fieldset></th>{cells}</tr>'
        )
    # On a screen narrower than the table (a phone), a cue above it says that it scrolls
    # sideways: only the first choice shows at first (decision-aid.css hides it when the
    # table fits, and on paper).
    return (
        '<p class="da-vswipe">The table is wider than your screen: swipe or scroll it sideways '
        "to see all seven choices.</p>"
        '<div class="da-vgrid-wrap" role="region" aria-labelledby="da-vgrid-caption" tabindex="0">'
        '<table class="da-vgrid"><caption id="da-vgrid-caption">What matters to you, and what '
        "each choice means for it. The choices are in the comparison's order; No change means "
        "carrying on with your current treatment.</caption>"
        f'<thead><tr><th scope="col">What matters to you</th>{heads}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
