"""Pictures: the two diagrams and two charts, their agreement with the data they show, the
lightbox, the colour schemes, the sharing card and every page's sharing metadata.

The charts are read back from the built site/ (the SVG files themselves) and compared with
their sources: data/routes.yml, the condition pages' front matter and the tables on the
same pages. Tests that need a browser carry the `browser` mark.
"""

from __future__ import annotations

import gzip
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from scratch import CHANGED
from sitepages import ROOT, front_matter, nav_pages, read_yaml

PAGES = nav_pages()
NS = {"s": "http://www.w3.org/2000/svg"}
EVIDENCE_ORDER = ["established", "moderate", "limited", "early"]
# name -> (page source under docs/, page URL, SVG path in site/)
PICTURES = {
    "pathway": (
        "understanding/how-it-works.md",
        "understanding/how-it-works/",
        "assets/images/pathway.svg",
    ),
    "journey": ("treatment/index.md", "treatment/", "assets/images/journey.svg"),
    "routes-chart": ("forms/index.md", "forms/", "assets/images/generated/routes-chart.svg"),
    "evidence-chart": (
        "conditions/index.md",
        "conditions/",
        "assets/images/generated/evidence-chart.svg",
    ),
}
SVG_BUDGET = 12_000  # bytes per picture
CARD_BUDGET = 60_000  # bytes for the social card
SCHEME_BG = {"light": (255, 255, 255), "dark": (30, 37, 41)}  # page background = picture background


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def svg_root(site: Path, name: str) -> ET.Element:
    return ET.fromstring((site / PICTURES[name][2]).read_text(encoding="utf-8"))


def classes(el: ET.Element) -> set[str]:
    return set((el.get("class") or "").split())


def texts(el: ET.Element, cls: str | None = None) -> list[str]:
    return [
        "".join(t.itertext()).strip()
        for t in el.iter(f"{{{NS['s']}}}text")
        if cls is None or cls in classes(t)
    ]


def viewbox(root: ET.Element) -> tuple[float, float]:
    _, _, w, h = (float(v) for v in root.get("viewBox").split())
    return w, h


class _Page(HTMLParser):
    """The pictures (<figure> elements), meta tags and tables of one built page (minified HTML, any quoting)."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.pictures: list[dict] = []
        self.tables: list[list[list[str]]] = []
        self._picture: dict | None = None
        self._caption = False
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content") or ""
        elif tag == "figure" and "diagram" in (a.get("class") or "").split():
            self._picture = {"links": [], "imgs": [], "caption": "", "cites": 0}
            self.pictures.append(self._picture)
        elif self._picture is not None and tag == "a" and "glightbox" in (a.get("class") or ""):
            self._picture["links"].append(a)
        elif self._picture is not None and tag == "img":
            self._picture["imgs"].append(a)
        elif self._picture is not None and tag == "figcaption":
            self._caption = True
        elif self._picture is not None and tag == "sup":
            self._picture["cites"] += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "sup":
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "figure":
            self._picture = None
        elif tag == "figcaption":
            self._caption = False
        elif tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "sup" and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._caption and self._picture is not None:
            self._picture["caption"] += data
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def parse_page(site: Path, url: str) -> _Page:
    p = _Page()
    p.feed((site / url / "index.html").read_text(encoding="utf-8"))
    return p


def routes() -> list[dict]:
    return read_yaml(ROOT / "data" / "routes.yml")["routes"]


def condition_pages() -> list[dict]:
    out = []
    for path in sorted((ROOT / "docs" / "conditions").glob("*.md")):
        meta = front_matter(f"conditions/{path.name}")
        if meta.get("kind") == "condition":
            out.append(meta | {"page": f"conditions/{path.name}"})
    return out


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return struct.unpack(">II", data[16:24])


def png_pixel(data: bytes, x: int, y: int) -> tuple[int, ...]:
    """One pixel of an 8-bit RGB or RGBA PNG (what Chromium's screenshots are)."""
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            width, _, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), "only 8-bit RGB(A) screenshots are decoded"
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += n + 12
    raw, stride, prev = zlib.decompress(idat), width * bpp, bytearray(width * bpp)
    for row in range(y + 1):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
    return tuple(prev[x * bpp : x * bpp + 3])


# ---------------------------------------------------------------------------
# The pictures themselves
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", PICTURES)
def test_each_picture_is_a_small_self_contained_svg(site, name):
    path = site / PICTURES[name][2]
    assert path.exists(), f"{name}: {PICTURES[name][2]} was not built"
    text = path.read_text(encoding="utf-8")
    assert len(text.encode()) <= SVG_BUDGET, (
        f"{name}: {len(text.encode())} bytes, budget {SVG_BUDGET}"
    )
    root = ET.fromstring(text)
    assert root.find("s:title", NS) is not None and root.find("s:title", NS).text.strip()
    assert root.find("s:desc", NS) is not None and len(root.find("s:desc", NS).text.strip()) > 80
    w, h = viewbox(root)
    assert float(root.get("width")) >= w and float(root.get("height")) >= h, (
        "give the SVG its own size"
    )
    style = re.sub(r"\s+", "", "".join(root.find("s:style", NS).itertext()))
    assert "@media(prefers-color-scheme:dark)" in style, f"{name}: no dark colours"
    assert "currentColor" in style and "var(--" in style
    assert not re.search(
        r"<script|\son[a-z]+\s*=|<foreignObject|<image\b|https?://(?!www\.w3\.org/2000/svg)",
        text,
        re.I,
    ), f"{name}: scripts, handlers or outside resources"


@pytest.mark.parametrize("name", PICTURES)
def test_each_picture_is_on_its_page_with_alt_text_a_caption_and_the_lightbox(site, name):
    src, url, svg = PICTURES[name]
    page = parse_page(site, url)
    shown = [
        f
        for f in page.pictures
        if any(i.get("src", "").endswith(svg.rsplit("/", 1)[1]) for i in f["imgs"])
    ]
    assert len(shown) == 1, f"{src}: expected one <figure class=diagram> showing {svg}"
    pic = shown[0]
    img, link = pic["imgs"][0], pic["links"][0] if pic["links"] else {}
    page_url = f"https://example.org/{url}"
    assert urlparse(urljoin(page_url, img["src"])).path == f"/{svg}"
    assert link.get("href") == img["src"], f"{src}: the lightbox link must open the picture itself"
    assert len(img.get("alt", "")) >= 60, f"{src}: alt text too short to describe the picture"
    w, h = viewbox(svg_root(site, name))
    assert (int(img["width"]), int(img["height"])) == (int(w), int(h)), (
        f"{src}: width/height attributes must match the viewBox (no layout shift)"
    )
    assert pic["caption"].strip(), f"{src}: the picture needs a caption"


def test_pathway_is_marked_as_a_simplified_model_mostly_from_animal_studies(site):
    root = svg_root(site, "pathway")
    words = " ".join(texts(root)).lower()
    assert (
        "simplified model" in words
        and "animal" in words
        and "none of steps 2 to 5 is proven" in words
    )
    steps = root.findall(".//s:g[@class]", NS)
    kinds = [classes(g) for g in steps if "step" in classes(g)]
    assert len(kinds) == 5
    assert "known" in kinds[0] and all("model" in k for k in kinds[1:]), (
        "only step 1 (NMDA blockade) is established; steps 2-5 are drawn as hypotheses"
    )
    titles = list(texts(root, "t"))
    for word, title in zip(
        ["NMDA", "glutamate", "AMPA", "BDNF", "connections"], titles, strict=False
    ):
        assert word in title
    # Its caption cites a source on the page, and the numbered list below is the text version.
    pic = parse_page(site, "understanding/how-it-works/").pictures[0]
    assert "simplified" in pic["caption"] and pic["cites"] >= 1
    md = (ROOT / "docs/understanding/how-it-works.md").read_text(encoding="utf-8")
    after = md[md.index("</figure>") :]
    items = re.findall(r"^(\d)\. \*\*(.+?)\*\*", after, re.M)[:5]
    assert [n for n, _ in items] == ["1", "2", "3", "4", "5"]
    for (_, lead), word in zip(
        items, ["NMDA", "glutamate", "AMPA", "Growth", "connections"], strict=True
    ):
        assert word in lead, f"text version step '{lead}' does not match the diagram ('{word}')"


def test_journey_matches_the_steps_table(site):
    """The timeline shows the steps of the table under it, in the same order."""
    md = (ROOT / "docs/treatment/index.md").read_text(encoding="utf-8")
    steps = re.findall(r"^\| (\d+)\. ([^|]+?) \|", md, re.M)
    assert len(steps) >= 5, "the steps table on docs/treatment/index.md was not found"
    root = svg_root(site, "journey")
    drawn = [
        (g.get("data-step"), texts(g, "t")[0])
        for g in root.iter(f"{{{NS['s']}}}g")
        if "step" in classes(g)
    ]
    assert drawn == [(n, name) for n, name in steps]
    # Every step the timeline names has its own page in docs/treatment/.
    for page in (
        "assessment.md",
        "consent-and-planning.md",
        "sessions.md",
        "course-and-follow-up.md",
    ):
        assert (ROOT / "docs/treatment" / page).exists()


def test_routes_chart_agrees_with_routes_yml(site):
    root = svg_root(site, "routes-chart")
    scale = {
        int(t.get("data-percent")): float(t.get("x"))
        for t in root.iter(f"{{{NS['s']}}}text")
        if t.get("data-percent")
    }
    zero, full = scale[0], scale[100] - scale[0]
    groups = [g for g in root.iter(f"{{{NS['s']}}}g") if "route" in classes(g)]
    data = routes()
    assert [g.get("data-route") for g in groups] == [r["id"] for r in data], (
        "routes missing or out of order"
    )
    for g, r in zip(groups, data, strict=True):
        b = r["bioavailability"]
        bar = [e for e in g if "bar" in classes(e)]
        rng = [e for e in g if "range" in classes(e)]
        value = texts(g, "value")
        if b is None:
            assert not bar and not rng, f"{r['id']}: has no figure, so no bar may be drawn"
            assert value == ["No reliable figure"]
            continue
        low = (float(bar[0].get("width")) if bar else 0) / full * 100
        high = low + (float(rng[0].get("width")) / full * 100 if rng else 0)
        assert float(bar[0].get("x")) == zero
        assert (round(low, 1), round(high, 1)) == (b["low"], b["high"]), (
            f"{r['id']}: bar drawn wrongly"
        )
        expected = f"{b['low']:g}%" if b["low"] == b["high"] else f"{b['low']:g}–{b['high']:g}%"
        assert value == [expected]


def test_routes_chart_agrees_with_the_table(site):
    """Chart and table on the same page show the same forms, in the same order, with the same
    figures (or the same absence of one)."""
    page = parse_page(site, "forms/")
    table = next(
        t for t in page.tables if any(row and row[0] == "How much reaches the blood" for row in t)
    )
    names = table[0][1:]
    cells = next(row for row in table if row[0] == "How much reaches the blood")[1:]
    data = {r["name"]: r for r in routes()}
    assert list(data) == names
    root = svg_root(site, "routes-chart")
    shown = {
        g.get("data-route"): texts(g, "value")[0]
        for g in root.iter(f"{{{NS['s']}}}g")
        if "route" in classes(g)
    }
    for name, cell in zip(names, cells, strict=False):
        r = data[name]
        b = r["bioavailability"]
        if b is None:
            assert "No reliable figure" in cell and shown[r["id"]] == "No reliable figure", name
        else:
            numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", cell)}
            assert {b["low"], b["high"]} <= numbers, (
                f"{name}: table says '{cell}', chart says {shown[r['id']]}"
            )


def test_routes_chart_text_version_gives_every_figure():
    md = (ROOT / "docs/forms/index.md").read_text(encoding="utf-8")
    section = md[md.index("<!-- chart: routes-chart -->") :]
    section = section[: section.index("\n## ")]
    # Figures come from the store: a marker shows its stored text, so read that text here.
    stored = {}
    for f in (ROOT / "data/figures").glob("*.yml"):
        for fid, fig in ((read_yaml(f) or {}).get("figures") or {}).items():
            stored[fid] = str(fig["text"])
    section = re.sub(r"<!-- figure: ([a-z0-9-]+) -->", lambda m: stored[m.group(1)], section)
    for r in routes():
        b = r["bioavailability"]
        if b is None:
            line = next(ln for ln in section.splitlines() if f"({r['short']})" in ln)
            assert "no figure" in line, (
                f"{r['short']}: the text version must say there is no figure"
            )
        elif b["low"] == b["high"] == 100:
            line = next(ln for ln in section.splitlines() if f"({r['short']})" in ln)
            assert "all of it" in line, f"{r['short']}: the text version must say all of the dose"
        else:
            for n in {b["low"], b["high"]}:
                assert f"{n:g}" in section, f"{r['id']}: {n:g}% is missing from the text version"


def test_evidence_chart_agrees_with_front_matter_and_table(site):
    root = svg_root(site, "evidence-chart")
    rows = [g for g in root.iter(f"{{{NS['s']}}}g") if "condition" in classes(g)]
    drawn = []
    for g in rows:
        filled = sum(1 for e in g if "on" in classes(e))
        level = g.get("data-evidence")
        assert filled == 4 - EVIDENCE_ORDER.index(level), (
            f"{g.get('data-page')}: {filled} blocks for {level}"
        )
        assert texts(g, "w") == [level.capitalize()]
        drawn.append((" ".join(texts(g, "t")[:-1]), level, g.get("data-page")))
    pages = condition_pages()
    assert sorted((m["title"], m["evidence"], m["page"]) for m in pages) == sorted(drawn)
    # Same order as the evidence table above it.
    table = parse_page(site, "conditions/").tables[0]
    assert [(row[0], row[2].lower().split(" (")[0]) for row in table[1:]] == [
        (t, lv) for t, lv, _ in drawn
    ]
    # The table also names the form a level is for, where the page's front matter gives one.
    for m in pages:
        row = next(r for r in table[1:] if r[0] == m["title"])
        form = m.get("evidence_form")
        assert row[2].lower() == (f"{m['evidence']} ({form})" if form else m["evidence"]), row
        # The chart and its text alternative name that form the same way.
        g = next(g for g in rows if g.get("data-page") == m["page"])
        assert " ".join(texts(g, "form")) == (f"Level for {form}" if form else ""), m["page"]
        named = f"{m['title']}: {m['evidence']}" + (f" ({form})" if form else "")
        desc = root.findtext("s:desc", "", NS)
        assert f"{named};" in desc or f"{named}." in desc, (named, desc)


# ---------------------------------------------------------------------------
# The hook, fed a broken or changed copy of the project
# ---------------------------------------------------------------------------


@CHANGED.change
def routes_changed(project: Path) -> None:
    path = project / "data/routes.yml"
    text = path.read_text(encoding="utf-8")
    assert "bioavailability: {low: 48, high: 48}" in text, "test setup: routes.yml changed"
    path.write_text(
        text.replace(
            "bioavailability: {low: 48, high: 48}", "bioavailability: {low: 50, high: 60}"
        ),
        encoding="utf-8",
    )


def test_changing_routes_yml_changes_chart_and_table_together(changed_build):
    """The shared changed copy (scratch.CHANGED) holds this change among other valid ones."""
    assert changed_build.code == 0, changed_build.out[-2000:]
    svg = changed_build.html(PICTURES["routes-chart"][2])
    assert 'data-route="esketamine" data-low="50" data-high="60"' in svg and "50–60%" in svg


# An unknown chart marker: tests/test_transforms.py (reported once, with its line).


# ---------------------------------------------------------------------------
# Lightbox assets only where there is a picture
# ---------------------------------------------------------------------------


def test_lightbox_loads_only_on_pages_with_pictures(site, capsys):
    with_pictures, without = [], []
    for src, url in PAGES:
        html = (site / url / "index.html").read_text(encoding="utf-8")
        article = re.search(r"<article.*?</article>", html, re.S).group(0)
        has_picture = "<img" in article
        assert has_picture == ("glightbox.min.js" in html), (
            f"{src}: the lightbox script must load exactly when the page has a picture"
        )
        (with_pictures if has_picture else without).append(html)
    assert len(with_pictures) >= 4
    # What a page without pictures is spared: the two files, and the inline start-up code.
    js = (site / "assets/javascripts/glightbox.min.js").read_bytes()
    css = (site / "assets/stylesheets/glightbox.min.css").read_bytes()
    sample = with_pictures[0]
    inline = sum(
        len(m.group(0).encode())
        for m in re.finditer(
            r'<style id="?glightbox-style"?>.*?</style>|<script id="?init-glightbox"?>.*?</script>'
            r"|<link[^>]*glightbox\.min\.css[^>]*>|<script[^>]*glightbox\.min\.js[^>]*></script>",
            sample,
            re.S,
        )
    )
    assert inline > 0
    with capsys.disabled():
        print(
            f"\nlightbox: {len(with_pictures)} pages with pictures load it; {len(without)} pages do not, "
            f"each spared {len(js) + len(css):,} bytes of files "
            f"({len(gzip.compress(js)) + len(gzip.compress(css)):,} gzipped) and {inline:,} bytes of HTML"
        )


# ---------------------------------------------------------------------------
# Sharing: the social card and every page's metadata
# ---------------------------------------------------------------------------


def test_social_card_is_a_small_1200_by_630_png(site):
    source = ROOT / "docs/assets/images/social-card.png"
    data = source.read_bytes()
    assert png_size(data) == (1200, 630)
    assert len(data) <= CARD_BUDGET, f"social card is {len(data)} bytes; budget {CARD_BUDGET}"
    assert (site / "assets/images/social-card.png").read_bytes() == data


@pytest.mark.parametrize("src,url", PAGES, ids=[s for s, _ in PAGES])
def test_every_page_has_sharing_metadata(site, src, url):
    meta = front_matter(src)
    tags = parse_page(site, url).meta
    assert tags.get("og:title") == meta["title"]
    assert tags.get("og:description") == meta["description"]
    assert tags.get("twitter:title") == meta["title"]
    assert tags.get("twitter:description") == meta["description"]
    assert tags.get("og:image:alt")
    # The image address is the site's address plus a path to a file that exists in site/.
    page_address = tags["og:url"]
    base = page_address[: len(page_address) - len(url)] if url else page_address
    assert page_address.endswith(url)
    for key in ("og:image", "twitter:image"):
        image = tags.get(key, "")
        assert image.startswith(base) and image.startswith(("http://", "https://")), (
            f"{src}: {key} = {image}"
        )
        assert (site / image[len(base) :]).is_file(), f"{src}: {key} points to a missing file"


# ---------------------------------------------------------------------------
# In the browser
# ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [(1280, 900), (360, 740)], ids=["desktop", "phone"])
def test_each_picture_follows_the_colour_scheme_and_opens_in_the_lightbox(
    browser, server, viewport
):
    """Each picture's page, loaded once per size in the reader's light scheme: the picture's
    background is the page's, light and then dark (the reader's system turns dark and the
    open page follows, as in test_accessibility.schemes), and then the picture opens larger
    in the lightbox and Escape closes it."""
    from test_accessibility import SETTLED

    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        is_mobile=viewport[0] < 500,
        has_touch=viewport[0] < 500,
        color_scheme="light",
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name, (src, url, svg) in PICTURES.items():
        page.emulate_media(color_scheme="light")
        page.goto(f"{server}/{url}")
        for scheme, palette in (("light", "default"), ("dark", "slate")):
            page.emulate_media(color_scheme=scheme)
            page.wait_for_function(SETTLED, arg=palette)
            colour = _background(page, "figure.diagram img")
            assert _near(colour, SCHEME_BG[scheme]), f"{name} in {scheme}: background {colour}"
        page.evaluate("window.scrollTo(0, 0)")
        link = page.locator("figure.diagram a.glightbox")
        assert link.count() == 1, f"{src}: expected one picture in the lightbox"
        link.scroll_into_view_if_needed()
        shown = link.locator("img").bounding_box()
        link.click()
        box = page.locator(".glightbox-container")
        box.wait_for(state="visible", timeout=5000)
        img = page.locator(".gslide-image img")
        img.wait_for(state="visible", timeout=5000)
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
        )
        assert img.get_attribute("src").endswith(svg.rsplit("/", 1)[1])
        natural = img.evaluate("i => i.naturalWidth")
        assert natural == 2 * 400, f"{name}: the SVG's own size is what the lightbox shows"
        big = img.bounding_box()
        assert big["width"] * big["height"] >= 0.95 * shown["width"] * shown["height"], (
            f"{name}: the lightbox shows the picture smaller than the page does"
        )
        page.keyboard.press("Escape")
        box.wait_for(state="detached", timeout=5000)
        assert page.locator(".glightbox-container").count() == 0
    context.close()
    assert not errors, errors


@pytest.mark.browser
@pytest.mark.parametrize("name", PICTURES)
def test_text_inside_each_picture_fits_and_does_not_overlap(page, server, name):
    """With the wide DejaVu Sans that Debian's Chromium uses, no label leaves the picture or
    runs into another one."""
    page.goto(f"{server}/{PICTURES[name][2]}")
    found = page.evaluate("""() => {
      const svg = document.documentElement, vb = svg.viewBox.baseVal, out = [];
      const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBBox()]);
      for (const [s, b] of boxes) {
        if (b.x < 4 || b.y < 4 || b.x + b.width > vb.width - 4 || b.y + b.height > vb.height - 2)
          out.push('outside: ' + s);
      }
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const [s, a] = boxes[i], [u, b] = boxes[j];
        const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
        const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
        if (w > 1 && h > 3) out.push('overlap: ' + s + ' / ' + u);
      }
      return out;
    }""")
    assert not found, found


def _background(page, selector: str) -> tuple[int, ...]:
    """A pixel near the picture's lower right corner, inside its frame: background only
    (the top may sit under the sticky header)."""
    el = page.locator(selector)
    el.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=el.element_handle())
    shot = el.screenshot()
    width, height = png_size(shot)
    return png_pixel(shot, width - 12, height - 12)


def _near(a, b, tolerance=6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


@pytest.mark.browser
def test_pictures_follow_the_sites_own_dark_switch(browser, server):
    """A reader whose system is light but who picks the dark scheme on the site gets dark
    pictures: the SVG's own colour query follows the page's colour scheme."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(f"{server}/forms/")
    for _ in range(3):
        if page.get_attribute("body", "data-md-color-scheme") == "slate":
            break
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    colour = _background(page, "figure.diagram img")
    assert _near(colour, SCHEME_BG["dark"]), f"background {colour} under the site's dark switch"
    context.close()
