"""The comparison's lists, as Markdown (so references.py numbers their citations): what we
don't know, what we could not check (with the editors' search log folded), other options,
choosing no new treatment in short, and the figure rule. See decision_aid.py for the markers.
"""

from __future__ import annotations

import html
import posixpath
from typing import TYPE_CHECKING

from decision_aid_grid import and_list, with_cites
from decision_aid_schema import (
    NOT_CHECKED_PAGE,
    OTHER_PARTS,
    YARDSTICK,
    Edition,
    Loaded,
    OtherOption,
    OtherTreatment,
    gap_anchor,
)

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
SEARCHED_MEAN = (
    "For anyone who wants to check our work: where we searched for each item above, and when."
)
# The question an option's line "with it, without it" (against_none:) answers, as a gap's label.
YARDSTICK_LABEL = "How many improved with it and without it (a dummy, sham or usual care)?"
YARDSTICK_GAP = "No numbers found."
# decision_aid.render puts the site's address (site_url) in place of this.
SITE_TOKEN = "@site-url@"


def unknowns(data: Loaded, page: Page, files: Files) -> str:
    """The "what we don't know" list (Markdown, so references.py numbers the citations).
    Items about one option's cell go to "What we could not check" (not_checked); where and
    when we looked (searched:) is in that part's fold, not here."""
    items = []
    for cell in data.unknowns:
        if not cell.option:
            items.append(f"- {with_cites(cell.text, cell.cite)}")
    return "\n".join(items) + "\n"


def not_checked(data: Loaded, page: Page, files: Files, edition: Edition) -> str:
    """What we could not check (Markdown). A page with the comparison's table (the comparison
    and the handout) gets one sentence pointing to the page of its own (NOT_CHECKED_PAGE; the
    printed handout spells out its address): readers need the table, not the editors' list.
    That page lists, option by option, what is unknown about each cell (the unknowns about it,
    then each cell with no good evidence), each under the cell's question, with an anchor the
    cell's "(what is missing)" link points to. Where and when we looked (searched:, the
    editors' search log) follows under a heading of its own."""
    if edition.with_grid:
        return _not_checked_pointer(page, edition)
    labels = {r.id: r.label for r in data.rows}
    labels[YARDSTICK] = YARDSTICK_LABEL
    by_option: dict[str, list[tuple[str, str]]] = {o.id: [] for o, _ in data.options}
    # The log names only the gaps this page lists (an option's item, cell or yardstick line):
    # an item of "what we don't know" without option: is not on this page (the schema refuses
    # searched: on one), so a line for it would name nothing above.
    log: list[tuple[str, str]] = []
    names = {o.id: o.short for o, _ in data.options}
    logged: set[tuple[str, str]] = set()
    for u in data.unknowns:
        if u.option:
            rid = u.row or ""
            by_option.setdefault(u.option, []).append((rid, with_cites(u.text, list(u.cite))))
            # The same gap in two options' cells (one trial compared them) is one log line.
            if u.searched and (u.text, u.searched) not in logged:
                logged.add((u.text, u.searched))
                who = and_list(
                    [
                        names.get(v.option, v.option)
                        for v in data.unknowns
                        if v.option and v.text == u.text and v.searched == u.searched
                    ]
                )
                label = labels.get(rid, "")
                log.append((f"{who}, {label}" if label else f"{who}:", u.searched))
    # An option with no numbers on the shared yardstick: what is known, and where we looked
    # (the options at a glance links here instead of showing the search).
    for option, _ in data.options:
        block = option.against_none
        if block and block.none_found and block.searched:
            known = with_cites(block.text, list(block.cite))
            by_option[option.id].append((YARDSTICK, f"{YARDSTICK_GAP} {known}"))
            log.append((f"{option.short}, {YARDSTICK_LABEL}", block.searched))
    for row in data.rows:
        for option, cells in data.options:
            cell = cells.get(row.id)
            if cell and cell.no_good_evidence and cell.searched:
                by_option[option.id].append((row.id, "No good evidence found."))
                log.append((f"{option.short}, {labels.get(row.id, row.id)}", cell.searched))
    if not any(by_option.values()):
        return ""
    parts = [GAPS_MEAN, ""]
    for option, _ in data.options:
        items = by_option.get(option.id) or []
        if not items:
            continue
        parts.append(f"## {option.short} {{ #{option.id} }}\n")
        anchored: set[str] = set()
        rows_order = [YARDSTICK] + [r.id for r in data.rows]
        items.sort(key=lambda it: rows_order.index(it[0]) if it[0] in rows_order else 99)
        for rid, text in items:
            anchor = ""
            if rid not in anchored:
                anchored.add(rid)
                anchor = f'<span id="{gap_anchor(option.id, rid)}"></span>'
            label = labels.get(rid, rid)
            label += "" if label.endswith(("?", ".")) else ":"
            parts.append(f"- {anchor}**{label}** {text}")
        parts.append("")
    e = html.escape
    fold = "".join(f"<li><strong>{e(who)}</strong> {e(searched)}</li>" for who, searched in log)
    if log:
        parts.append(f"## {SEARCHED_SUMMARY} {{ #where-and-when-we-looked }}\n")
        parts.append(SEARCHED_MEAN + "\n")
        parts.append(f'<ul class="da-search-log">{fold}</ul>\n')
    return "\n".join(parts)


def _not_checked_pointer(page: Page, edition: Edition) -> str:
    """One sentence, where the list used to be, pointing to its own page."""
    link = posixpath.relpath(NOT_CHECKED_PAGE, posixpath.dirname(page.file.src_uri))
    if edition.printed:
        address = f"{SITE_TOKEN}{NOT_CHECKED_PAGE.removesuffix('.md')}/"
        return (
            "What we could not find or check for each choice, and where and when we looked, "
            f"is on our web page [{address}]({link}).\n"
        )
    return (
        "**What we could not check.** What we could not find or check for each choice, and "
        f"where and when we looked, is on its own page: [what we could not check]({link}).\n"
    )


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
    # is and its main harm or burden (harms_print:, the same for every one), and the handout
    # says in its own words that the rest is on the comparison page.
    if edition.printed:
        label = dict(OTHER_PARTS)["harms"]
        lines = (
            with_cites(f"{o.text} **{label}** {o.harms_print}", o.cite) for o in data.other_options
        )
        return "".join(f"- {line}\n" for line in lines)
    return "\n".join(_other_line(o) for o in data.other_options) + "\n"


def no_new_treatment(data: Loaded, page: Page, files: Files) -> str:
    """The part "If you choose no new treatment, or want to stop one" in short, one sourced
    line each (Markdown): the same words on the comparison page, the handout and the summary."""
    return _sourced_list(data.no_new_treatment)


def figure_rule(data: Loaded, page: Page, files: Files) -> str:
    """The rule for which figures are shown, paragraph by paragraph (Markdown)."""
    return "\n\n".join(data.figure_rule) + "\n"
