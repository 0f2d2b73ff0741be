"""Tables and lists generated from one source of truth, so nobody copies them by hand.

Markers, each on a line of its own:

- `<!-- generated: evidence-table -->`: one row per condition page (kind: condition),
  from the pages' own front matter (title, status, evidence, description).
- `<!-- generated: routes-table -->`: the forms-of-administration comparison, from
  `data/routes.yml` (validated below; cells cite sources with `cite: [Key]`).
- `<!-- generated: glossary -->`: the readable glossary, from `includes/glossary.md`,
  the same file that gives every page its tooltips.

Output is Markdown, rendered (and its citations numbered) like anything an editor wrote.
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

import glossary as glossary_terms
import markers
from common import (
    DATA,
    EVIDENCE_LEVELS,
    STATUS_WORDS,
    front_matter_of,
    load_yaml,
    plain_errors,
    problem,
)

if TYPE_CHECKING:
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page


# MkDocs loads this hook under its path ("overrides/hooks/generated.py"); charts.py imports
# it as `generated`. One module object under both names, so it is executed only once.
sys.modules.setdefault("generated", sys.modules[__name__])


EVIDENCE_ORDER = list(EVIDENCE_LEVELS)
CELL_ORDER = [
    "product",
    "where",
    "doses",
    "bioavailability",
    "onset",
    "session",
    "regulatory",
    "evidence",
]
CELL_LABELS = {
    "product": "What is given",
    "where": "Where it is given",
    "doses": "Doses used in studies or labels",
    "bioavailability": "How much reaches the blood",
    "onset": "How fast it acts",
    "session": "Session and monitoring",
    "regulatory": "Regulatory status",
    "evidence": "Strength of evidence",
}


class Cell(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1)
    cite: list[str] = []
    gap: bool = False

    @model_validator(mode="after")
    def sourced(self) -> Cell:
        if not self.cite and not self.gap:
            raise ValueError(
                "has no source: add cite: [Key], or gap: true if nothing reliable is known"
            )
        return self


class Range(BaseModel):
    low: float = Field(ge=0, le=100)
    high: float = Field(ge=0, le=100)

    @model_validator(mode="after")
    def ordered(self) -> Range:
        if self.low > self.high:
            raise ValueError("low is larger than high")
        return self


class Route(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    short: str = Field(max_length=16)
    page: str
    bioavailability: Range | None = None
    cells: dict[str, Cell]

    @model_validator(mode="after")
    def all_cells(self) -> Route:
        missing = [c for c in CELL_ORDER if c not in self.cells]
        extra = [c for c in self.cells if c not in CELL_ORDER]
        if missing:
            raise ValueError(f"is missing the cell(s) {', '.join(missing)}")
        if extra:
            raise ValueError(
                f"has unknown cell(s) {', '.join(extra)}; allowed: {', '.join(CELL_ORDER)}"
            )
        return self


def load_routes() -> list[Route]:
    path = DATA / "routes.yml"
    raw = load_yaml(path) if path.exists() else None
    routes = []
    for i, entry in enumerate((raw or {}).get("routes", []) if isinstance(raw, dict) else []):
        name = entry.get("id", f"#{i + 1}") if isinstance(entry, dict) else f"#{i + 1}"
        try:
            routes.append(Route.model_validate(entry))
        except ValidationError as exc:
            for field, msg in plain_errors(exc):
                problem(
                    f"data/routes.yml (route '{name}')",
                    f"'{field}' {msg}",
                    "see the comment at the top of data/routes.yml for the format",
                )
    return routes


def routes_table(page: Page, files: Files) -> str:
    routes = load_routes()
    if not routes:
        return "*The comparison table could not be generated: see the build log.*"
    head = (
        "| | "
        + " | ".join(f"[{r.name}]({_link(page, files, r.page, 'data/routes.yml')})" for r in routes)
        + " |"
    )
    sep = "| --- " * (len(routes) + 1) + "|"
    rows = [head, sep]
    for key in CELL_ORDER:
        cells = []
        for r in routes:
            c = r.cells[key]
            cite = f" [{'; '.join('@' + k for k in c.cite)}]" if c.cite else ""
            text = f"*{c.text}*" if c.gap else c.text
            cells.append((text + cite).replace("|", "\\|"))
        rows.append(f"| **{CELL_LABELS[key]}** | " + " | ".join(cells) + " |")
    caption = (
        '\n\n<p class="table-caption">Forms of ketamine compared. Columns are forms; '
        "rows are questions.</p>\n"
    )
    return caption + "\n" + "\n".join(rows) + "\n"


def _link(page: Page, files: Files, target: str, where: str) -> str:
    f = files.get_file_from_path(target)
    if f is None:
        problem(
            where,
            f"links to '{target}', which is not a page in docs/",
            "use a path under docs/, such as forms/intravenous.md",
        )
        return "#"
    return md_path(page, f)


def md_path(page: Page, target: File) -> str:
    """A relative link to another page's Markdown file, which MkDocs then checks."""
    return posixpath.relpath(target.src_uri, posixpath.dirname(page.file.src_uri))


def condition_pages(files: Files) -> list[dict]:
    """Front matter of every condition page, strongest evidence first, then by title.
    The evidence table and the evidence chart (charts.py) both read this list."""
    rows = [
        meta | {"_file": f}
        for f in files.documentation_pages()
        if (meta := front_matter_of(f)).get("kind") == "condition"
    ]
    rows.sort(
        key=lambda r: (
            EVIDENCE_ORDER.index(r["evidence"]) if r.get("evidence") in EVIDENCE_ORDER else 9,
            str(r.get("title")),
        )
    )
    return rows


def form_of(row: dict) -> str:
    """' (form)' when the page's level is for one form of ketamine (front matter evidence_form)."""
    return f" ({row['evidence_form']})" if row.get("evidence_form") else ""


def evidence_table(page: Page, files: Files) -> str:
    rows = condition_pages(files)
    if not rows:
        return "*No condition pages yet.*"
    levels = files.get_file_from_path("about/evidence-levels.md")
    lv = md_path(page, levels) if levels else ""
    out = [
        "| Condition | Regulatory status | Strength of evidence | In short |",
        "| --- | --- | --- | --- |",
    ]
    for r in rows:
        ev = r.get("evidence", "?")
        out.append(
            f"| [{r.get('title')}]({md_path(page, r['_file'])}) "
            f"| {STATUS_WORDS.get(str(r.get('status')), r.get('status'))} "
            f"| [{str(ev).capitalize()}]({lv}#{ev}){form_of(r)} "
            f"| {str(r.get('description', '')).replace('|', '-')} |"
        )
    return "\n".join(out) + "\n"


def glossary() -> str:
    entries = sorted(glossary_terms.entries(), key=lambda e: e[0].lower())
    # The terms are written as code-free text; the tooltip abbreviations still apply.
    return "\n".join(f"{term}\n:   {meaning}\n" for term, meaning in entries)


OWNER = "overrides/hooks/generated.py"
# marker name -> (source file named in error messages, generator)
SOURCES: dict[str, tuple[str, Callable[[Page, Files], str]]] = {
    "evidence-table": ("front matter of docs/conditions/*.md", evidence_table),
    "routes-table": ("data/routes.yml", routes_table),
    "glossary": ("includes/glossary.md", lambda page, files: glossary()),
}


def render(marker: markers.Marker, ctx: markers.Page) -> str:
    origin, make = SOURCES[marker.name]
    return markers.block(origin, make(ctx.page, ctx.files))


for _name in SOURCES:
    markers.register("generated", _name, OWNER, render=render, inline=True)
