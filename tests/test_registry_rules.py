"""The reference registry records what was actually read, and editors' notes stay with editors.

- In-process: each rule of registry_rules.py, fed one mistake, names the entry's line and
  says how to fix it; the real registry passes every rule.
- The built site shows no internal file names, paths or editor-only wording.
- No tracked file points to a path outside the repository.
- "Cited on" in All sources counts citations made through the comparison and the figure store.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from scratch import BROKEN
from sitepages import read_yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import registry_rules  # noqa: E402
from common import yaml_lines  # noqa: E402

HOSTS, COPIES, _ = registry_rules.load_hosts(ROOT)


def _registry() -> dict:
    """The real data/references.yml, parsed."""
    return read_yaml(ROOT / "data" / "references.yml")


GOOD = {
    "authors": "National Institute for Health and Care Excellence",
    "title": "Depression in adults",
    "container": "NICE",
    "year": 2022,
    "issued": "2022-06-29",
    "type": "guideline",
    "url": "https://www.nice.org.uk/guidance/ng222",
    "accessed": "2026-11-28",
    "verified": "Seen at nice.org.uk, 2026-11-28",
}


def issues(**change):
    entry = {k: v for k, v in dict(GOOD, **change).items() if v is not None}
    return registry_rules.check({"NICE-X": entry}, {"NICE-X": 7}, HOSTS, COPIES)


def test_a_good_entry_passes():
    assert issues() == []


def test_a_source_without_authors_or_journal_shows_nothing_in_their_place():
    """Where the pages read show no authors or journal, the line starts with the title and
    gives no journal: no note about what was not shown."""
    from references_registry import Reference

    entry = dict(GOOD, type="trial", title="A trial of something")
    del entry["authors"], entry["container"]
    line = Reference.model_validate(entry).html()
    assert line.startswith("A trial of something. 2022. "), line
    assert "<em>" not in line
    assert (
        Reference.model_validate(GOOD)
        .html()
        .startswith(
            "National Institute for Health and Care Excellence. Depression in adults. <em>NICE</em>, 2022."
        )
    )


@pytest.mark.parametrize(
    "change,expected,fix",
    [
        ({"issued": None}, "(guideline) has no issue date", "issued: unknown"),
        ({"year": 2026}, "year 2026 is not the year it was issued (2022)", "set year: 2022"),
        ({"issued": "unknown"}, "issued is unknown but year is 2022", "delete year:"),
        (
            {"issued": "June 2022"},
            "issued 'June 2022' is not YYYY",
            "the date the source was issued",
        ),
        ({"accessed": None}, "is a web page without an accessed date", "accessed: YYYY-MM-DD"),
        (
            {"url": "https://www.drugs.com/news/x.html"},
            "links to www.drugs.com, not to the issuing body's own site",
            "seen_at:",
        ),
        (
            {"type": "trial", "url": "https://meddatax.com/clinical-trials/NCT02418585/results"},
            "links to meddatax.com, a site that shows copies of other people's sources",
            "move the address to seen_at:",
        ),
        (
            {"type": "review", "url": "https://www.mindscapecollective.org/articles/18989"},
            "links to www.mindscapecollective.org, a site that shows copies",
            "set url: to the source's own page",
        ),
        (
            {"authors": "Labeller of Ketalar (name not recorded in evidence.md)"},
            "authors is a placeholder",
            "write the name as the source gives it",
        ),
        (
            {"authors": "Authors not displayed on the pages read"},
            "authors is a placeholder",
            "or leave the field out (readers see nothing in its place)",
        ),
        (
            {"container": "Journal not shown on the copy read"},
            "container is a placeholder",
            "say what was not shown in note:",
        ),
        (
            {"type": "label", "url": "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=x"},
            "(label) has no revised",
            "add revised:",
        ),
    ],
)
def test_each_rule_names_the_line_and_the_fix(change, expected, fix):
    found = issues(**change)
    assert any(
        i.where == "data/references.yml:7" and expected in i.message and fix in i.fix for i in found
    ), [i.__dict__ for i in found]


def entry_lines(path: Path) -> dict[str, int]:
    """The line of each entry, from the parse the build uses (common.yaml_lines), as the
    references hook hands them to registry_rules.check."""
    return {key[0]: n for key, n in yaml_lines(path).items() if len(key) == 1}


def test_the_real_registry_passes_every_rule():
    path = ROOT / "data" / "references.yml"
    found = registry_rules.check(read_yaml(path), entry_lines(path), HOSTS, COPIES)
    assert not found, "\n".join(f"{i.where}: {i.message}" for i in found)


@BROKEN.change
def placeholder_authors(project: Path) -> int:
    path = project / "data" / "references.yml"
    text = path.read_text(encoding="utf-8")
    old = '  authors: "Henry Schein, Inc."'
    assert old in text, "test setup: KetalarPI's authors changed"
    text = text.replace(old, '  authors: "Labeller of Ketalar (name not recorded)"', 1)
    path.write_text(text, encoding="utf-8")
    return entry_lines(path)["KetalarPI"]


def test_a_source_read_only_in_a_copy_is_listed_with_the_copy_and_says_so():
    """An entry whose only address is the copy an editor read (seen_at:) is valid, its
    Sources line links to the copy as "Read in a copy", and the copy hosts the raters found
    are on the list, so a url there fails the build."""
    from references_registry import Reference

    ref = Reference(
        authors="O'Reardon JP, et al.",
        title="Efficacy and Safety of Transcranial Magnetic Stimulation",
        container="Journal not shown on the copy read",
        issued="unknown",
        seen_at="https://abcdocz.com/doc/148441/x",
        accessed="2026-12-04",
        type="trial",
        verified="Read in a copy at abcdocz.com, 2026-12-04",
    )
    assert ref.links() == [("https://abcdocz.com/doc/148441/x", "Read in a copy")]
    with pytest.raises(ValueError, match="needs at least one of doi, pmid or url"):
        Reference(**(ref.model_dump(exclude_none=True) | {"seen_at": None}))
    for url in (
        "https://meddatax.com/clinical-trials/NCT02418585/results",
        "https://abcdocz.com/doc/148441/x",
        "https://mindscapecollective.org/articles/3197",
        "https://vellito.com/trials/NCT04338321",
        "http://47.251.13.51:8081/39819527",
    ):
        assert registry_rules.on_hosts(url, COPIES), url
    assert not registry_rules.on_hosts("https://pubmed.ncbi.nlm.nih.gov/37224232/", COPIES)
    refs = _registry()
    assert not [
        k
        for k, v in refs.items()
        if isinstance(v, dict) and registry_rules.on_hosts(str(v.get("url", "")), COPIES)
    ]


def test_a_page_citing_a_source_read_in_a_copy_says_so_at_the_citation_and_in_its_sources(
    monkeypatch,
):
    """Where a page cites a source an editor read only in a copy (seen_at:), each citation's
    title ends "(read in a copy)" and the source's line in the page's Sources list links to
    the copy as "Read in a copy", also when the source's own address is known (url:), and a
    note above the list says once what that means; a source read on its own page gets neither,
    and a list with no such source has no note."""
    from hookkit import hooks, page
    from references_registry import Reference

    base = {
        "authors": "A B",
        "container": "Journal",
        "year": 2020,
        "type": "trial",
        "verified": "x" * 10,
    }
    registry = {
        "Copy": Reference(title="Only a copy", seen_at="https://abcdocz.com/doc/1/x", **base),
        "Both": Reference(
            title="Own page known",
            url="https://www.fda.gov/x",
            seen_at="https://mims.com/x",
            accessed="2026-12-04",
            **base,
        ),
        "Own": Reference(title="Read on its own page", pmid=37224232, **base),
    }
    monkeypatch.setattr(hooks.references, "registry", registry)
    text = "---\ntitle: T\n---\n\n# T\n\nA [@Copy]. B [@Both; @Own]. C [@Copy].\n"
    p = page("about/x.md", text)
    out = hooks.references.on_page_markdown(p.markdown, p, None, None)
    titles = dict(re.findall(r'id="cite-(\d+)-\d+" href="#source-\d+" title="([^"]*)"', out))
    assert titles == {
        "1": "Only a copy (read in a copy)",
        "2": "Own page known (read in a copy)",
        "3": "Read on its own page",
    }
    sources = dict(re.findall(r'<li id="source-(\d+)">(.*?)</li>', out))
    assert '<a href="https://abcdocz.com/doc/1/x">Read in a copy</a>' in sources["1"]
    assert '<a href="https://www.fda.gov/x">Source page</a>' in sources["2"]
    assert '<a href="https://mims.com/x">Read in a copy</a>' in sources["2"]
    assert "copy" not in sources["3"]
    # What "read in a copy" means is said once, above the list, not on each line.
    assert "(what this means)" not in out
    assert out.count('<p class="copy-note">') == 1
    assert 'href="../how-we-checked/#read-in-a-copy">more about copies</a>' in out
    assert out.index('<p class="copy-note">') < out.index('<ol class="sources">')
    own = page("about/y.md", "---\ntitle: T\n---\n\n# T\n\nA [@Own].\n")
    assert "copy-note" not in hooks.references.on_page_markdown(own.markdown, own, None, None)
    assert "Read on its own page.</em>" not in out and "Read on its own page. <em>" in out
    question = Reference(title="In What Dose?", pmid=1, **base).html()
    assert "In What Dose? <em>" in question and "?." not in question


def test_regulators_hosts_the_guide_cites_are_primary_and_their_sources_typed_so():
    """The own sites of the bodies the guide cites (Québec's INESSS, the New Zealand Gazette,
    Western Australia's health department...) are primary hosts, and an entry on such a host
    is not left as type other with a note saying its host is missing from the list."""
    for url in (
        "https://www.inesss.qc.ca/publications/x.html",
        "https://gazette.govt.nz/notice/id/2019-go5862",
        "https://health.wa.gov.au/Articles/J_M/monitored-medicines/x",
        "https://www.hse.ie/eng/x",
        "https://www.health.govt.nz/x",
        "https://cda-amc.ca/x",
    ):
        assert registry_rules.on_hosts(url, HOSTS), url
    assert not registry_rules.on_hosts("https://www.govt.nz.example.com/x", HOSTS)
    refs = _registry()
    stale = [
        key
        for key, entry in refs.items()
        if isinstance(entry, dict)
        and "not in data/primary-hosts.yml" in str(entry.get("note", ""))
        and registry_rules.on_hosts(str(entry.get("url", "")), HOSTS)
    ]
    assert not stale, f"notes say the host is not a primary host, but it is: {stale}"
    for key in ("INESSS2025-Ketamine", "NZGazette2019-Spravato", "WAHealth-Esketamine"):
        assert refs[key]["type"] in registry_rules.PRIMARY_TYPES, key


def test_a_rule_fails_the_real_build(broken_build):
    """The shared broken copy (scratch.BROKEN) holds this mistake among others."""
    line, out = broken_build[placeholder_authors], broken_build.out
    assert broken_build.code != 0
    assert f"data/references.yml:{line}: reference 'KetalarPI': authors is a placeholder" in out, (
        out[-2000:]
    )


# ---------------------------------------------------------------------------
# Editors' notes stay with editors
# ---------------------------------------------------------------------------

INTERNAL = re.compile(
    r"\bdata/[\w./-]+\.ya?ml\b|\boverrides/hooks\b|\bevidence\.md\b|\bhelper-common\b|/work/|"
    r"\bnot recorded in\b|\beditor_note\b|\bGenerated from\b|\bTODO\b|\bFIXME\b|"
    r"\bnot displayed on the\b|\bnot shown on the copy\b",
    re.I,
)


def test_the_built_site_shows_no_internal_file_names_or_editor_wording(site):
    found = []
    for path in sorted(site.rglob("*.html")):
        text = re.sub(
            r"<script.*?</script>|<style.*?</style>",
            "",
            path.read_text(encoding="utf-8"),
            flags=re.S,
        )
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
        for m in INTERNAL.finditer(re.sub(r"<[^>]+>", " ", text)):
            found.append(f"{path.relative_to(site)}: {m.group(0)!r}")
    assert not found, "\n".join(found[:40])


MACHINE_PATH = re.compile(
    r"(?<![\w:/.-])(?:/work/|/home/|/Users/|/tmp/|/root/|/var/folders/|[A-Z]:\\\\)"
)


def test_no_tracked_file_points_outside_the_repository():
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for rel in files:
        path = ROOT / rel
        if (
            path.suffix in {".png", ".jpg", ".ico", ".woff2", ".pdf"}
            or not path.is_file()
            or rel == "tests/test_registry_rules.py"
        ):  # this file names the patterns
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for n, line in enumerate(text.splitlines(), start=1):
            if MACHINE_PATH.search(re.sub(r"https?://\S+", "", line)):
                found.append(f"{rel}:{n}: {line.strip()[:120]}")
    assert not found, "\n".join(found)


def test_cited_on_counts_citations_made_through_the_comparison_and_the_store(site):
    html = (site / "about" / "sources" / "index.html").read_text(encoding="utf-8")
    item = re.search(r'<li id="?ref-George2010"?>(.*?)</li>', html, re.S).group(1)
    assert "Compare options" in item or "decision-aid" in item, item[-400:]
