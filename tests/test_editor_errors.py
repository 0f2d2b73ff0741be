"""Every mistake an editor can make fails with a message that names the file (and line where
there is one) and says how to fix it.

Most cases feed one mistake to the hook that checks it, in-process (fast: see hookkit.py).
A handful copy the project into a temporary directory, break it, run the real
`mkdocs build --strict`, and check the exit code and the message: the mistakes only MkDocs
itself or the whole page pipeline can see (links, includes, renamed pages).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hookkit import hooks, load_all, page, problems
from scratch import BROKEN, CHANGED, rename_page

ROOT = Path(__file__).resolve().parent.parent
PAGE = "docs/about/disclaimer.md"  # a stable page to break
SRC = PAGE.removeprefix("docs/")

load_all()


def edit(project: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append(project: Path, rel: str, text: str) -> None:
    with open(project / rel, "a", encoding="utf-8") as f:
        f.write(text)


def line_count(project: Path, rel: str) -> int:
    return (project / rel).read_text(encoding="utf-8").count("\n")


def source() -> str:
    return (ROOT / PAGE).read_text(encoding="utf-8")


def render(text: str) -> str:
    """Run the page through the Markdown hooks in build order; returns what they reported."""
    p = page(SRC, text)
    with problems() as found:
        markdown = hooks.pages.on_page_markdown(p.markdown, p, None, _NoFiles())
        hooks.references.on_page_markdown(markdown, p, None, _NoFiles())
    return found.text


def meta_problems(text: str) -> str:
    with problems() as found:
        hooks.pages.validate_meta(page(SRC, text))
    return found.text


class _NoFiles:
    def get_file_from_path(self, path):
        return None


# ---------------------------------------------------------------------------
# In-process: one hook, one mistake
# ---------------------------------------------------------------------------


def test_the_unbroken_page_has_no_problems():
    assert render(source()) == ""


def test_unknown_citation_key():
    text = source()
    out = render(text + "\nKetamine is mentioned here [@NoSuchStudy2099].\n")
    assert f"{PAGE}:{text.count(chr(10)) + 2}: unknown citation key 'NoSuchStudy2099'" in out
    assert "data/references.yml" in out


def test_citation_key_in_the_wrong_case_gets_a_suggestion():
    assert "did you mean 'SpravatoPI'" in render(source() + "\nText [@spravatopi].\n")


def test_malformed_citation():
    out = render(source() + "\nText [@SpravatoPI, KetalarPI].\n")
    assert "malformed citation" in out and "[@Key1; @Key2]" in out


def test_reference_without_doi_pmid_or_url(tmp_path, monkeypatch):
    registry = tmp_path / "references.yml"
    text = (ROOT / "data/references.yml").read_text(encoding="utf-8")
    registry.write_text(
        text + "\nBare2020:\n  authors: Nobody A\n  title: A study nobody can find\n"
        "  container: Journal of Nothing\n  year: 2020\n  type: trial\n"
        '  verified: "seen nowhere, 2026-11-28"\n',
        encoding="utf-8",
    )
    with problems() as found:
        hooks.references_registry.load_registry(registry)
    assert f"data/references.yml:{text.count(chr(10)) + 2}: reference 'Bare2020'" in found.text
    assert "at least one of doi, pmid or url" in found.text


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2026-13-40", "is not a date written as YYYY-MM-DD"),
        ("next week", "is not a date written as YYYY-MM-DD"),
    ],
)
def test_malformed_review_date(value, expected):
    text = source()
    line = text[: text.index("last_reviewed:")].count("\n") + 1
    out = meta_problems(re.sub(r"last_reviewed: .*", f"last_reviewed: {value}", text))
    assert f"{PAGE}:{line}: front matter field 'last_reviewed'" in out and expected in out
    assert "How to fix" in out


def test_missing_description():
    out = meta_problems(re.sub(r"description: .*\n", "", source()))
    assert f"{PAGE}:1: front matter field 'description' is missing" in out
    assert "50 to 160 characters" in out


def test_review_more_than_two_years_ahead():
    out = meta_problems(re.sub(r"next_review: .*", "next_review: 2031-01-01", source()))
    assert "more than two years after last_reviewed" in out


def test_front_matter_that_is_not_yaml():
    out = meta_problems(source().replace("kind: reference", "kind: reference\n  bad: [indent", 1))
    assert "the front matter could not be read: it is not valid YAML" in out
    assert PAGE in out and "check the indentation" in out


def test_condition_page_without_evidence_level():
    text = (ROOT / "docs/conditions/ptsd.md").read_text(encoding="utf-8")
    with problems() as found:
        hooks.pages.validate_meta(page("conditions/ptsd.md", re.sub(r"evidence: .*\n", "", text)))
    assert "condition pages need both 'evidence' and 'status'" in found.text


@pytest.mark.parametrize(
    "snippet,what",
    [
        ("<script>alert(1)</script>", "a <script> element"),
        ('<iframe src="https://example.com"></iframe>', "an <iframe> element"),
        ('<span onclick="steal()">x</span>', "an inline event handler"),
        ("[click](javascript:alert(1))", "a javascript: link"),
    ],
)
def test_unsafe_html(snippet, what):
    text = source()
    assert f"{PAGE}:{text.count(chr(10)) + 2}: unsafe HTML: {what}" in render(
        text + f"\n{snippet}\n"
    )


def test_image_without_alt_text():
    text = source()
    out = render(text + "\n![](../assets/images/logo.svg)\n")
    assert f"{PAGE}:{text.count(chr(10)) + 2}: an image has no alt text" in out


def test_route_cell_without_source(tmp_path, monkeypatch):
    text = (ROOT / "data/routes.yml").read_text(encoding="utf-8")
    cite = re.search(r"cite: \[[A-Za-z][^\]]*\]", text).group(0)
    (tmp_path / "routes.yml").write_text(text.replace(cite, "cite: []", 1), encoding="utf-8")
    monkeypatch.setattr(hooks.generated, "DATA", tmp_path)
    with problems() as found:
        hooks.generated.load_routes()
    assert "data/routes.yml (route" in found.text and "has no source" in found.text


# ---------------------------------------------------------------------------
# Real builds: what only MkDocs or the whole pipeline sees (a handful on purpose)
# ---------------------------------------------------------------------------


@CHANGED.change
def renamed_with_a_redirect(project: Path) -> None:
    rename_page(project, "about/disclaimer.md", "about/legal.md")
    edit(
        project,
        "mkdocs.yml",
        "redirect_maps: {}",
        "redirect_maps:\n        about/disclaimer.md: about/legal.md",
    )
    append(project, "data/urls.txt", "/about/legal/\n")


def test_a_copy_years_later_with_a_renamed_and_redirected_page_builds(changed_build):
    """The review calendar never fails a build (readers see the notice instead), and a page
    renamed with a redirect and a refreshed list keeps its old address alive. (The shared
    copy is built with REVIEW_TODAY=2031-06-01: scratch.CHANGED.)"""
    assert changed_build.code == 0, changed_build.out[-3000:]
    assert "past its review date" in changed_build.out
    assert "This page is due for review" in changed_build.html("about/legal/index.html")
    moved = changed_build.html("about/disclaimer/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../legal/">' in moved


@BROKEN.change
def whole_build_mistakes(project: Path) -> dict[str, int]:
    append(
        project,
        PAGE,
        "\nSee [this](../no-such-page.md).\n\nSee [that](privacy.md#no-such-heading).\n",
    )
    n = line_count(project, "includes/urgent-help.md")
    append(project, "includes/urgent-help.md", "\n<script>alert(1)</script>\n")
    m = line_count(project, PAGE)
    append(project, PAGE, "\n<!-- generated: evidence-tabel -->\n")
    rename_page(project, "about/report-an-error.md", "about/corrections.md")
    edit(project, "data/search.yml", "  safety/side-effects/: [", "  safety/side-efects/: [")
    search = (project / "data/search.yml").read_text(encoding="utf-8")
    return {
        "include": n + 2,
        "marker": m + 2,
        "search": search.split("safety/side-efects/:")[0].count("\n") + 1,
    }


def test_mistakes_only_the_whole_build_sees(broken_build):
    """One failing build, every mistake reported (MkDocs lists all warnings before it stops):
    a missing page and anchor (MkDocs' own checks), a script in an include (seen only in
    the rendered HTML, never hashed into the security policy), a marker nothing replaces,
    a page renamed without a redirect, and search synonyms under an address that is not a
    page (checked once the search index is written). The copy holds other files' mistakes
    too (scratch.BROKEN); each assertion names its own."""
    code, out, at = broken_build.code, broken_build.out, broken_build[whole_build_mistakes]
    assert code != 0
    assert "about/disclaimer.md" in out and "no-such-page.md" in out and "no-such-heading" in out
    assert f"includes/urgent-help.md:{at['include']} (shown on docs/" in out
    assert "unsafe HTML in the rendered page: a <script> element" in out
    assert "inline script that is not one of the site's own" in out
    assert f"{PAGE}:{at['marker']}: unknown marker '<!-- generated: evidence-tabel -->'" in out
    assert "did you mean '<!-- generated: evidence-table -->'" in out
    assert (
        "the published address /about/report-an-error/ is no longer a page and has no redirect"
        in out
    )
    assert (
        "docs/about/corrections.md: the page's address /about/corrections/ is not in data/urls.txt"
        in out
    )
    assert (
        f"data/search.yml:{at['search']}: keywords for 'safety/side-efects/', which is not the address of a page"
        in out
    )


# ---------------------------------------------------------------------------
# Search words (data/search.yml, overrides/hooks/search.py)
# ---------------------------------------------------------------------------


def test_search_words_without_a_crisis_page(tmp_path, monkeypatch):
    text = (ROOT / "data/search.yml").read_text(encoding="utf-8")
    assert "  page: get-help-now/\n" in text
    (tmp_path / "search.yml").write_text(
        text.replace("  page: get-help-now/\n", "", 1), encoding="utf-8"
    )
    monkeypatch.setattr(hooks.search, "DATA", tmp_path)
    with problems() as found:
        hooks.search.load()
    line = text[: text.index("crisis:")].count("\n") + 1
    assert f"data/search.yml:{line}: `crisis.page` is missing or empty" in found.text
    assert "How to fix" in found.text


def test_search_words_that_yaml_reads_as_true_false_or_a_number(tmp_path, monkeypatch):
    """An unquoted `on` in the stop words became true: "on" then stayed in "can i get
    ketamine on the nhs" and matched "Ontario" and "online" (search matches the start of a
    word), which put the support page above the cost page. The build now says so."""
    text = (ROOT / "data/search.yml").read_text(encoding="utf-8")
    with problems() as found:
        hooks.search.load()
    assert not found.text, found.text  # the real file has every word in quotes where needed
    on, zeros = 'of, "on", or', '"911", "000"]'
    assert on in text and zeros in text
    (tmp_path / "search.yml").write_text(
        text.replace(on, "of, on, or").replace(zeros, '"911", 000]'), encoding="utf-8"
    )
    monkeypatch.setattr(hooks.search, "DATA", tmp_path)
    with problems() as found:
        hooks.search.load()
    line = text[: text.index("\nstop_words:") + 1].count("\n") + 1
    assert (
        f"data/search.yml:{line}: `stop_words` has True, which YAML read from a word or number "
        "not in quotes" in found.text
    ), found.text
    assert "`keywords.get-help-now/` has 0" in found.text, found.text


def test_a_word_listed_first_for_two_pages(tmp_path, monkeypatch):
    """`first:` (data/search.yml) puts one page first for a word; two pages cannot both be."""
    text = (ROOT / "data/search.yml").read_text(encoding="utf-8")
    text += "  help/support/: [nhs]\n"
    (tmp_path / "search.yml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(hooks.search, "DATA", tmp_path)
    with problems() as found:
        hooks.search.load()
    assert (
        "`first` has 'nhs' for both 'safety/cost-and-insurance/' and 'help/support/'" in found.text
    ), found.text


def test_a_search_words_problem_is_reported_once_per_build(tmp_path, monkeypatch):
    """data/search.yml is read at the start of the build; the index pass at the end uses
    that reading, so a mistake in it is not reported a second time."""
    text = (ROOT / "data/search.yml").read_text(encoding="utf-8")
    (tmp_path / "search.yml").write_text(
        text.replace("  page: get-help-now/\n", "", 1), encoding="utf-8"
    )
    monkeypatch.setattr(hooks.search, "DATA", tmp_path)
    (tmp_path / "site" / "search").mkdir(parents=True)
    index = tmp_path / "site" / "search" / "search_index.json"
    index.write_text('{"config": {"separator": "[\\\\s\\\\-]+"}, "docs": []}', encoding="utf-8")
    config = {"site_dir": str(tmp_path / "site")}
    with problems() as found:
        hooks.search.on_pre_build(config)
        hooks.search.on_post_build(config)
    assert found.text.count("`crisis.page` is missing or empty") == 1, found.text
    assert "crisis" in json.loads(index.read_text(encoding="utf-8"))["config"]["site"]


# A synonym list under a mistyped page address: test_mistakes_only_the_whole_build_sees.
