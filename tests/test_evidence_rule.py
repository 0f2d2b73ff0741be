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
        assert re.search(r"\| \*\*(Moderate|Limited|Early)", row), f"no level for {form}"
