"""The comparison's lists, as Markdown (so references.py numbers their citations): what we
don't know, what we could not check (with the editors' search log folded), other options,
choosing no new treatment in short, and the figure rule. See decision_aid.py for the markers.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from decision_aid_grid import NOT_CHECKED, and_list, with_cites
from decision_aid_schema import OTHER_PARTS, Edition, Loaded, OtherOption, OtherTreatment

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# What a gap means for a reader, said once above the list of gaps.
GAPS_MEAN = (
    "Each line below is a question this comparison cannot answer for one choice, because we "
    "found no source we could trust for it. A gap does not make a choice better or worse: it "
    "means nobody can tell you from this page. If it matters to you, your clinician may be able to tell you more."
)
# The editors' search log (searched:): kept for anyone who wants to check it, folded.
SEARCHED_SUMMARY = "Where and when we looked"


def unknowns(data: Loaded, page: Page, files: Files) -> str:
    """The "what we don't know" list (Markdown, so references.py numbers the citations).
    Items about one option's cell go to "What we could not check" (not_checked); where and
    when we looked (searched:) is in that part's fold, not here."""
    items = []
    for cell in data.unknowns:
        if not cell.option:
            items.append(f"- {with_cites(cell.text, cell.cite)}")
    return "\n".join(items) + "\n"


def not_checked(data: Loaded, page: Page, files: Files) -> str:
    """What we could not check (Markdown): what is unknown about one option's cell (the
    unknowns about it, then each cell with no good evidence), each naming the option and the
    question, under one sentence saying what a gap means. Those cells end with a short link
    here. Where and when we looked (searched:, the editors' search log) follows, folded in a
    <details>: readers need what is unknown, not the log."""
    names = {o.id: o.short for o, _ in data.options}
    labels = {r.id: r.label for r in data.rows}
    # The same gap in two options' cells (one trial compared them) is one item naming both.
    same: dict[tuple[str, str, tuple[str, ...], str], list[str]] = {}
    for u in data.unknowns:
        if u.option:
            key = (u.text, u.searched or "", tuple(u.cite), labels.get(u.row or "", ""))
            same.setdefault(key, []).append(names.get(u.option, u.option))
    items = []
    log: list[tuple[str, str]] = [
        (_first_words(u.text), u.searched) for u in data.unknowns if not u.option and u.searched
    ]
    for (text, searched, cite, label), who in same.items():
        items.append(f"- **{and_list(who)}:** {with_cites(text, list(cite))}")
        if searched:
            log.append((f"{and_list(who)}, {label}" if label else f"{and_list(who)}:", searched))
    for row in data.rows:
        for option, cells in data.options:
            cell = cells.get(row.id)
            if cell and cell.no_good_evidence and cell.searched:
                label = labels.get(row.id, row.id)
                items.append(f"- **{option.short}:** {label} No good evidence found.")
                log.append((f"{option.short}, {label}", cell.searched))
    if not items:
        return ""
    e = html.escape
    fold = "".join(f"<li><strong>{e(who)}</strong> {e(searched)}</li>" for who, searched in log)
    folded = (
        f'\n\n<details class="da-search-log"><summary>{SEARCHED_SUMMARY}</summary>'
        f"<ul>{fold}</ul></details>\n"
        if log
        else "\n"
    )
    return (
        f"### What we could not check {{ #{NOT_CHECKED} }}\n\n{GAPS_MEAN}\n\n"
        + "\n".join(items)
        + folded
    )


def _first_words(text: str) -> str:
    """The start of an unknown's text (its first sentence), to name it in the search log."""
    first = re.split(r"(?<=[.?!])\s", text.strip(), maxsplit=1)[0]
    return first.rstrip(".") + ":"


def _sourced_list(items: list[OtherOption]) -> str:
    """One sourced line each, as a Markdown list."""
    return "\n".join(f"- {with_cites(o.text, o.cite)}" for o in items) + "\n"


def _other_line(o: OtherTreatment) -> str:
    """One other option: what it is, then how it may work, its research and its harms, each
    after a bold label, in the same order for every one; the sources close the line."""
    parts = " ".join(f"**{label}** {getattr(o, name)}" for name, label in OTHER_PARTS)
    return f"- {with_cites(f'{o.text} {parts}', o.cite)}"


def other_options(data: Loaded, page: Page, files: Files, edition: Edition) -> str:
    """Treatments guidelines name that the grid leaves out, one item each (Markdown): what it
    is, how it may work, what its research shows and its harms, in the same shape for all."""
    # A printed edition keeps to its sheets (tests: HANDOUT_MAX_PAGES): it lists what each
    # is, and the handout says in its own words that the rest is on the comparison page.
    if edition.printed:
        return _sourced_list(list(data.other_options))
    return "\n".join(_other_line(o) for o in data.other_options) + "\n"


def no_new_treatment(data: Loaded, page: Page, files: Files) -> str:
    """The part "If you choose no new treatment, or want to stop one" in short, one sourced
    line each (Markdown): the same words on the comparison page, the handout and the summary."""
    return _sourced_list(data.no_new_treatment)


def figure_rule(data: Loaded, page: Page, files: Files) -> str:
    """The rule for which figures are shown, paragraph by paragraph (Markdown)."""
    return "\n\n".join(data.figure_rule) + "\n"
