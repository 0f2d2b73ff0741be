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
- `<!-- generated: option-summary -->`: the options at a glance: each option's line against no
  treatment (`against_none:`, the shared yardstick, its rule first), then how soon each may
  help and its main figures (those drawn as pictures), or its finding in words
  (`improved_short:`) if it has none (the handout's first page).
- `<!-- generated: option-harms -->`: each option's main harms in one line (`harms_short:`),
  for the short summary (Markdown).
- `<!-- generated: option-life -->`: what each option asks of daily life and what it costs,
  in one line (`life_short:`), for the short summary (Markdown).
- `<!-- generated: option-research -->`: each option's level of research (the `level:` of its
  research row, as on docs/about/evidence-levels.md) and, in one line (`limits_short:`), what
  the research shows and its main limit, for the short summary (Markdown).
- `<!-- generated: print-pages -->`: the printed page's running header and footer (site
  name, date checked, address, page N of M) as CSS @page margin boxes.
- `<!-- generated: option-unknowns -->`: the "what we don't know" list.
- `<!-- generated: option-not-checked -->`: "What we could not check": the unknowns about one
  option's cell (option: and row:), option by option, then where and when we looked; that
  cell links to its item. On a page with the grid, one sentence pointing to the page of its
  own (decision-aid/what-we-could-not-check.md) instead.
- `<!-- generated: values-worksheet -->`: the "what matters most to you" worksheet
  (radio buttons and checkboxes with labels; no form, nothing stored or sent).
- `<!-- generated: values-grid -->`: the one-page sheet: the worksheet's lines that have
  `answers:` (rows, each with three radio buttons) against the options (columns), each cell a
  short answer reworded from that option's cells, with their sources (decision_aid_values.py).
- `<!-- generated: option-review -->`: the page's review dates, in words.
- `<!-- generated: other-options -->`: treatments guidelines name that the grid leaves out,
  one sourced line each (`other_options:`).
- `<!-- generated: no-new-treatment -->`: "If you choose no new treatment, or want to stop one"
  in short, one sourced line each (`no_new_treatment:`): the same words on the comparison
  page, the handout and the short summary.
- `<!-- generated: figure-rule -->`: the rule for which figures are shown (`figure_rule:`),
  stated once and shown on the comparison and the handout.

The numbers of each figure (numerator, denominator, percent) and the sentence of the source
they rest on come from the figure store, `data/figures/<SourceKey>.yml`, under the figure's
id (see figstore.py); this file adds how the comparison shows them. A sentence on any page
quotes a figure with `<!-- figure: ID -->` (provenance.py). The retired marker
`<!-- option-figure: ID -->` fails the build.

The icon arrays are SVG files made at build time (MkDocs `File.generated`) under
`assets/images/decision-aid/`. Each names its group (the option), trial and time point inside
the picture, and again in `data-title`, the lightbox's caption.
Pages that use a marker get `assets/stylesheets/decision-aid.css`.

This file is the MkDocs hook, a thin adapter: the data model is decision_aid_schema.py, the
reading decision_aid_load.py and its rules decision_aid_checks.py (a figure's:
decision_aid_figure_rules.py), the words and icon arrays decision_aid_icons.py, the grid and
numbers decision_aid_grid.py (glossary terms marked by glossary.py; long cells folded by
decision_aid_fold.py), the options at a glance decision_aid_glance.py (its yardstick's rules:
decision_aid_yardstick.py), the lists
decision_aid_lists.py, the handout and worksheet decision_aid_handout.py.

Checks (each fails the build through `common.problem`, naming the file, line, option and
row, and saying how to fix it): a cell with no source and no `no_good_evidence: true`
marker; an unknown source key; a percentage without a denominator or a time point (or a
percentage typed into a cell's text); an option missing a row; a denominator of zero or a
numerator larger than it; a "no good evidence" cell without a `searched:` sentence saying
where and when the editors looked; an option without either of the short summary's lines
(`harms_short:`, `limits_short:`, `life_short:`, each with its sources), so the summary
never shows one option's limits, harms or daily life and not another's; an option whose
improved cell has no figures without `improved_short:` (its finding in words, shown in the summary instead), or one with
figures and `improved_short:`; a 100-person picture (`icon_array: true`) of a figure with no
comparison group (its comparator "None. ..."); and the other schema errors pydantic finds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import decision_aid_glance as glance
import decision_aid_grid as grid_html
import decision_aid_handout as handout
import decision_aid_lists as lists
import decision_aid_load
import decision_aid_values as values
import markers
from common import DATA, ROOT, problem
from decision_aid_icons import icon_svg, icon_uri
from decision_aid_schema import (
    COPY_HREF,
    COPY_PAGE,
    CSS,
    NOT_CHECKED_HREF,
    NOT_CHECKED_PAGE,
    REL,
    Edition,
    Loaded,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

SOURCE = DATA / "options.yml"
STORE_ROOT = ROOT  # where data/figures is (tests point it at a scratch copy)
REGISTRY = DATA / "references.yml"

state = Loaded()


def load() -> Loaded:
    """Read and check data/options.yml (see decision_aid_load.load)."""
    return decision_aid_load.load(SOURCE, STORE_ROOT, REGISTRY)


# Each marker's renderer gets the data loaded at on_config (looked up when called) and what
# the page is, as its own markers say (`Edition`: printed or not, what else it shows).
Renderer = Callable[[Loaded, "Page", "Files", Edition], str]


def _same_on_every_page(render: Callable[[Loaded, Page, Files], str]) -> Renderer:
    """A renderer whose output does not depend on what the page is."""
    return lambda data, page, files, edition: render(data, page, files)


RENDERERS: dict[str, Renderer] = {
    # On screen, long cells fold their rest into "More"; the printed handout keeps every word.
    "option-grid": lambda data, page, files, edition: grid_html.grid(
        data, page, files, fold=not edition.printed
    ),
    "option-numbers": _same_on_every_page(grid_html.numbers),
    "option-unknowns": _same_on_every_page(lists.unknowns),
    "option-not-checked": lists.not_checked,
    "values-worksheet": handout.worksheet,
    "values-grid": values.values_grid,
    "option-review": handout.review,
    "option-summary": _same_on_every_page(glance.summary),
    "option-harms": _same_on_every_page(grid_html.harms),
    "option-life": _same_on_every_page(grid_html.daily_life),
    "option-research": _same_on_every_page(grid_html.research),
    "option-pictures": _same_on_every_page(grid_html.pictures),
    "print-pages": _same_on_every_page(handout.print_pages),
    "other-options": lists.other_options,
    "no-new-treatment": _same_on_every_page(lists.no_new_treatment),
    "figure-rule": _same_on_every_page(lists.figure_rule),
}
PRINT = "print-pages"
# Markdown, not HTML: not wrapped in the comparison's <div>.
PLAIN = (
    "option-unknowns",
    "option-not-checked",
    "option-review",
    "other-options",
    "no-new-treatment",
    "figure-rule",
    "option-harms",
    "option-life",
    "option-research",
)
FIGURE_LINK = re.compile(r"<!-- figure-link: [a-z0-9-]+ -->")
# What "quote N" means (above the grid): paper has no such links (FIGURE_LINK).
QUOTE_NOTE = re.compile(r'<span class="da-quote-note">.*?</span>', re.S)


def render(marker: markers.Marker, ctx: markers.Page) -> str:
    """One comparison marker. The first marker (in RENDERERS order) that is wrapped in the
    comparison's <div> carries its stylesheet; a page with only plain ones gets it at the end."""
    page, files = ctx.page, ctx.files
    edition = Edition(
        tuple(n for k, n in markers.found(ctx.markdown) if k == "generated" and n in RENDERERS)
    )
    found = [n for n in RENDERERS if n in edition.shown]
    name = marker.name
    made = (
        handout.print_pages(state, page, files, ctx.config)
        if name == PRINT
        else RENDERERS[name](state, page, files, edition)
    )
    site_url = ctx.config.get("site_url") if ctx.config else ""
    made = made.replace(lists.SITE_TOKEN, str(site_url or ""))
    for token, doc in ((NOT_CHECKED_HREF, NOT_CHECKED_PAGE), (COPY_HREF, COPY_PAGE)):
        if token in made:
            target = files.get_file_from_path(doc)
            if target is None:
                problem(REL, f"{doc} is missing", "restore that page")
            href = target.url_relative_to(page.file) if target else ""
            made = made.replace(token, html.escape(href))
    if edition.printed:
        # The printed handout keeps to its sheets; "How we know" is on the comparison page.
        made = FIGURE_LINK.sub("", made)
        made = QUOTE_NOTE.sub("", made)
        made = markers.swap(made, "figure", lambda fid: html.escape(state.inline.get(fid, fid)))
    wrapped = [n for n in found if n not in PLAIN]
    if name not in PLAIN:
        link = _stylesheet(ctx) if name == wrapped[0] else ""
        made = f'<div class="da">{link}{made}</div>'
    elif not wrapped and REL not in ctx.tails:  # inline figures are plain words: no stylesheet
        link = _stylesheet(ctx)
        if link:
            ctx.tails[REL] = lambda: f'\n\n<div class="da">{link}</div>\n'
    return markers.block(REL, made)


def _stylesheet(ctx: markers.Page) -> str:
    css_file = ctx.files.get_file_from_path(CSS)
    if css_file is None:
        return ""
    return f'<link rel="stylesheet" href="{html.escape(css_file.url_relative_to(ctx.page.file))}">'


def retired(marker: markers.Marker, ctx: markers.Page) -> str:
    problem(
        marker.where,
        f"'{marker.text}' is retired",
        f"write <!-- figure: {marker.name} --> (the figure store, data/figures/*.yml)",
    )
    return marker.text


for _name in RENDERERS:
    markers.register(
        "generated", _name, "overrides/hooks/decision_aid.py", render=render, inline=True
    )
# Retired: the renderer says what to write instead (the registry would only say "unknown").
markers.register(
    "option-figure", owner=REL, names=lambda: state.figures, render=retired, inline=True
)


# ---------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------


def on_config(config: MkDocsConfig, **kwargs: object) -> MkDocsConfig:
    global state
    state = load()
    return config


def on_files(files: Files, config: MkDocsConfig, **kwargs: object) -> Files:
    from mkdocs.structure.files import File

    for fid, fig in state.figures.items():
        if fig.icon_array:
            trial = state.trials[fig.trial]
            files.append(File.generated(config, icon_uri(fid), content=icon_svg(fig, trial)))
    return files
