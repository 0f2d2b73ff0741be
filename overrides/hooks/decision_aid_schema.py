"""The comparison's data model (data/options.yml): its constants and pydantic schemas.

Plain data, no MkDocs. `decision_aid_load.load()` checks the file and fills a `Loaded`;
the renderers (`decision_aid_grid`, `decision_aid_handout`, `decision_aid_icons`) read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from common import EVIDENCE_LEVELS, Evidence

REL = "data/options.yml"
CSS = "assets/stylesheets/decision-aid.css"
ICON_DIR = "assets/images/decision-aid"
STORE_FIELDS = (
    "numerator",
    "denominator",
    "percent",
    "base",
    "counts",
    "note",
    "quote",
    "not_randomised",
)
ID = r"^[a-z][a-z0-9-]*$"
ROW_ID = r"^[a-z][a-z0-9_]*$"
# A percentage typed into prose ("55%", "55.4 %", "55 per cent", "about 55 in 100").
PERCENT_IN_TEXT = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|per\s?cent\b)|\b\d+\s+(?:in|out of)\s+100\b", re.I
)
# A note in a cell that something could not be checked: it belongs in unknowns: (option:, row:).
NOT_CHECKED_NOTE = re.compile(r"\bwe could not (?:read|check|open|see|confirm)\b", re.I)
FORMAT_HELP = "see the comment at the top of data/options.yml for the format"
SECTIONS = (
    "rows",
    "trials",
    "figures",
    "options",
    "unknowns",
    "other_options",
    "no_new_treatment",
    "figure_rule",
    "worksheet",
)
# The row every option must answer with a level of evidence (the four levels of
# docs/about/evidence-levels.md, common.Evidence) and a sentence saying what research there is.
EVIDENCE_ROW = "evidence"
# The row every option must answer with what usually comes next if it does not help (DISCERN
# question 11: what happens if a treatment fails), sourced like any cell.
NO_HELP_ROW = "if_no_help"
NO_HELP_LABEL = "What if it does not help?"
LEVELS_HELP = f"level: one of {', '.join(EVIDENCE_LEVELS)} (see docs/about/evidence-levels.md)"
# The stated order of the options (docs/decision-aid/index.md, "About this comparison"),
# chosen so that no option is put first for its merits: the baseline, carrying on with the
# current treatment, first (what the others are compared with), then the others in
# alphabetical order of their names as readers see them (name:). decision_aid_checks.check_order
# refuses any other order, so the grid, the cards, the handout and the summary all follow it.
BASELINE = "carry-on"
ORDER_RULE = (
    f"the option '{BASELINE}' (carrying on with the current treatment) first, then the other "
    "options in alphabetical order of their name:"
)


def option_order_key(name: str) -> str:
    """How names are put in alphabetical order: by letters, digits and spaces, ignoring case
    and punctuation."""
    return "".join(ch for ch in name.casefold() if ch.isalnum() or ch == " ")


# A search sentence says when: a year such as 2026.
YEAR = re.compile(r"\b(19|20)\d\d\b")
SEARCHED_MAX = 120  # searched: is one short line under "No good evidence found"
HARMS_PRINT_MAX = 100  # an other option's harm on paper: one short clause (handout budget)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Row(_Strict):
    id: str = Field(pattern=ROW_ID)
    label: str = Field(min_length=3)
    note: str | None = Field(
        default=None,
        min_length=20,
        description="a warning shown with the question, e.g. that its numbers cannot be compared",
    )


class Trial(_Strict):
    """Which study a figure comes from. Its facts (name, size, who took part, how it was run,
    who paid) live once, in the `study:` block of data/figures/<study>.yml."""

    study: str = Field(min_length=2, description="the source's key: data/figures/<study>.yml")
    title: str = Field(min_length=5, description="heading in the numbers section")
    knew: str | None = Field(
        default=None,
        min_length=5,
        max_length=60,
        description="who knew which treatment they had, in a few words (the options at a "
        "glance); required for a trial whose figures are in the improved row",
    )
    started: str | None = Field(
        default=None,
        min_length=20,
        max_length=240,
        description="who left before starting the treatment they were assigned, a sentence "
        "with the store's figures (<!-- figure: ID -->), after the trial's line in the options "
        "at a glance, so a result of those who started never hides who did not",
    )


# The facts a trial's study block gives the comparison, and where it takes each from.
TRIAL_FACTS = {
    "name": "name",
    "size": "size",
    "who": "plain.who",
    "design": "plain.design",
    "funder": "plain.funder",
}


@dataclass
class TrialFacts:
    """A trial as the comparison shows it: its heading here, its facts from the study block."""

    key: str  # the source's key in data/references.yml
    title: str
    name: str
    size: int
    who: str
    design: str
    funder: str
    knew: str | None = None  # who knew which treatment they had (trials: knew:)
    started: str | None = None  # who left before starting (trials: started:)

    @property
    def cite(self) -> list[str]:
        return [self.key]


class Figure(_Strict):
    id: str = ""  # its id in the figure store (set by load)
    trial: str
    group: str = Field(min_length=3, description="who it counts, e.g. 'people who had ECT'")
    short: str = Field(min_length=2, max_length=40, description="the group in a few words")
    numerator: int | None = None
    denominator: int | None = None
    percent: float | None = Field(default=None, ge=0, le=100)
    base: str | None = None  # from the store: the group of a percentage given without counts
    counts: Literal["reported", "derived"] = "reported"  # from the store: derived or not
    not_randomised: str | None = None  # from the store: what a non-randomised figure comes from
    outcome: str = Field(min_length=5, description="the outcome definition")
    outcome_short: str = Field(min_length=3, description="verb phrase: 'responded'")
    time_point: str | None = None
    comparator: str = Field(min_length=3)
    icon_array: bool = False
    note: str | None = None


def no_comparison(fig: Figure) -> bool:
    """A figure with no comparison group (its comparator says "None. ..."): it is shown in
    words only, never as a 100-person picture beside trial results."""
    return fig.comparator.strip().lower().startswith("none")


class Cell(_Strict):
    text: str = Field(min_length=3)
    cite: list[str] = []
    figures: list[str] = []
    no_good_evidence: bool = False
    level: Evidence | None = Field(
        default=None, description="only in the evidence row: how strong the research is"
    )
    searched: str | None = Field(
        default=None,
        min_length=20,
        description="with no_good_evidence: where and when the editors looked, in a sentence",
    )


class Unknown(Cell):
    """An item of "what we don't know". With `option:` (and `row:`), it is something the
    editors could not check in that option's cell: it is listed under "What we could not
    check", must say where and when they looked (no_good_evidence: true and searched:), and
    the cell links to it."""

    option: str | None = Field(default=None, pattern=ID)
    row: str | None = Field(default=None, pattern=ROW_ID)

    @model_validator(mode="after")
    def searched_only_with_option(self) -> Unknown:
        # The search log on "What we could not check" must name only gaps that page lists.
        if (self.searched or self.no_good_evidence) and not self.option:
            raise ValueError(
                "searched: and no_good_evidence: go only with option: and row: (a gap on "
                "'What we could not check'); a general item says in its text what is not known"
            )
        return self


class OtherOption(_Strict):
    """One sourced line: in "Other options", a treatment guidelines name that the grid leaves
    out; in `no_new_treatment:`, a point of "If you choose no new treatment, or want to stop
    one" in short."""

    text: str = Field(min_length=10)
    cite: list[str] = Field(min_length=1)


class OtherTreatment(OtherOption):
    """A line of "Other options": what it is (text:), then, in the same short shape for every
    one, how it is thought to work (works:), what its research shows and how strong it is
    (evidence:), and its main harms or burdens (harms:; on paper, harms_print: in one short
    clause). All are required; cite: holds the sources of all."""

    works: str = Field(min_length=10, description="how it is thought to work, in a clause")
    evidence: str = Field(min_length=10, description="what research shows, and how strong")
    harms: str = Field(min_length=10, description="its main harms or burdens")
    harms_print: str = Field(min_length=30, max_length=HARMS_PRINT_MAX, description="on paper")


# What each part of an other option is called where it is shown, in order.
OTHER_PARTS = (
    ("works", "How it may work:"),
    ("evidence", "Research:"),
    ("harms", "Harms and burdens:"),
)


# The shared yardstick (DISCERN question 10): for every option, one line "with it, about N in
# 100 responded; without it, about M in 100", against a dummy (placebo), sham or usual care, on
# one measure, by the rule that is the first paragraph of figure_rule:. Its block in each
# option is `against_none:` (AgainstNone); decision_aid_checks.check_against_none enforces it.
YARDSTICK = "against_none"
YARDSTICK_MEASURE = "response"  # at least half as bad on a rating scale, where a source allows
CERTAINTY = ("high", "moderate", "low", "very low", "not rated")  # GRADE, as the source rates it
YARDSTICK_HELP = (
    "against_none: with EITHER figures: [with-id, without-id] (two groups of one trial or "
    "review, at one time point) OR none_found: true and searched: (where and when you looked, "
    f"{SEARCHED_MAX} characters at most), and measure: {YARDSTICK_MEASURE} (anything else must "
    f"be named in text:), certainty: (one of {', '.join(CERTAINTY)}), text: (one short "
    "sentence: which review or trial, who, when measured, who knew) and cite: [Key, ...]; "
    f"the option '{BASELINE}' has is_comparison: true and text: instead"
)


class AgainstNone(_Strict):
    """One option's line on the shared yardstick. Exactly one of: `figures:` (the group with
    the option, then the group without it: dummy, sham or usual care, from one source at one
    time point), `none_found: true` with `searched:`, or, for carrying on, `is_comparison:
    true` (it IS what the others are measured against)."""

    is_comparison: bool = False
    figures: list[str] = []
    none_found: bool = False
    searched: str | None = Field(default=None, min_length=20)
    measure: str | None = Field(default=None, pattern=r"^[a-z][a-z ]+$")
    certainty: str | None = None
    text: str = Field(min_length=10, max_length=220)
    cite: list[str] = []


class Option(_Strict):
    id: str = Field(pattern=ID)
    name: str = Field(min_length=3)
    short: str = Field(min_length=2, max_length=24)
    page: str | None = None
    rows: dict[str, Any]
    # The short summary's lines (each required, with text: and cite:): harms_short, the main
    # harms, from the side-effects cell; limits_short, what the research shows and its main
    # limit, from the research and improved cells (the level comes from the research cell).
    harms_short: Cell | None = None
    limits_short: Cell | None = None
    # life_short: what it asks of daily life and what it costs, from those cells.
    life_short: Cell | None = None
    # improved_short: for an option whose improved cell has no figures (and only then), what
    # its research found, in words, where the summary would show figures, so no row is blank.
    improved_short: Cell | None = None
    # against_none: the shared yardstick line, first in the options at a glance (AgainstNone).
    against_none: AgainstNone | None = None


# The short summary's one-line fields of an option: (field, what it says, where it comes from).
SHORT_LINES = (
    (
        "harms_short",
        "its harms in one line",
        "the main side effects and risks, from its side_effects cell",
    ),
    (
        "limits_short",
        "what its research shows and its main limit, in one line",
        f"what the research shows and its main limit, from its {EVIDENCE_ROW} and improved cells",
    ),
    (
        "life_short",
        "what it asks of daily life and what it costs, in one line",
        "visits, driving and help needed, and a price or who pays, from its asks_of_you, "
        "daily_life and cost cells",
    ),
)


# The rows a short line takes its facts from, where its sources must come from too: the
# summary's line on daily life and cost says nothing its option's full cells do not source.
SHORT_LINE_ROWS = {"life_short": ("asks_of_you", "daily_life", "cost")}


class WorksheetPage(_Strict):
    """A section of another page of the guide that a worksheet line points to, for a value the
    comparison's table does not cover (waiting times): the page, the section's id, its name."""

    path: str = Field(pattern=r"^[a-z0-9][a-z0-9/-]*\.md$")
    anchor: str = Field(pattern=ID)
    label: str = Field(min_length=3)


# The one-page sheet (decision_aid_values.py): a short answer per option to a worksheet line.
ANSWER_MAX = 64  # characters: a cell of a table with seven option columns on one printed page
NOT_KNOWN = "Not known"  # how an answer with no source begins (its cells say it is not known)


class Answer(_Strict):
    """One option's short answer to a worksheet line, reworded from that option's cells in the
    line's rows: (decision_aid_values.check_answers), with their sources."""

    text: str = Field(min_length=3, max_length=ANSWER_MAX)
    cite: list[str] = []


class WorksheetItem(_Strict):
    id: str = Field(pattern=ID)
    question: str = Field(min_length=5)
    # The table's rows that help; a line may instead (or also) point to a section of a page.
    rows: list[str] = Field(default_factory=list)
    page: WorksheetPage | None = None
    # Optional: a short answer for every option (option id: answer), shown on the one-page sheet.
    answers: dict[str, Answer] = Field(default_factory=dict)


@dataclass
class Loaded:
    rows: list[Row] = field(default_factory=list)
    trials: dict[str, TrialFacts] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    options: list[tuple[Option, dict[str, Cell]]] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)
    worksheet: list[WorksheetItem] = field(default_factory=list)
    other_options: list[OtherTreatment] = field(default_factory=list)
    no_new_treatment: list[OtherOption] = field(default_factory=list)  # in short, one line each
    figure_rule: list[str] = field(default_factory=list)  # paragraphs, in "About this comparison"
    # the yardstick's rule (figure_rule's first paragraph), also above the options at a glance
    yardstick_rule: str = ""
    inline: dict[str, str] = field(default_factory=dict)  # figures written into cell text: words
    ok: bool = False


@dataclass(frozen=True)
class Edition:
    """What a page is, as its own comparison markers say (`<!-- generated: NAME -->`, in page
    order; decision_aid.render), for the renderers whose words depend on it. Never read from
    the page's file name: a page moved or copied keeps its words."""

    shown: tuple[str, ...] = ()

    @property
    def printed(self) -> bool:
        """An edition made for paper: it has `<!-- generated: print-pages -->`."""
        return "print-pages" in self.shown

    @property
    def with_grid(self) -> bool:
        """The comparison's table is on this page (`<!-- generated: option-grid -->`)."""
        return "option-grid" in self.shown


# "What we could not check" is a page of its own (NOT_CHECKED_PAGE, under docs/): each cell
# with a gap links to its item there (`gap_anchor`). Renderers write NOT_CHECKED_HREF, and
# decision_aid.render puts the page's address relative to the page being built in its place.
NOT_CHECKED_PAGE = "decision-aid/what-we-could-not-check.md"
NOT_CHECKED_HREF = "@not-checked-page@"
# What "read in a copy" means and why it matters (the note above the grid links there).
COPY_PAGE = "about/glossary.md"
COPY_HREF = "@copy-explainer@"


def gap_anchor(option: str, row: str) -> str:
    """The id of one option's cell's first item on the "What we could not check" page."""
    return f"{option}-{row.replace('_', '-')}"


def fmt_pct(p: float) -> str:
    return f"{p:g}"
