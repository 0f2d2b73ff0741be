"""Charts drawn at build time from the same sources as the tables, so chart and table agree.

Markers, each on a line of its own:

- `<!-- chart: routes-chart -->`: how much of a dose reaches the blood for each form, from
  `bioavailability` in `data/routes.yml` (the source of the comparison table). A route with
  `bioavailability: null` is drawn as "No reliable figure".
- `<!-- chart: evidence-chart -->`: the strength of evidence for each condition, from the
  front matter of the condition pages (kind: condition), like the evidence table; under a
  row's blocks, the form of ketamine its level is for (`evidence_form:`), as the table says.

Each chart is an SVG written as a build file (`assets/images/generated/*.svg`, never in
docs/) and placed on the page as a Markdown image inside a <figure>, so the lightbox opens
it. The SVGs carry their own colours for light and dark schemes (`prefers-color-scheme`
inside the SVG follows the page's scheme in current browsers) and a <title> and <desc>.

The hand-drawn diagrams (`docs/assets/images/pathway.svg`, `journey.svg`) are placed in
their pages as ordinary Markdown images. A `<!-- chart: ... -->` marker with any other
name fails the build. Output is Markdown, like the other hooks.
"""

from __future__ import annotations

import contextlib
import html
import posixpath
import re
from typing import TYPE_CHECKING

from mkdocs.structure.files import File
from pydantic import ValidationError

import markers
from common import DATA, problem, read_yaml
from generated import EVIDENCE_ORDER, Route, condition_pages, form_of

OUT = "assets/images/generated"
CHARTS = ("routes-chart", "evidence-chart")
WIDTH = 400  # viewBox width: sharp at 1:1 on a desktop, about 0.8x on a 360 px phone
ZOOM = 2  # the SVG's own size, which the lightbox shows (capped by the screen)
LEFT = 12  # left margin of every row
BAR = 300  # length of a 100% bar
LEVEL_WORDS = {
    "established": "Established",
    "moderate": "Moderate",
    "limited": "Limited",
    "early": "Early",
}

# Shared look. Colours follow the site's palette (docs/assets/stylesheets/site.css);
# the dark set applies when the page around the picture is in the dark (slate) scheme.
STYLE = (
    "svg{--fg:#1f2933;--muted:#4a5560;--bg:#fff;--soft:#e8f2f3;--accent:#0e5561;--line:#5b6770;"
    "--border:#c9d2d9;--empty:#eef1f4;--established:#1b5e20;--moderate:#275a8c;--limited:#7a4a00;"
    "--early:#6a3d7a;color:var(--fg);font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
    "'Noto Sans',Arial,sans-serif}"
    "@media (prefers-color-scheme:dark){svg{--fg:#dde3e6;--muted:#b8c2cc;--bg:#1e2529;--soft:#143a40;"
    "--accent:#8fd6e0;--line:#9aa5b1;--border:#3e4b53;--empty:#283238;--established:#9ad69e;"
    "--moderate:#a9cdf2;--limited:#f2c57c;--early:#ddb6ea}}"
    "text{fill:currentColor;font-size:14px}.h{font-size:18px;font-weight:700}"
    ".t{font-size:15px;font-weight:700}.m{fill:var(--muted)}.s{font-size:13px}.i{font-style:italic}"
    ".bg{fill:var(--bg);stroke:var(--border)}.grid{stroke:var(--border)}.axis{stroke:var(--line)}"
    ".bar{fill:var(--accent)}.range{fill:url(#stripes);stroke:var(--accent);stroke-width:1.5}"
    ".none{fill:none;stroke:var(--line);stroke-dasharray:5 4}"
    ".seg{fill:var(--empty);stroke:var(--border)}"
    + "".join(
        f".{lv} .on{{fill:var(--{lv});stroke:var(--{lv})}}.{lv} .w{{fill:var(--{lv})}}"
        for lv in EVIDENCE_ORDER
    )
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


# name -> {"uri", "alt", "caption", "width", "height"}; filled in on_files for on_page_markdown.
charts: dict[str, dict] = {}


def esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def pct(value: float) -> str:
    return f"{value:g}"


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate for wide system fonts (DejaVu Sans), so labels never overflow."""
    return len(text) * size * (0.66 if bold else 0.6)


def wrap(text: str, size: float, bold: bool, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and text_width(trial, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def svg(title: str, desc: str, height: int, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH * ZOOM}" height="{height * ZOOM}" role="img" aria-labelledby="t d">'
        f'<title id="t">{esc(title)}</title><desc id="d">{esc(desc)}</desc><style>{STYLE}</style>'
        f'<rect class="bg" x=".5" y=".5" width="{WIDTH - 1}" height="{height - 1}" rx="8"/>'
        + "".join(body)
        + "</svg>\n"
    )


# ---------------------------------------------------------------------------
# Forms of administration: bioavailability from data/routes.yml
# ---------------------------------------------------------------------------


def quiet_routes() -> list[Route]:
    """The valid routes. Errors in the file are reported once, by generated.py's table."""
    path = DATA / "routes.yml"
    raw = read_yaml(path)[0] if path.exists() else None  # its problems: generated.py reports
    routes = []
    for entry in (raw or {}).get("routes", []) if isinstance(raw, dict) else []:
        with contextlib.suppress(ValidationError):
            routes.append(Route.model_validate(entry))
    return routes


def route_label(r: Route) -> str:
    name = re.sub(r"\s*\([^)]*\)", "", r.name).strip()
    if re.fullmatch(r"[A-Z]{2,4}", r.short) and r.short not in name:
        name += f" ({r.short})"
    return name


def route_value(r: Route) -> str:
    b = r.bioavailability
    if b is None:
        return "No reliable figure"
    return f"{pct(b.low)}%" if b.low == b.high else f"{pct(b.low)}–{pct(b.high)}%"


def row_label(g: list[str], title: str, y: int) -> int:
    """A row's label, wrapped to the chart's width, added to `g` at `y`; returns the top
    of the row's bar, below the label's last line (every chart's rows share this layout)."""
    label = wrap(title, 15, True, WIDTH - 2 * LEFT)
    for i, line in enumerate(label):
        g.append(f'<text class="t" x="{LEFT}" y="{y + 16 + i * 19}">{esc(line)}</text>')
    return y + 24 + (len(label) - 1) * 19


def routes_chart(routes: list[Route]) -> tuple[str, str, int]:
    body, y = [], 72
    body.append(
        '<defs><pattern id="stripes" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect class="bar" width="3" height="6"/></pattern></defs>'
        '<text class="h" x="12" y="30">How much reaches the blood</text>'
        '<text class="m" x="12" y="52">Share of each dose, by form of ketamine</text>'
    )
    ticks = (25, 50, 75, 100)
    for r in routes:
        b = r.bioavailability
        g = [
            f'<g class="route" data-route="{esc(r.id)}" data-low="{pct(b.low) if b else ""}" '
            f'data-high="{pct(b.high) if b else ""}">'
        ]
        top = row_label(g, route_label(r), y)
        # Scale marks behind each bar only, so they never cross a label.
        if b is not None:
            g.append(
                "".join(
                    f'<line class="grid" x1="{LEFT + BAR * p / 100:g}" x2="{LEFT + BAR * p / 100:g}" '
                    f'y1="{top - 3}" y2="{top + 23}"/>'
                    for p in ticks
                )
            )
        if b is None:
            g.append(
                f'<rect class="none" x="{LEFT}" y="{top}" width="{BAR}" height="20" rx="3"/>'
                f'<text class="value s i m" x="{LEFT + 10}" y="{top + 15}">{route_value(r)}</text>'
            )
        else:
            solid, extra = BAR * b.low / 100, BAR * (b.high - b.low) / 100
            g.append(
                f'<rect class="bar" x="{LEFT}" y="{top}" width="{solid:g}" height="20" rx="3"/>'
            )
            if extra:
                g.append(
                    f'<rect class="range" x="{LEFT + solid:g}" y="{top}" width="{extra:g}" height="20"/>'
                )
            g.append(
                f'<text class="value t" x="{LEFT + solid + extra + 8:g}" y="{top + 16}">'
                f"{route_value(r)}</text>"
            )
        g.append("</g>")
        body.append("".join(g))
        y = top + 36
    body.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + BAR}" y1="{y - 6}" y2="{y - 6}"/>')
    body.append(
        "".join(
            f'<text class="scale s m" data-percent="{p}" x="{LEFT + BAR * p / 100:g}" y="{y + 12}" '
            f'text-anchor="{"start" if p == 0 else "middle"}">{p}%</text>'
            for p in (0, *ticks)
        )
    )
    y += 22
    if any(r.bioavailability and r.bioavailability.low < r.bioavailability.high for r in routes):
        body.append(
            f'<rect class="range" x="{LEFT + 1}" y="{y + 4}" width="22" height="12"/>'
            f'<text class="s m" x="{LEFT + 30}" y="{y + 15}">Striped part: range of reported figures</text>'
        )
        y += 22
    values = "; ".join(f"{route_label(r)}: {route_value(r).lower()}" for r in routes)
    desc = (
        f"Bar chart of the share of each dose that reaches the bloodstream. {values}. "
        "Figures come from small studies."
    )
    return (
        svg("How much of a dose of ketamine reaches the blood, by form", desc, y + 10, body),
        values,
        y + 10,
    )


# ---------------------------------------------------------------------------
# Conditions: evidence levels from the condition pages' front matter
# ---------------------------------------------------------------------------


def conditions(files: Files) -> list[dict]:
    """The condition pages in the evidence table's order (generated.condition_pages)."""
    return [
        {
            "title": str(r.get("title", r["_file"].src_uri)),
            "evidence": r["evidence"],
            "page": r["_file"].src_uri,
            "evidence_form": r.get("evidence_form"),
        }
        for r in condition_pages(files)
        if r.get("evidence") in EVIDENCE_ORDER
    ]


def evidence_chart(rows: list[dict]) -> tuple[str, str, int]:
    steps = list(reversed(EVIDENCE_ORDER))  # early = 1 segment ... established = 4
    seg, gap = 52, 4
    body = [
        '<text class="h" x="12" y="30">Strength of evidence</text>'
        '<text class="m" x="12" y="52">By condition, as graded on each page</text>'
    ]
    y = 72
    for r in rows:
        level = steps.index(r["evidence"]) + 1
        g = [
            f'<g class="condition {r["evidence"]}" data-page="{esc(r["page"])}" '
            f'data-evidence="{r["evidence"]}">'
        ]
        top = row_label(g, r["title"], y)
        for i in range(len(steps)):
            g.append(
                f'<rect class="seg{" on" if i < level else ""}" x="{LEFT + i * (seg + gap)}" '
                f'y="{top}" width="{seg}" height="18" rx="3"/>'
            )
        g.append(
            f'<text class="t w" x="{LEFT + len(steps) * (seg + gap) + 8}" y="{top + 15}">'
            f"{LEVEL_WORDS[r['evidence']]}</text>"
        )
        # The form the level is for, as the table and the page's badge say (front matter).
        for line in wrap(
            f"Level for {r['evidence_form']}" if r["evidence_form"] else "",
            13,
            False,
            WIDTH - 2 * LEFT,
        ):
            top += 18
            g.append(f'<text class="s m form" x="{LEFT}" y="{top + 15}">{esc(line)}</text>')
        body.append("".join(g) + "</g>")
        y = top + 34
    body.append(
        f'<text class="s m" x="{LEFT}" y="{y + 8}">More filled blocks: stronger evidence</text>'
        f'<text class="s m" x="{LEFT}" y="{y + 26}">(early, limited, moderate, established)</text>'
    )
    y += 36
    values = "; ".join(f"{r['title']}: {r['evidence']}{form_of(r)}" for r in rows)
    desc = f"Chart of the strength of evidence for each condition, from early to established. {values}."
    return svg("Strength of evidence for each condition", desc, y + 6, body), values, y + 6


# ---------------------------------------------------------------------------
# MkDocs events
# ---------------------------------------------------------------------------


def add(
    files: Files, config: MkDocsConfig, name: str, content: str, height: int, alt: str, caption: str
) -> None:
    uri = f"{OUT}/{name}.svg"
    old = files.get_file_from_path(uri)
    if old is not None:
        problem(
            f"docs/{uri}",
            "this file has the name of a chart the build draws",
            f"delete docs/{uri}; the chart is generated from its data on every build",
        )
        files.remove(old)
    files.append(File.generated(config, uri, content=content))
    charts[name] = {"uri": uri, "alt": alt, "caption": caption, "height": height}


def on_files(files: Files, config: MkDocsConfig, **kwargs: object) -> Files:
    charts.clear()
    routes = quiet_routes()
    if routes:
        content, values, height = routes_chart(routes)
        add(
            files,
            config,
            "routes-chart",
            content,
            height,
            f"Bar chart of how much of each dose reaches the blood. {values}",
            "Share of each dose that reaches the blood, drawn from the same data as the table "
            "above. The list below gives the figures in words.",
        )
    rows = conditions(files)
    if rows:
        content, values, height = evidence_chart(rows)
        add(
            files,
            config,
            "evidence-chart",
            content,
            height,
            f"Chart of the strength of evidence for each condition. {values}",
            "Strength of evidence for each condition, drawn from the condition pages. "
            "The table above gives the same information in words.",
        )
    return files


def chart_html(page: Page, chart: dict) -> str:
    src = posixpath.relpath(chart["uri"], posixpath.dirname(page.file.src_uri))
    alt = re.sub(r"[\[\]]", "", chart["alt"])
    return (
        f'<figure class="diagram" markdown="span">\n'
        f'![{alt}]({src}){{ width="{WIDTH}" height="{chart["height"]}" loading="lazy" }}\n'
        f"<figcaption>{esc(chart['caption'])}</figcaption>\n</figure>"
    )


def render(marker: markers.Marker, ctx: markers.Page) -> str:
    if marker.name in charts:
        return chart_html(ctx.page, charts[marker.name])
    return "*The chart could not be drawn: see the build log.*"


for _name in CHARTS:
    markers.register(
        "chart",
        _name,
        "overrides/hooks/charts.py",
        hint="or place a drawing as a Markdown image: ![What it shows](../assets/images/name.svg)",
        render=render,
    )
