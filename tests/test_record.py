"""What changed and how we checked: generated from data/changes and data/checks.

- In-process: each mistake in a change or check entry names the file and line and the fix.
- The built site: each page with changes ends with its dated history; the site-wide list is
  newest first; the Atom feed parses and has one entry per change; "How we checked this guide"
  shows the totals of data/checks.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import changelog  # noqa: E402

PAGES = {"help/faq.md", "about/sources.md"}
GOOD = {
    "date": "2026-12-04",
    "page": "help/faq.md",
    "kind": "correction",
    "what": "We said 9 in 10 people improve; the source says about 5 in 10.",
    "why": "The trial report gives 55%.",
}


def load(tmp_path, changes=(), checks=()):
    for folder, items in (("changes", changes), ("checks", checks)):
        (tmp_path / "data" / folder).mkdir(parents=True)
        if items:
            (tmp_path / "data" / folder / "2026-12-04-x.yml").write_text(
                yaml.safe_dump(list(items), sort_keys=False), encoding="utf-8"
            )
    return changelog.load(tmp_path, PAGES)


def test_a_good_change_loads(tmp_path):
    record = load(tmp_path, [GOOD])
    assert not record.issues and len(record.changes) == 1


@pytest.mark.parametrize(
    "change,expected,fix",
    [
        ({"page": "help/nope.md"}, "'help/nope.md' is not a page in docs/", "path under docs/"),
        ({"kind": "fix"}, "field 'kind'", "format"),
        (
            {"what": "Fixed a number in the text."},
            "a correction that does not say what was wrong",
            "We said X",
        ),
        ({"date": None}, "field 'date' is missing", "format"),
        (
            {"why": "Issue #13 asks for it."},
            "'Issue #13' is a note for editors",
            "say in reader words",
        ),
        # Editors' notes that reached public pages before the check existed.
        (
            {"why": "Only ketamine's mechanism was explained (DISCERN question 9)."},
            "'DISCERN' is a note for editors",
            "checklists",
        ),
        (
            {"why": "A second reader found the two cells disagreed."},
            "'second reader' is a note for editors",
            "reader words",
        ),
        (
            {"why": "They come back when an editor has read it."},
            "'editor has read' is a note for editors",
            "reader words",
        ),
        (
            {"why": "The rule was written down today."},
            "'today' is a note for editors",
            "write the date, not 'today'",
        ),
        (
            {"what": "We said 16 sheets. The handout now runs to 18 sheets on A4."},
            "'16 sheets' is a note for editors",
            "sheet counts",
        ),
        (
            {"why": "It keeps to its page budget (another editor)."},
            "'page budget' is a note for editors",
            "reader words",
        ),
    ],
)
def test_a_bad_change_names_file_line_and_fix(tmp_path, change, expected, fix):
    entry = {k: v for k, v in dict(GOOD, **change).items() if v is not None}
    record = load(tmp_path, [GOOD, entry])
    assert len(record.issues) == 1, [i.__dict__ for i in record.issues]
    issue = record.issues[0]
    assert (
        issue.where == "data/changes/2026-12-04-x.yml:6"
        and expected in issue.message
        and fix in issue.fix
    )


@pytest.mark.parametrize(
    "text",
    [
        "We said one trial; independent reviewers questioned whether the difference matters.",
        "We said there were no costs on top of the session fee; the clinic lists two.",
        "We said a few sheets of notes; the source says a leaflet.",
    ],
)
def test_reader_words_close_to_editor_words_pass(tmp_path, text):
    record = load(tmp_path, [dict(GOOD, what=text)])
    assert not record.issues, [i.__dict__ for i in record.issues]


def test_check_counts_cannot_exceed_the_claims(tmp_path):
    record = load(
        tmp_path,
        checks=[
            {
                "page": "help/faq.md",
                "checked": "2026-12-04",
                "claims": 3,
                "supported": 3,
                "removed": 1,
            }
        ],
    )
    assert "add up to more than claims (3)" in record.issues[0].message


def test_every_page_with_changes_ends_with_its_history(site):
    record = changelog.load(
        ROOT, {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    )
    assert not record.issues
    assert record.changes, "data/changes holds no change: nothing to test"
    import html as htmllib

    page = (site / "about" / "changes" / "index.html").read_text(encoding="utf-8")
    site_wide = " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    for change, _ in record.changes:
        out = site / change.page.replace("index.md", "").replace(".md", "/") / "index.html"
        html = out.read_text(encoding="utf-8")
        assert "What changed on this page" in html, out
        if change.page.startswith(changelog.BRIEF):
            # The decision aid: one line with the newest date; every change is site-wide.
            newest = max(c.date for c, _ in record.changes if c.page == change.page)
            assert changelog.long_date(newest) in html, out
            assert " ".join(change.what.split()) in site_wide, change.what
        else:
            assert changelog.long_date(change.date) in html, out


def test_the_site_wide_list_is_newest_first_and_the_feed_parses(site):
    record = changelog.load(
        ROOT, {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    )
    feed = ET.parse(site / "changes.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(record.changes)
    dates = [e.find("a:updated", ns).text for e in entries]
    assert dates == sorted(dates, reverse=True)
    page = (site / "about" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "changes.xml" in page and "Atom feed" in page


def test_how_we_checked_shows_the_totals_of_the_data(site):
    checks = []
    for path in (ROOT / "data" / "checks").glob("*.yml"):
        checks += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    html = (site / "about" / "how-we-checked" / "index.html").read_text(encoding="utf-8")
    claims = sum(c["claims"] for c in checks)
    assert f"<strong>{claims:,}</strong> claims" in html
    assert "Checks by page" in html


def test_check_totals_have_a_thousands_separator():
    import datetime as dt

    checks = [
        changelog.Check.model_validate(
            {
                "page": f"p{i}.md",
                "checked": dt.date(2026, 12, 4),
                "claims": 579,
                "supported": 500,
                "corrected": 0,
                "recited": 0,
                "removed": 0,
                "figures": 0,
            }
        )
        for i in range(3)
    ]
    html = changelog.checks_summary(checks, lambda page: page)
    assert "<strong>1,737</strong> claims" in html and "1,500 were supported" in html
    assert "1737" not in html


def test_check_totals_name_the_dates_and_do_not_add_up_figures():
    """One day reads "On ...", several "Between ... and ..."; the figures on a page checked
    twice are not added together (each record gives the figures on its page after that check)."""
    import datetime as dt

    def check(day: int) -> changelog.Check:
        return changelog.Check.model_validate(
            {
                "page": "p.md",
                "checked": dt.date(2026, 11, day) if day < 30 else dt.date(2026, 12, 4),
                "claims": 10,
                "supported": 10,
                "figures": 7,
            }
        )

    one = changelog.checks_summary([check(30), check(30)], lambda page: page)
    assert one.startswith("<p>On 4 December 2026, editors checked <strong>20</strong> claims")
    assert "Between" not in one and "14 figures" not in one
    two = changelog.checks_summary([check(28), check(30)], lambda page: page)
    assert two.startswith("<p>Between 28 November 2026 and 4 December 2026, editors checked")
    assert two.count("<td>7</td>") == 2


def test_a_page_shows_its_newest_changes_and_folds_the_rest(tmp_path):
    kinds = ["update"] * 6 + ["correction"] * 2
    entries = [
        dict(GOOD, kind=k, what=f"We said {i}; the source says {i + 1}, change {i}.")
        for i, k in enumerate(kinds)
    ]
    record = load(tmp_path, entries)
    changes = [c for c, _ in record.changes]
    # Newest first within a day: the last entry in the file comes first.
    assert changes[0].what.endswith("change 7.") and changes[-1].what.endswith("change 0.")
    html = changelog.page_history(changes, "../about/changes/")
    shown, _, folded = html.partition("<details>")
    assert shown.count("<li>") == changelog.SHOWN
    assert "<summary>3 earlier changes</summary>" in folded and folded.count("<li>") == 3
    assert '<a href="../about/changes/">What changed in this guide</a>' in html
    # The corrections (the newest two here) are among those shown.
    assert shown.count("correction:") == 2


def test_the_fold_counts_its_corrections(tmp_path):
    kinds = ["correction"] * 2 + ["update"] * 5
    entries = [dict(GOOD, kind=k, what=f"We said {i}; now {i + 1}.") for i, k in enumerate(kinds)]
    changes = [c for c, _ in load(tmp_path, entries).changes]
    html = changelog.page_history(changes, "x/")
    assert "<summary>2 earlier changes, 2 of them corrections</summary>" in html
    assert "<details>" not in changelog.page_history(changes[:5], "x/")


def test_a_decision_aid_page_gives_its_changes_in_one_line(tmp_path):
    """Readers weighing their choices get when the page last changed, how many changes and
    corrections it has had, and a link to the site-wide list: no list of changes."""
    kinds = ["update"] * 6 + ["correction"] * 2
    entries = [dict(GOOD, kind=k, what=f"We said {i}; now {i + 1}.") for i, k in enumerate(kinds)]
    changes = [c for c, _ in load(tmp_path, entries).changes]
    line = changelog.page_brief(changes, "../about/changes/")
    assert line.count("<p") == 1 and "<li>" not in line and "<details>" not in line
    assert "last changed on 4 December 2026 (8 recorded changes, 2 of them corrections)" in line
    assert '<a href="../about/changes/">What changed in this guide</a>' in line
    assert changelog.page_brief([], "x/") == ""


def test_the_comparison_gives_its_changes_in_one_line(site):
    html = (site / "decision-aid" / "index.html").read_text(encoding="utf-8")
    brief = html[html.index('id="page-changes"') :]
    brief = brief[: brief.index("</p>")]
    assert "What changed on this page" in brief and 'href="../about/changes/"' in brief
    assert "<li>" not in brief and 'class="change-history"' not in html


def test_the_depression_page_shows_a_short_history(site):
    html = (site / "conditions" / "treatment-resistant-depression" / "index.html").read_text(
        encoding="utf-8"
    )
    history = html[html.index('id="page-changes"') :]
    shown = history[: history.index("<details>")]
    assert shown.count("<li>") == changelog.SHOWN
    assert 'href="../../about/changes/"' in history
