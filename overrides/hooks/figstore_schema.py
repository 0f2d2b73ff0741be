"""The figure store's data model and the rules for one figure (plain typed Python, no MkDocs).

A figure is a number from a study or a label, stored with the sentence it rests on, in
`data/figures/<RegistryKey>.yml` (format: data/figures/README.md). This module holds the
models of a figure and of a source's `study:` block, the `Issue` every check returns
(where, message, fix), and `check_figure()`: the rules a figure with a valid schema must
still keep (its numbers are in the quote, the quote is short, the arithmetic agrees).
Loading the files is `figstore.py`; figures typed by hand into pages, `figstore_typed.py`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common import Issue

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MAX_QUOTE = 400
MAX_SENTENCES = 2
FORMAT_HELP = "see data/figures/README.md for the format of a figure"
# A sentence ends with . ! or ? followed by a space and a capital letter or an opening quote.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"(])")


class Figure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="exactly what the reader sees at the marker")
    measure: str = Field(min_length=5, description="what was measured, in whom, when")
    numerator: int | None = Field(default=None, ge=0)
    denominator: int | None = Field(default=None, ge=1)
    percent: float | None = Field(default=None, ge=0, le=100)
    quote: str = Field(min_length=10)
    locator: str = Field(min_length=3)
    checked: dt.date
    seen_at: str | None = Field(default=None, pattern=r"^https://\S+$")
    derived: str | None = None
    # A percentage the source gives with no counts: the group it is of, as the source
    # states it, with its number (e.g. "of the 186 people who had treatment").
    base: str | None = Field(default=None, min_length=5)
    # A figure that does not come from a randomised comparison says so wherever it is shown:
    # "not randomised: <this>", what it comes from in a few words (e.g. "clinic records").
    not_randomised: str | None = Field(
        default=None, min_length=5, max_length=48, pattern=r"^[^:;()]+$"
    )
    editor_note: str | None = Field(default=None, description="for editors; never rendered")


class StudyPlain(BaseModel):
    """The same facts in plain words for readers (the comparison shows these)."""

    model_config = ConfigDict(extra="forbid")

    who: str | None = Field(default=None, min_length=10)
    design: str | None = Field(default=None, min_length=10)
    funder: str | None = Field(default=None, min_length=3)


class Study(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Ids of figures in this file that give the primary outcome's result (evidence table).
    results: list[str] | None = None
    # Ids of figures in ANOTHER source's file: a later analysis of this trial that gives how
    # many improved in each group where the trial's own report gives only scores. The
    # evidence table shows them under the trial, citing that analysis.
    later_results: list[str] | None = None
    name: str | None = None
    design: str | None = None
    size: int | None = Field(default=None, ge=1)
    funder: str | None = None
    registry_id: str | None = None
    editor_note: str | None = None
    # Fields for the clinicians' evidence table (issue #16); all optional here.
    kind: Literal["trial", "meta-analysis", "volunteer"] | None = None
    trials: int | None = Field(default=None, ge=1)
    who: str | None = None
    intervention: str | None = None
    comparator: str | None = None
    duration: str | None = None
    primary_outcome: str | None = None
    condition: (
        Literal[
            "treatment-resistant depression",
            "depression",
            "suicidal thoughts",
            "PTSD",
            "anxiety",
            "chronic pain",
            "alcohol/substance use",
            "other",
        ]
        | None
    ) = None
    search_date: str | None = None
    checked: dt.date | None = None
    seen_at: str | None = Field(default=None, pattern=r"^https?://\S+$")
    unconfirmed: list[str] | None = None
    plain: StudyPlain | None = None  # who, design and funder in readers' words (the comparison)


@dataclass
class Stored:
    id: str
    key: str  # the source's key in data/references.yml
    file: str  # data/figures/<key>.yml
    line: int
    figure: Figure


@dataclass
class Store:
    figures: dict[str, Stored] = field(default_factory=dict)
    studies: dict[str, Study] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)  # ids stored with a problem


# The label a figure with `not_randomised:` carries wherever it is shown (same for every option).
NOT_RANDOMISED = "not randomised"


def with_label(shown: str, not_randomised: str | None) -> str:
    """HTML `shown` (escaped) with "not randomised: <what>" when the figure has the field:
    inside its closing bracket if it ends with one, else in brackets after it. The one
    rendering of the label: pages' figures, the comparison's lines and its lists."""
    if not not_randomised:
        return shown
    label = f'<span class="fig-kind">{NOT_RANDOMISED}: {html.escape(not_randomised)}</span>'
    if shown.endswith(")"):
        return f"{shown[:-1]}; {label})"
    return f"{shown} ({label})"


def numbers_in(text: str) -> list[str]:
    """The numbers in a text, normalised: '1,522' -> '1522', '0.50' stays '0.50'."""
    return [
        n.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", n) else n
        for n in NUMBER.findall(text)
    ]


def sentences(text: str) -> int:
    return len([s for s in SENTENCE_END.split(text.strip()) if s.strip()])


def check_figure(fig: Figure, fid: str) -> list[tuple[str, str, str]]:
    """(field, message, fix) for each rule a valid-schema figure breaks."""
    out = []
    quoted = set(numbers_in(fig.quote))
    missing = [n for n in numbers_in(fig.text) if n not in quoted]
    if missing and not fig.derived:
        out.append(
            (
                "text",
                f"figure '{fid}': the number(s) {', '.join(missing)} in text are not in the quote",
                "quote the source's sentence that contains the number exactly; or, if the "
                "number is our own arithmetic, add derived: with the sum, e.g. "
                '"55.4% of 195 is 108; rounded to 55 in 100"',
            )
        )
    if missing and fig.derived and not re.search(r"\d", fig.derived):
        out.append(
            (
                "derived",
                f"figure '{fid}': derived does not show the arithmetic",
                'write the sum with its numbers, e.g. "55.4% of 195 is 108"',
            )
        )
    if len(fig.quote) > MAX_QUOTE:
        out.append(
            (
                "quote",
                f"figure '{fid}': the quote is {len(fig.quote)} characters long "
                f"(at most {MAX_QUOTE})",
                "quote only the sentence or table cell the figure rests on",
            )
        )
    n = sentences(fig.quote)
    if n > MAX_SENTENCES:
        out.append(
            (
                "quote",
                f"figure '{fid}': the quote has {n} sentences (at most {MAX_SENTENCES})",
                "quote only the sentence or two the figure rests on",
            )
        )
    if (
        fig.numerator is not None
        and fig.denominator is not None
        and fig.numerator > fig.denominator
    ):
        out.append(
            (
                "numerator",
                f"figure '{fid}': the numerator ({fig.numerator}) is larger "
                f"than the denominator ({fig.denominator})",
                "check both against the source",
            )
        )
    if fig.numerator is not None and fig.denominator and fig.percent is not None:
        exact = 100 * fig.numerator / fig.denominator
        tolerance = 0.051 if fig.percent != int(fig.percent) else 1.0
        if abs(exact - fig.percent) > tolerance:
            out.append(
                (
                    "percent",
                    f"figure '{fid}': {fig.numerator} of {fig.denominator} is "
                    f"{exact:.1f}%, not {fig.percent:g}%",
                    "check the numerator, denominator and percent against the source",
                )
            )
    # The text the reader sees agrees with the numbers stored beside it.
    for pct in re.findall(r"(\d+(?:\.\d+)?)\s?%", fig.text):
        if fig.percent is not None and float(pct) != fig.percent:
            out.append(
                (
                    "text",
                    f"figure '{fid}': the text says {pct}% but percent is {fig.percent:g}",
                    "make text and percent agree, as the source gives it",
                )
            )
    for num, den in re.findall(r"\b(\d+) (?:of|out of) (\d+)\b", fig.text):
        if (fig.numerator, fig.denominator) not in ((None, None), (int(num), int(den))):
            out.append(
                (
                    "text",
                    f"figure '{fid}': the text says {num} of {den} but numerator and "
                    f"denominator are {fig.numerator} and {fig.denominator}",
                    "make text, numerator and denominator agree",
                )
            )
    out += _check_base(fig, fid, quoted)
    return out


def _check_base(fig: Figure, fid: str, quoted: set[str]) -> list[tuple[str, str, str]]:
    """A percentage-only figure states its base: a group with a number the quote gives."""
    if fig.base is None:
        return []
    if fig.percent is None or fig.denominator is not None:
        return [
            (
                "base",
                f"figure '{fid}': base: is only for a percentage the source gives without counts",
                "with counts, use numerator: and denominator: and delete base:; without "
                "them, give percent: as the source does",
            )
        ]
    nums = numbers_in(fig.base)
    if not nums or any(n not in quoted for n in nums):
        return [
            (
                "base",
                f"figure '{fid}': the base '{fig.base}' has no number, or one the quote "
                "does not give",
                "name the group with its size as the source states it, e.g. 'of the 186 "
                "people who had treatment', and quote the sentence that gives it",
            )
        ]
    return []
