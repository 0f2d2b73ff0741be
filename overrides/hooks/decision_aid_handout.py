"""The printed handout and the worksheet: running header and footer for print, the
"what matters most to you" worksheet (labelled radio buttons and checkboxes, no form:
nothing is stored or sent, and it works without JavaScript), and the review dates in words.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from common import long_date
from decision_aid_schema import Edition, Loaded

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def print_pages(data: Loaded, page: Page, files: Files, config: MkDocsConfig | None = None) -> str:
    """The printed handout's running header and footer: the site's address, the date the
    page was checked, and page N of M, on every sheet (CSS @page margin boxes)."""
    meta = page.meta.get("review") or {}
    last = meta.get("last")
    address = str(config.get("site_url") or "") if config else ""
    address = address.rstrip("/") + "/" + page.url if address else page.url

    def css(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    checked = f"Checked against its sources on {long_date(last)}" if last else ""
    box = "font: 10pt/1.3 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: #333;"
    return (
        "<style>@media print { @page { size: portrait; margin: 10mm; "
        f"@top-left {{ content: {css(config.get('site_name', '') if config else '')}; {box} }} "
        f"@top-right {{ content: {css(checked)}; {box} }} "
        f"@bottom-left {{ content: {css(address)}; {box} }} "
        f'@bottom-right {{ content: "Page " counter(page) " of " counter(pages); {box} }} }} }}'
        "</style>"
    )


CHOICES = [
    ("a-lot", "Matters a lot"),
    ("a-little", "Matters a little"),
    ("not", "Does not matter to me"),
]

# The worksheet's step on who takes part in the choice: the person ticks any, or none.
PEOPLE = [
    ("partner", "A partner"),
    ("family", "Family"),
    ("friends", "Friends"),
    ("carer", "A carer"),
    ("other", "Someone else"),
    ("no-one", "No one else"),
]


def worksheet(data: Loaded, page: Page, files: Files, edition: Edition) -> str:
    e = html.escape
    labels = {r.id: r.label for r in data.rows}
    # "Where to look" links each line to its rows in the comparison's table: on this page if
    # it carries the table (the handout), else on the comparison page. On paper the worksheet
    # page keeps the row names; a printed edition hides them (the handout is at its sheet limit).
    grid_page = files.get_file_from_path("decision-aid/index.md")
    printed = edition.printed
    base = "" if edition.with_grid or grid_page is None else grid_page.url_relative_to(page.file)
    hint_cls = "da-hint" if printed else "da-hint da-hint-print"
    parts = ['<div class="da-worksheet">']
    if printed:
        # On the handout's paper the three choices are named once, as column heads that repeat
        # on each sheet the lines run onto, and each line shows only its circles, so the
        # questions have the width to fit on one line (decision-aid.css). On screen the heads
        # are hidden and every choice keeps its words; screen readers skip the heads.
        heads = "".join(f"<span>{e(text)}</span>" for _, text in CHOICES)
        parts.append(
            '<div class="da-values"><div class="da-scale" aria-hidden="true">'
            f'<div class="da-scale-row">{heads}</div></div>'
        )
    for n, item in enumerate(data.worksheet, start=1):
        rows = " and ".join(
            f'<a href="{e(base)}#da-row-{e(r)}">{e(labels[r])}</a>'
            for r in item.rows
            if r in labels
        )
        # A value the table does not cover points to the section of the guide that does.
        target = files.get_file_from_path(item.page.path) if item.page else None
        if item.page and target is not None:
            href = f"{target.url_relative_to(page.file)}#{item.page.anchor}"
            link = f'<a href="{e(href)}">{e(item.page.label)}</a>'
            rows = f"{rows} and {link}" if rows else link
        radios = "".join(
            f'<label class="da-choice"><input type="radio" name="da-{e(item.id)}" value="{v}" '
            f'autocomplete="off"> <span>{e(text)}</span></label>'
            for v, text in CHOICES
        )
        fieldset = (
            f'<fieldset class="da-value"><legend><span class="da-num">{n}.</span> {e(item.question)}</legend>'
            f'<div class="da-choices">{radios}</div>'
            f'<p class="{hint_cls}">Where to look: {rows}.</p></fieldset>'
        )
        # On paper each line is a row of that table, so a sheet breaks between lines.
        parts.append(f'<div class="da-value-row">{fieldset}</div>' if printed else fieldset)
    if printed:
        parts.append("</div>")
    boxes = "".join(
        f'<label class="da-choice"><input type="checkbox" name="da-option" value="{e(o.id)}" '
        f'autocomplete="off"> <span>{e(o.name)}</span></label>'
        for o, _ in data.options
    )
    parts.append(
        f'<fieldset class="da-value da-options"><legend>Options I would like to talk about</legend>'
        f'<div class="da-choices">{boxes}</div></fieldset>'
    )
    # Who the person wants involved in the choice (NICE NG222 1.3.2: family members, carers
    # or other supporters, if the person agrees). Checkboxes in labels: no form, no script.
    people = "".join(
        f'<label class="da-choice"><input type="checkbox" name="da-people" value="{v}" '
        f'autocomplete="off"> <span>{e(text)}</span></label>'
        for v, text in PEOPLE
    )
    parts.append(
        '<fieldset class="da-value da-options da-people"><legend>People I would like to '
        f'involve in the choice</legend><div class="da-choices">{people}</div></fieldset>'
    )
    # The last step: where the person stands now, written by hand (no inputs, nothing sent).
    steps = (
        "The option I am leaning towards",
        "How sure I am: not sure, fairly sure or very sure",
        "What would help me feel surer: more facts, more time, or talking it over with someone",
    )
    parts.append(
        '<div class="da-notes da-leaning"><p class="da-notes-title">Which option am I leaning '
        "towards, and how sure am I?</p>"
        + "".join(f'<p class="da-step">{e(s)}:</p><p class="da-line"></p>' for s in steps)
        + "</div>"
    )
    parts.append(
        '<div class="da-notes"><p class="da-notes-title">My questions and notes</p>'
        + '<p class="da-line"></p>' * 6
        + "</div>"
    )
    parts.append("</div>")
    return "".join(parts)


def review(data: Loaded, page: Page, files: Files, edition: Edition) -> str:
    meta = page.meta.get("review") or {}
    last, nxt = meta.get("last"), meta.get("next")
    if not last:
        return ""
    # Where and when we looked is on the page "What we could not check" (option-not-checked).
    return (
        f"We last checked the whole comparison against its sources on "
        f"{long_date(last)} (next by {long_date(nxt)}).\n"
    )
