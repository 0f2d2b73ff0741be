"""The options at a glance (`<!-- generated: option-summary -->`): for every option, in the
stated order, its line on the shared yardstick (`against_none:`) first, then how soon it may
help and its head-to-head trial lines. Every yardstick line is a reader's sentence with the
same lead in the same place: when the two numbers were measured ("Measured 24 hours after a
dose: with it, about N in 100 responded; without it, about M in 100"), or why there are none
("No numbers found:", "The comparison:"). Where and when the editors looked (searched:) is not
in the table: it is on "What we could not check", which a line without numbers links to.
The rule of the yardstick (figure_rule:'s first paragraph) is the table's caption, before any
result. On paper (decision-aid.css) the table runs on at full width, and trials drawn as
pictures of 100 people are left to those pictures (the same numbers, with how each trial was
run), as the caption says.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

import markers
from decision_aid_grid import difference, figure_lines, with_cites
from decision_aid_icons import in_100
from decision_aid_schema import (
    NOT_CHECKED_HREF,
    YARDSTICK,
    Loaded,
    Option,
    gap_anchor,
    no_comparison,
)

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# The label of the trial lines under the yardstick in the options at a glance.
HEAD_TO_HEAD = "Head-to-head:"
NO_GROUP = "No comparison group:"
# On paper, where the head-to-head trials drawn as pictures of 100 people are (not in the table).
PAPER_NOTE = "Their pictures of 100 people are below."
# The lead of each yardstick line (always first, in bold): when the numbers were measured
# (MEASURED + the figures' time point), or why there are none.
MEASURED = "Measured"
NONE_LEAD = "No numbers found:"
COMPARISON_LEAD = "The comparison:"
# On screen, a line without numbers links to where and when we looked (What we could not check).
WHERE_WE_LOOKED = "where we looked"


def yardstick(option: Option, data: Loaded) -> str:
    """An option's line on the shared yardstick (`against_none:`), first in the options at a
    glance, led by when it was measured: 'Measured at week 6: with it, about 44 in 100
    responded; without it, about 35 in 100 (who knew). Which trial or review, who. How sure:
    not rated.' Carrying on says, in words, that it is the comparison; an option with no
    numbers says so and what is known, and, on screen, links to where and when we looked."""
    e = html.escape
    block = option.against_none
    if block is None:
        return ""  # the loader has reported it
    # A figure from the store named in the line stays a marker, for provenance.py.
    text = with_cites(markers.escape_keeping(block.text, "figure"), block.cite)
    if block.is_comparison:
        return f'<p class="da-yard"><strong>{COMPARISON_LEAD}</strong> {text}</p>'
    figs = [data.figures[f] for f in block.figures if f in data.figures]
    if len(figs) == 2:
        a, b = figs
        knew = data.trials[a.trial].knew if a.trial in data.trials else None
        meta = f' <span class="da-meta">({e(knew)})</span>' if knew else ""
        head = (
            f"<strong>{MEASURED} {e(a.time_point or '')}:</strong> with it, about {in_100(a)} "
            f"in 100 {e(a.outcome_short)}<!-- figure-link: {a.id} -->; without it, about "
            f"{in_100(b)} in 100<!-- figure-link: {b.id} -->{meta}."
        )
        # The caption says whose rating it is (GRADE); the line keeps to plain words.
        sure = f" How sure: {e(block.certainty or '')}."
        diff = difference([a, b])
        sure += f' <span class="da-screen-only da-diff">{diff}.</span>' if diff else ""
        return f'<p class="da-yard">{head} {text}{sure}</p>'
    where = (
        f' <span class="da-screen-only da-nc">(<a href="{NOT_CHECKED_HREF}#'
        f'{gap_anchor(option.id, YARDSTICK)}">{WHERE_WE_LOOKED}</a>)</span>'
    )
    return f'<p class="da-yard"><strong>{NONE_LEAD}</strong> {text}{where}</p>'


def summary(data: Loaded, page: Page, files: Files) -> str:
    """The handout's first page: each option, how soon it may help, and its main figures (those
    drawn as pictures of 100 people, or all of them if none is drawn; the full table has the
    rest), or, for an option without figures, what its research found in words
    (`improved_short:`)."""
    e = html.escape
    rows = []
    for option, cells in data.options:
        soon, improved = cells.get("how_soon"), cells.get("improved")
        soon_text = with_cites(e(soon.text), soon.cite) if soon else ""
        lines = ""
        if improved and improved.figures:
            figs = [data.figures[f] for f in improved.figures if f in data.figures]
            figs = [f for f in figs if f.icon_array] or figs
            # A trial already on the yardstick line is not repeated below it.
            same = set(option.against_none.figures) if option.against_none else set()
            figs = [f for f in figs if f.id not in same]
            label = NO_GROUP if figs and all(no_comparison(f) for f in figs) else HEAD_TO_HEAD
            lines = figure_lines(figs, data, knew=True, label=label) if figs else ""
            if figs and all(f.icon_array for f in figs):
                # On paper the same numbers, trial by trial with how each was run, are in the
                # pictures of 100 people further on (the caption says so), so the table,
                # with every option's yardstick line, fits page 1.
                lines = f'<div class="da-screen-only">{lines}</div>'
        elif option.improved_short:  # no figures: what its research found, in words
            line = option.improved_short
            lines = f'<p class="da-nf">{with_cites(e(line.text), line.cite)}</p>'
        inner = yardstick(option, data)
        inner += f"<p>{soon_text}</p>" if soon_text else ""
        inner += lines
        # A hyphenated word stays whole in the narrow name column ("off-label", not "off-").
        name = re.sub(r"(\S+-\S+)", r'<span class="da-nobreak">\1</span>', e(option.name))
        rows.append(f'<tr><th scope="row">{name}</th><td>{inner}</td></tr>')
    labels = {r.id: r.label for r in data.rows}
    # The yardstick's rule first, before any result; then the improved row's note (the trial
    # numbers below it cannot be set against each other).
    note = next((f" {r.note}" for r in data.rows if r.id == "improved" and r.note), "")
    rule = (
        f"<strong>With it, without it:</strong> {e(data.yardstick_rule)} "
        f"<strong>{e(HEAD_TO_HEAD)}</strong>{e(note)}"
        f'<span class="da-print-only"> {PAPER_NOTE}</span>'
        if data.yardstick_rule
        else e(note)
    )
    return (
        # On paper the heading just above names the table, so the caption's name is screen-only.
        f'<table class="da-summary"><caption><span class="da-screen-only">The options at a '
        f"glance.</span> {rule}</caption>"
        f'<thead><tr><th scope="col">Option</th>'
        f'<th scope="col">{e(labels.get("how_soon", "How soon may it help?"))} '
        f"{e(labels.get('improved', 'How many improved?'))}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
