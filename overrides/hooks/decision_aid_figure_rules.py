"""The rules a figure under `figures:` in data/options.yml must follow (a number from a
study: its trial, numerator, denominator, percent and time point), reported at its line
through decision_aid_checks.Reporter. Plain logic, no MkDocs; called by
decision_aid_load.load().
"""

from __future__ import annotations

from decision_aid_checks import Reporter
from decision_aid_schema import Figure, Loaded, fmt_pct, no_comparison


def check_figure(fig: Figure, path: tuple, ctx: str, report: Reporter, out: Loaded) -> bool:
    ok = True
    if fig.trial not in out.trials:
        report(
            (*path, "trial"),
            ctx,
            f"unknown trial '{fig.trial}'",
            f"use a trial id listed under trials: ({', '.join(out.trials) or 'none yet'})",
        )
        ok = False
    if fig.percent is not None and fig.denominator is None and not fig.base:
        report(
            path,
            ctx,
            f"a percentage ({fmt_pct(fig.percent)}%) without a denominator",
            "add denominator: the number of people the percentage is out of, as the source gives it",
        )
        ok = False
    if fig.icon_array and no_comparison(fig):
        report(
            (*path, "icon_array"),
            ctx,
            "a 100-person picture of a figure with no comparison group",
            "delete icon_array: true; pictures are drawn only beside the same trial's other "
            "group, and the figure is shown in words",
        )
        ok = False
    if fig.time_point is None or not fig.time_point.strip():
        what = f"a percentage ({fmt_pct(fig.percent)}%)" if fig.percent is not None else "a figure"
        report(
            path,
            ctx,
            f"{what} without a time point",
            "add time_point: when the outcome was measured, for example 'after 3 weeks of treatment'",
        )
        ok = False
    if fig.numerator is None and fig.percent is None:
        report(
            path,
            ctx,
            "the figure has neither a numerator nor a percentage",
            "add numerator: (how many people had the outcome) and/or percent:",
        )
        ok = False
    if fig.denominator is not None and fig.denominator <= 0:
        report(
            (*path, "denominator"),
            ctx,
            f"the denominator is {fig.denominator}",
            "the denominator is how many people the figure is out of: a whole number of 1 or more",
        )
        ok = False
    if fig.numerator is not None and fig.numerator < 0:
        report(
            (*path, "numerator"),
            ctx,
            f"the numerator is {fig.numerator}",
            "the numerator is how many people had the outcome: 0 or more",
        )
        ok = False
    if (
        fig.numerator is not None
        and fig.denominator is not None
        and fig.denominator > 0
        and fig.numerator > fig.denominator
    ):
        report(
            (*path, "numerator"),
            ctx,
            f"the numerator ({fig.numerator}) is larger than the denominator ({fig.denominator})",
            "check both against the source: the numerator counts people with the outcome, "
            "the denominator everyone in the group",
        )
        ok = False
    if ok and fig.numerator is not None and fig.percent is not None and fig.denominator:
        exact = 100 * fig.numerator / fig.denominator
        tolerance = 0.051 if fig.percent != int(fig.percent) else 1.0
        if abs(exact - fig.percent) > tolerance:
            report(
                (*path, "percent"),
                ctx,
                f"{fig.numerator} of {fig.denominator} is {exact:.1f}%, not {fmt_pct(fig.percent)}%",
                "check the numerator, denominator and percent against the source",
            )
            ok = False
    return ok
