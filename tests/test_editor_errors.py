"""Every mistake an editor can make fails the real build with a message that names the
file (and line where there is one) and says how to fix it.

Each case copies the project into a temporary directory, breaks one thing, runs
`mkdocs build --strict`, and checks the exit code and the message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scratch import build

ROOT = Path(__file__).resolve().parent.parent
PAGE = "docs/about/disclaimer.md"   # a stable page to break


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


def test_the_unbroken_copy_builds(project):
    code, out = build(project)
    assert code == 0, out[-2000:]


def test_unknown_citation_key(project):
    n = line_count(project, PAGE)
    append(project, PAGE, "\nKetamine is mentioned here [@NoSuchStudy2099].\n")
    code, out = build(project)
    assert code != 0
    assert f"{PAGE}:{n + 2}: unknown citation key 'NoSuchStudy2099'" in out
    assert "data/references.yml" in out


def test_citation_key_in_the_wrong_case_gets_a_suggestion(project):
    append(project, PAGE, "\nText [@spravatopi].\n")
    code, out = build(project)
    assert code != 0 and "did you mean 'SpravatoPI'" in out


def test_malformed_citation(project):
    append(project, PAGE, "\nText [@SpravatoPI, KetalarPI].\n")
    code, out = build(project)
    assert code != 0 and "malformed citation" in out and "[@Key1; @Key2]" in out


def test_reference_without_doi_pmid_or_url(project):
    n = line_count(project, "data/references.yml")
    append(project, "data/references.yml",
           "\nBare2020:\n  authors: Nobody A\n  title: A study nobody can find\n"
           "  container: Journal of Nothing\n  year: 2020\n  type: trial\n"
           "  verified: \"seen nowhere, 2026-11-28\"\n")
    code, out = build(project)
    assert code != 0
    assert f"data/references.yml:{n + 2}: reference 'Bare2020'" in out
    assert "at least one of doi, pmid or url" in out


@pytest.mark.parametrize("value,expected", [
    ("2026-13-40", "is not a date written as YYYY-MM-DD"),
    ("next week", "is not a date written as YYYY-MM-DD"),
])
def test_malformed_review_date(project, value, expected):
    text = (project / PAGE).read_text(encoding="utf-8")
    line = text[: text.index("last_reviewed:")].count("\n") + 1
    edit(project, PAGE, re.search(r"last_reviewed: .*", text).group(0), f"last_reviewed: {value}")
    code, out = build(project)
    assert code != 0
    assert f"{PAGE}:{line}: front matter field 'last_reviewed'" in out and expected in out
    assert "How to fix" in out


def test_missing_description(project):
    text = (project / PAGE).read_text(encoding="utf-8")
    edit(project, PAGE, re.search(r"description: .*\n", text).group(0), "")
    code, out = build(project)
    assert code != 0
    assert f"{PAGE}:1: front matter field 'description' is missing" in out
    assert "50 to 160 characters" in out


def test_review_more_than_two_years_ahead(project):
    text = (project / PAGE).read_text(encoding="utf-8")
    edit(project, PAGE, re.search(r"next_review: .*", text).group(0), "next_review: 2031-01-01")
    code, out = build(project)
    assert code != 0 and "more than two years after last_reviewed" in out


def test_overdue_pages_never_fail_the_build(project):
    """The calendar alone never blocks a deploy: years past every review date the build
    passes, and readers see the notice (the review-calendar workflow tells editors)."""
    code, out = build(project, REVIEW_TODAY="2031-06-01")
    assert code == 0, out[-2000:]
    assert "past its review date" in out
    html = (project / "out" / "about" / "disclaimer" / "index.html").read_text(encoding="utf-8")
    assert "This page is due for review" in html


@pytest.mark.parametrize("snippet,what", [
    ('<script>alert(1)</script>', "a <script> element"),
    ('<iframe src="https://example.com"></iframe>', "an <iframe> element"),
    ('<span onclick="steal()">x</span>', "an inline event handler"),
    ('[click](javascript:alert(1))', "a javascript: link"),
])
def test_unsafe_html(project, snippet, what):
    n = line_count(project, PAGE)
    append(project, PAGE, f"\n{snippet}\n")
    code, out = build(project)
    assert code != 0
    assert f"{PAGE}:{n + 2}: unsafe HTML: {what}" in out


def test_unsafe_html_in_an_include_and_a_mistyped_marker(project):
    """Two mistakes the page's own Markdown does not show, found in one build: a script in
    an include (seen in the rendered HTML, never hashed into the security policy) and a
    marker nothing replaces."""
    n = line_count(project, "includes/urgent-help.md")
    append(project, "includes/urgent-help.md", "\n<script>alert(1)</script>\n")
    m = line_count(project, PAGE)
    append(project, PAGE, "\n<!-- generated: evidence-tabel -->\n")
    code, out = build(project)
    assert code != 0
    assert f"includes/urgent-help.md:{n + 2} (shown on docs/" in out
    assert "unsafe HTML in the rendered page: a <script> element" in out
    assert "inline script that is not one of the site's own" in out
    assert f"{PAGE}:{m + 2}: unknown marker '<!-- generated: evidence-tabel -->'" in out
    assert "did you mean '<!-- generated: evidence-table -->'" in out


def test_image_without_alt_text(project):
    n = line_count(project, PAGE)
    append(project, PAGE, "\n![](../assets/images/logo.svg)\n")
    code, out = build(project)
    assert code != 0
    assert f"{PAGE}:{n + 2}: an image has no alt text" in out


def test_link_to_missing_page(project):
    append(project, PAGE, "\nSee [this](../no-such-page.md).\n")
    code, out = build(project)
    assert code != 0
    assert "about/disclaimer.md" in out and "no-such-page.md" in out


def test_link_to_missing_anchor(project):
    append(project, PAGE, "\nSee [this](privacy.md#no-such-heading).\n")
    code, out = build(project)
    assert code != 0
    assert "no-such-heading" in out and "about/disclaimer.md" in out


def test_condition_page_without_evidence_level(project):
    rel = "docs/conditions/ptsd.md"
    text = (project / rel).read_text(encoding="utf-8")
    edit(project, rel, re.search(r"evidence: .*\n", text).group(0), "")
    code, out = build(project)
    assert code != 0 and "condition pages need both 'evidence' and 'status'" in out


def test_route_cell_without_source(project):
    rel = "data/routes.yml"
    text = (project / rel).read_text(encoding="utf-8")
    cite = re.search(r"cite: \[[A-Za-z][^\]]*\]", text).group(0)
    edit(project, rel, cite, "cite: []")
    code, out = build(project)
    assert code != 0
    assert "data/routes.yml (route" in out and "has no source" in out


def test_front_matter_that_is_not_yaml(project):
    edit(project, PAGE, "kind: reference", "kind: reference\n  bad: [indent")
    code, out = build(project)
    assert code != 0
    assert "the front matter could not be read: it is not valid YAML" in out
    assert PAGE in out and "check the indentation" in out
