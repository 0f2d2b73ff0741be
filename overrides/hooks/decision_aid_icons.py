"""Figures in words and as pictures: natural frequencies ("about 55 in 100") and the
100-person icon arrays (SVG, drawn at build time; each names its option, trial and time
point inside the picture, so it says what it shows wherever it is seen).
"""

from __future__ import annotations

import html
import re

from decision_aid_schema import ICON_DIR, Figure, TrialFacts, fmt_pct


def percent(fig: Figure) -> float:
    """The figure's percentage as the source gives it, or worked out from its counts (the
    checks guarantee one or the other, with a denominator of 1 or more)."""
    if fig.percent is not None:
        return fig.percent
    assert fig.numerator is not None and fig.denominator, "checked by decision_aid_load"
    return round(100 * fig.numerator / fig.denominator, 1)


def in_100(fig: Figure) -> int:
    if fig.percent is None:
        assert fig.numerator is not None and fig.denominator, "checked by decision_aid_load"
        return int(100 * fig.numerator / fig.denominator + 0.5)
    return int(fig.percent + 0.5)


def counts_words(fig: Figure) -> str:
    pct = percent(fig)
    if fig.numerator is not None:
        return f"{fig.numerator} of {fig.denominator} people, {fmt_pct(pct)}%"
    if fig.denominator is None:  # only a percentage was published: say what it is of
        return f"{fmt_pct(pct)}% {fig.base}"
    return f"{fmt_pct(pct)}% of {fig.denominator} people"


def alt_text(fig: Figure, trial: TrialFacts) -> str:
    n = in_100(fig)
    return (
        f"Picture of 100 people with {n} shaded: in the {trial.name} trial, about {n} in 100 "
        f"{fig.group} {fig.outcome_short} {fig.time_point}."
    )


# ---------------------------------------------------------------------------
# Icon arrays (100-person pictograms)
# ---------------------------------------------------------------------------

INK = "#0e5561"  # filled people: 8:1 on white
LINE = "#4a5560"  # outlined people and muted text: 7.5:1 on white
PERSON = (
    '<g id="p"><circle cx="8" cy="5" r="3.6"/>'
    '<path d="M2.6 21.5v-6.3a5.4 5.4 0 0 1 10.8 0v6.3z"/></g>'
)
ICON_W = 220  # viewBox width; text of 16 units or more stays >= 10 pt printed 52 mm wide
ICON_ZOOM = 2  # the SVG's own size is twice its viewBox: what the lightbox shows


def icon_label(fig: Figure) -> str:
    """What the picture shows, in a few words: 'With ketamine drips'."""
    return fig.short[:1].upper() + fig.short[1:]


def icon_title(fig: Figure, trial: TrialFacts) -> str:
    """Caption of the picture, in the page and in the lightbox."""
    return (
        f"{icon_label(fig)}, {trial.name} trial: about {in_100(fig)} in 100 {fig.outcome_short} "
        f"{fig.time_point}"
    )


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Lines that fit `width` (a generous estimate for wide system fonts)."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and len(trial) * size * 0.6 > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def icon_svg(fig: Figure, trial: TrialFacts) -> str:
    """100 people, `in_100(fig)` of them shaded, named inside the picture: the group (the
    option), the trial and the time point, so it says what it shows wherever it is seen."""
    filled = in_100(fig)
    pad, cw, ch = 10, 20, 21.5  # a person is 20 units high: rows 1.5 apart
    esc = html.escape
    head = [(line, 17, True) for line in _wrap(icon_label(fig), 17, ICON_W - 2 * pad)]
    head += [
        (line, 16, False)
        for line in _wrap(f"{trial.name} trial, {fig.time_point}", 16, ICON_W - 2 * pad)
    ]
    texts, y = [], pad
    for line, size, bold in head:
        y += size + 2
        weight = ' font-weight="700"' if bold else f' fill="{LINE}"'
        texts.append(f'<text x="{pad}" y="{y}" font-size="{size}"{weight}>{esc(line)}</text>')
    top = y + 6
    people = []
    for i in range(100):
        x, yy = pad + (i % 10) * cw + 2, f"{top + (i // 10) * ch + 1:g}"
        style = f'fill="{INK}" stroke="{INK}"' if i < filled else f'fill="#ffffff" stroke="{LINE}"'
        people.append(f'<use href="#p" x="{x}" y="{yy}" {style}/>')
    ly = top + round(ch * 10) + 3
    height = ly + 2 * 22 + pad - 3
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {ICON_W} {height}" '
        f'width="{ICON_W * ICON_ZOOM}" height="{height * ICON_ZOOM}" role="img" aria-labelledby="t">'
        f'<title id="t">{esc(alt_text(fig, trial))}</title>'
        f'<rect x=".5" y=".5" width="{ICON_W - 1}" height="{height - 1}" rx="8" fill="#ffffff" '
        f'stroke="{LINE}"/>'
        f'<defs>{PERSON}</defs><g stroke-width="1.2">{"".join(people)}'
        f'<use href="#p" x="{pad + 2}" y="{ly}" fill="{INK}" stroke="{INK}"/>'
        f'<use href="#p" x="{pad + 2}" y="{ly + 22}" fill="#ffffff" stroke="{LINE}"/></g>'
        f'<g font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" '
        f'font-size="16" fill="#1f2529">{"".join(texts)}'
        f'<text x="{pad + 26}" y="{ly + 17}">{filled} {esc(fig.outcome_short)}</text>'
        f'<text x="{pad + 26}" y="{ly + 39}">{100 - filled} did not</text></g></svg>\n'
    )


def icon_size(fig: Figure, trial: TrialFacts) -> tuple[int, int]:
    """The picture's width and height in the page (its viewBox)."""
    m = re.search(r'viewBox="0 0 (\d+) (\d+)"', icon_svg(fig, trial))
    assert m, "icon_svg always writes a viewBox"
    return int(m.group(1)), int(m.group(2))


def icon_uri(fid: str) -> str:
    return f"{ICON_DIR}/{fid}.svg"
