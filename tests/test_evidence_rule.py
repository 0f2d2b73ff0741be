"""One rule for the evidence label (issue 14), said the same way everywhere.

When forms of ketamine differ, the label shows the level of the form with the strongest
evidence, and the page names that form and gives the others' levels; a page that covers
several conditions shows the lowest of their levels. The rule is stated on the grading page
and on the conditions overview, and every condition page says its level, in bold, with a
link to the grading page, under "How strong the evidence is". In-process, no build.
"""

from __future__ import annotations

import re

import pytest
import yaml

from hookkit import ROOT

DOCS = ROOT / "docs"
RULE_PARTS = ("form with the strongest evidence", "the lowest of")


def front_matter(text: str) -> dict:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "no front matter"
    return yaml.safe_load(match.group(1))


CONDITIONS = sorted(
    p
    for p in (DOCS / "conditions").glob("*.md")
    if front_matter(p.read_text(encoding="utf-8")).get("kind") == "condition"
)


@pytest.mark.parametrize("rel", ["about/evidence-levels.md", "conditions/index.md"])
def test_the_rule_is_stated_the_same_way(rel):
    text = " ".join((DOCS / rel).read_text(encoding="utf-8").split())
    missing = [part for part in RULE_PARTS if part not in text]
    assert not missing, f"docs/{rel} does not state the evidence-label rule: {missing}"
    assert "the strongest evidence we found" not in text


@pytest.mark.parametrize("path", CONDITIONS, ids=lambda p: p.stem)
def test_each_condition_page_says_its_level_and_why(path):
    text = path.read_text(encoding="utf-8")
    level = front_matter(text)["evidence"]
    body = text.split("\n---\n", 1)[1]
    section = re.search(
        r"^## (?:How strong the evidence is|How to read this page|Forms used and their status)\n(.*?)(?=^## )",
        body,
        re.S | re.M,
    )
    assert section, f"{path.name}: no section saying how strong the evidence is"
    why = section.group(1)
    assert f"**{level}**" in why, f"{path.name}: the section does not say its level **{level}**"
    assert "evidence-levels.md" in why, f"{path.name}: no link to how we grade evidence"


def test_the_depression_page_names_the_form_and_the_others_levels():
    text = (DOCS / "conditions" / "treatment-resistant-depression.md").read_text(encoding="utf-8")
    assert "**Which form the label describes.**" in text
    for form in (
        "Esketamine nasal spray",
        "Ketamine drip",
        "Ketamine injection",
        "Ketamine lozenges",
    ):
        row = next(line for line in text.splitlines() if line.startswith(f"| {form}"))
        assert re.search(r"\| \*\*(Moderate|Limited|Early|At most limited)", row), (
            f"no level for {form}"
        )


# -- the form a level is for is shown where the level is (badge and overview table) ------------

FORMS = {
    "treatment-resistant-depression": "esketamine nasal spray",
    "suicidal-thoughts": "esketamine nasal spray, for depression",
    "chronic-pain": "ketamine drips",
    "ptsd": "ketamine drips",
    "anxiety": "the lowest level of its conditions",
    "under-study": "the lowest level of its conditions",
}


@pytest.fixture(scope="module")
def hooks():
    from hookkit import load_all

    return load_all()


class _Files:
    """The little of mkdocs.structure.files.Files the hooks ask for here."""

    def __init__(self, pages=()):
        self.pages = list(pages)

    def get_file_from_path(self, path):
        return None

    def documentation_pages(self):
        return self.pages


@pytest.mark.parametrize("stem,form", sorted(FORMS.items()))
def test_pages_whose_level_is_for_one_form_name_it(stem, form):
    text = (DOCS / "conditions" / f"{stem}.md").read_text(encoding="utf-8")
    assert front_matter(text).get("evidence_form") == form
    body = " ".join(text.split("\n---\n", 1)[1].split()).lower()
    assert form in body, f"{stem}.md: the text never names {form}"


@pytest.mark.parametrize("stem,form", sorted(FORMS.items()))
def test_the_badge_names_the_form(hooks, stem, form):
    from hookkit import page, problems

    p = page(f"conditions/{stem}.md")
    with problems() as found:
        out = hooks.pages.on_page_markdown(p.markdown, p, None, _Files())
    assert not found.messages, found.text
    level = front_matter(p.file.content_string)["evidence"]
    assert f"Evidence: {level} ({form})</a>" in out


def test_the_overview_table_names_the_form(hooks):
    from hookkit import page

    pages = [page(f"conditions/{p.stem}.md") for p in CONDITIONS]
    table = hooks.generated.evidence_table(
        page("conditions/index.md"), _Files(p.file for p in pages)
    )
    rows = {line.split("](")[0].lstrip("| ["): line for line in table.splitlines()[2:]}
    for p in pages:
        row = rows[p.meta["title"]]
        form = p.meta.get("evidence_form")
        assert (
            (f") ({form}) |" in row)
            if form
            else (") |" in row and "(" not in row.split("#")[1].split("|")[0])
        ), row


def test_a_form_the_text_does_not_name_is_refused(hooks):
    from hookkit import page, problems

    src = (DOCS / "conditions" / "ptsd.md").read_text(encoding="utf-8")
    src = src.replace("evidence_form: ketamine drips", "evidence_form: ketamine lozenges")
    p = page("conditions/ptsd.md", src)
    with problems() as found:
        hooks.pages.on_page_markdown(p.markdown, p, None, _Files())
    assert "evidence_form 'ketamine lozenges' is not named in the page's text" in found.text


def test_only_condition_pages_take_a_form(hooks):
    from hookkit import page, problems

    src = (DOCS / "about" / "disclaimer.md").read_text(encoding="utf-8")
    src = src.replace("\nkind:", "\nevidence_form: ketamine drips\nkind:", 1)
    with problems() as found:
        assert hooks.pages.validate_meta(page("about/disclaimer.md", src)) is None
    assert "evidence_form" in found.text
