"""The clinicians' evidence table as Markdown (plain logic; the hook is trials_table.py).

One section per condition page (its id is the page's file name, so a condition page can
link to "the trials behind this page"), one sub-section per form of treatment, one table
row per randomised trial or meta-analysis. Citations are written `[@Key]` and results as
`<!-- figure: ID -->`, so the citation and figure hooks that run later number them and add
the quote and locator of each result to the page's "How we know these figures" list.
Tables get the phone card layout from tables.py.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable

from figstore_schema import Store
from studies import FORMS, OTHER, Source, grouped, registry_ids, registry_link

COLUMNS = (
    "Study",
    "Who and how many",
    "Treatment compared with",
    "Design and blinding",
    "Primary outcome and result",
    "Funder and registration",
    "Cited on",
)
NOT_RECORDED = "*Not recorded*"
NOT_CONFIRMED = "*Not confirmed*"
# What each row is (data/references.yml type), shown under the study's name.
KIND_LABELS = {
    "trial": "Randomised trial",
    "meta-analysis": "Meta-analysis",
    "volunteer": "Randomised study in healthy volunteers (not a treatment trial)",
}
NO_FIGURES = "*no figure from this study is stored yet*"
FORM_IDS = dict(
    zip([h for _, h in FORMS], ("esketamine", "intravenous", "injection", "oral"), strict=True)
)
MAX_PAGES = 4  # pages listed in "Cited on"; the rest are on All sources
MAX_FIGURES = 3  # figures shown when the study block names no results
MARKUP = re.compile(r"[\\`*_\[\]]")  # Markdown markup characters, escaped in data text


def cell(text: str) -> str:
    """Plain text from a data file, safe inside a Markdown table cell (no markup, no pipes)."""
    text = html.escape(" ".join(text.split()), quote=False).replace("|", "&#124;")
    return MARKUP.sub(r"\\\g<0>", text)


def anchor(page: str) -> str:
    """The section id of a condition page's group: its file name without .md."""
    return "other-topics" if page == OTHER else posixpath.basename(page).removesuffix(".md")


def study_id(key: str) -> str:
    """The id of a study's row or list item: study-<key in lower case>."""
    return "study-" + key.lower()


class Row:
    def __init__(
        self, s: Source, store: Store, link: Callable[[str], str], title: Callable[[str], str]
    ):
        self.s, self.store, self.link, self.title = s, store, link, title
        self.study = s.study
        self.unconfirmed = set(s.study.unconfirmed or []) if s.study else set()

    def field(self, name: str) -> str:
        value = getattr(self.study, name, None) if self.study else None
        if value in (None, ""):
            return NOT_CONFIRMED if name in self.unconfirmed else NOT_RECORDED
        text = cell(str(value))
        return f"{text} *(not confirmed)*" if name in self.unconfirmed else text

    def study_cell(self) -> str:
        kind = KIND_LABELS.get(self.s.kind, "Randomised trial")
        return f'<span id="{study_id(self.s.key)}"></span>**{cell(self.s.label)}**<br>{kind} [@{self.s.key}]'

    def who(self) -> str:
        st = self.study
        if st is None:
            return NOT_RECORDED
        if self.s.kind == "meta-analysis":
            parts = []
            if st.trials:
                parts.append(f"{st.trials} trials")
            if st.size:
                parts.append(f"{st.size} people")
            count = ", ".join(parts) or NOT_RECORDED
            searched = f"<br>Searched up to: {cell(st.search_date)}" if st.search_date else ""
            return f"{self.field('who')}<br>**{count}**{searched}"
        size = f"{st.size} people randomised" if st.size else NOT_RECORDED
        return f"{self.field('who')}<br>**{size}**"

    def compared(self) -> str:
        return (
            f"{self.field('intervention')}<br>**compared with:** {self.field('comparator')}"
            f"<br>**How long:** {self.field('duration')}"
        )

    def outcome(self) -> str:
        """The primary outcome, and the figures that give its result (`results:`); without
        them, the study's other figures in the store, labelled as such."""
        st, figures = self.study, self.store.figures
        ids = [i for i in (st.results if st and st.results else []) if i in figures]
        label = "Result"
        if not ids:
            counts = {str(n) for n in ((st.size, st.trials) if st else ()) if n}
            ids = [
                i
                for i, f in figures.items()
                if f.key == self.s.key
                and not set(re.findall(r"\d+", f.figure.text.replace(",", ""))) & counts
            ]
            ids, label = ids[:MAX_FIGURES], "Figures the guide quotes"

        def lines(fids: list[str]) -> str:
            return "<br>".join(
                f"{cell(figures[i].figure.measure)}: <!-- figure: {i} -->" for i in fids
            )

        shown = lines(ids)
        later = [i for i in (st.later_results if st and st.later_results else []) if i in figures]
        if later:
            # The trial's own report gives only scores; a later analysis gives how many
            # improved in each group, cited as its own source.
            keys = sorted({figures[i].key for i in later})
            cites = "".join(f" [@{k}]" for k in keys)
            shown = (shown + "<br>" if shown else "") + (
                f"*from a later analysis of this trial*{cites}: " + lines(later)
            )
        return f"{self.field('primary_outcome')}<br>**{label}:** {shown or NO_FIGURES}"

    def funding(self) -> str:
        ids = registry_ids(self.study.registry_id if self.study else None)
        regs = []
        for rid in ids:
            url = registry_link(rid)
            regs.append(f'<a href="{html.escape(url)}">{cell(rid)}</a>' if url else cell(rid))
        if not regs:
            regs = [NOT_CONFIRMED if "registry_id" in self.unconfirmed else "*None found*"]
        return f"{self.field('funder')}<br>**Registration:** {', '.join(regs)}"

    def cited_on(self) -> str:
        pages = sorted(self.s.pages, key=lambda p: (not p.startswith("conditions/"), p))
        links = [f"[{cell(self.title(p))}]({self.link(p)})" for p in pages[:MAX_PAGES]]
        if len(pages) > MAX_PAGES:
            links.append(
                f"[{len(pages) - MAX_PAGES} more pages]"
                f"({self.link('about/sources.md')}#ref-{self.s.key})"
            )
        return ", ".join(links)

    def markdown(self) -> str:
        cells = [
            self.study_cell(),
            self.who(),
            self.compared(),
            self.field("design"),
            self.outcome(),
            self.funding(),
            self.cited_on(),
        ]
        return "| " + " | ".join(cells) + " |"


def render(
    found: list[Source],
    store: Store,
    condition_pages: list[str],
    link: Callable[[str], str],
    title: Callable[[str], str],
) -> str:
    """The whole table section: counts, groups, and what is left out."""
    known = [s for s in found if s.study and s.study.design]
    groups = grouped(known, condition_pages)
    shown = [s for forms in groups.values() for rows in forms.values() for s in rows]
    trials = sum(s.kind == "trial" for s in shown)
    metas = sum(s.kind == "meta-analysis" for s in shown)
    volunteers = sum(s.kind == "volunteer" for s in shown)
    registered = sum(bool(registry_ids(s.study.registry_id if s.study else None)) for s in shown)
    out = [
        f"This table lists **{trials} randomised trials**, **{metas} meta-analyses** and "
        f"**{volunteers} randomised studies in healthy volunteers** (how the body handles the "
        "medicine, thinking and driving; they do not test it as a treatment). "
        f"**{registered}** of them give a registry identifier, linked to the register's record "
        "where the register has a confirmed address for it.",
        "",
    ]
    for page, forms in groups.items():
        heading = (
            "Other topics: safety, how it works, forms of treatment"
            if page == OTHER
            else title(page)
        )
        out += [f"## {cell(heading)} {{ #{anchor(page)} }}", ""]
        if page != OTHER:
            out += [f"The guide's page: [{cell(title(page))}]({link(page)}).", ""]
        if not forms:
            out += [
                "No randomised trial or meta-analysis the guide cites is filed under this "
                "condition.",
                "",
            ]
        for form, rows in forms.items():
            out += [
                f"### {cell(form)} {{ #{anchor(page)}-{FORM_IDS.get(form, 'mixed')} }}",
                "",
                "| " + " | ".join(COLUMNS) + " |",
                "|" + " --- |" * len(COLUMNS),
            ]
            out += [Row(s, store, link, title).markdown() for s in rows]
            out.append("")
    left = [s for s in known if not s.randomised]
    waiting = [s for s in found if s not in known]
    out += [
        "## What this table leaves out { #left-out }",
        "",
        "It leaves out studies that were not randomised, and the reviews, guidelines, "
        "labels and observational studies the guide also cites (they are on "
        f"[All sources]({link('about/sources.md')})).",
        "",
    ]
    if left:
        out += ["Trials and studies the guide cites that were not randomised:", ""]
        out += [
            f'- <span id="{study_id(s.key)}"></span>**{cell(s.label)}** [@{s.key}]: '
            f"{cell(s.study.design or '')}"
            for s in left
            if s.study
        ]
        out.append("")
    if waiting:
        out += [
            "Trials, meta-analyses and studies in volunteers the guide cites whose details are still "
            "being checked (they will join the table when they are):",
            "",
        ]
        out += [
            f'- <span id="{study_id(s.key)}"></span>**{cell(s.label)}** [@{s.key}], cited on '
            f"{Row(s, store, link, title).cited_on()}"
            for s in waiting
        ]
        out.append("")
    return "\n".join(out)
