"""The comparison's grid, its numbers and its lists, as HTML (and Markdown for lists).

Each renderer takes the loaded data (`decision_aid_schema.Loaded`), the page and the site's
files, and returns what replaces its marker (see decision_aid.py). Citations are written
`[@Key]` after the words they support, for references.py to number.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import decision_aid_schema as schema
import markers
from common import FIGURE_LINK_WORDS, problem
from decision_aid_fold import folded, lead_and_rest
from decision_aid_icons import alt_text, counts_words, icon_size, icon_title, icon_uri, in_100
from decision_aid_schema import (
    EVIDENCE_ROW,
    REL,
    Cell,
    Figure,
    Loaded,
    no_comparison,
)
from figstore_schema import with_label
from glossary import with_glossary

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def _cites(keys: list[str]) -> str:
    keys = list(dict.fromkeys(keys))
    return f" [{'; '.join('@' + k for k in keys)}]" if keys else ""


def with_cites(text: str, keys: list[str]) -> str:
    """The citation goes after the words it supports, before the full stop (STYLE.md)."""
    text = text.rstrip()
    cite = _cites(keys)
    if cite and text.endswith("."):
        return text[:-1] + cite + "."
    return text + cite


def _href(page: Page, files: Files, target: str) -> str | None:
    f = files.get_file_from_path(target)
    if f is None:
        problem(
            REL,
            f"an option links to '{target}', which is not a page in docs/",
            "use a path under docs/, such as forms/intravenous.md",
        )
        return None
    return f.url_relative_to(page.file)


def and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def figure_lines(figs: list[Figure], data: Loaded, knew: bool = False, label: str = "") -> str:
    """One line per outcome of a trial: 'About 55 in 100 with ketamine drips and about 41 in
    100 with ECT responded (ELEKT-D, after 3 weeks of treatment)'. With `knew` (the options
    at a glance), a trial's last line also says who knew which treatment they had."""
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
    for n, group in enumerate(groups):
        first = group[0]
        parts = [
            f"<strong>{'About' if i == 0 else 'about'} {in_100(f)} in 100</strong> {e(f.short)}"
            f"<!-- figure-link: {f.id} -->"
            for i, f in enumerate(group)
        ]
        meta = f"({e(data.trials[first.trial].name)}, {e(first.time_point or '')})"
        # "not randomised: ..." once per trial in a run of lines, on its last line.
        last = n + 1 == len(groups) or groups[n + 1][0].trial != first.trial
        who = data.trials[first.trial].knew if knew and last else None
        if who:
            meta = meta[:-1] + f"; {e(who)})"
        meta = with_label(meta, first.not_randomised if last else None)
        # At a glance, who left before starting goes with the trial's last line (trials:
        # started:), so the numbers of those who started are never read as of all assigned.
        left = data.trials[first.trial].started if knew and last else None
        after = f" {markers.escape_keeping(left, 'figure')}" if left else ""
        # On screen, two groups' numbers also side by side (the printed sheets keep to budget).
        diff = difference(group)
        extra = f' <span class="da-screen-only da-diff">{diff}.</span>' if diff else ""
        head = f'<strong class="da-h2h">{e(label)}</strong> ' if label and n == 0 else ""
        out.append(
            f'<p class="da-nf">{head}{and_list(parts)} {e(first.outcome_short)} '
            f'<span class="da-meta">{meta}</span>{after}{extra}</p>'
        )
    return "".join(out)


def difference(pair: list[Figure]) -> str | None:
    """Two groups' numbers for one outcome of one trial, set side by side: 'That is about 14
    more in 100 who responded with ketamine drips than with ECT'. Worked out here from the two
    rounded numbers the reader sees, never typed by hand. None for one group or three or more
    (no one comparison), or for a group with no comparison or not randomised."""
    if len(pair) != 2 or any(no_comparison(f) or f.not_randomised for f in pair):
        return None
    e = html.escape
    hi, lo = sorted(pair, key=in_100, reverse=True)
    diff = in_100(hi) - in_100(lo)
    who = f"who {e(hi.outcome_short)}"
    said = (
        f"about {diff} more in 100 {who} {e(hi.short)} than {e(lo.short)}"
        if diff
        else f"about the same number in 100 {who} {e(hi.short)} as {e(lo.short)}"
    )
    return f"That is {said}"


def difference_lines(figs: list[Figure]) -> list[str]:
    """The comparison page's numbers: one line for each outcome of a trial measured in
    exactly two groups at the same time point (see `difference`)."""
    groups: dict[tuple, list[Figure]] = {}
    for fig in figs:
        groups.setdefault((fig.trial, fig.outcome, fig.time_point), []).append(fig)
    said = [difference(pair) for pair in groups.values()]
    return [f'<li class="da-diff">{d}.</li>' for d in said if d]


def _unchecked(data: Loaded, option: str, row: str) -> bool:
    return any(u.option == option and u.row == row for u in data.unknowns)


# The short link a cell ends with when part of its answer is missing or could not be checked;
# the note above the grid (GAPS_NOTICE) says once what it means, and what "read in a copy",
# which some cells say, means for trust.
GAPS = "what is missing"
GAPS_NOTICE = (
    f'“({GAPS})” links to <a href="{schema.NOT_CHECKED_HREF}">What we could not check</a>. '
    "“Read in a copy” means we read that source in a reprint on another website, such as a "
    "library or a medicines website, not on the publisher's or regulator's own site. So that "
    f'finding is a little less certain (<a href="{schema.COPY_HREF}#read-in-a-copy">why it matters</a>).'
    f'<span class="da-quote-note"> “{FIGURE_LINK_WORDS}&nbsp;1” after a number '
    "opens the source's own words for it, under "
    '<a href="#how-we-know">How we know these figures</a>.</span>'
)


def _where(data: Loaded, option: str, row: str, sep: str = ", ") -> str:
    """Which cell, for screen readers: "ECT, How soon may it help?" (escaped)."""
    names = {o.id: o.short for o, _ in data.options}
    labels = {r.id: r.label for r in data.rows}
    return html.escape(f"{names.get(option, option)}{sep}{labels.get(row, row)}")


def _gaps_link(data: Loaded, option: str, row: str) -> str:
    return (
        f' <span class="da-nc">(<a href="{schema.NOT_CHECKED_HREF}#{schema.gap_anchor(option, row)}" '
        f'aria-label="{GAPS.capitalize()}: {_where(data, option, row)}">{GAPS}</a>)</span>'
    )


def _words_html(text: str) -> str:
    # A figure from the store named in the text stays a marker, for provenance.py.
    return with_glossary(markers.escape_keeping(text, "figure"))


def _cell_html(
    cell: Cell, data: Loaded, option: str = "", row: str = "", fold: bool = False
) -> str:
    """A cell: its label if nothing reliable is known, its level (research row), its text with
    citations, a link to "What we could not check" if it has gaps there, and its figures.
    With `fold`, a long cell folds the rest of its words into "More" (decision_aid_fold)."""
    parts = []
    if cell.no_good_evidence:
        parts.append('<p class="da-gap"><strong>No good evidence found.</strong></p>')
    level = (
        f'<strong class="da-level">{html.escape(cell.level.capitalize())}.</strong> '
        if cell.level
        else ""
    )
    gaps = _gaps_link(data, option, row) if cell.searched or _unchecked(data, option, row) else ""
    lead, rest = lead_and_rest(cell.text) if fold else (cell.text, "")
    if rest:
        parts.append(f"<p>{level}{_words_html(lead)}{gaps}</p>")
        parts.append(
            folded(with_cites(_words_html(rest), cell.cite), _where(data, option, row, ": "))
        )
    else:
        parts.append(f"<p>{level}{with_cites(_words_html(cell.text), cell.cite)}{gaps}</p>")
    parts.append(figure_lines([data.figures[f] for f in cell.figures if f in data.figures], data))
    return "".join(parts)


def grid(data: Loaded, page: Page, files: Files, fold: bool = False) -> str:
    """The comparison's grid; with `fold` (on screen), long cells fold their rest into "More"."""
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
        # A row's note (e.g. that its numbers cannot be compared) goes with its question: in
        # the row header on wide screens, and in each card on phones and paper.
        note = f'<span class="da-row-note">{e(row.note)}</span>' if row.note else ""
        # The id lets the worksheet's "Where to look" link straight to this row.
        cells = [f'<th scope="row" id="da-row-{e(row.id)}">{e(row.label)}{note}</th>']
        for option, option_cells in data.options:
            cell = option_cells.get(row.id)
            inner = (
                _cell_html(cell, data, option.id, row.id, fold)
                if cell
                else "<p><em>Missing: see the build log.</em></p>"
            )
            cls = ' class="da-gap-cell"' if cell and cell.no_good_evidence else ""
            cells.append(f'<td{cls}><span class="da-q">{e(row.label)}{note}</span>{inner}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = (
        "Treatment options for depression that has not improved with antidepressants. "
        "Each column is one option; each row is one question. Numbers come from different "
        "trials in different people, so they cannot be compared directly."
    )
    jump = " · ".join(f'<a href="#da-col-{o.id}">{e(o.short)}</a>' for o, _ in data.options)
    return (
        f'<p class="da-jump">Go to a choice: {jump}</p>'
        f'<p class="da-gaps-note">{GAPS_NOTICE}</p>'
        f'<div class="da-grid-wrap" role="region" aria-label="Options compared, table" tabindex="0">'
        f'<table class="da-grid"><caption>{e(caption)}</caption>'
        f"<thead><tr>{''.join(head)}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def numbers(data: Loaded, page: Page, files: Files, full: bool = True) -> str:
    """Each trial's figures: icon arrays, natural frequencies and the trial's details.
    Trials with pictures (the main results) come first, then the others (side effects).
    Without `full` (the handout): only the trials with pictures, and no details table."""
    e = html.escape
    order: list[str] = []
    for option, cells in data.options:
        # The trials of each option's line against no treatment (against_none:) too, so each
        # is described like every other: who took part, how it was run, who paid.
        yard = option.against_none.figures if option.against_none else []
        for fid in [f for cell in cells.values() for f in cell.figures] + yard:
            fig = data.figures.get(fid)
            if fig and fig.trial not in order:
                order.append(fig.trial)
    pictured = {f.trial for f in data.figures.values() if f.icon_array}
    order.sort(key=lambda t: t not in pictured)
    if not full:
        order = [t for t in order if t in pictured]
    out = []
    derived = False  # some numbers worked out by the editors: said once, above the trials
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
                    f"{with_label(f'({e(counts_words(fig))})', fig.not_randomised)}."
                    f"<!-- figure-link: {fid} --></li>"
                )
        fs = [f for _, f in figs]
        if full:
            lines += difference_lines(fs)
        rows = [
            ("What counted", " ".join(dict.fromkeys(f.outcome for f in fs))),
            ("When", "; ".join(dict.fromkeys(f.time_point or "" for f in fs))),
            ("Who took part", f"{trial.size:,} people. {trial.who}"),
            ("How it was run", trial.design),
            ("Who paid for it", trial.funder),
        ]
        derived = derived or (
            not any(f.base for f in fs) and any(f.counts == "derived" for f in fs)
        )
        if any(f.base for f in fs):
            rows.append(
                (
                    "Counts",
                    "The trial's summary gives percentages only, not how many people in each "
                    "group; “about N in 100” is the percentage, rounded.",
                )
            )
        details = "".join(
            f'<tr><th scope="row">{e(k)}</th><td>{with_glossary(e(v[:1].upper() + v[1:]))}</td></tr>'
            for k, v in rows
        )
        icons = f'<div class="da-icon-row">{"".join(arrays)}</div>' if arrays else ""
        if not full:  # the handout: how the trial was run and who paid, beside its pictures
            out.append(
                f'<div class="da-trial da-trial-pics" id="da-trial-{e(tid)}"><div class="da-trial-text">'
                f'<h3 id="trial-{e(tid)}">{e(trial.name)}: {e(trial.title)}{_cites(trial.cite)}</h3>'
                f'<p class="da-facts" id="da-facts-{e(tid)}">{e(trial.design)} Who paid for it: '
                f"{e(trial.funder)}</p></div>{icons}</div>"
            )
            continue
        out.append(
            f'<div class="da-trial" id="da-trial-{e(tid)}">'
            f'<h3 id="trial-{e(tid)}">{e(trial.name)}: {e(trial.title)}</h3>{icons}'
            f'<ul class="da-nf-list">{"".join(lines)}</ul>'
            f'<table class="da-details"><caption>About {e(trial.name)}{_cites(trial.cite)}</caption>'
            f"<tbody>{details}</tbody></table></div>"
        )
    if full and derived:
        out.insert(
            0,
            '<p class="da-derived">Some numbers below are worked out by the editors from the '
            "published figures, for example a count from a percentage. “How we know these "
            "figures”, at the end of the page, gives each source's words and our working.</p>",
        )
    return "".join(out)


def pictures(data: Loaded, page: Page, files: Files) -> str:
    """The handout's pictures, each trial's beside how it was run (who knew, who rated) and
    who paid, so no printed number travels without them."""
    return numbers(data, page, files, full=False)


def _one_line_each(data: Loaded, name: str) -> str:
    """One of the short summary's lines (SHORT_LINES), for every option (Markdown, so
    citations are numbered)."""
    lines = [(o.name, getattr(o, name)) for o, _ in data.options]
    return "".join(f"- **{n}:** {with_cites(c.text, c.cite)}\n" for n, c in lines if c)


def harms(data: Loaded, page: Page, files: Files) -> str:
    """The short summary's harms, one line per option (`harms_short:`)."""
    return _one_line_each(data, "harms_short")


def daily_life(data: Loaded, page: Page, files: Files) -> str:
    """The short summary's daily life and cost, one line per option (`life_short:`)."""
    return _one_line_each(data, "life_short")


def research(data: Loaded, page: Page, files: Files) -> str:
    """The short summary's research, one line per option (Markdown, so citations are
    numbered): the level of its research row (docs/about/evidence-levels.md), then what the
    research shows and its main limit (`limits_short:`)."""
    lines = []
    for option, cells in data.options:
        cell = cells.get(EVIDENCE_ROW)
        if option.limits_short is None or cell is None or cell.level is None:
            continue  # the loader has reported it
        text = with_cites(option.limits_short.text, option.limits_short.cite)
        lines.append(f"- **{option.name}:** Research level: {cell.level}. {text}")
    return "\n".join(lines) + "\n"
