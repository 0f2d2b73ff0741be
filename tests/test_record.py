"""What changed and how we checked: generated from data/changes and data/checks.

- In-process: each mistake in a change or check entry names the file and line and the fix.
- The built site: each page with changes ends with one line (last changed, last corrected) linking to its own changes on the site-wide list, which has every change newest
  first and then each page's changes under an anchor; the Atom feed parses and has one entry
  per change; "How we checked this guide" shows the totals of data/checks.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from sitepages import read_yaml

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
            {"why": "Readers and independent raters found no list of support."},
            "'raters found' is a note for editors",
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


@pytest.mark.parametrize(
    "supported,removed,unconfirmed,total", [(3, 1, 0, 4), (2, 0, 0, 2), (3, 0, 1, 4)]
)
def test_check_outcomes_must_add_up_to_the_claims(tmp_path, supported, removed, unconfirmed, total):
    """Each claim has one outcome: more outcomes than claims, or claims with no outcome (the
    73 of 2,492 raters found), fail with the file and line."""
    check = {"page": "help/faq.md", "checked": "2026-12-04", "claims": 3, "supported": supported}
    check |= {"removed": removed, "unconfirmed": unconfirmed}
    record = load(tmp_path, checks=[check])
    assert len(record.issues) == 1 and record.issues[0].where.endswith(".yml:1")
    assert f"add up to {total}, not claims (3)" in record.issues[0].message
    assert "counts as unconfirmed" in record.issues[0].fix
    ok = load(tmp_path / "ok", checks=[check | {"supported": 2, "removed": 0, "unconfirmed": 1}])
    assert not ok.issues and ok.checks


def test_every_page_with_changes_ends_with_one_line_linking_to_its_changes(site):
    """Each page ends with one line: when it last changed and a link to the anchor of its
    own changes on the site-wide list, where every change of that page is listed, newest
    first. The reasons are not on the page (readers saw an audit trail there)."""
    record = changelog.load(
        ROOT, {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    )
    assert not record.issues
    assert record.changes, "data/changes holds no change: nothing to test"
    import html as htmllib

    def text(fragment: str) -> str:
        return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())

    changes_page = (site / "about" / "changes" / "index.html").read_text(encoding="utf-8")
    by_page = changes_page[changes_page.index('id="by-page"') :]
    mine: dict[str, list[changelog.Change]] = {}
    for change, _ in record.changes:
        mine.setdefault(change.page, []).append(change)
    for page, changes in mine.items():
        out = site / page.replace("index.md", "").replace(".md", "/") / "index.html"
        html = out.read_text(encoding="utf-8")
        line = html[html.index('id="page-changes"') :]
        line = line[: line.index("</p>")]
        assert f"Last changed on {changelog.long_date(changes[0].date)}" in line, out
        assert not re.search(r"\d+ (recorded )?changes?\b", line), out
        assert "<li>" not in line, out
        if page != "about/changes.md":  # the list itself
            assert "<em>Why:</em>" not in html, out
        assert f'#{changelog.anchor(page)}"' in line, out
        fixes = [c for c in changes if c.kind == "correction"]
        if fixes:
            assert f"last corrected on {changelog.long_date(fixes[0].date)}" in line, out
        else:
            assert "corrected" not in line, out
        # Its changes on the site-wide list, under its anchor, newest first.
        section = by_page[by_page.index(f'id="{changelog.anchor(page)}"') :]
        section = text(section[: section.index("</section>")])
        places = [section.index(" ".join(c.what.split())) for c in changes]
        assert len(changes) == section.count("Why:") and places == sorted(places), page


def test_the_changes_by_page_stay_out_of_search(site):
    """The same words are in the newest-first list, which search keeps; a heading per page
    would compete with the pages themselves for their own names."""
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    where = [d["location"] for d in index["docs"] if d["location"].startswith("about/changes/")]
    assert where == ["about/changes/"], where
    assert not [d["location"] for d in index["docs"] if d["location"].endswith("#page-changes")]


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
        checks += read_yaml(path) or []
    html = (site / "about" / "how-we-checked" / "index.html").read_text(encoding="utf-8")
    claims = sum(c["claims"] for c in checks)
    assert f"<strong>{claims:,}</strong> claims" in html
    assert "Checks by page" in html


def test_how_we_checked_adds_up_one_row_per_page(site):
    """The published table: one row per page; in every row and in the totals the outcomes add
    up to the claims, the rows add up to the totals, and the totals match the words above."""
    html = (site / "about" / "how-we-checked" / "index.html").read_text(encoding="utf-8")
    table = html[html.index("<caption>Checks by page") : html.index("</table>")]
    heads = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table)
    # Checks on more than one day add a "Last checked" column (a date, not a count) after Page.
    if heads[1:2] == ["Last checked"]:
        heads = [heads[0], *heads[2:]]
    assert heads[:2] == ["Page", "Checks"] and heads[-1] == "Not confirmed", heads
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    pages = [re.sub(r"<[^>]+>", "", re.search(r"<th[^>]*>(.*?)</th>", r).group(1)) for r in rows]
    assert len(pages) == len(set(pages)), "a page has more than one row"

    def numbers(row: str) -> list[int]:
        return [int(v.replace(",", "")) for v in re.findall(r"<td[^>]*>([\d,]+)</td>", row)]

    grid = [numbers(r) for r in rows]
    foot = numbers(table[table.index("<tfoot>") :])
    for n in [*grid, foot]:
        _checks, claims, *outcomes = n
        assert sum(outcomes) == claims, n
    assert [sum(col) for col in zip(*grid, strict=True)] == foot
    words = " ".join(re.sub(r"<[^>]+>", "", html).split())
    claims, supported, corrected, recited, removed, unconfirmed = foot[1:]
    assert f"editors checked {claims:,} claims on {len(rows)} pages" in words
    assert (
        f"{supported:,} were supported, {corrected:,} were corrected, {recited:,} now cite a "
        f"better source, {removed:,} were removed because we could not verify them, and "
        f"{unconfirmed:,} could not be confirmed on the source's own page"
    ) in words


@pytest.mark.parametrize("folder", ["checks", "changes"])
def test_an_unknown_field_is_reported_at_its_line(tmp_path, folder):
    """A field no record has (a mistyped name, or one dropped from the schema such as a
    check's old `figures:` count, which nothing read) fails with the file and its own line,
    and the fix lists the fields there are."""
    entry = (
        {"page": "help/faq.md", "checked": "2026-12-04", "claims": 1, "supported": 1}
        if folder == "checks"
        else dict(GOOD)
    )
    record = load(tmp_path, **{folder: [entry, entry | {"figures": 3}]})
    [issue] = record.issues
    line = 2 * len(entry) + 1  # the second entry's last line
    assert issue.where == f"data/{folder}/2026-12-04-x.yml:{line}"
    assert issue.message == f"{folder} entry: 'figures' is not a field of this record"
    assert "delete it" in issue.fix and "page, " in issue.fix and "editor_note" in issue.fix


def test_the_check_records_add_up():
    """Every record in data/checks: its outcomes add up to its claims."""
    for path in (ROOT / "data" / "checks").glob("*.yml"):
        for c in read_yaml(path) or []:
            outcomes = sum(c.get(k, 0) for k in changelog.OUTCOMES)
            assert outcomes == c["claims"], (path.name, c["page"], c["claims"], outcomes)


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
            }
        )
        for i in range(3)
    ]
    html = changelog.checks_summary(checks, lambda page: page)
    assert "<strong>1,737</strong> claims" in html and "1,500 were supported" in html
    assert "1737" not in html


def test_check_totals_name_the_dates():
    """One day reads "On ...", several "Between ... and ..." (and the table gives each page's
    last date)."""
    import datetime as dt

    def check(day: int) -> changelog.Check:
        return changelog.Check.model_validate(
            {
                "page": "p.md",
                "checked": dt.date(2026, 11, day) if day < 30 else dt.date(2026, 12, 4),
                "claims": 10,
                "supported": 10,
            }
        )

    one = changelog.checks_summary([check(30), check(30)], lambda page: page)
    assert one.startswith("<p>On 4 December 2026, editors checked <strong>20</strong> claims")
    assert "Between" not in one
    two = changelog.checks_summary([check(28), check(30)], lambda page: page)
    assert two.startswith("<p>Between 28 November 2026 and 4 December 2026, editors checked")
    assert '<th scope="row">p.md</th><td>4 December 2026</td><td>2</td><td>20</td>' in two
    assert "Last checked" in two and "Last checked" not in one


def test_a_page_gives_its_changes_in_one_line(tmp_path):
    """Readers get when the page last changed, when it was last corrected, and a link to its
    changes: no list of changes, and no running counts (those are on the changes page)."""
    kinds = ["correction"] + ["update"] * 5 + ["correction"] * 2
    entries = [
        dict(GOOD, kind=k, date=f"2026-12-0{1 + (i > 0) + (i > 5)}", what=f"We said {i}; now.")
        for i, k in enumerate(kinds)
    ]
    changes = [c for c, _ in load(tmp_path, entries).changes]
    line = changelog.page_brief(changes, "../about/changes/#changes-help-faq")
    assert line.count("<p") == 1 and "<li>" not in line and "<details>" not in line
    assert line == (
        '<p class="change-history change-brief" id="page-changes">Last changed on 3 December '
        "2026 · last corrected on 3 December 2026 · "
        '<a href="../about/changes/#changes-help-faq">What changed on this page, and why</a></p>'
    )
    assert "recorded" not in line and not re.search(r"\d+ changes", line)
    one = changelog.page_brief(changes[2:], "x/")  # the oldest correction is the only one left
    assert "Last changed on 2 December 2026 · last corrected on 1 December 2026 · " in one
    assert "corrected" not in changelog.page_brief(changes[2:3], "x/")  # an update
    assert changelog.page_brief([], "x/") == ""


@pytest.mark.parametrize(
    "page,expected",
    [
        ("index.md", "changes-home"),
        ("decision-aid/index.md", "changes-decision-aid"),
        (
            "conditions/treatment-resistant-depression.md",
            "changes-conditions-treatment-resistant-depression",
        ),
        ("help/reindex.md", "changes-help-reindex"),
    ],
)
def test_each_page_has_its_own_anchor(page, expected):
    assert changelog.anchor(page) == expected


def test_two_pages_cannot_share_an_anchor(tmp_path):
    pages = PAGES | {"help/faq/index.md"}
    (tmp_path / "data" / "changes").mkdir(parents=True)
    (tmp_path / "data" / "checks").mkdir(parents=True)
    (tmp_path / "data" / "changes" / "2026-12-04-x.yml").write_text(
        yaml.safe_dump([GOOD, dict(GOOD, page="help/faq/index.md"), GOOD], sort_keys=False),
        encoding="utf-8",
    )
    record = changelog.load(tmp_path, pages)
    assert (
        len(record.issues) == 1
        and "share the anchor 'changes-help-faq'" in record.issues[0].message
    )


def test_the_changes_by_page_follow_the_menu_newest_first(tmp_path):
    entries = [
        dict(GOOD, page="about/sources.md", kind="update", what="We said a; now b, change 1."),
        dict(GOOD, what="We said c; now d, change 2."),
        dict(GOOD, kind="update", what="We said e; now f, change 3."),
    ]
    changes = [c for c, _ in load(tmp_path, entries).changes]
    html = changelog.by_page(changes, ["help/faq.md", "about/sources.md"], lambda p: p)
    faq, sources = html.index('id="changes-help-faq"'), html.index('id="changes-about-sources"')
    assert faq < sources
    assert html.index("change 3.") < html.index("change 2.") < sources < html.index("change 1.")
    assert "2 changes, 1 of them a correction, newest first." in html
    assert "1 change, newest first." in html
    assert html.count('<li class="change-correction">') == 1
    assert html.count("data-search-exclude") == 4  # each section and its heading
    assert changelog.by_page([], [], lambda p: p) == ""


def test_the_comparison_gives_its_changes_in_one_line(site):
    html = (site / "decision-aid" / "index.html").read_text(encoding="utf-8")
    brief = html[html.index('id="page-changes"') :]
    brief = brief[: brief.index("</p>")]
    assert "What changed on this page" in brief
    assert 'href="../about/changes/#changes-decision-aid"' in brief
    assert "<li>" not in brief and 'class="change-history"' not in html


def test_the_home_and_depression_pages_give_no_list_of_changes(site):
    """Raters read the home page's five changes and the depression page's forty as an audit
    trail; each now ends with the one line."""
    for page, anchor in (
        ("index.html", "changes-home"),
        (
            "conditions/treatment-resistant-depression/index.html",
            "changes-conditions-treatment-resistant-depression",
        ),
    ):
        html = (site / page).read_text(encoding="utf-8")
        assert "<details><summary>" not in html.split('id="page-changes"')[1]
        assert "<em>Why:</em>" not in html and f'changes/#{anchor}"' in html
        assert "What changed on this page</h2>" not in html
