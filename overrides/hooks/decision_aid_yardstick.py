"""The rules of the shared yardstick (`against_none:` in data/options.yml, DISCERN question
10): every option has its line, in one of three forms, with a certainty from the list, and a
pair of figures from one source, outcome and time point. Called by decision_aid_load.load();
rendered by decision_aid_glance.py.
"""

from __future__ import annotations

from decision_aid_checks import KeyCheck, Reporter, check_cell
from decision_aid_schema import (
    BASELINE,
    CERTAINTY,
    PERCENT_IN_TEXT,
    YARDSTICK,
    YARDSTICK_HELP,
    YARDSTICK_MEASURE,
    AgainstNone,
    Cell,
    Figure,
    Loaded,
    Option,
)


def check_against_none(
    option: Option, path: tuple, ctx: str, report: Reporter, check_keys: KeyCheck, out: Loaded
) -> None:
    """The shared yardstick (YARDSTICK): every option has its block, in one of its three
    forms, with a certainty from the list; its words follow the rules of a cell (sources, no
    typed percentage, a dated one-line searched:). Its figures are checked once they are
    loaded (check_against_none_figures)."""
    block: AgainstNone | None = option.against_none
    where, here = (*path, YARDSTICK), f"{ctx}, {YARDSTICK}"
    if block is None:
        report(
            path,
            ctx,
            f"option '{option.id}' has no {YARDSTICK}: (how many in 100 improve with it, against "
            "how many without it, on the shared yardstick)",
            f"add {YARDSTICK_HELP}",
        )
        return
    forms = [
        name
        for name, on in (
            ("is_comparison", block.is_comparison),
            ("figures", bool(block.figures)),
            ("none_found", block.none_found),
        )
        if on
    ]
    if len(forms) != 1:
        report(
            where,
            here,
            f"{YARDSTICK}: must have exactly one of is_comparison, figures or none_found "
            f"(it has {', '.join(forms) or 'none'})",
            f"write {YARDSTICK_HELP}",
        )
        return
    form = forms[0]
    if (option.id == BASELINE) != (form == "is_comparison"):
        report(
            where,
            here,
            f"the option '{BASELINE}' is what the others are compared with, and only it: "
            f"'{option.id}' has {form}",
            f"for '{BASELINE}' write is_comparison: true and a text: saying so in words; for "
            "every other option write figures: or none_found:",
        )
    cell = Cell(
        text=block.text,
        cite=block.cite,
        no_good_evidence=block.none_found,
        searched=block.searched,
    )
    if form != "is_comparison":
        check_cell(cell, where, here, report, check_keys, out)
    else:
        check_keys(block.cite, where, here)
        m = PERCENT_IN_TEXT.search(block.text)
        if m or block.searched or block.certainty or block.measure:
            report(
                where,
                here,
                "is_comparison: takes only text: (and cite:), saying in words that this "
                "option is the comparison",
                "delete figures, searched, measure and certainty here, and any number typed "
                "into the text",
            )
        return
    if form == "figures" and not block.cite:
        report(
            (*where, "cite"),
            here,
            f"{YARDSTICK}: has figures but no cite:",
            "add cite: [Key] with the review or trial the two figures come from",
        )
    if block.certainty not in CERTAINTY:
        report(
            (*where, "certainty"),
            here,
            f"certainty: is {block.certainty!r}, not one of {', '.join(CERTAINTY)}",
            "write the GRADE rating the review gives for this comparison and measure (high, "
            "moderate, low or very low), or 'not rated' if the source did not rate it",
        )
    elif block.none_found and block.certainty != "not rated":
        report(
            (*where, "certainty"),
            here,
            f"none_found: is rated '{block.certainty}'",
            "write certainty: not rated; with no figures there is nothing rated",
        )
    measure = block.measure or ""
    if not measure:
        report(
            where,
            here,
            f"{YARDSTICK}: has no measure:",
            f"add measure: {YARDSTICK_MEASURE} (symptoms at least halved), or the measure the "
            "source gives instead, named in text:",
        )
    elif measure != YARDSTICK_MEASURE and measure not in block.text.lower():
        report(
            (*where, "text"),
            here,
            f"the measure is '{measure}', not {YARDSTICK_MEASURE}, and text: does not say so",
            f"say in text: that the source gives {measure}, not {YARDSTICK_MEASURE} (e.g. "
            f"'This trial counted {measure}.')",
        )


def check_against_none_figures(defined: set[str], report: Reporter, out: Loaded) -> None:
    """Each yardstick pair: both figures defined and loaded, the first with the option and
    the second without it, from the same trial or review, outcome and time point, on the
    measure the block names; the trial says who knew which treatment they had."""
    for i, (option, _) in enumerate(out.options):
        block = option.against_none
        if block is None or not block.figures:
            continue
        where, here = ("options", i, YARDSTICK, "figures"), f"option '{option.id}', {YARDSTICK}"
        if len(block.figures) != 2:
            report(
                where,
                here,
                f"figures: lists {len(block.figures)} figures, not 2",
                "list two figure ids: the group with the option first, then the group "
                "without it (dummy, sham or usual care)",
            )
            continue
        missing = [f for f in block.figures if f not in out.figures]
        if missing:
            if any(f not in defined for f in missing):
                report(
                    where,
                    here,
                    f"figure '{missing[0]}' is not defined under figures:",
                    "add it under figures: (trial, group, short, outcome, outcome_short, "
                    "time_point, comparator), with its numbers in data/figures/<Key>.yml",
                )
            continue  # otherwise the figure's own problem is reported already
        pair: list[Figure] = [out.figures[f] for f in block.figures]
        a, b = pair
        for attr, what in (
            ("trial", "source"),
            ("time_point", "time point"),
            ("outcome", "outcome"),
        ):
            if getattr(a, attr) != getattr(b, attr):
                report(
                    where,
                    here,
                    f"the two groups are not from the same {what}: '{a.id}' has "
                    f"{getattr(a, attr)!r}, '{b.id}' has {getattr(b, attr)!r}",
                    "give two groups of ONE trial or review, measured the same way at the same "
                    "time point; the yardstick never sets numbers from different studies side "
                    "by side",
                )
                break
        else:
            measure = block.measure or ""
            if measure and not a.outcome.lower().startswith(measure):
                report(
                    (*where[:-1], "measure"),
                    here,
                    f"measure: is '{measure}', but the figures' outcome is {a.outcome!r}",
                    "set measure: to what the figures count (the first word of their outcome)",
                )
            facts = out.trials.get(a.trial)
            if facts is not None and not facts.knew:
                report(
                    ("trials", a.trial),
                    f"trial '{a.trial}'",
                    f"trial '{a.trial}' gives the yardstick figures of option '{option.id}' "
                    "but has no knew:",
                    "add knew: saying in a few words who knew which treatment they had "
                    "(for a review: e.g. knew: mostly double-blind trials)",
                )
