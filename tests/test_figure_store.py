"""The figure store (data/figures/*.yml) and the "How we know these figures" lists.

- In-process: every rule of figstore*.py, fed one mistake at a time, names the file and line
  and says how to fix it.
- The built site: every figure marker became the stored text with a link to the page's
  "How we know" list, and each list item quotes the source and links back.
- A real build of a broken copy: a hand-typed figure, an unknown figure id and a figure
  without a quote all fail the build with file, line and fix.
"""

from __future__ import annotations

import html as htmlmod
import re
import sys
from pathlib import Path

import pytest
import yaml

from scratch import BROKEN

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import figstore  # noqa: E402
import figstore_schema  # noqa: E402
import figstore_typed  # noqa: E402

GOOD = {
    "text": "about 55 in 100 (55.4%, 108 of 195 people)",
    "measure": "response after 3 weeks, ketamine group",
    "numerator": 108,
    "denominator": 195,
    "percent": 55.4,
    "quote": "A total of 55.4% of the patients in the ketamine group had a response.",
    "locator": "Abstract, Results",
    "checked": "2026-12-04",
    "derived": "55.4% of 195 is 108; rounded to 55 in 100",
}


def store_with(tmp_path: Path, files: dict[str, dict], keys=("Anand2023", "Reif2023")):
    folder = tmp_path / "data" / "figures"
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / f"{name}.yml").write_text(
            yaml.safe_dump(content, sort_keys=False), encoding="utf-8"
        )
    return figstore.load_store(tmp_path, set(keys))


def one_issue(store) -> figstore_schema.Issue:
    assert len(store.issues) == 1, [i.__dict__ for i in store.issues]
    return store.issues[0]


def test_a_good_figure_loads(tmp_path):
    store = store_with(tmp_path, {"Anand2023": {"figures": {"x-1": GOOD}}})
    assert not store.issues and store.figures["x-1"].key == "Anand2023"
    assert (
        store.figures["x-1"].file == "data/figures/Anand2023.yml" and store.figures["x-1"].line == 2
    )


@pytest.mark.parametrize("field", ["quote", "locator", "checked"])
def test_a_required_field_is_missing(tmp_path, field):
    fig = {k: v for k, v in GOOD.items() if k != field}
    issue = one_issue(store_with(tmp_path, {"Anand2023": {"figures": {"x-1": fig}}}))
    assert issue.where == "data/figures/Anand2023.yml:2"
    assert f"figure 'x-1': field '{field}' is missing" in issue.message
    assert "locator" in issue.fix and "checked" in issue.fix


PERCENT_ONLY = {
    "text": "about 63 in 100 (63%)",
    "measure": "remission at the end of the course, ECT group",
    "percent": 63,
    "base": "of the ECT group; 186 people had either treatment",
    "quote": "In total 186 inpatients were included and received treatment. Among patients "
    "receiving ECT, 63% remitted compared with 46% receiving ketamine infusions.",
    "locator": "Abstract, Results",
    "checked": "2026-12-04",
    "derived": "63% = 63 in 100",
}


def test_a_percentage_only_figure_with_its_base_loads(tmp_path):
    store = store_with(tmp_path, {"Anand2023": {"figures": {"x-1": PERCENT_ONLY}}})
    assert not store.issues and store.figures["x-1"].figure.base.startswith("of the ECT")


@pytest.mark.parametrize(
    ("change", "message", "fix"),
    [
        ({"base": "of the ECT group"}, "has no number", "name the group with its size"),
        ({"base": "of the 190 people treated"}, "the quote does not give", "quote the sentence"),
        ({"denominator": 95}, "base: is only for a percentage", "delete base:"),
        ({"percent": None}, "base: is only for a percentage", "give percent:"),
    ],
    ids=["base-without-a-number", "base-number-not-quoted", "base-with-counts", "no-percent"],
)
def test_a_percentage_only_figure_states_its_base(tmp_path, change, message, fix):
    fig = {k: v for k, v in dict(PERCENT_ONLY, **change).items() if v is not None}
    issue = one_issue(store_with(tmp_path, {"Anand2023": {"figures": {"x-1": fig}}}))
    assert issue.where.startswith("data/figures/Anand2023.yml:"), issue.where
    assert message in issue.message and fix in issue.fix


def test_a_percentage_only_figure_without_a_quote(tmp_path):
    fig = {k: v for k, v in PERCENT_ONLY.items() if k != "quote"}
    issue = one_issue(store_with(tmp_path, {"Anand2023": {"figures": {"x-1": fig}}}))
    assert issue.where == "data/figures/Anand2023.yml:2"
    assert "figure 'x-1': field 'quote' is missing" in issue.message


def test_a_number_not_in_the_quote(tmp_path):
    fig = dict(GOOD, derived=None, text="55.4%, 108 of 195")
    fig.pop("derived")
    issue = one_issue(store_with(tmp_path, {"Anand2023": {"figures": {"x-1": fig}}}))
    assert issue.where == "data/figures/Anand2023.yml:3"  # the text: line
    assert "the number(s) 108, 195 in text are not in the quote" in issue.message
    assert "derived:" in issue.fix


def test_derived_without_arithmetic(tmp_path):
    fig = dict(GOOD, derived="worked out by us")
    issue = one_issue(store_with(tmp_path, {"Anand2023": {"figures": {"x-1": fig}}}))
    assert "derived does not show the arithmetic" in issue.message


def test_a_quote_longer_than_two_sentences(tmp_path):
    fig = dict(GOOD, quote="We did this. Then we did that. A total of 55.4% had a response.")
    issue = one_issue(store_with(tmp_path, {"Anand2023": {"figures": {"x-1": fig}}}))
    assert "the quote has 3 sentences" in issue.message


def test_a_quote_longer_than_400_characters(tmp_path):
    fig = dict(GOOD, quote="A total of 55.4% " + "x" * 400)
    issue = one_issue(store_with(tmp_path, {"Anand2023": {"figures": {"x-1": fig}}}))
    assert "characters long (at most 400)" in issue.message


def test_an_id_used_twice(tmp_path):
    store = store_with(
        tmp_path,
        {
            "Anand2023": {"figures": {"x-1": GOOD}},
            "Reif2023": {"figures": {"x-1": dict(GOOD, measure="other")}},
        },
    )
    issue = one_issue(store)
    assert issue.where == "data/figures/Reif2023.yml:2"
    assert "figure id 'x-1' is already used in data/figures/Anand2023.yml:2" in issue.message


def test_the_same_figure_stored_twice(tmp_path):
    issue = one_issue(store_with(tmp_path, {"Anand2023": {"figures": {"x-1": GOOD, "x-2": GOOD}}}))
    assert "figure 'x-2' stores the same figure as 'x-1'" in issue.message
    assert "<!-- figure: x-1 -->" in issue.fix


def test_a_file_not_named_after_a_registry_key(tmp_path):
    issue = one_issue(store_with(tmp_path, {"anand2023": {"figures": {"x-1": GOOD}}}))
    assert issue.where == "data/figures/anand2023.yml:1"
    assert "did you mean 'Anand2023.yml'?" in issue.fix


def test_text_and_numbers_disagree(tmp_path):
    fig = dict(GOOD, numerator=109)
    store = store_with(tmp_path, {"Anand2023": {"figures": {"x-1": fig}}})
    assert any(
        "the text says 108 of 195 but numerator and denominator are 109 and 195" in i.message
        for i in store.issues
    )


@pytest.mark.parametrize(
    "text,found",
    [
        ("About 55% of people improved.", ["55%"]),
        ("About 7 in 10 people", ["7 in 10"]),
        ("108 of 195 people", ["108 of 195"]),
        ("9 out of 20 people", ["9 out of 20"]),
        ("A dose of 0.5 mg/kg over 40 minutes, twice a week for 3 weeks.", []),
        ("<!-- figure: elektd-ketamine --> responded [@Anand2023].", []),
        ("`50%` in code", []),
    ],
)
def test_hand_typed_figures_are_found(text, found):
    assert [t for _, t in figstore_typed.hand_typed(text)] == found


def test_every_page_is_covered_or_pending():
    """No page outside the pending list holds a hand-typed figure, and every listed page does."""
    pending = yaml.safe_load((ROOT / "data" / "hand-typed-figures-pending.yml").read_text())[
        "pages"
    ]
    for path in sorted((ROOT / "docs").rglob("*.md")):
        rel = path.relative_to(ROOT / "docs").as_posix()
        typed = figstore_typed.hand_typed(path.read_text(encoding="utf-8"))
        if rel in pending:
            assert typed, f"{rel} is pending but has no hand-typed figure left"
        else:
            assert not typed, f"{rel}: {typed[:3]}"


# ---------------------------------------------------------------------------
# The built site
# ---------------------------------------------------------------------------


def test_every_figure_shows_its_text_and_links_both_ways(site):
    pages = 0
    for html_path in site.rglob("*.html"):
        html = html_path.read_text(encoding="utf-8")
        refs = re.findall(
            r'<sup class="?fig-ref"? id="?(fig-[a-z0-9-]+-use-\d+)"?><a href="?#(fig-[a-z0-9-]+)"?',
            html,
        )
        if not refs:
            assert "how-we-know" not in html or "How we know these figures" not in html
            continue
        pages += 1
        assert "How we know these figures" in html, html_path
        for use, target in refs:
            item = re.search(rf'<li id="?{target}"?>(.*?)</li>', html, re.S)
            assert item, f"{html_path}: no list item {target}"
            body = item.group(1)
            assert "<blockquote" in body and "Where:" in body and "Checked on" in body
            assert re.search(r'class="?cite"?', body), f"{html_path}: {target} names no source"
            assert re.search(rf'href="?#{use}"?', body), (
                f"{html_path}: {target} does not link back to {use}"
            )
        assert "<!-- figure:" not in html
    assert pages >= 5


# ---------------------------------------------------------------------------
# A real build of a broken copy
# ---------------------------------------------------------------------------


@BROKEN.change
def figure_mistakes(project: Path) -> int:
    page = project / "docs" / "about" / "disclaimer.md"
    text = page.read_text(encoding="utf-8")
    n = text.count("\n")
    page.write_text(
        text + "\nAbout 45% of people felt better.\n\nIn one trial, "
        "<!-- figure: no-such-figure --> improved.\n",
        encoding="utf-8",
    )
    store = project / "data" / "figures" / "Anand2023.yml"
    s = store.read_text(encoding="utf-8")
    quote = (
        '    quote: "A total of 55.4% of the patients in the ketamine group and 41.2% of those '
        'in the ECT group had a response"\n'
    )
    assert quote in s, "test setup: the quote to remove is not in Anand2023.yml"
    store.write_text(s.replace(quote, "", 1), encoding="utf-8")
    return n


def test_mistakes_fail_the_real_build_with_file_line_and_fix(broken_build):
    """The shared broken copy (scratch.BROKEN) holds these mistakes among others."""
    n, out = broken_build[figure_mistakes], broken_build.out
    assert broken_build.code != 0
    hand = (
        f"docs/about/disclaimer.md:{n + 2}: a figure typed by hand ('45%'): figures come from "
        "the figure store"
    )
    unknown = f"docs/about/disclaimer.md:{n + 4}: unknown figure 'no-such-figure'"
    missing = re.search(
        r"data/figures/Anand2023\.yml:\d+: figure 'elektd-ketamine': field 'quote' is missing", out
    )
    assert hand in out, out[-3000:]
    assert unknown in out
    assert missing
    for start in (hand, unknown, missing.group(0)):
        assert "How to fix:" in broken_build.message(start), broken_build.message(start)


STUDY = {
    "name": "ESCAPE-TRD",
    "kind": "trial",
    "design": "Randomised, open label, raters blinded",
    "size": 676,
    "who": "Adults with treatment-resistant depression",
    "intervention": "Esketamine nasal spray",
    "comparator": "Quetiapine extended release",
    "primary_outcome": "Remission at week 8",
    "funder": "Janssen",
    "registry_id": "NCT04338321",
    "condition": "treatment-resistant depression",
    "checked": "2026-12-04",
    "unconfirmed": ["who"],
}


def test_a_file_with_only_study_facts_loads(tmp_path):
    store = store_with(tmp_path, {"Reif2023": {"study": STUDY}})
    assert not store.issues and not store.figures
    assert store.studies["Reif2023"].condition == "treatment-resistant depression"
    assert store.studies["Reif2023"].unconfirmed == ["who"]


def test_a_study_condition_outside_the_list_names_file_and_line(tmp_path):
    store = store_with(tmp_path, {"Reif2023": {"study": {**STUDY, "condition": "sadness"}}})
    issue = one_issue(store)
    assert issue.where == "data/figures/Reif2023.yml:12"
    assert "condition" in issue.message and "Reif2023" not in store.studies


# ---------------------------------------------------------------------------
# Figures that do not come from a randomised comparison say so where they are shown
# ---------------------------------------------------------------------------

NOT_A_TRIAL = {**STUDY, "plain": {"design": "Not a trial: one clinic's records, no comparison."}}


def test_a_figure_of_a_study_that_is_not_a_trial_needs_its_label(tmp_path):
    """A study whose plain design says "Not a trial" gives each figure not_randomised: (what
    it comes from); without it the store names the figure's file and line and the fix."""
    store = store_with(tmp_path, {"Reif2023": {"study": NOT_A_TRIAL, "figures": {"x-1": GOOD}}})
    issue = one_issue(store)
    line = (tmp_path / "data/figures/Reif2023.yml").read_text().split("\n").index("  x-1:") + 1
    assert issue.where == f"data/figures/Reif2023.yml:{line}"
    assert "does not come from a randomised comparison" in issue.message
    assert "add not_randomised:" in issue.fix
    labelled = {**GOOD, "not_randomised": "clinic records"}
    fine = store_with(
        tmp_path / "b", {"Reif2023": {"study": NOT_A_TRIAL, "figures": {"x-1": labelled}}}
    )
    assert not fine.issues and fine.figures["x-1"].figure.not_randomised == "clinic records"


@pytest.mark.parametrize("value", ["rec", "records: one clinic", "x" * 49])
def test_a_label_too_short_too_long_or_with_punctuation_names_its_line(tmp_path, value):
    fig = {**GOOD, "not_randomised": value}
    issue = one_issue(store_with(tmp_path, {"Anand2023": {"figures": {"x-1": fig}}}))
    assert issue.where == "data/figures/Anand2023.yml:12"
    assert "field 'not_randomised'" in issue.message


def test_the_label_is_one_rendering_inside_or_after_the_brackets():
    label = '<span class="fig-kind">not randomised: clinic survey</span>'
    assert figstore_schema.with_label("about 3 in 100 (3%)", "clinic survey") == (
        f"about 3 in 100 (3%; {label})"
    )
    assert figstore_schema.with_label("at least 1 in 3", "clinic survey") == (
        f"at least 1 in 3 ({label})"
    )
    assert figstore_schema.with_label("about 3 in 100", None) == "about 3 in 100"


def test_every_labelled_figure_shows_its_label_where_it_is_shown(site):
    """Every figure with not_randomised: that a page or the comparison shows carries
    "not randomised: <what>" beside it, and no randomised figure does."""
    store = figstore.load_store(ROOT, {p.stem for p in (ROOT / "data/figures").glob("*.yml")})
    labelled = {
        fid: s.figure.not_randomised for fid, s in store.figures.items() if s.figure.not_randomised
    }
    assert {"cbt-side-effects-any", "dunner-response-24m", "rodrigues2020-hypertension"} <= set(
        labelled
    )
    shown: set[str] = set()
    for html_path in site.rglob("*.html"):
        page = html_path.read_text(encoding="utf-8")
        for m in re.finditer(
            r'<span class="?fig"?>(.*?)<sup class="?fig-ref"? id="?fig-([a-z0-9-]+)-use', page, re.S
        ):
            fid = m.group(2)
            words = htmlmod.unescape(re.sub(r"<[^>]+>", "", m.group(1)))  # the glossary's <abbr>
            if fid in labelled:
                shown.add(fid)
                assert f"not randomised: {labelled[fid]}" in words, (html_path, fid)
            else:
                assert "not randomised" not in words, (html_path, fid)
    assert {"rodrigues2020-hypertension", "mcknight2012-kidney-failure"} <= shown


def test_the_figure_link_says_quote_and_the_list_is_folded(site):
    """DISCERN raters read the old tick ("✓3") after a figure as "verified by us". The link
    says in words what it opens ("quote 3": the source's own sentence), with a tooltip, and
    screen readers hear "quote 3 of the source". The "How we know these figures" list, long
    on the comparison page, is folded in a <details> under its heading; the links open it."""
    for html_path in site.rglob("*.html"):
        html = html_path.read_text(encoding="utf-8")
        links = re.findall(r'<sup class="?fig-ref"?[^>]*>(.*?)</sup>', html, re.S)
        if not links:
            continue
        for link in links:
            assert "✓" not in link, html_path
            words = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", " ", link)).split())
            assert re.fullmatch(r"quote \d+ of the source", words), (html_path, words)
            assert re.search(r'title="?The source’s own words for this figure', link), html_path
        fold = re.search(
            r'id="?how-we-know"?.*?<details class="?fig-fold"?>\s*<summary>(.*?)</summary>'
            r'\s*<ol class="?fig-sources"?>',
            html,
            re.S,
        )
        assert fold, f"{html_path}: the list is not folded under its heading"
        assert "Show the source’s words for each figure on this page" in fold.group(1)
        assert '<details class="fig-fold" open' not in html
