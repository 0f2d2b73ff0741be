"""Issue 18: mistakes that used to publish silently, cascades, library wording, and help
towards the fix. Most cases feed the mistake to the real hook in-process (fast); one full
build checks line numbers on every kind of page and MkDocs' own link and nav warnings.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from scratch import BROKEN

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))

import common  # noqa: E402
import drafts  # noqa: E402
import pages  # noqa: E402
import references  # noqa: E402
import references_registry  # noqa: E402

LIBRARY_WORDS = re.compile(
    r"Value error|whole entry|pattern|\^|\\[dsw]|\$'|validation error|pydantic|Input should"
)

GOOD = """\
Anand2023:
  authors: Anand A, Mathew SJ, Sanacora G, et al.
  title: Ketamine versus ECT for nonpsychotic treatment-resistant major depression
  container: New England Journal of Medicine
  year: 2023
  doi: 10.1056/NEJMoa2302399
  pmid: 37224232
  type: trial
  verified: "PubMed record read 2026-11-28"
"""


@pytest.fixture(autouse=True)
def fresh():
    common.new_build()
    yield
    common.new_build()


def registry(tmp_path, monkeypatch, text: str) -> dict:
    path = tmp_path / "references.yml"
    path.write_text(text, encoding="utf-8")
    # This test's registry only; the real one is put back afterwards (other tests cite it).
    before = set(references_registry.broken)
    out = references_registry.load_registry(path)
    monkeypatch.setattr(references, "registry", dict(out))
    monkeypatch.setattr(references, "broken", set(references_registry.broken))
    references_registry.broken.clear()
    references_registry.broken.update(before)
    return out


def fake_page(src_uri: str, source: str):
    m = common.FRONT_MATTER.match(source)
    meta = yaml.safe_load(m.group(1)) if m else {}
    body = source[m.end() :] if m else source
    return SimpleNamespace(
        file=SimpleNamespace(src_uri=src_uri, content_string=source), meta=meta
    ), body


def lines(problems) -> list[str]:
    return [str(p) for p in problems]


# --- the registry ------------------------------------------------------------------------


def test_duplicate_registry_key_is_reported_once_at_the_second_copy(tmp_path, monkeypatch):
    text = GOOD + "\n" + GOOD.replace("PubMed record read", "Journal page read")
    registry(tmp_path, monkeypatch, text)
    assert len(common.PROBLEMS) == 1, lines(common.PROBLEMS)
    p = common.PROBLEMS[0]
    assert (p.line, p.file.endswith("references.yml")) == (11, True)
    assert "'Anand2023' is written twice" in p.message and "first on line 1" in p.message
    assert "merge" in p.fix


def test_a_file_read_by_several_hooks_reports_its_problems_once(tmp_path):
    path = tmp_path / "references.yml"
    path.write_text(GOOD + "\n" + GOOD, encoding="utf-8")
    first, second = common.load_yaml(path), common.load_yaml(path)
    assert first == second and first is not second and len(common.PROBLEMS) == 1


def test_same_doi_under_two_keys(tmp_path, monkeypatch):
    registry(
        tmp_path,
        monkeypatch,
        GOOD + "\n" + GOOD.replace("Anand2023:", "Anand2023b:").replace("  pmid: 37224232\n", ""),
    )
    [p] = common.PROBLEMS
    assert "'Anand2023b' has the same doi as 'Anand2023'" in p.message and p.line == 16
    assert "cite [@Anand2023] instead of [@Anand2023b]" in p.fix


def test_same_pmid_under_two_keys(tmp_path, monkeypatch):
    registry(
        tmp_path,
        monkeypatch,
        GOOD
        + "\n"
        + GOOD.replace("Anand2023:", "Other2023:").replace("  doi: 10.1056/NEJMoa2302399\n", ""),
    )
    [p] = common.PROBLEMS
    assert "same pmid as 'Anand2023'" in p.message


WEB_PAGE = """\
OxfordFAQ:
  authors: Oxford Health NHS Foundation Trust
  title: FAQ (ketamine service for treatment-resistant depression)
  container: Oxford Health NHS Foundation Trust
  year: 2026
  url: https://www.oxfordhealth.nhs.uk/ips/ketamine-trd/faq/
  accessed: "2026-11-28"
  type: other
  verified: "Read at the url 2026-11-28"
"""


def test_same_url_under_two_keys(tmp_path, monkeypatch):
    """One web page under two keys (written with and without www. and the last slash) fails
    at the second entry's url, saying which key to keep."""
    second = WEB_PAGE.replace("OxfordFAQ:", "OxfordKetamineFAQ:").replace(
        "https://www.oxfordhealth.nhs.uk/ips/ketamine-trd/faq/",
        "https://oxfordhealth.nhs.uk/ips/ketamine-trd/faq",
    )
    registry(tmp_path, monkeypatch, WEB_PAGE + "\n" + second)
    [p] = common.PROBLEMS
    assert "'OxfordKetamineFAQ' has the same url as 'OxfordFAQ'" in p.message, p.message
    assert p.line == 16 and p.file.endswith("references.yml"), (p.file, p.line)
    assert "cite [@OxfordFAQ] instead of [@OxfordKetamineFAQ]" in p.fix and "edition:" in p.fix


def test_same_url_for_another_edition_marked_as_such(tmp_path, monkeypatch):
    second = WEB_PAGE.replace("OxfordFAQ:", "OxfordFAQ2025:").replace(
        "  year: 2026\n", '  year: 2025\n  edition: "version of May 2025"\n'
    )
    out = registry(tmp_path, monkeypatch, WEB_PAGE + "\n" + second)
    assert not common.PROBLEMS, lines(common.PROBLEMS)
    assert "Version of May 2025." in out["OxfordFAQ2025"].html()
    assert "Version" not in out["OxfordFAQ"].html()


def test_the_registry_has_no_source_twice():
    """The real registry: no two entries share a doi, a pmid or (without an edition to tell
    them apart) a url."""
    references_registry.load_registry()
    twice = [str(p) for p in common.PROBLEMS if "registry twice" in p.message]
    assert not twice, twice


@pytest.mark.parametrize(
    "old,new,message,fix",
    [
        (
            "doi: 10.1056/NEJMoa2302399",
            "doi: https://doi.org/10.1056/NEJMoa2302399",
            "the doi is written as a link",
            "doi: 10.1056/NEJMoa2302399",
        ),
        (
            "doi: 10.1056/NEJMoa2302399",
            'doi: "doi:10.1056/NEJMoa2302399"',
            "the doi is written as a link or with a prefix",
            "doi: 10.1056/NEJMoa2302399",
        ),
        ("pmid: 37224232", 'pmid: "PMID: 37224232"', "the pmid has a prefix", "pmid: 37224232"),
        ("type: trial", "type: rct", "field 'type' must be one of", "one of trial, meta-analysis"),
        ("year: 2023", "year: twenty", "field 'year' must be a whole number", "four digits"),
        ("  type: trial\n", "  typ: trial\n", "'typ' is not a field", "did you mean 'type'?"),
    ],
)
def test_field_advice_in_plain_words(tmp_path, monkeypatch, old, new, message, fix):
    out = registry(tmp_path, monkeypatch, GOOD.replace(old, new))
    assert "Anand2023" not in out
    msgs = [p for p in common.PROBLEMS if message in p.message]
    assert msgs, lines(common.PROBLEMS)
    assert fix in msgs[0].fix
    field = new.strip().split(":")[0]
    assert (
        msgs[0].line
        == GOOD.replace(old, new)
        .splitlines()
        .index(
            next(
                ln
                for ln in GOOD.replace(old, new).splitlines()
                if ln.strip().startswith(field + ":")
            )
        )
        + 1
    )
    for p in common.PROBLEMS:
        assert not LIBRARY_WORDS.search(str(p)), str(p)


def test_entry_without_identifier_has_no_library_wording(tmp_path, monkeypatch):
    registry(
        tmp_path, monkeypatch, GOOD.replace("  doi: 10.1056/NEJMoa2302399\n  pmid: 37224232\n", "")
    )
    [p] = common.PROBLEMS
    assert p.line == 1 and "needs at least one of doi, pmid or url" in p.message
    assert not LIBRARY_WORDS.search(str(p)), str(p)


def cite(src_uri: str, source: str) -> str:
    page, body = fake_page(src_uri, source)
    return references.on_page_markdown(body, page, {}, None)


def test_a_broken_entry_gives_one_error_not_a_cascade(tmp_path, monkeypatch):
    registry(tmp_path, monkeypatch, GOOD.replace("type: trial", "type: rct"))
    assert len(common.PROBLEMS) == 1
    page = (
        "---\ntitle: T\n---\n\n# T\n\nA [@Anand2023]. B [@Anand2023]. C [@Anand2023; @Anand2023].\n"
    )
    cite("about/x.md", page)
    assert len(common.PROBLEMS) == 1, lines(common.PROBLEMS)


def test_a_registry_that_does_not_parse_gives_one_error(tmp_path, monkeypatch):
    registry(tmp_path, monkeypatch, GOOD.replace("  year: 2023", "year: 2023"))
    [p] = common.PROBLEMS
    assert p.line == 6 and "does not parse" in p.message  # where YAML notices it
    cite("about/x.md", "---\ntitle: T\n---\n\n# T\n\nA [@Anand2023].\n")
    assert len(common.PROBLEMS) == 1, lines(common.PROBLEMS)


@pytest.mark.parametrize(
    "typo,suggestion",
    [("Anand2032", "Anand2023"), ("anand2023", "Anand2023"), ("Annand2023", "Anand2023")],
)
def test_near_miss_citation_key_gets_did_you_mean(tmp_path, monkeypatch, typo, suggestion):
    registry(tmp_path, monkeypatch, GOOD)
    cite("about/x.md", f"---\ntitle: T\n---\n\n# T\n\nText [@{typo}].\n")
    [p] = common.PROBLEMS
    assert p.file == "docs/about/x.md" and p.line == 7
    assert f"did you mean '{suggestion}'?" in p.fix


def test_citation_line_counts_from_the_file_the_editor_wrote(tmp_path, monkeypatch):
    """Text inserted by earlier hooks (the evidence badge) does not move the line."""
    registry(tmp_path, monkeypatch, GOOD)
    source = "---\ntitle: T\nkind: condition\n---\n\n# T\n\nLine 7.\n\nText [@Nope2020].\n"
    page, body = fake_page("conditions/x.md", source)
    with_badge = body.replace("# T\n", '# T\n\n\n<p class="badges">badge</p>\n\n', 1)
    references.on_page_markdown(with_badge, page, {}, None)
    [p] = common.PROBLEMS
    assert p.line == 10, str(p)


# --- front matter ---------------------------------------------------------------------------


def meta_problems(source: str) -> list:
    page, _ = fake_page("about/x.md", source)
    assert pages.validate_meta(page) is None
    return common.PROBLEMS


FM = (
    "---\ntitle: A page title\ndescription: One plain sentence of fifty to one hundred and sixty "
    "characters for search.\nkind: guide\nlast_reviewed: {last}\nnext_review: {next}\n---\n\n# A page title\n"
)


def test_future_last_reviewed_points_at_its_line_with_a_specific_fix(monkeypatch):
    monkeypatch.setenv("REVIEW_TODAY", "2026-12-01")
    [p] = meta_problems(FM.format(last="2027-01-05", next="2027-06-01"))
    assert p.line == 5 and p.message == "front matter: last_reviewed is in the future"
    assert "today is 2026-12-01" in p.fix
    assert not LIBRARY_WORDS.search(str(p))


def test_review_interval_fix_gives_the_latest_date(monkeypatch):
    monkeypatch.setenv("REVIEW_TODAY", "2026-12-01")
    [p] = meta_problems(FM.format(last="2026-11-28", next="2030-01-01"))
    assert p.line == 6 and "no later than 2028-11-27" in p.fix


def test_unknown_front_matter_field_suggests_the_right_one(monkeypatch):
    monkeypatch.setenv("REVIEW_TODAY", "2026-12-01")
    [p] = meta_problems(
        FM.format(last="2026-11-28", next="2027-11-28")
        .replace("kind:", "kind: guide\nlast_review: 2026-11-28\nx:", 1)
        .replace("x: guide\n", "")
    )
    assert (
        p.line == 5
        and "'last_review' is not a field" in p.message
        and "did you mean 'last_reviewed'?" in p.fix
    )


# --- drafts ------------------------------------------------------------------------------

PAGE = FM.format(last="2026-11-28", next="2027-11-28")


def draft_problems(body: str, src_uri: str = "about/x.md", source: str | None = None) -> list:
    page, text = fake_page(src_uri, (source or PAGE) + body)
    drafts.check(text, page, page.file.content_string)
    return common.PROBLEMS


@pytest.mark.parametrize(
    "body,what",
    [
        ("\nTODO: add the dose.\n", "a draft note 'TODO'"),
        ("\nThe figure is 46% (FIXME check).\n", "a draft note 'FIXME'"),
        ("\nNote to editor: ask about this.\n", "an editor's note"),
        ("\nIt works [[check with Sam]].\n", "double brackets"),
        ("\n<!-- remember to add the UK price -->\n", "an HTML comment would be published"),
        ("\n![image](../assets/images/logo.svg)\n", "the alt text 'image' does not describe"),
        ("\n![Screenshot](../assets/images/logo.svg)\n", "the alt text 'Screenshot'"),
        ("\n![logo.svg](../assets/images/logo.svg)\n", "the alt text 'logo.svg'"),
        ('\n<img src="a.png" alt="picture">\n', "the alt text 'picture'"),
    ],
)
def test_draft_leftovers_are_caught_on_their_line(body, what):
    [p] = draft_problems(body)
    assert what in p.message and p.line == PAGE.count("\n") + 2, str(p)
    assert p.fix


@pytest.mark.parametrize(
    "body",
    [
        "\n<!-- generated: evidence-table -->\n",
        "\n<!-- figure: evidence-chart -->\n",
        "\n<!-- chart: doses -->\n",
        "\nIn a trial, <!-- option-figure: elektd-ketamine --> responded.\n",
        "\nThe dose [@SpravatoDosing] is set.\n",
        "\nUse `TODO` in code: `<!-- x -->`.\n",
        "\n```\n<!-- an example -->\nTODO\n```\n",
        "\n![Bar chart of doses](chart.svg)\n",
    ],
)
def test_the_builds_own_markers_and_real_text_pass(body):
    assert draft_problems(body) == []


def test_unchanged_template_text():
    template = (ROOT / drafts.TEMPLATE).read_text(encoding="utf-8")
    for text in drafts.PLACEHOLDERS:
        assert text in template, f"drafts.PLACEHOLDERS is out of date: {text!r}"
    found = draft_problems("", source=template)
    assert {p.message for p in found} >= {
        f"template text left unchanged: '{t}'" for t in drafts.PLACEHOLDERS
    }
    assert found[0].line == 2 and found[0].fix


def test_condition_folder_page_needs_kind_condition():
    [p] = draft_problems("", src_uri="conditions/new.md")
    assert p.line == 4 and "kind: guide" in p.message and "set kind: condition" in p.fix
    assert draft_problems("", src_uri="conditions/index.md") == [p]  # the index is a guide


# --- the real build: lines on every kind of page, MkDocs' own warnings --------------------

KINDS = {
    "home": "docs/index.md",
    "condition": "docs/conditions/ptsd.md",
    "guide": "docs/treatment/sessions.md",
    "reference": "docs/about/glossary.md",
}


@BROKEN.change
def lines_on_every_kind_of_page(project: Path) -> dict:
    expected = {}
    for kind, rel in KINDS.items():
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert re.search(rf"^kind: {kind}$", text, re.M), rel
        # Just under the H1 (where the badge goes) and again near the end of the page.
        h1 = re.search(r"^# .*\n", text, re.M)
        text = text[: h1.end()] + f"\nEarly [@Early{kind}].\n" + text[h1.end() :]
        text = text.rstrip("\n") + f"\n\nLate [@Late{kind}].\n"
        path.write_text(text, encoding="utf-8")
        lines_ = text.splitlines()
        for word in ("Early", "Late"):
            n = next(i for i, ln in enumerate(lines_, 1) if f"[@{word}{kind}]" in ln)
            expected[f"{rel}:{n}: unknown citation key '{word}{kind}'"] = True
    disclaimer = project / "docs/about/disclaimer.md"
    text = disclaimer.read_text(encoding="utf-8")
    n = text.count("\n") + 2
    disclaimer.write_text(
        text + "\nSee [privacy](privacy.md#what-the-host-sees) and "
        "[effects](../safety/side-effect.md).\n",
        encoding="utf-8",
    )
    cfg = project / "mkdocs.yml"
    cfg_text = cfg.read_text(encoding="utf-8")
    nav_line = cfg_text[: cfg_text.index("Side effects: safety/side-effects.md")].count("\n") + 1
    cfg.write_text(
        cfg_text.replace(
            "Side effects: safety/side-effects.md", "Side effects: safety/side-efects.md"
        )
    )
    return {"expected": expected, "n": n, "nav_line": nav_line}


def test_real_build_lines_on_every_kind_of_page_and_plain_mkdocs_warnings(broken_build):
    """The shared broken copy (scratch.BROKEN) holds these mistakes among others."""
    at, out = broken_build[lines_on_every_kind_of_page], broken_build.out
    n, nav_line = at["n"], at["nav_line"]
    assert broken_build.code != 0
    for message in at["expected"]:
        assert message in out, (message, out[-3000:])
    assert (
        f"docs/about/disclaimer.md:{n}: the link 'privacy.md#what-the-host-sees' goes to a heading "
        "'#what-the-host-sees' that docs/about/privacy.md does not have"
    ) in out
    assert "did you mean '#what-the-host-can-see'? the headings there are: #privacy," in out
    assert (
        f"docs/about/disclaimer.md:{n}: the link '../safety/side-effect.md' points to "
        "docs/safety/side-effect.md, which does not exist"
    ) in out
    assert "did you mean '../safety/side-effects.md'?" in out
    assert (
        f"mkdocs.yml:{nav_line}: the nav lists 'safety/side-efects.md', but docs/safety/side-efects.md "
        "does not exist\n      How to fix: did you mean 'safety/side-effects.md'?"
    ) in out
    assert "docs/safety/side-effects.md: this page is not in the site menu (nav)" in out
    assert "Doc file" not in out and "not found among documentation files" not in out
