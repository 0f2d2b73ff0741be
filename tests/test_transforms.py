"""The page transforms run without MkDocs (issue 15): a real page's Markdown goes through the
generated-table, chart, figure-store and citation transforms in-process, in the order
mkdocs.yml lists them, with no build, no plugins and no theme. Only MkDocs' File and Page
data classes are used, as a pre-build staging step for another generator would."""

from __future__ import annotations

import re
import types
from pathlib import Path

from mkdocs.structure.files import File, Files

from hookkit import ROOT, hooks, load_all, page, problems

# The transforms of mkdocs.yml's hooks list that turn Markdown into Markdown, in that order.
PIPELINE = ("pages", "expand", "record", "provenance", "references")


def _files() -> Files:
    docs = ROOT / "docs"
    return Files(
        [
            File(p.relative_to(docs).as_posix(), str(docs), "/nonexistent-site", True)
            for p in sorted(docs.rglob("*.md"))
        ]
    )


class _Config(types.SimpleNamespace):
    """What the transforms read of MkDocs' configuration, read as attributes or with get()."""

    def get(self, key: str, default=None):
        return getattr(self, key, default)


def render(src_uri: str, text: str | None = None) -> tuple[str, str]:
    """(Markdown after every transform, the problems reported) for docs/<src_uri>."""
    load_all()
    files = _files()
    for f in files.documentation_pages():
        f.content_string = Path(f.abs_src_path).read_text(encoding="utf-8")
    # What the transforms read of the configuration (File.generated names the plugin).
    config = _Config(
        site_dir="/nonexistent-site",
        use_directory_urls=True,
        plugins=types.SimpleNamespace(_current_plugin=None),
    )
    hooks.references.on_files(files, config)
    hooks.charts.on_files(files, config)
    hooks.provenance.on_files(files, config)
    p = page(src_uri, text)
    markdown = p.markdown
    with problems() as found:
        for name in PIPELINE:
            markdown = getattr(hooks, name).on_page_markdown(markdown, p, config, files)
    return markdown, found.text


def test_a_page_renders_through_every_transform_in_process():
    source = (ROOT / "docs/forms/index.md").read_text(encoding="utf-8")
    # The page uses each kind of marker the transforms replace.
    for marker in ("<!-- generated: routes-table -->", "<!-- chart: routes-chart -->"):
        assert marker in source
    assert "<!-- figure:" in source and "[@" in source

    out, reported = render("forms/index.md")
    assert reported == "", reported
    # Every marker and citation was replaced by its content.
    assert not re.search(r"<!-- (generated|chart|figure): ", out)
    assert not re.search(r"\[@[A-Za-z]", out)
    # The generated table is a Markdown table; the chart a <figure> element with the drawn SVG.
    assert "<!-- generated-from: data/routes.yml -->" in out
    assert re.search(r"^\| .+ \|$", out, re.M)
    assert re.search(r'<figure class="diagram".*routes-chart\.svg', out, re.S)
    # Figures from the store carry their "how we know" link; citations are numbered and
    # listed once under Sources, in order of first use.
    assert 'class="fig-ref"' in out and "How we know these figures" in out
    numbers = [int(n) for n in re.findall(r'<a id="cite-(\d+)-1"', out)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 5
    assert out.count("## Sources") == 1
    assert len(re.findall(r'<li id="source-\d+">', out)) == len(numbers)


def test_a_mistake_is_reported_once_by_the_transforms(tmp_path):
    """An unknown chart marker is reported by the one marker check, not twice."""
    text = (ROOT / "docs/about/disclaimer.md").read_text(encoding="utf-8")
    n = text.count("\n")
    _, reported = render("about/disclaimer.md", text + "\n<!-- chart: no-such-chart -->\n")
    assert reported.count("no-such-chart") == 1, reported
    assert f"docs/about/disclaimer.md:{n + 2}: unknown marker" in reported
    assert "routes-chart" in reported and "place a drawing as a Markdown image" in reported


def test_comparison_words_follow_the_pages_own_markers_not_its_file_name():
    """The comparison's renderers choose their words by what the page shows (its own markers:
    `<!-- generated: print-pages -->` makes a printed edition), never by its file name: the
    handout's text under the comparison page's name still prints the short list of other
    options, the handout's worksheet and the pointer to the page "What we could not check" with its address;
    the comparison's text under the handout's name keeps every part and links that page."""
    handout = (ROOT / "docs/decision-aid/handout.md").read_text(encoding="utf-8")
    comparison = (ROOT / "docs/decision-aid/index.md").read_text(encoding="utf-8")
    pointer = "and where and when we looked, is on {}"
    full_line = "**How it may work:**"
    for name in ("decision-aid/handout.md", "decision-aid/index.md"):
        printed, reported = render(name, handout)
        assert not reported, reported
        assert pointer.format("our web page [") in printed, name
        assert full_line not in printed, name
        assert 'class="da-value-row"' in printed and 'class="da-hint"' in printed, name
        on_screen, reported = render(name, comparison)
        assert not reported, reported
        assert pointer.format("its own page: [") in on_screen, name
        assert full_line in on_screen, name
