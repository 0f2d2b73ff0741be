"""Folding a long cell of the comparison's grid, so the grid can be read at a glance.

On the comparison page (on screen), a cell of FOLD_WORDS words or more shows its lead and folds
the rest, with the cell's citations, into a native <details> ("More"). decision_aid_grid.py
renders the cell; this module decides where it splits. The printed editions never fold.
"""

from __future__ import annotations

import re

# A long cell (FOLD_WORDS words or more) shows its lead on screen and folds the rest into a
# native <details> ("More"), so the grid can be read at a glance. The lead is the cell's first
# sentence, or more sentences while it is under LEAD_MIN_WORDS ("Common, by medicine.",
# "Relapse is common.") and stays within LEAD_MAX_WORDS. Nothing is dropped: the rest is in
# the page (search, screen readers, find in page, which opens the fold), and paper shows it
# all (decision-aid.css; the printed editions get no fold at all). Measured on the 49 long
# cells (session 16): the first sentence reads as a summary of its cell in all but the very
# short ones, and a separate `lead:` line would be words no source check has seen.
FOLD_WORDS = 50
LEAD_MIN_WORDS = 10
LEAD_MAX_WORDS = 45
MORE = "More"
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z“\"(<])")
_MARKER = re.compile(r"<!--.*?-->")


def words(text: str) -> int:
    """Words a reader sees in a cell's text (a figure marker counted as one)."""
    return len(_MARKER.sub(" x ", text).split())


def lead_and_rest(text: str) -> tuple[str, str]:
    """A cell's text split into what shows before "More" and what is folded; (text, "")
    stays whole. Only a long cell folds, at a sentence end, and only if the rest is a real
    part of it (LEAD_MIN_WORDS or more)."""
    if words(text) < FOLD_WORDS:
        return text, ""
    cut = None
    for m in _SENTENCE_END.finditer(text):
        if cut and words(text[: m.start()]) > LEAD_MAX_WORDS:
            break  # a short first sentence stays alone rather than make a long lead
        cut = m
        if words(text[: m.start()]) >= LEAD_MIN_WORDS:
            break
    if cut is None or words(text[cut.end() :]) < LEAD_MIN_WORDS:
        return text, ""
    return text[: cut.start()], text[cut.end() :]


def folded(rest: str, where: str) -> str:
    """The folded rest of a cell (HTML), under "More"; screen readers also hear which cell
    (`where`, escaped: "ECT: Common side effects and serious risks"), as there is one in
    each long cell."""
    return (
        f'<details class="da-more"><summary>{MORE}<span class="site-sr-only"> about '
        f"{where}</span></summary><p>{rest}</p></details>"
    )
