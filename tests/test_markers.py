"""One marker grammar, one dispatcher (overrides/hooks/markers.py): the hooks register a
renderer for each marker they own, and markers.expand() alone replaces markers, in page order.
Run in-process, without a build."""

from __future__ import annotations

import re
import sys

import pytest

import test_transforms
from hookkit import ALL, hooks, load_all, own_renderers, page, problems

load_all()
markers = hooks.markers


def _one_of_each() -> list[str]:
    """A marker of every name editors may write (one figure id: the names come from data)."""
    out = []
    for kind, entry in sorted(markers.editor_kinds().items()):
        names = sorted(entry.names) or sorted(entry.all_names())[:1]
        out += [f"<!-- {kind}: {name} -->" for name in names]
    return out


class _Config(test_transforms.types.SimpleNamespace):
    """What the hooks read of MkDocs' configuration, as attributes or keys."""

    def __getitem__(self, key: str):
        return getattr(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key, default)


def _setup(text: str):
    own_renderers()
    files = test_transforms._files()
    for f in files.documentation_pages():
        f.content_string = (test_transforms.ROOT / "docs" / f.src_uri).read_text(encoding="utf-8")
    config = _Config(
        site_dir="/nonexistent-site",
        use_directory_urls=True,
        plugins=test_transforms.types.SimpleNamespace(_current_plugin=None),
        site_url=None,
    )
    hooks.charts.on_files(files, config)
    hooks.record.on_files(files, config)
    hooks.trials_table.on_files(files, config)
    return page("about/disclaimer.md", text), files, config


def test_every_registered_marker_has_a_renderer():
    for kind, entry in markers.registry.items():
        for name in entry.all_names():
            assert entry.renderers.get(name) or entry.any_name, f"<!-- {kind}: {name} -->"


def test_only_the_dispatcher_replaces_markers():
    """Each hook's own page event leaves every marker as it is; expand() replaces them all."""
    base = (test_transforms.ROOT / "docs/about/disclaimer.md").read_text(encoding="utf-8")
    written = [m for m in _one_of_each() if not m.startswith("<!-- option-figure:")]
    assert {m.split(":")[0] for m in written} == {"<!-- generated", "<!-- chart", "<!-- figure"}
    text = base + "\n" + "\n\n".join(written) + "\n"
    p, files, config = _setup(text)
    with problems():
        for name in ALL:
            event = getattr(getattr(hooks, name), "on_page_markdown", None)
            if event is None or name == "expand":
                continue
            out = event(p.markdown, p, config, files)
            kept = [m for m in written if m not in out]
            assert not kept, f"{name}.py replaces {kept} itself: register a renderer instead"
        out = hooks.expand.on_page_markdown(p.markdown, p, config, files)
    assert not [m for m in written if m in out]


def test_markers_are_replaced_in_page_order_including_those_in_generated_output(monkeypatch):
    """A figure inside generated output is numbered where it stands on the page."""
    a, b = sorted(hooks.provenance.store.figures)[:2]
    demo = markers.Kind(
        renderers={"x": lambda m, ctx: f"Inside: <!-- figure: {a} --> and <!-- figure: {b} -->"}
    )
    monkeypatch.setitem(markers.registry, "demo", demo)
    text = f"# Disclaimer\n\nFirst <!-- figure: {b} -->.\n\n<!-- demo: x -->\n\nLast <!-- figure: {a} -->.\n"
    p, files, config = _setup(text)
    with problems() as found:
        out = markers.expand(p.markdown, p, files, config)
        out = hooks.provenance.on_page_markdown(out, p, config, files)
    assert not found.messages, found.text
    uses = re.findall(
        r'id="fig-([a-z0-9-]+-use-\d)"><a href="#fig-[a-z0-9-]+"[^>]*>quote&nbsp;(\d)', out
    )
    assert uses == [
        (f"{b}-use-1", "1"),
        (f"{a}-use-1", "2"),
        (f"{b}-use-2", "1"),
        (f"{a}-use-2", "2"),
    ]
    listed = re.findall(r'<li id="fig-([a-z0-9-]+)">', out)
    assert listed == [b, a]
    assert p.meta["figure_count"] == 2


def test_markers_in_code_are_not_replaced():
    text = (
        "# Disclaimer\n\n`<!-- generated: glossary -->`\n\n```\n<!-- chart: routes-chart -->\n```\n"
    )
    p, files, config = _setup(text)
    assert markers.expand(p.markdown, p, files, config) == p.markdown


def test_a_block_marker_inside_a_sentence_is_left_for_the_backstop():
    """Charts stand alone on their line; leftovers() then names the line (test_structure)."""
    text = "# Disclaimer\n\nThe chart <!-- chart: routes-chart --> inline.\n\n<!-- chart: routes-chart -->\n"
    p, files, config = _setup(text)
    out = markers.expand(p.markdown, p, files, config)
    assert "The chart <!-- chart: routes-chart --> inline." in out
    assert out.count("<!-- chart: routes-chart -->") == 1 and "routes-chart.svg" in out


def test_an_unknown_figure_names_its_line():
    text = "# Disclaimer\n\nWords.\n\nA figure: <!-- figure: no-such-figure -->.\n"
    p, files, config = _setup(text)
    with problems() as found:
        markers.expand(p.markdown, p, files, config)
    assert "docs/about/disclaimer.md:5: unknown figure 'no-such-figure'" in found.text


def _one(marker, ctx) -> str:
    return "one"


def _two(marker, ctx) -> str:
    return "two"


def test_a_marker_cannot_get_two_renderers_or_two_placements(monkeypatch):
    monkeypatch.setitem(markers.registry, "demo", markers.Kind())
    markers.register("demo", "x", render=_one)
    with pytest.raises(ValueError, match="two renderers"):
        markers.register("demo", "x", render=_two)
    with pytest.raises(ValueError, match="both inline and not"):
        markers.register("demo", "y", render=_one, inline=True)


def test_a_hook_loaded_again_replaces_its_renderers():
    """mkdocs serve loads the hooks again on each rebuild (and MkDocs' config loader in the
    tests loads them under their paths): the new module's renderer, with its fresh data, wins."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generated_again", hooks.generated.__file__)
    again = importlib.util.module_from_spec(spec)
    before = markers.registry["generated"].renderers["glossary"]
    sys.modules["generated_again"] = again
    try:
        spec.loader.exec_module(again)
        assert markers.registry["generated"].renderers["glossary"] is again.render
    finally:
        del sys.modules["generated_again"]
        for name in again.SOURCES:
            markers.registry["generated"].renderers[name] = before


# -- one word for one thing: a chart is a drawn picture, a figure a number from a study ----


@pytest.mark.parametrize(
    "marker,fix",
    [
        ("<!-- figure: evidence-chart -->", "write <!-- chart: evidence-chart --> (a chart is a"),
        ("<!-- chart: elektd-ketamine -->", "write <!-- figure: elektd-ketamine --> (a figure is"),
    ],
)
def test_a_chart_written_as_a_figure_or_back_fails_naming_the_right_word(marker, fix):
    with problems() as found:
        markers.check(f"# Title\n\n{marker}\n", "docs/about/disclaimer.md", 0)
    assert "docs/about/disclaimer.md:3: unknown marker" in found.text and fix in found.text


WORD = re.compile(r"(?<![a-z])fig(?:ure)?s?(?![a-z])", re.I)


def test_one_word_for_one_thing_in_names_files_and_classes():
    """Charts and figures never share a name; no drawn picture (file, chart, CSS rule) is
    called a figure; the figure store's classes (fig, fig-*) style numbers, never pictures.
    The HTML element <figure> is HTML's own word, so its tag is not counted."""
    charts = markers.registry["chart"].all_names()
    figures = markers.registry["figure"].all_names()
    assert charts and figures and not charts & figures
    assert not [n for n in figures if re.search(r"chart|diagram|picture|svg", n)]
    assert not [n for n in charts if WORD.search(n)]
    images = test_transforms.ROOT / "docs" / "assets" / "images"
    drawn = [p.name for p in images.rglob("*") if p.is_file()]
    drawn += [f"{hooks.charts.OUT}/{name}.svg" for name in hooks.charts.CHARTS]
    assert not [n for n in drawn if WORD.search(n)], drawn
    css = "".join(
        p.read_text(encoding="utf-8")
        for p in (test_transforms.ROOT / "docs" / "assets").rglob("*.css")
    )
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for rule in re.findall(r"([^{}]+)\{", css):
        for selector in rule.split(","):
            classes = re.findall(r"\.([\w-]+)", selector)
            if any(WORD.match(c) for c in classes):
                assert not re.search(r"\b(img|svg|figure|picture)\b|diagram|icons?\b", selector), (
                    f"a figure-store class styles a picture: {selector.strip()}"
                )


def test_no_hook_looks_for_editors_markers_with_its_own_pattern():
    """Finding markers is markers.py's (expand, found); a hook's own regular expression or
    string search for them would drift from the one grammar."""
    editor = r"<!--\s*(?:generated|chart|figure|option-figure):"
    search = re.compile(
        r"re\.compile\(|\.replace\(|\.sub\(|\.finditer\(|\.findall\(|\.search\(| in (?:markdown|ctx\.markdown|source|text)\b"
    )
    found = [
        f"{p.name}:{n}"
        for p in sorted((test_transforms.ROOT / "overrides" / "hooks").glob("*.py"))
        if p.name != "markers.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(editor, line) and search.search(line)
    ]
    assert not found, f"use markers.found() or register a renderer: {found}"
