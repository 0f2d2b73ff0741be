"""The treatment-options comparison (docs/decision-aid/), built from data/options.yml.

- The data file (with each figure's numbers from the figure store, data/figures) drives the
  grid, the numbers, the icon arrays and inline figures: change one figure and everything
  that shows it changes together.
- Each mistake an editor can make in the data file fails with a message that names the file,
  the line, the option and the row, and says how to fix it: a temp copy of the data file is
  broken and the hook's checks run in-process (one test builds a whole copy for real).
- In a real Chromium: the grid stays readable on a 360 px phone (one card per option), axe-core
  finds nothing in light and dark mode, the worksheet works without JavaScript and sends
  nothing, and the handout prints for a patient: portrait on A4 and US Letter, every text at 10 pt or
  more, a one-page summary first, the pictures, and the address, date and page number on
  every sheet (read back from the PDF with pypdf; see tools/printed.py).
"""

from __future__ import annotations

import copy
import functools
import html as htmlmod
import re
from pathlib import Path

import pytest
import yaml

from scratch import CHANGED
from sitepages import read_yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = "data/options.yml"
PAGES = {
    "index": "decision-aid/",
    "worksheet": "decision-aid/what-matters-to-you/",
    "handout": "decision-aid/handout/",
    "not_checked": "decision-aid/what-we-could-not-check/",
    "summary": "decision-aid/summary/",
}


def options() -> dict:
    """data/options.yml, with each figure's numbers and each trial's facts (its study: block)
    from the figure store (data/figures): a copy the caller may change, read once per test
    process (the tests never change the project's own data; they break scratch copies)."""
    return copy.deepcopy(_options())


@functools.cache
def _options() -> dict:
    data = read_yaml(ROOT / DATA)
    store = {}
    for path in (ROOT / "data" / "figures").glob("*.yml"):
        store.update((read_yaml(path) or {}).get("figures") or {})
    for fid, fig in data["figures"].items():
        for k in ("numerator", "denominator", "percent"):
            fig[k] = store[fid].get(k)
    for trial in data["trials"].values():
        path = ROOT / "data" / "figures" / f"{trial['study']}.yml"
        trial.update(read_yaml(path)["study"])
    return data


def in_100(fig: dict) -> int:
    value = (
        fig["percent"]
        if fig.get("percent") is not None
        else 100 * fig["numerator"] / fig["denominator"]
    )
    return int(value + 0.5)


# ---------------------------------------------------------------------------
# The built site agrees with the data
# ---------------------------------------------------------------------------


def test_grid_has_every_option_and_row_with_caption_and_header_scopes(site):
    data = options()
    html = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="?da-grid"?>.*?</table>', html, re.S).group(0)
    assert "<caption>" in table
    cols = re.findall(r'<th scope="?col"?[^>]*>', table)
    rows = re.findall(r'<th scope="?row"?[^>]*>', table)
    assert len(cols) == len(data["options"]) + 1  # plus the "Question" corner
    assert len(rows) == len(data["rows"])
    assert len(re.findall(r"<td[\s>]", table)) == len(data["options"]) * len(data["rows"])
    for option in data["options"]:
        assert option["name"].split(" (")[0] in table
    for row in data["rows"]:
        assert row["label"] in table


def test_short_summary_gives_every_option_its_research_level_and_main_limit(site):
    """The short summary says the same kind of thing about every option (editorial rule 8):
    the level of its research row ("How much research is there?") and, in a line, what the
    research shows and its main limit (limits_short:), with its sources."""
    data = options()
    page = (site / PAGES["summary"] / "index.html").read_text(encoding="utf-8")
    part = page.split('id="how-much-research-there-is-and-its-main-limit"')[1].split("<h2")[0]
    items = re.findall(r"<li>(.*?)</li>", part, re.S)
    assert len(items) == len(data["options"]), items
    for option, item in zip(data["options"], items, strict=True):
        assert re.search(r'class="?cite"?', item), f"{option['id']}: no citation"
        words = htmlmod.unescape(re.sub(r"<[^>]+>", "", item))
        words = re.sub(r"\s*\[[\d\s,]+\]", "", " ".join(words.split()))
        level = option["rows"]["evidence"]["level"]
        limits = " ".join(option["limits_short"]["text"].split())
        assert words == f"{option['name']}: Research level: {level}. {limits}", words


def stated_order(data: dict) -> list[str]:
    """The order "About this comparison" states, worked out here from the names: carrying on
    with the current treatment first, then the other options in alphabetical order of their
    names as readers see them."""
    others = [o for o in data["options"] if o["id"] != "carry-on"]
    key = lambda o: re.sub(r"[^a-z0-9 ]", "", o["name"].casefold())  # noqa: E731
    return ["carry-on"] + [o["id"] for o in sorted(others, key=key)]


def test_options_are_in_the_stated_order_in_the_data_and_every_list_built_from_it(site):
    """No option comes first for its merits: the data file follows the stated order, and so do
    the grid's columns and phone cards, the jump links, the tables at a glance, the harms in one
    line each and the worksheet's 'options I would like to talk about'."""
    data = options()
    want = stated_order(data)
    assert [o["id"] for o in data["options"]] == want
    assert want[0] == "carry-on" and want.index("esketamine") > 1, "test setup: the rule"
    names = {
        o["id"]: htmlmod.escape(o["name"].split(" (")[0], quote=False) for o in data["options"]
    }

    def read(name: str) -> str:
        return (site / PAGES[name] / "index.html").read_text(encoding="utf-8")

    def in_order_of_names(part: str) -> list[str]:
        found = {oid: part.find(n) for oid, n in names.items()}
        assert all(at >= 0 for at in found.values()), found
        return sorted(found, key=found.__getitem__)

    index = read("index")
    grid = re.search(r'<table class="?da-grid"?>.*?</table>', index, re.S).group(0)
    assert re.findall(r'<th scope="?col"? id="?da-col-([a-z0-9-]+)', grid) == want
    jump = re.search(r'class="?da-jump"?>.*?</p>', index, re.S).group(0)
    assert re.findall(r'href="?#da-col-([a-z0-9-]+)', jump) == want
    for name in ("index", "handout", "summary"):
        glance = re.search(r'<table class="?da-summary"?>.*?</table>', read(name), re.S).group(0)
        assert in_order_of_names(glance) == want, name
    for section in (
        "side-effects-and-risks-in-one-line-each",
        "how-much-research-there-is-and-its-main-limit",
    ):
        part = read("summary").split(f'id="{section}"')[1]
        assert in_order_of_names(part.split("<h2")[0]) == want, section
    for name in ("worksheet", "handout"):
        boxes = re.findall(r'name="?da-option"? value="?([a-z0-9-]+)', read(name))
        assert boxes == want, name
    # The trials under "The numbers in the table": in the order of the options that show
    # them (their cells, then their line against no treatment), those with pictures first (as
    # the page says).
    trials: list[str] = []
    for option in data["options"]:
        yard = option["against_none"].get("figures") or []
        for fid in [
            f for cell in option["rows"].values() for f in cell.get("figures") or []
        ] + yard:
            if data["figures"][fid]["trial"] not in trials:
                trials.append(data["figures"][fid]["trial"])
    pictured = {f["trial"] for f in data["figures"].values() if f.get("icon_array")}
    trials.sort(key=lambda t: t not in pictured)
    assert re.findall(r'<h3 id="?trial-([a-z0-9-]+)', index) == trials
    assert "The trials follow the order of the options, those with pictures first." in index
    method = htmlmod.unescape(re.sub(r"<[^>]+>", "", index.split('id="about-this-comparison"')[1]))
    assert "first" in method and "alphabetical order" in method, "the rule is stated"


def test_handout_pictures_say_how_each_trial_was_run_and_who_paid(site):
    """A printed picture of 100 people carries its trial's design (who knew, who rated) and
    funder, from the study block, so the handout never shows a number without them."""
    html = (site / PAGES["handout"] / "index.html").read_text(encoding="utf-8")
    figstore = Path(__file__).resolve().parents[1] / "data" / "figures"
    shown = {f["trial"] for f in options()["figures"].values() if f.get("icon_array")}
    assert shown, "test setup: some figures are drawn as pictures"
    for tid in shown:
        key = options()["trials"][tid]["study"]
        plain = read_yaml(figstore / f"{key}.yml")["study"]["plain"]
        block = re.search(rf'id="da-facts-{tid}">.*?</p>', html, re.S)
        assert block, tid
        facts = htmlmod.unescape(block.group(0))
        assert plain["design"] in facts, tid
        assert f"Who paid for it: {plain['funder']}" in facts, tid


def test_every_cell_without_evidence_says_so_in_words(site):
    html = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    gaps = sum(
        1 for o in options()["options"] for c in o["rows"].values() if c.get("no_good_evidence")
    )
    assert gaps > 0
    # The cell's label; each is also named on "What we could not check", with where we looked.
    assert html.count('<p class="da-gap"><strong>No good evidence found.</strong></p>') == gaps
    listed = (site / PAGES["not_checked"] / "index.html").read_text(encoding="utf-8")
    assert listed.count("No good evidence found.") == gaps


def test_numbers_and_icon_arrays_come_from_the_data(site):
    data = options()
    html = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    for fid, fig in data["figures"].items():
        n = in_100(fig)
        assert f"About {n} in 100" in html or f"about {n} in 100" in html, fid
        if not fig.get("icon_array"):
            continue
        svg = (site / "assets" / "images" / "decision-aid" / f"{fid}.svg").read_text(
            encoding="utf-8"
        )
        filled = svg.count('fill="#0e5561" stroke="#0e5561"') - 1  # minus the legend's person
        assert filled == n, f"{fid}: {filled} people shaded, expected {n}"
        assert "<rect " in svg and 'fill="#ffffff"' in svg  # own light card: readable on dark pages
        # The picture names what it shows (option and trial) inside itself, as text.
        words = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
        trial = data["trials"][fig["trial"]]["name"]
        assert fig["short"][:1].upper() + fig["short"][1:] in words and f"{trial} trial" in words, (
            words
        )
        img = re.search(rf'<img [^>]*src="?[^" >]*decision-aid/{fid}\.svg"?[^>]*>', html)
        assert img, f"{fid}: icon array not on the page"
        alt = re.search(r'alt="([^"]+)"', img.group(0)).group(1)
        assert f"about {n} in 100" in alt and fig["time_point"] in alt
        if fig.get("numerator") is not None:
            assert f"{fig['numerator']} of {fig['denominator']} people" in html


def test_decision_aid_pages_never_type_a_figure_by_hand():
    """Figures live only in data/options.yml; the pages use markers."""
    data = options()
    typed = []
    for path in sorted((ROOT / "docs" / "decision-aid").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for fid, fig in data["figures"].items():
            for needle in filter(
                None,
                [
                    f"{fig.get('percent')}%" if fig.get("percent") is not None else None,
                    f"{fig.get('numerator')} of {fig['denominator']}",
                ],
            ):
                if needle in text:
                    typed.append(f"{path.relative_to(ROOT)}: '{needle}' ({fid})")
        if re.search(r"\b\d+ in 100\b|\d\s*%", text):
            typed.append(f"{path.relative_to(ROOT)}: a percentage or 'N in 100' typed by hand")
    assert not typed, "\n".join(typed)


def test_worksheet_has_labelled_choices_and_no_form(site):
    html = (site / PAGES["worksheet"] / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.S).group(0)
    assert "<form" not in article
    items = options()["worksheet"]
    # One fieldset per line, then the options to talk about, then the people to involve.
    assert len(re.findall(r"<fieldset", article)) == len(items) + 2
    assert len(re.findall(r"<legend>", article)) == len(items) + 2
    people = re.search(
        r'<fieldset class="?da-value da-options da-people"?>.*?</fieldset>', article, re.S
    )
    assert people, "the worksheet asks who the person would like to involve in the choice"
    assert "People I would like to involve in the choice" in people.group(0)
    for who in ("A partner", "Family", "Friends", "A carer", "Someone else", "No one else"):
        assert f"<span>{who}</span>" in people.group(0), who
    n_people = len(re.findall(r'name="?da-people"?', article))
    assert n_people == 6
    inputs = re.findall(r"<input[^>]*>", article)
    assert len(inputs) == 3 * len(items) + len(options()["options"]) + n_people
    # Every input sits inside its own <label>.
    assert len(re.findall(r'<label class="?da-choice"?><input', article)) == len(inputs)


def test_worksheet_lines_link_to_the_rows_that_help(site):
    """Each worksheet line says where to look, linking to its rows in the comparison's table
    (on the handout, to the table on the same page)."""
    items = options()["worksheet"]
    grid = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    for name, prefix in (("worksheet", "../"), ("handout", "")):
        html = (site / PAGES[name] / "index.html").read_text(encoding="utf-8")
        hints = re.findall(r'<p class="?da-hint[^>]*>(.*?)</p>', html, re.S)
        assert len(hints) == len(items), name
        for item, hint in zip(items, hints, strict=True):
            assert hint.startswith("Where to look: "), (name, item["id"])
            hrefs = re.findall(r'href="?([^" >]+)', hint)
            want = [f"{prefix}#da-row-{r}" for r in item.get("rows", [])]
            if "page" in item:  # a value the table does not cover: a link to the guide's section
                # both pages sit two folders deep, as decision-aid/<page>/
                want.append(f"../../{item['page']['path'][:-3]}/#{item['page']['anchor']}")
                assert item["page"]["label"] in hint, (name, item["id"])
            assert hrefs == want, (name, item["id"])
            for r in item.get("rows", []):
                assert re.search(f'<th scope="?row"? id="?da-row-{r}"?>', grid), r


# ---------------------------------------------------------------------------
# Bad input fails with file, line, option, row and a fix (the hook's checks, in-process)
# ---------------------------------------------------------------------------


def check() -> tuple[int, str]:
    """Run the decision-aid hook's data checks in-process, as the build does first
    (on_config); returns 1 and the messages if it reported a problem, as a failed build would."""
    from hookkit import hooks, problems

    with problems() as found:
        store = hooks.figstore.cached_store(
            hooks.decision_aid.STORE_ROOT, hooks.provenance.registry_keys()
        )
        for issue in store.issues:  # reported by provenance.py in a build
            hooks.common.problem(issue.where, issue.message, issue.fix)
        hooks.decision_aid.load()
    return (1 if found.messages else 0), found.text


def edit(project: Path, old: str, new: str, rel: str = DATA) -> int:
    """Replace `old` once; return the 1-based line where it started."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} must occur once in {rel}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line


@CHANGED.change
def one_figure_changed(project: Path) -> None:
    # Change one figure; add a sentence elsewhere that quotes it through the inline marker.
    store = "data/figures/Mohamed2017.yml"
    edit(
        project,
        "    text: about 22 in 100 (22.3%, 114 of 511 people)\n",
        "    text: about 25 in 100 (25.4%, 130 of 511 people)\n",
        store,
    )
    edit(
        project,
        "    numerator: 114\n    denominator: 511\n    percent: 22.3\n",
        "    numerator: 130\n    denominator: 511\n    percent: 25.4\n",
        store,
    )
    page = project / "docs" / "about" / "privacy.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nIn one trial, <!-- figure: vastd-switch --> of people improved.\n",
        encoding="utf-8",
    )


def test_the_unbroken_copy_builds_and_one_change_moves_grid_picture_and_sentence(changed_build):
    """The shared changed copy (scratch.CHANGED) holds this change among other valid ones."""
    assert changed_build.code == 0, changed_build.out[-3000:]
    grid = changed_build.html("decision-aid/index.html")
    assert "About 25 in 100" in grid and "130 of 511 people" in grid
    svg = changed_build.html("assets/images/decision-aid/vastd-switch.svg")
    assert svg.count('fill="#0e5561" stroke="#0e5561"') - 1 == 25
    sentence = changed_build.html("about/privacy/index.html")
    assert "about 25 in 100 (25.4%, 130 of 511 people)" in sentence
    assert 'href="#fig-vastd-switch"' in sentence or "href=#fig-vastd-switch" in sentence


def test_the_unbroken_data_passes_the_checks(data):
    assert check() == (0, "")


def test_the_waiting_line_points_to_the_waiting_times_section():
    """The table has no waiting times, so the worksheet's line on them points to the section
    of the guide that has them; that section exists under that id."""
    items = {i["id"]: i for i in options()["worksheet"]}
    page = items["access"]["page"]
    assert (page["path"], page["anchor"]) == ("safety/cost-and-insurance.md", "waiting-times")
    text = (ROOT / "docs" / page["path"]).read_text(encoding="utf-8")
    assert "{ #waiting-times }" in text


@pytest.mark.parametrize(
    ("new", "says"),
    [
        (
            "    page: {path: safety/no-such-page.md, anchor: waiting-times, label: Waiting}\n",
            "no page docs/safety/no-such-page.md",
        ),
        (
            "    page: {path: safety/cost-and-insurance.md, anchor: no-such-part, label: Waiting}\n",
            "has no section with the id 'no-such-part'",
        ),
        ("    page: {path: safety/cost-and-insurance.md, label: Waiting}\n", "anchor"),
        ("    rows: []\n", "the line says nowhere to look"),
    ],
)
def test_a_worksheet_line_with_a_bad_page_link_is_refused(data, new, says):
    line = edit(
        data,
        "    page: {path: safety/cost-and-insurance.md, anchor: waiting-times, label: Waiting "
        "times and access}\n",
        new,
    )
    code, text = check()
    assert code == 1
    assert says in text and "worksheet item" in text, text
    # It names the line of the bad link, or of the item (two lines up) when no link is left.
    where = re.search(r"options\.yml:(\d+) \(worksheet item ('access'|#\d+)\)", text)
    assert where and int(where.group(1)) in (line, line - 2), text


def test_cell_with_no_source_and_no_marker(data):
    line = edit(
        data, "        cite: [NICE-NG222, NHSBorders-ECT]\n      how_soon:", "      how_soon:"
    )
    code, out = check()
    assert code != 0
    assert re.search(
        rf"{DATA}:{line - 2} \(option 'ect', row 'how_given'\): the cell has no source "
        r"and no 'no good evidence' marker",
        out,
    ), out[-3000:]
    assert "set no_good_evidence: true" in out and "How to fix" in out


def test_option_without_a_harms_line(data):
    """The short summary shows every option's harms: an option without one fails the build."""
    edit(
        data,
        '    harms_short:\n      text: "Common: headache and scalp discomfort during treatment. '
        "Serious: rarely, a seizure or a manic episode. How sure: long-term outcomes are not "
        'known."\n      cite: [NICE-IPG542]\n',
        "",
    )
    code, out = check()
    assert code != 0
    assert "option 'rtms' has no harms_short:" in out, out[-3000:]
    assert "add harms_short: with text:" in out and "How to fix" in out


def test_a_daily_life_line_cites_only_its_options_own_sources(data):
    """The summary's line on daily life and cost (life_short:) rests on the sources of the
    option's full rows on what it asks of you, daily life and cost: a source that none of them
    cites fails the build, named, with how to fix it."""
    edit(
        data,
        "      cite: [OxfordHealth-Carers, KetaminLabatec-CH, OxfordHealthPricing, OxfordHealthFAQ, "
        "Anand2023]\n",
        "      cite: [OxfordHealth-Carers, KetaminLabatec-CH, OxfordHealthPricing, OxfordHealthFAQ, "
        "Anand2023, NICE-TA854]\n",
    )
    code, out = check()
    assert code != 0
    assert (
        "life_short cites NICE-TA854, which none of this option's rows asks_of_you, daily_life, "
        "cost cites" in out
    ), out[-3000:]
    assert "option 'iv-ketamine', life_short" in out and "How to fix" in out


def test_option_without_a_research_limit_line(data):
    """The short summary gives every option its research level and the main limit of that
    research: one option without a limits line fails the build, naming the file, the option's
    line and how to fix it, so no option is shown without its limits."""
    text = (data / DATA).read_text(encoding="utf-8")
    start = text.index("  - id: esketamine\n")
    line = text[:start].count("\n") + 1
    block = text[start:]
    old = block[block.index("    limits_short:\n") :]
    old = old[: old.index("    rows:\n")]
    edit(data, old, "")
    code, out = check()
    assert code != 0
    assert re.search(
        rf"{DATA}:{line} \(option 'esketamine'\): option 'esketamine' has no limits_short:", out
    ), out[-3000:]
    assert "add limits_short: with text:" in out and "cite: [Key, ...]" in out
    assert "How to fix" in out


def test_option_without_figures_needs_its_finding_in_words(data):
    """The summary shows each option's figures; an option whose improved cell has none must
    say in words what its research found (improved_short:), so its row is never blank; and an
    option with figures may not have one, so every row shows one kind of thing."""
    # Every option now has figures (talking therapy since 2026-12-05), so take talking
    # therapy's away: with no improved_short: either, the build names the option.
    text = (data / DATA).read_text(encoding="utf-8")
    block = text[text.index("  - id: talking\n") :]
    cell = block[block.index("      improved:\n") :]
    cell = cell[: cell.index("      side_effects:\n")]
    figures = re.search(r"^        figures: \[.*\]\n", cell, re.M)
    assert figures, "test setup: talking therapy's improved cell has figures"
    edit(data, cell, cell.replace(figures.group(0), ""))
    code, out = check()
    assert code != 0
    assert "option 'talking' has no figures in its improved cell and no improved_short:" in out, (
        out[-3000:]
    )
    old = (
        "    improved_short:\n      text: What its research found, in words.\n"
        "      cite: [Vida2023]\n"
    )
    assert "add improved_short: with text:" in out and "How to fix" in out
    # An option with figures and improved_short: fails too.
    text = (data / DATA).read_text(encoding="utf-8")
    rtms = text.index("  - id: rtms\n")
    at = text.index("    limits_short:\n", rtms)
    (data / DATA).write_text(text[:at] + old + text[at:], encoding="utf-8")
    code, out = check()
    assert "option 'rtms' has figures in its improved cell and an improved_short:" in out, out[
        -3000:
    ]


def test_figure_without_a_comparison_group_gets_no_picture(data):
    """A 100-person picture stands beside the same trial's other group; a figure with no
    comparison group (its comparator says "None. ...") stays in words: asking for a picture
    of one fails the build, naming the figure and how to fix it."""
    old = "    comparator: None. There was no comparison group.\n"
    edit(data, old, old + "    icon_array: true\n")
    code, out = check()
    assert code != 0
    assert "a 100-person picture of a figure with no comparison group" in out, out[-3000:]
    assert "delete icon_array: true" in out


def test_no_figure_without_a_comparison_group_is_pictured_and_harms_say_so():
    """No figure without a comparison group is drawn as 100 people, whether it is a benefit
    (usual care) or a harm; and an option whose side-effect figures all lack a comparison
    group says so in its one-line harms, and that how common they are is not known."""
    data = options()
    alone = {
        fid for fid, f in data["figures"].items() if f["comparator"].lower().startswith("none")
    }
    assert alone, "test setup: there are figures without a comparison group"
    assert not [fid for fid in alone if data["figures"][fid].get("icon_array")]
    for option in data["options"]:
        figs = option["rows"]["side_effects"].get("figures") or []
        if figs and set(figs) <= alone:
            harms = option["harms_short"]["text"]
            assert "without a comparison group" in harms, option["id"]
            # Every line starts "Common:"; for such an option it says how common is not known.
            assert not harms.startswith("Common") or harms.startswith("Common: not known"), option[
                "id"
            ]


def test_short_summary_row_is_never_blank(site):
    """At a glance, each option shows its main figures or, with none, its finding in words
    (improved_short:), with its sources. The comparison page opens with the same table, so
    readers can skim before the full grid."""
    data = options()
    index = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    assert 'id="the-options-at-a-glance"' in index
    assert index.index('class="da-summary"') < index.index('class="da-grid"')
    for name in ("index", "summary", "handout"):
        page = (site / PAGES[name] / "index.html").read_text(encoding="utf-8")
        glance = re.search(r'<table class="?da-summary"?>.*?</table>', page, re.S).group(0)
        rows = re.findall(r"<tr><th scope=\"?row\"?>.*?</tr>", glance, re.S)
        assert len(rows) == len(data["options"]), name
        for option, row in zip(data["options"], rows, strict=True):
            words = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", row)).split())
            if option["rows"]["improved"].get("figures"):
                assert " in 100" in words, (name, option["id"])
                assert "improved_short" not in option
            else:
                short = " ".join(option["improved_short"]["text"].split())
                assert short.rstrip(".") in words, (name, option["id"], words)
                assert len(re.findall(r'class="?da-nf"?', row)) == 1, (name, option["id"])


def test_unknown_source_key(data):
    line = edit(
        data,
        "        cite: [Ekstrand2022, Sackeim2001, NICE-NG222, Kellner2006, NHSBorders-ECT]",
        "        cite: [Ekstrand2022, Sackeim2001, NoSuchStudy2099, Kellner2006, NHSBorders-ECT]",
    )
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{line} (option 'ect', row 'after_course'): unknown source key 'NoSuchStudy2099'"
        in out
    ), out[-3000:]
    assert "data/references.yml" in out


def test_percentage_without_a_denominator(data):
    store = "data/figures/Anand2023.yml"
    edit(
        data,
        "    text: about 55 in 100 (55.4%, 108 of 195 people)\n",
        "    text: about 55 in 100 (55.4%)\n",
        store,
    )
    edit(data, "    numerator: 108\n    denominator: 195\n", "", store)
    code, out = check()
    assert code != 0
    assert re.search(
        r"data/figures/Anand2023\.yml:\d+: figure 'elektd-ketamine' \(used by the comparison, "
        r"data/options\.yml\) needs a denominator",
        out,
    ), out[-3000:]
    assert "add denominator:" in out


KETECT_BASE = (
    "    base: of the ECT group; 186 people had either treatment, and the summary gives no "
    "group sizes\n"
)


def test_percentage_only_figure_without_its_base(data):
    """A figure the source gives only as a percentage of a group (KetECT's summary) is drawn
    only with its base; without base: the build names the store's file and line."""
    store = "data/figures/Ekstrand2022.yml"
    line = edit(data, KETECT_BASE, "", store)
    code, out = check()
    assert code != 0
    assert (
        f"{store}:{line - 4}: figure 'ketect-remission-ect' (used by the comparison, "
        f"{DATA}) needs a denominator and a numerator or percent, or a percent with its base"
    ) in out, out[-3000:]
    assert "add percent: and base:" in out and "How to fix" in out


def test_percentage_only_figure_shows_its_base(site):
    """Drawn as 'about N in 100', with the percentage and the group it is of beside it."""
    html = htmlmod.unescape((site / PAGES["index"] / "index.html").read_text(encoding="utf-8"))
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert (
        "About 63 in 100 people in hospital who had ECT were in remission (63% of the ECT "
        "group; 186 people had either treatment, and the summary gives no group sizes)"
    ) in text
    assert "The trial's summary gives percentages only" in text


def test_percentage_without_a_time_point(data):
    edit(
        data,
        '    short: switching to bupropion\n    outcome: "Remission: a score of 5 or less, at 2 visits '
        'in a row, on a 16-question depression scale rated by a clinician (QIDS-C16)."\n'
        "    outcome_short: were in remission\n"
        "    time_point: at 12 weeks\n",
        '    short: switching to bupropion\n    outcome: "Remission: a score of 5 or less, at 2 visits '
        'in a row, on a 16-question depression scale rated by a clinician (QIDS-C16)."\n'
        "    outcome_short: were in remission\n",
    )
    code, out = check()
    assert code != 0
    assert re.search(
        r"data/options\.yml:\d+ \(figure 'vastd-switch', used by option 'medicines', "
        r"row 'improved'\): a percentage \(22\.3%\) without a time point",
        out,
    ), out[-3000:]
    assert "add time_point:" in out


def test_percentage_typed_into_a_cell(data):
    line = edit(
        data,
        "        text: Within a day of one drip in trials, fading within days. In KetECT, half of those in remission needed 6 drips or fewer, as with ECT; a 2026 review of 7 studies found ECT faster.",
        "        text: Within a day in trials; 70% felt better the next day.",
    )
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{line} (option 'iv-ketamine', row 'how_soon'): a percentage is typed into the text "
        "('70%'), without a denominator or time point"
    ) in out, out[-3000:]


def test_option_missing_a_row(data):
    # rTMS's cost cell, whatever its words: from "cost:" to its cite line.
    text = (data / DATA).read_text(encoding="utf-8")
    rtms = text[text.index("\n  - id: rtms\n") :]
    cell = re.search(r"\n      cost:\n        text: .*\n        cite: \[.*\]\n", rtms)
    assert cell, "test setup: rTMS has a cost cell with text and cite"
    edit(data, cell.group(0)[1:], "")
    code, out = check()
    assert code != 0
    assert re.search(
        r"data/options\.yml:\d+ \(option 'rtms'\): option 'rtms' is missing the row 'cost' "
        r"\(Cost and cover\)",
        out,
    ), out[-3000:]
    assert "add 'cost:' under this option's rows" in out


def test_option_missing_the_how_it_works_row(data):
    """Every option explains how it is thought to work; leaving one out fails the build."""
    text = (data / DATA).read_text(encoding="utf-8")
    start = text.index("  - id: talking\n")
    cell = text.index("      how_works:\n", start)
    end = text.index("      approval:\n", cell)
    (data / DATA).write_text(text[:cell] + text[end:], encoding="utf-8")
    rows_line = text[:start].count("\n") + text[start:cell].count("\n")  # the option's rows: line
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{rows_line} (option 'talking'): option 'talking' is missing the row 'how_works' "
        "(How is it thought to work?)"
    ) in out, out[-3000:]
    assert "add 'how_works:' under this option's rows" in out


def test_a_new_row_must_be_answered_by_every_option(data):
    """A row added to rows: without a cell in each option fails, naming each option that
    lacks it (the rule is generic: it holds for how_works, who_suits and any later row)."""
    edit(
        data,
        "rows:\n  - id: how_works\n",
        "rows:\n  - id: carers\n    label: What does it ask of family and friends?\n"
        "  - id: how_works\n",
    )
    code, out = check()
    assert code != 0
    options = [
        o["id"] for o in yaml.safe_load((data / DATA).read_text(encoding="utf-8"))["options"]
    ]
    for oid in options:
        assert re.search(
            rf"{DATA}:\d+ \(option '{oid}'\): option '{oid}' is missing the row "
            r"'carers' \(What does it ask of family and friends\?\)",
            out,
        ), (oid, out[-3000:])


def _evidence_cell(text: str, oid: str) -> tuple[int, str]:
    """An option's evidence cell, whatever its words: its first line and its text."""
    start = text.index(f"\n  - id: {oid}\n")
    cell = re.search(
        r"\n      evidence:\n        level: \w+\n        text: .*\n        cite: \[.*\]\n",
        text[start:],
    )
    assert cell, f"test setup: {oid} has an evidence cell with level, text and cite"
    return text[: start + cell.start()].count("\n") + 2, cell.group(0)[1:]


def test_option_missing_the_evidence_row(data):
    """Every option says how much research there is, carrying on included: an option without
    its evidence cell fails the build, naming the option and the row."""
    _, cell = _evidence_cell((data / DATA).read_text(encoding="utf-8"), "carry-on")
    edit(data, cell, "")
    code, out = check()
    assert code != 0
    assert re.search(
        rf"{DATA}:\d+ \(option 'carry-on'\): option 'carry-on' is missing the row 'evidence' "
        r"\(How much research is there\?\)",
        out,
    ), out[-3000:]
    assert "add 'evidence:' under this option's rows" in out


def test_evidence_cell_without_a_level(data):
    """The evidence cell names one of the four levels of the evidence-levels page."""
    line, cell = _evidence_cell((data / DATA).read_text(encoding="utf-8"), "rtms")
    edit(data, cell, re.sub(r"        level: \w+\n", "", cell))
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{line} (option 'rtms', row 'evidence'): the cell has no level: "
        "(how strong the research is)"
    ) in out, out[-3000:]
    assert "level: one of established, moderate, limited, early" in out
    assert "docs/about/evidence-levels.md" in out


def test_evidence_level_outside_the_scale(data):
    _, cell = _evidence_cell((data / DATA).read_text(encoding="utf-8"), "ect")
    edit(data, cell, re.sub(r"level: \w+", "level: strong", cell))
    code, out = check()
    assert code != 0
    assert re.search(rf"{DATA}:\d+ \(option 'ect', row 'evidence'\): 'level' ", out), out[-3000:]
    assert "must be one of established, moderate, limited or early" in out


def test_a_level_in_another_row(data):
    line = edit(
        data,
        "      how_soon:\n        text: Within a day of one drip in trials,",
        "      how_soon:\n        level: moderate\n        text: Within a day of one drip in trials,",
    )
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{line + 1} (option 'iv-ketamine', row 'how_soon'): level: is allowed only in "
        "the 'evidence' row"
    ) in out, out[-3000:]


def test_the_evidence_row_cannot_be_dropped(data):
    """Deleting the row from rows: (and every cell) still fails: the row is required."""
    text = (data / DATA).read_text(encoding="utf-8")
    text = text.replace("  - id: evidence\n    label: How much research is there?\n", "", 1)
    text = re.sub(
        r"      evidence:\n        level: \w+\n        text: .*\n        cite: .*\n", "", text
    )
    text = text.replace("rows: [evidence, improved]", "rows: [improved]")
    (data / DATA).write_text(text, encoding="utf-8")
    code, out = check()
    assert code != 0
    assert "the row 'evidence' (how much research there is) is missing from rows:" in out, out[
        -3000:
    ]


def test_each_option_says_how_strong_its_evidence_is_in_the_sites_words(site):
    """The evidence row shows each option's level in the words of the evidence-levels page
    (one vocabulary for the site), with its sources, on the comparison and the handout."""
    levels_page = (ROOT / "docs/about/evidence-levels.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### (\w+)$", levels_page, re.M))
    data = options()
    for name in ("index", "handout"):
        html = (site / PAGES[name] / "index.html").read_text(encoding="utf-8")
        table = re.search(r'<table class="?da-grid"?>.*?</table>', html, re.S).group(0)
        row = re.search(
            r"<tr><th scope=\"?row\"?[^>]*>How much research is there\?.*?</tr>", table, re.S
        )
        assert row, name
        cells = re.findall(r"<td.*?</td>", row.group(0), re.S)
        assert len(cells) == len(data["options"]), name
        for option, cell in zip(data["options"], cells, strict=True):
            level = option["rows"]["evidence"]["level"]
            shown = re.search(r'<strong class="?da-level"?>(\w+)\.</strong>', cell)
            assert shown and shown.group(1) == level.capitalize(), (name, option["id"])
            assert shown.group(1) in headings, f"{shown.group(1)} is not a level of the page"
            cites = len(re.findall(r'href="#source-', cell))
            assert cites == len(option["rows"]["evidence"]["cite"]), (name, option["id"])


def test_numbers_side_by_side_say_they_cannot_be_compared(site):
    """Where the improved figures stand side by side (the grid's row header, each phone card,
    the first card on paper, and the at-a-glance table of the handout and the summary), the
    reader is told they were measured at different times, as response or remission."""
    note = next(r["note"] for r in options()["rows"] if r["id"] == "improved")
    assert "different times" in note and "response" in note and "remission" in note
    for name in ("index", "handout"):
        html = htmlmod.unescape((site / PAGES[name] / "index.html").read_text(encoding="utf-8"))
        table = re.search(r'<table class="?da-grid"?>.*?</table>', html, re.S).group(0)
        row = re.search(
            r"<tr><th scope=\"?row\"?[^>]*>How many people improved.*?</tr>", table, re.S
        )
        assert row and row.group(0).count(note) == len(options()["options"]) + 1, name
    for name in ("handout", "summary"):
        html = htmlmod.unescape((site / PAGES[name] / "index.html").read_text(encoding="utf-8"))
        caption = re.search(r'<table class="?da-summary"?><caption>(.*?)</caption>', html, re.S)
        assert caption and note in caption.group(1), name


def test_a_row_listed_twice(data):
    line = edit(data, "  - id: approval\n", "  - id: how_works\n")
    code, out = check()
    assert code != 0
    assert f"{DATA}:{line} (row #2): the row 'how_works' is listed twice" in out, out[-3000:]


def _move_option(project: Path, oid: str, before: str) -> None:
    """Move the whole block of option `oid` in front of option `before`, text unchanged."""
    path = project / DATA
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("\noptions:\n", 1)
    blocks, tail = rest.split("\nunknowns:\n", 1)
    parts = re.split(r"(?m)^(?=  - id: )", blocks + "\n")
    by_id = {re.match(r"  - id: (\S+)", b).group(1): b for b in parts if b}
    order = [k for k in by_id if k != oid]
    order.insert(order.index(before), oid)
    moved = "".join(by_id[k] for k in order)[:-1]
    path.write_text(f"{head}\noptions:\n{moved}\nunknowns:\n{tail}", encoding="utf-8")


def _option_line(project: Path, oid: str) -> int:
    text = (project / DATA).read_text(encoding="utf-8")
    return text[: text.index(f"\n  - id: {oid}\n")].count("\n") + 2


@pytest.mark.parametrize(
    "oid,before,first_wrong,wanted",
    [
        ("esketamine", "medicines", "esketamine", "medicines"),  # a ketamine option moved up
        ("talking", "carry-on", "talking", "carry-on"),  # the baseline no longer first
    ],
)
def test_options_out_of_the_stated_order(data, oid, before, first_wrong, wanted):
    """An option moved out of the stated order fails the build at that option's line, saying
    the rule and the whole order to write instead."""
    _move_option(data, oid, before)
    code, out = check()
    assert code != 0
    line = _option_line(data, first_wrong)
    assert (
        f"{DATA}:{line} (option '{first_wrong}'): the options are not in the stated order "
        "(the option 'carry-on' (carrying on with the current treatment) first, then the other "
        f"options in alphabetical order of their name:): '{wanted}' should come here, "
        f"not '{first_wrong}'"
    ) in out, out[-3000:]
    want = ", ".join(stated_order(read_yaml(ROOT / DATA)))
    assert f"move whole option blocks, without changing their text, into this order: {want}" in out
    assert out.count("not in the stated order") == 1, "one message, at the first wrong place"


def test_a_trial_with_figures_in_the_improved_row_says_who_knew(data):
    """At a glance, an open-label result must not sit unmarked beside a masked one: every
    trial whose figures are in the improved row says who knew which treatment they had."""
    path = data / DATA
    text = path.read_text(encoding="utf-8")
    start = text.index("    study: Anand2023\n")
    knew = text.index("    knew: ", start)
    end = text.index("\n", knew) + 1
    path.write_text(text[:knew] + text[end:], encoding="utf-8")
    code, out = check()
    assert code != 0
    assert "trial 'elekt-d' gives figures in the improved row but has no knew:" in out, out[-3000:]


def test_at_a_glance_every_trial_says_who_knew(site):
    """Each trial's line in the options at a glance ends with who knew their treatment, the
    same for every option: open-label and masked results are told apart."""
    data = options()
    for name in ("index", "summary", "handout"):
        page = (site / PAGES[name] / "index.html").read_text(encoding="utf-8")
        glance = re.search(r'<table class="?da-summary"?>.*?</table>', page, re.S).group(0)
        words = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", glance)).split())
        shown, left = set(), []
        for o in data["options"]:
            figs = [data["figures"][f] for f in o["rows"]["improved"].get("figures", [])]
            drawn = [f for f in figs if f.get("icon_array")]
            shown |= {f["trial"] for f in drawn or figs}
            left += [f for f in figs if f not in (drawn or figs)]
        assert shown, name
        for tid in shown:
            # Before the closing bracket, or before "not randomised: ..." where that applies;
            # on a yardstick line, alone in its brackets after the time point it leads with.
            knew = re.escape(data["trials"][tid]["knew"])
            assert re.search(rf"[;(] ?{knew}[;)]", words), (name, tid)
        # At a glance shows the trials drawn as pictures; a trial with numbers but no
        # pictures (Su 2023, beside ELEKT-D and KetECT) is in the full table only.
        grid = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
        grid = re.sub(r'<table class="?da-summary"?>.*?</table>', "", grid, flags=re.S)
        grid = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", grid)).split())
        for fig in left:
            assert f"in 100 {fig['short']}" not in words, (name, fig["short"])
            assert f"in 100 {fig['short']}" in grid, fig["short"]


def test_at_a_glance_says_who_left_a_trial_before_starting(site):
    """A trial whose numbers are of those who started (trials: started:) says at a glance, on
    screen, how many left before starting in each group, with the store's figures: ELEKT-D's
    55 and 41 in 100 are of those who started, and far more left before ECT."""
    data = options()
    page = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    glance = re.search(r'<table class="?da-summary"?>.*?</table>', page, re.S).group(0)
    words = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", " ", glance)).split())
    started = [t for t in data["trials"].values() if t.get("started")]
    assert started, "no trial says who left before starting"
    for trial in started:
        ids = re.findall(r"<!-- figure: (\S+) -->", trial["started"])
        assert ids, trial["started"]
        assert "<!--" not in glance.split("Before starting")[1][:40]
        for fid in ids:
            assert f"fig-{fid}" in glance, fid
    assert "Before starting," in words and "left" in words


def test_comparison_without_carrying_on_with_the_current_treatment(data):
    """Not changing treatment is also a choice: the comparison cannot leave it out."""
    path = data / DATA
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  - id: carry-on\n") + 1
    end = re.compile(r"(?m)^(  - id: |unknowns:)").search(text, start + 1).start()
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    code, out = check()
    assert code != 0
    assert "the option 'carry-on' (carrying on with the current treatment) is missing" in out, out[
        -3000:
    ]


# ---------------------------------------------------------------------------
# The shared yardstick (against_none:): one line per option, against no treatment
# ---------------------------------------------------------------------------


def _yard(text: str, oid: str) -> tuple[int, int]:
    """Where option `oid`'s against_none: block starts and ends in the text of options.yml."""
    start = text.index("    against_none:\n", text.index(f"\n  - id: {oid}\n"))
    end = re.compile(r"(?m)^    [a-z_]+:").search(text, start + 5).start()
    return start, end


def _line_of(text: str, pos: int) -> int:
    return text[:pos].count("\n") + 1


def _with_figures() -> tuple[str, list[str]]:
    """The first option whose line against no treatment gives figures, and their ids."""
    o = next(o for o in options()["options"] if o["against_none"].get("figures"))
    return o["id"], o["against_none"]["figures"]


def test_option_without_its_line_against_no_treatment(data):
    """Every option has the shared yardstick: the build refuses one without it."""
    path = data / DATA
    text = path.read_text(encoding="utf-8")
    start, end = _yard(text, "talking")
    line = _line_of(text, text.index("\n  - id: talking\n") + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{line} (option 'talking'): option 'talking' has no against_none: (how many in "
        "100 improve with it, against how many without it, on the shared yardstick)"
    ) in out, out[-3000:]
    assert "OR none_found: true and searched:" in out and "certainty: (one of high," in out


def test_a_yardstick_pair_from_two_sources(data):
    """'With it' and 'without it' come from one trial or review: never two studies side by side."""
    oid, figs = _with_figures()
    other = "vastd-switch" if figs[0] != "vastd-switch" else "elektd-ect"
    path = data / DATA
    text = path.read_text(encoding="utf-8")
    start, _ = _yard(text, oid)
    at = text.index("      figures: [", start)
    end = text.index("\n", at)
    path.write_text(
        text[:at] + f"      figures: [{figs[0]}, {other}]" + text[end:], encoding="utf-8"
    )
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{_line_of(text, at)} (option '{oid}', against_none): the two groups are not "
        f"from the same source: '{figs[0]}' has"
    ) in out, out[-3000:]
    assert "give two groups of ONE trial or review" in out


def test_a_yardstick_pair_from_two_time_points(data):
    oid, figs = _with_figures()
    path = data / DATA
    text = path.read_text(encoding="utf-8")
    at = text.index("    time_point: ", text.index(f"\n  {figs[1]}:\n"))
    end = text.index("\n", at)
    path.write_text(text[:at] + "    time_point: at some other time" + text[end:], encoding="utf-8")
    start, _ = _yard(text, oid)
    line = _line_of(text, text.index("      figures: [", start))
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{line} (option '{oid}', against_none): the two groups are not from the same "
        "time point"
    ) in out, out[-3000:]


def test_a_yardstick_certainty_outside_the_list(data):
    oid, _ = _with_figures()
    path = data / DATA
    text = path.read_text(encoding="utf-8")
    start, _ = _yard(text, oid)
    at = text.index("      certainty: ", start)
    end = text.index("\n", at)
    path.write_text(text[:at] + "      certainty: fairly sure" + text[end:], encoding="utf-8")
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{_line_of(text, at)} (option '{oid}', against_none): certainty: is "
        "'fairly sure', not one of high, moderate, low, very low, not rated"
    ) in out, out[-3000:]
    assert "write the GRADE rating the review gives" in out


def test_a_yardstick_measure_other_than_response_is_named_in_the_text(data):
    """Response is the shared measure; a line on another measure says so in its words."""
    oid, _ = _with_figures()
    path = data / DATA
    text = path.read_text(encoding="utf-8")
    start, end = _yard(text, oid)
    block = re.sub(r"(?m)^      measure: .*$", "      measure: relapse", text[start:end])
    block = re.sub(r"relapse(?=.*\n      certainty)", "relapse", block)
    assert "relapse" not in block.split("      text: ")[1]
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    code, out = check()
    assert code != 0
    assert "the measure is 'relapse', not response, and text: does not say so" in out, out[-3000:]


def test_carrying_on_is_the_comparison_and_says_so(data):
    """Carrying on IS what the others are measured against: it has is_comparison, and only it."""
    path = data / DATA
    text = path.read_text(encoding="utf-8")
    start, _ = _yard(text, "carry-on")
    edit(data, text[start:].split("\n", 2)[1] + "\n", "      none_found: true\n")
    code, out = check()
    assert code != 0
    assert (
        "the option 'carry-on' is what the others are compared with, and only it: 'carry-on' "
        "has none_found"
    ) in out, out[-3000:]


def test_at_a_glance_gives_every_option_its_line_against_no_treatment_first(site):
    """The options at a glance (comparison page, handout, short summary): the rule first, then
    for every option, in the stated order, ONE line against no treatment before anything else;
    its numbers are the figure store's, rounded as everywhere else."""
    data = options()
    rule = data["figure_rule"][0]
    for name in ("index", "summary", "handout"):
        page = (site / PAGES[name] / "index.html").read_text(encoding="utf-8")
        glance = re.search(r'<table class="?da-summary"?>.*?</table>', page, re.S).group(0)
        caption = glance.split("</caption>")[0]
        caption = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", caption)).split())
        assert " ".join(rule.split()) in caption, name
        rows = re.findall(r"<tr><th scope=\"?row\"?>(.*?)</th><td>(.*?)</td></tr>", glance, re.S)
        assert len(rows) == len(data["options"]), name
        for option, (head, cell) in zip(data["options"], rows, strict=True):
            words = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", head)).split())
            assert words == " ".join(option["name"].split()), (name, words)
            assert cell.startswith('<p class="da-yard">'), (name, option["id"], cell[:80])
            assert cell.count('class="da-yard"') == 1, (name, option["id"])
            line = re.match(r'<p class="da-yard">(.*?)</p>', cell, re.S).group(1)
            line = re.sub(r'<sup class="?fig-ref"?.*?</sup>', "", line, flags=re.S)
            said = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", line)).split())
            block = option["against_none"]
            # Every line leads, in bold and first, with when it was measured (or why there are
            # no numbers), in the same form for every option.
            lead = re.match(r"<strong>(.*?)</strong>", line)
            assert lead, (name, option["id"], line[:80])
            if block.get("figures"):
                a, b = (data["figures"][f] for f in block["figures"])
                assert lead.group(1) == f"Measured {a['time_point']}:", (name, said)
                assert said.startswith(
                    f"Measured {a['time_point']}: with it, about {in_100(a)} in 100 "
                    f"{a['outcome_short']}; without it, about {in_100(b)} in 100 ("
                ), (name, said)
                assert f"How sure: {block['certainty']}" in said, (name, said)
            elif block.get("none_found"):
                assert lead.group(1) == "No numbers found:", (name, said)
            else:
                assert option["id"] == "carry-on" and lead.group(1) == "The comparison:"
                assert "compared with" in said, (name, said)


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def test_at_a_glance_lines_are_reader_sentences_and_the_search_is_on_what_we_could_not_check(site):
    """Raters found the editors' search log in the options at a glance ("A 2011 US review of
    this group, and newer reviews ..., on 5 December 2026."): not a sentence a reader can use.
    No yardstick line shows where or when we looked, or a date; a line without numbers says
    what is known and, on screen, links to its item on What we could not check, whose log
    keeps the search."""
    data = options()
    gaps = (site / "decision-aid" / "what-we-could-not-check" / "index.html").read_text("utf-8")
    log = gaps[gaps.index('id="where-and-when-we-looked"') :]
    searched = [o for o in data["options"] if o["against_none"].get("searched")]
    assert searched, "no option without numbers to check"
    for name in ("index", "summary", "handout"):
        page = (site / PAGES[name] / "index.html").read_text(encoding="utf-8")
        glance = re.search(r'<table class="?da-summary"?>.*?</table>', page, re.S).group(0)
        lines = dict(
            zip(
                (o["id"] for o in data["options"]),
                re.findall(r'<p class="da-yard">(.*?)</p>', glance, re.S),
                strict=True,
            )
        )
        for oid, line in lines.items():
            said = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", line)).split())
            assert not re.search(rf"\b\d{{1,2}} ({MONTHS}) 20\d\d", said), (name, oid, said)
            assert not said.startswith("We looked"), (name, oid, said)
        for option in searched:
            block, line = option["against_none"], lines[option["id"]]
            words = " ".join(block["searched"].split())
            assert htmlmod.escape(words) not in line and words not in line, (name, option["id"])
            anchor = f"{option['id']}-against-none"
            if name != "handout":  # the printed handout drops links to other pages
                assert re.search(rf'href="[^"]*what-we-could-not-check/#{anchor}"', line), name
    for option in searched:
        anchor = f"{option['id']}-against-none"
        assert f'id="{anchor}"' in gaps, anchor
        assert htmlmod.escape(" ".join(option["against_none"]["searched"].split())) in log


def _first_other_option(data):
    """The text of options.yml, the start of its first other option and that item's line."""
    text = (data / DATA).read_text(encoding="utf-8")
    start = text.index("other_options:\n  - text: ")
    return text, start, text[:start].count("\n") + 2


@pytest.mark.parametrize("part", ["cite", "harms", "harms_print"])
def test_other_option_without_a_required_part(data, part):
    """DISCERN questions 9 to 11: every other option says how it may work, what its research
    shows and its harms, in the same shape, with its sources; one without its sources, its
    harms or its harm on paper (harms_print:, so no printed line goes without one) fails the
    build, naming the file and the item's line."""
    text, start, line = _first_other_option(data)
    found = re.compile(rf"(?m)^    {part}: .*\n").search(text, start)
    (data / DATA).write_text(text[: found.start()] + text[found.end() :])
    code, out = check()
    assert code != 0
    assert f"{DATA}:{line} (other_options item #1): '{part}' " in out, out[-3000:]


def test_an_other_options_printed_harm_is_one_short_clause(data):
    """The handout's page budget: an other option's harm on paper (harms_print:) is one short
    clause; a longer one fails the build, naming the item's line and the limit."""
    text, start, _ = _first_other_option(data)
    found = re.compile(r"(?m)^    harms_print: .*\n").search(text, start)
    line = text[: found.start()].count("\n") + 1
    long = "    harms_print: " + "Side effects can add up. " * 5 + "\n"
    (data / DATA).write_text(text[: found.start()] + long + text[found.end() :])
    code, out = check()
    assert code != 0
    assert f"{DATA}:{line} (other_options item #1): 'harms_print' is too long" in out, out[-3000:]
    assert "at most 100 characters" in out, out[-3000:]


def test_the_row_on_what_comes_next_is_required(data):
    """DISCERN question 11: every option says what usually comes next if it does not help.
    Taking the row out of rows: fails the build with how to put it back."""
    edit(data, "  - id: if_no_help\n    label: What if it does not help?\n", "")
    code, out = check()
    assert code != 0
    assert "the row 'if_no_help' (what usually comes next if a treatment does not help)" in out
    assert "add - id: if_no_help with label: What if it does not help?" in out, out[-3000:]


def test_other_options_and_figure_rule_are_rendered_from_the_data(site):
    """The comparison states the rule and lists the other options; the handout lists the
    other options and links to the rule (kept off paper to stay within its page budget)."""
    data = options()
    for name in ("index", "handout"):
        html = (site / PAGES[name] / "index.html").read_text(encoding="utf-8")
        words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        for other in data["other_options"]:
            assert other["text"][:50] in words, (name, other["text"][:50])
            if name == "index":  # the same shape for every other option
                plain = htmlmod.unescape(words).replace("\u2019", "'")
                for part in ("works", "evidence", "harms"):
                    assert other[part].rstrip(".")[:50] in plain, (name, part, other[part][:50])
        if name == "index":
            for paragraph in data["figure_rule"]:
                assert paragraph[:60] in words, (name, paragraph[:60])
        else:
            assert re.search(r'href="?\.\./#about-this-comparison"?', html), "no link to the rule"
            # Off paper to stay within its sheets, and the handout says so where they would be;
            # each keeps its main harm or burden on paper, the same kind of line for every one.
            assert "Not on paper: how each may work, its research and more on its harms" in words
            assert data["other_options"][0]["works"][:40] not in words
            plain = htmlmod.unescape(words).replace("\u2019", "'")
            plain = re.sub(r"\s+(?=[,.;:)])|(?<=\()\s+", "", plain)  # glossary terms' spaces
            for other in data["other_options"]:
                printed = f"{other['text']} Harms and burdens: {other['harms_print'].rstrip('.')}"
                assert printed in plain, (name, other["harms_print"])
    assert any("whatever it favours" in p for p in data["figure_rule"])


def test_no_new_treatment_in_short_is_one_list_on_three_pages(site):
    """DISCERN Q12 (what happens with no treatment): the comparison page, the handout and the
    summary print the same short list (`no_new_treatment:`), and each line cites only sources
    that the comparison page's part on it cites, so the short list adds no claim of its own."""
    items = options()["no_new_treatment"]
    assert 3 <= len(items) <= 6, "a short version: 3 to 6 lines"
    for name in ("index", "handout", "summary"):
        html = (site / PAGES[name] / "index.html").read_text(encoding="utf-8")
        words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        assert "If you choose no new treatment, or want to stop one" in words, name
        for item in items:
            assert item["text"][:60] in words, (name, item["text"][:60])
    page = (ROOT / "docs/decision-aid/index.md").read_text(encoding="utf-8")
    part = page.split("## If you choose no new treatment, or want to stop one", 1)[1]
    part = part.split("\n## ", 1)[0]
    cited = set(re.findall(r"@([A-Za-z0-9_-]+)", part))
    for item in items:
        assert set(item["cite"]) <= cited, (item["text"][:40], set(item["cite"]) - cited)


def test_trial_facts_typed_into_the_comparison(data):
    """A trial's facts live once, in its study block: typing one in options.yml fails."""
    line = edit(data, "    study: Anand2023\n", "    study: Anand2023\n    size: 403\n") + 1
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{line} (trial 'elekt-d'): 'size' is typed here; a trial's facts live once, "
        "in the study: block of data/figures/<SourceKey>.yml"
    ) in out, out[-3000:]
    assert "write study: <SourceKey>" in out


def test_study_block_without_plain_words_for_readers(data):
    """The comparison shows who took part, how a trial was run and who paid in readers'
    words: a study block without them fails, naming its file and line."""
    store = "data/figures/George2010.yml"
    text = (data / store).read_text(encoding="utf-8")
    start = text.index("  plain:")
    end = text.index("\n", text.index("    funder:", start)) + 1
    (data / store).write_text(text[:start] + text[end:], encoding="utf-8")
    line = text[: text.index("study:")].count("\n") + 1
    code, out = check()
    assert code != 0
    assert (
        f"{store}:{line}: study: has no plain.who, plain.design, plain.funder, which the "
        f"comparison shows for trial 'opt-tms' ({DATA})"
    ) in out, out[-3000:]
    assert "in words a reader understands" in out


def test_trial_details_come_from_the_study_block(site):
    """The details table under each trial shows its study block's plain words."""
    import html as htmllib

    page = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    page = re.sub(r"</?abbr[^>]*>", "", page)  # glossary tooltips are inline: no space
    words = " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    shown = 0
    for tid, trial in options()["trials"].items():
        if not re.search(rf'id="?da-trial-{tid}[" >]', page):
            continue  # a trial whose figures are not on the page
        shown += 1
        for field in ("who", "design", "funder"):
            text = trial["plain"][field]
            assert " ".join((text[:1].upper() + text[1:]).split()) in words, (tid, field)
        assert f"{trial['size']:,} people" in words, tid
    assert shown >= 3


def test_no_good_evidence_without_saying_what_was_searched(data):
    """'No good evidence' needs a sentence saying where and when the editors looked."""
    text = (data / DATA).read_text(encoding="utf-8")
    start = text.index("  - id: rtms\n")
    cell = text.index("      how_soon:\n", start)
    searched = text.index("        searched: ", cell)
    end = text.index("\n", searched) + 1
    (data / DATA).write_text(text[:searched] + text[end:], encoding="utf-8")
    line = text[:cell].count("\n") + 1
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{line} (option 'rtms', row 'how_soon'): the cell says there is no good "
        "evidence, but not what was searched"
    ) in out, out[-3000:]
    assert "add searched: a sentence saying where and when you looked" in out


def test_searched_without_a_date(data):
    text = (data / DATA).read_text(encoding="utf-8")
    start = text.index("  - id: rtms\n")
    searched = text.index("        searched: ", text.index("      how_soon:\n", start))
    end = text.index("\n", searched)
    line = text[:searched].count("\n") + 1
    (data / DATA).write_text(
        text[:searched] + "        searched: We looked in the usual places for this." + text[end:],
        encoding="utf-8",
    )
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{line} (option 'rtms', row 'how_soon'): searched: does not say when the "
        "search was done"
    ) in out, out[-3000:]


def test_searched_longer_than_one_line(data):
    """Readers get one short line saying where and when the editors looked; the details of a
    search belong in the commit message, not in the comparison."""
    text = (data / DATA).read_text(encoding="utf-8")
    start = text.index("  - id: rtms\n")
    searched = text.index("        searched: ", text.index("      how_soon:\n", start))
    end = text.index("\n", searched)
    line = text[:searched].count("\n") + 1
    long = "We searched PubMed, NICE guidance, NHS pages and the trials' own reports " * 2
    (data / DATA).write_text(
        text[:searched] + f"        searched: {long}on 4 December 2026." + text[end:],
        encoding="utf-8",
    )
    code, out = check()
    assert code != 0
    assert f"{DATA}:{line} (option 'rtms', row 'how_soon'): searched: is " in out, out[-3000:]
    assert "readers get one short line (at most 120)" in out


def test_what_was_searched_is_listed_not_shown_in_the_cell(site):
    """A "no good evidence" cell keeps its label and ends with the short link; the page "What
    we could not check" names the gap under the option and the cell's question, and says what
    a gap means; where and when the editors looked is only in the search log at its end
    (DISCERN raters read the search lines as editors' process intruding on readers)."""
    import html as htmllib

    page = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    start = page.index('class="da-grid"')
    grid = page[start : page.index("</table>", start)]
    raw = (site / PAGES["not_checked"] / "index.html").read_text(encoding="utf-8")
    raw = re.sub(r"</?abbr[^>]*>", "", raw)  # glossary tooltips are inline: no space
    data = options()
    labels = {r["id"]: r["label"] for r in data["rows"]}
    cells = [
        (o["id"], o["short"], rid, c)
        for o in data["options"]
        for rid, c in o["rows"].items()
        if c.get("no_good_evidence")
    ]
    assert cells
    assert 'class="da-searched"' not in page
    log_html = re.search(
        r'id="where-and-when-we-looked".*?<ul class="da-search-log">(.*?)</ul>', raw, re.S
    )
    assert log_html and ">Where and when we looked<" in raw
    log = " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", log_html.group(1))).split())
    readers = raw[: raw.index('id="where-and-when-we-looked"')]
    assert "A gap does not make a choice better or worse" in readers
    for oid, short, rid, cell in cells:
        searched = " ".join(cell["searched"].split())
        assert searched not in grid, searched
        section = readers[readers.index(f'id="{oid}"') :]
        item = re.search(
            f'<li><span id="{oid}-{rid.replace("_", "-")}"></span>(.*?)</li>', section, re.S
        )
        assert item, (oid, rid)
        words = " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", item.group(1))).split())
        assert words.startswith(labels[rid].rstrip(":")), words
        assert "No good evidence found." in words and searched not in words
        assert f"{short}, {labels[rid]} {searched}" in log, searched
    for key in ("index", "handout"):
        words = " ".join(
            htmlmod.unescape(
                re.sub(r"<[^>]+>", " ", (site / PAGES[key] / "index.html").read_text("utf-8"))
            ).split()
        )
        assert "and where and when we looked, is on" in words, key
        assert "Where and when we looked" not in words, key


def test_denominator_of_zero(data):
    line = edit(
        data, "    denominator: 92\n", "    denominator: 0\n", "data/figures/George2010.yml"
    )
    code, out = check()
    assert code != 0
    assert (
        f"data/figures/George2010.yml:{line}: figure 'opttms-active': field 'denominator' "
        "Input should be greater than or equal to 1"
    ) in out, out[-3000:]
    assert "not in the figure store" not in out


def test_numerator_larger_than_denominator(data):
    line = edit(data, "    numerator: 13\n", "    numerator: 200\n", "data/figures/George2010.yml")
    code, out = check()
    assert code != 0
    assert (
        f"data/figures/George2010.yml:{line}: figure 'opttms-active': the numerator (200) is "
        "larger than the denominator (92)"
    ) in out, out[-3000:]


# ---------------------------------------------------------------------------
# In a real browser
# ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("name", ["index", "handout"])
def test_grid_on_a_360px_phone_is_one_card_per_option(browser, server, name):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{server}/{PAGES[name]}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert (
        page.evaluate("getComputedStyle(document.querySelector('table.da-grid')).display") == "flex"
    )
    boxes = page.evaluate("""() => {
        const heads = [...document.querySelectorAll('table.da-grid thead th[scope=col]:not(.da-corner)')];
        return heads.map((th, i) => {
            const cells = [...document.querySelectorAll(`table.da-grid tbody tr > td:nth-child(${i + 2})`)];
            const r = el => el.getBoundingClientRect();
            return {head: r(th).top, first: r(cells[0]).top, last: r(cells[cells.length - 1]).bottom,
                    left: Math.min(...cells.map(c => r(c).left)), right: Math.max(...cells.map(c => r(c).right)),
                    width: Math.min(...cells.map(c => r(c).width)),
                    font: parseFloat(getComputedStyle(cells[0]).fontSize),
                    question: getComputedStyle(cells[0].querySelector('.da-q')).display};
        });
    }""")
    assert len(boxes) == 7
    for i, b in enumerate(boxes):
        assert b["head"] < b["first"] < b["last"], (
            f"option {i + 1}: its cells must follow its heading"
        )
        assert b["left"] >= 0 and b["right"] <= 360 and b["width"] >= 280, b
        assert b["font"] >= 14, "cell text must stay at least 14 px on a phone"
        assert b["question"] == "block", "each cell must show its question on a phone"
        if i:
            assert boxes[i - 1]["last"] <= b["head"], (
                "one option's card must end before the next begins"
            )
    context.close()


# For each citation marker in a table cell: the text of its own cell on an earlier line (a
# text box whose middle is above the marker's top edge) that the marker's box covers, in px.
_MARKERS_OVER_TEXT = """() => {
    const found = [];
    for (const cell of document.querySelectorAll('article td, article th')) {
        const lines = [];
        const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) {
            const node = walk.currentNode;
            if (!node.textContent.trim() || node.parentElement.closest('sup.cite')) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            lines.push(...[...range.getClientRects()].filter(r => r.width > 0 && r.height > 0));
        }
        for (const a of cell.querySelectorAll('sup.cite a')) {
            const m = a.getBoundingClientRect();
            for (const t of lines) {
                const above = (t.top + t.bottom) / 2 < m.top;
                const across = Math.min(t.right, m.right) - Math.max(t.left, m.left);
                const down = t.bottom - m.top;
                if (above && across > 0.5 && down > 0.5)
                    found.push([cell.querySelector('.da-q')?.textContent || cell.textContent.slice(0, 40),
                                a.textContent, +down.toFixed(1)]);
            }
        }
    }
    return found;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(360, 740), (1280, 900)], ids=["phone", "laptop"])
def test_citation_markers_in_cells_do_not_cover_the_line_above(browser, server, width, height):
    """A group of citation markers that wraps onto its own line stays off the text above it:
    on a phone's cards and in the grid's narrow columns (each marker is still a 24 x 24 px
    target, WCAG 2.5.8)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{server}/{PAGES['index']}")
    # The markers in long cells' folds too ("More", test_fold), as a reader who opens them sees.
    page.evaluate("document.querySelectorAll('details.da-more').forEach(d => { d.open = true; })")
    sizes = page.eval_on_selector_all(
        "table.da-grid sup.cite a",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    )
    assert len(sizes) > 50, "test setup: the grid has its citation markers"
    assert all(w >= 24 and h >= 24 for w, h in sizes), [s for s in sizes if min(s) < 24][:5]
    covered = page.evaluate(_MARKERS_OVER_TEXT)
    context.close()
    assert not covered, (
        f"{len(covered)} citation markers cover text on the line above in their cell "
        f"(question, marker, px): {covered[:5]}"
    )


def test_axe_checks_every_comparison_page_at_desktop_and_phone_width_light_and_dark(site):
    """axe checks each comparison page in the site-wide walk (test_accessibility: each nav page
    loaded once, axe at 1280 px light and dark, then the same page switched to a 360 px phone,
    dark and light), which runs axe on the phone for the pages `phone_axe` picks: these must
    be nav pages and be picked. (They had a walk of their own at 360 px: a second load of
    each.)"""
    from test_accessibility import PAGES as NAV
    from test_accessibility import phone_axe

    walked = {u for _, u in NAV}
    for name, url in PAGES.items():
        assert url in walked, f"{name}: {url} is not in the nav, so the axe walk misses it"
        built = (site / url / "index.html").read_text(encoding="utf-8")
        assert phone_axe(built), f"{name}: axe would not check {url} on a phone"


@pytest.mark.browser
def test_worksheet_works_without_javascript_and_sends_nothing(browser, server):
    context = browser.new_context(
        java_script_enabled=False,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(f"{server}/{PAGES['worksheet']}", wait_until="networkidle")
    sent = []
    page.on("request", lambda r: sent.append(r.url))
    first = page.locator("fieldset.da-value").first
    first.get_by_text("Matters a lot").click()
    assert first.locator("input[value=a-lot]").is_checked()
    first.get_by_text("Does not matter to me").click()
    assert first.locator("input[value=not]").is_checked()
    assert not first.locator("input[value=a-lot]").is_checked()
    box = page.locator("fieldset.da-options label").first
    box.click()
    assert box.locator("input").is_checked()
    # Who the person wants involved: several boxes can be ticked, and untick again.
    people = page.locator("fieldset.da-people")
    people.get_by_text("Family", exact=True).click()
    people.get_by_text("A carer", exact=True).click()
    assert people.locator("input[value=family]").is_checked()
    assert people.locator("input[value=carer]").is_checked()
    people.get_by_text("Family", exact=True).click()
    assert not people.locator("input[value=family]").is_checked()
    height = page.evaluate(
        "document.querySelector('label.da-choice').getBoundingClientRect().height"
    )
    assert height >= 24, "touch targets at least 24 px high (WCAG 2.5.8)"
    assert page.locator("article form").count() == 0
    # The browser may fetch the site's icon late on a busy machine: that is not the worksheet.
    sent = [url for url in sent if not url.endswith("/favicon.svg")]
    assert sent == [], f"ticking a box made requests: {sent}"
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_worksheet_where_to_look_links_land_on_their_row(browser, server, width, js):
    """A reader who follows a worksheet line's "Where to look" link lands on that row of the
    comparison's table, in view, on a phone (where each option is a card and the row's
    header is not shown: the link lands on the first card's answer to that question) and on
    a wide screen, with and without JavaScript.

    The worksheet is loaded once: its first link is clicked, and every other row's link is
    followed as that click follows it, by a fresh load of the comparison at the link's own
    address (a plain link, opened in the same tab: no target and no script of the site
    handles its click). A fresh load, never a jump within the page already open, so the
    comparison's own loading (its scripts, its pictures) is what each landing is checked
    after. (Loading the worksheet again before each row cost about 0.2 s of CPU a row.)"""
    context = browser.new_context(
        java_script_enabled=js, viewport={"width": width, "height": 740}, is_mobile=width < 600
    )
    page = context.new_page()
    labels = {r["id"]: r["label"] for r in options()["rows"]}
    page.goto(f"{server}/{PAGES['worksheet']}")
    links = {}  # row -> its first "Where to look" link on the worksheet, in the worksheet's order
    for item in options()["worksheet"]:
        hint = page.locator("fieldset.da-value", has_text=item["question"]).locator(".da-hint")
        for n, row in enumerate(item.get("rows", [])):
            links.setdefault(row, hint.locator("a").nth(n))
    targets = {row: link.evaluate("a => [a.href, a.target]") for row, link in links.items()}
    for row, (_, target) in targets.items():
        assert target == "", f"{row}: the link opens elsewhere ({target}), not in the same tab"
    for i, (row, (href, _)) in enumerate(targets.items()):
        if i == 0:
            links[row].click()
        else:
            page.goto("about:blank")  # so the next load is a new document, as from the worksheet
            page.goto(href)
        page.wait_for_load_state()
        assert page.url.endswith(f"/{PAGES['index']}#da-row-{row}"), page.url
        # The label the reader sees where the link lands: the row header on a wide
        # screen, the first card's question on a phone. It is on screen, below the
        # site's header, not hidden under it.
        where = page.evaluate(
            """(id) => {
                const th = document.getElementById(id);
                const seen = th.getBoundingClientRect().height > 0 ? th
                    : th.parentElement.querySelector('td .da-q');
                const r = seen.getBoundingClientRect();
                // What the reader sees at the label's first line: the label itself, not
                // the site's header or the table's sticky column heads over it.
                const hit = document.elementFromPoint(r.left + 4, r.top + 4);
                return {text: seen.textContent, top: r.top, height: r.height,
                        view: innerHeight, shown: !!hit && seen.contains(hit)};
            }""",
            f"da-row-{row}",
        )
        assert where["text"].startswith(labels[row]), (row, where)
        assert where["height"] > 0 and 0 <= where["top"] < where["view"] - 40, (
            f"{row}: the row is not in view after following the link ({width} px, "
            f"JavaScript {'on' if js else 'off'}): {where}"
        )
        assert where["shown"], f"{row}: the row's label is hidden under a header: {where}"
    context.close()


@pytest.mark.browser
def test_icon_arrays_load_with_alt_text_in_dark_mode(browser, server):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{server}/{PAGES['index']}")
    imgs = page.evaluate("""[...document.querySelectorAll('figure.da-icons img')].map(i =>
        ({ok: i.complete && i.naturalWidth > 0, alt: i.alt, w: i.getBoundingClientRect().width}))""")
    assert len(imgs) == sum(1 for f in options()["figures"].values() if f.get("icon_array"))
    for img in imgs:
        assert img["ok"] and "in 100" in img["alt"] and img["w"] >= 120, img
    context.close()


@pytest.mark.long
@pytest.mark.browser
@pytest.mark.parametrize("viewport", [(1280, 800), (360, 740)], ids=["laptop", "phone"])
def test_pictures_of_100_people_open_larger_with_a_caption_naming_option_and_trial(
    browser, server, viewport
):
    """Open the first picture, then go through all with "next": each opens larger than in the
    page, whole, with a caption that names its option and trial, above any caption overlay."""
    width, height = viewport
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=width < 500, has_touch=width < 500
    )
    page = context.new_page()
    page.goto(f"{server}/{PAGES['index']}")
    data = options()
    pictured = [(fid, f) for fid, f in data["figures"].items() if f.get("icon_array")]
    links = page.locator("figure.da-icons a.glightbox")
    assert links.count() == len(pictured)
    inline = [links.nth(i).locator("img").bounding_box() for i in range(links.count())]
    links.first.scroll_into_view_if_needed()
    links.first.click()
    seen = []
    for i in range(links.count()):
        slide = page.locator(".gslide.current")
        img = slide.locator(".gslide-image img")
        img.wait_for(state="visible", timeout=5000)
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
        )
        page.wait_for_function(
            "s => !s.classList.contains('prev') && getComputedStyle(s).opacity === '1'",
            arg=slide.element_handle(),
        )
        big, small = img.bounding_box(), inline[i]
        caption = slide.locator(".gslide-title")
        cap = caption.bounding_box()
        text = caption.inner_text()
        seen.append(text)
        fid, fig = next(
            (fid, f) for fid, f in pictured if img.get_attribute("src").endswith(f"/{fid}.svg")
        )
        trial = data["trials"][fig["trial"]]["name"]
        assert fig["short"][:1].upper() + fig["short"][1:] in text and f"{trial} trial" in text, (
            text
        )
        assert f"about {in_100(fig)} in 100" in text, text
        ratio = big["width"] * big["height"] / (small["width"] * small["height"])
        assert ratio >= (2 if width >= 1000 else 1.5), (
            f"{fid}: opens only {ratio:.1f}x the page's size"
        )
        assert big["y"] >= 0 and big["y"] + big["height"] <= height + 1, (
            f"{fid}: picture cut off {big}"
        )
        assert cap["y"] >= 0 and cap["y"] + cap["height"] <= height + 1, (
            f"{fid}: caption off screen {cap}"
        )
        if width < 500:  # the caption lies over the foot of the screen: never over the picture
            assert (
                slide.locator(".gslide-description").bounding_box()["y"]
                >= big["y"] + big["height"] - 1
            )
        page.keyboard.press("ArrowRight")
    assert len(set(seen)) == len(pictured), f"each picture says what it shows: {seen}"
    context.close()


# A budget for a patient's handout (python tools/printed.py), measured 2026-12-04 after the rows
# "How is it thought to work?" and "Who may it suit, and who not?", "Other options" and ESCAPE-TRD came in;
# re-measured after "Daily life, and the people who support you" (sources in two columns at
# 10 pt, tighter option cards).
# Raised to 20 on 2026-12-04 (s5-grid): harms with numbers for every option, carrying on with
# the current treatment, and ultrabrief ECT brought A4 and US Letter to 18 or 19 sheets. The short
# summary (SUMMARY_MAX_PAGES) is the few-sheet edition, so the full handout is not cut to fit;
# see CONTRIBUTING.md, "Tables and lists generated from data".
# Raised to 22 on 2026-12-05 (s12): maintenance over months for every option and the harms
# cells' 'not known' endings; the short summary stays at 5.
def printed_text(got, paper: str, fewest: int, most: int) -> list[str]:
    """A printed edition's checks that the handout and the summary share: every sheet portrait,
    between `fewest` and `most` sheets, no text under 10 pt. Returns each sheet's text, with
    runs of white space made single."""
    assert all(h > w for w, h in got.sizes), f"{paper}: every page portrait, got {got.sizes}"
    assert fewest <= got.pages <= most, f"{paper}: it prints on {got.pages} pages"
    assert got.smallest >= 10, f"{paper}: text at {got.smallest} pt: {got.smallest_text!r}"
    return [" ".join(t.split()) for t in got.text]


def pictures_missing(data: dict, everything: str) -> list[str]:
    """The pictures of 100 people whose drawn words ("N did not") are not in the printed text."""
    return [
        fid
        for fid, fig in data["figures"].items()
        if fig.get("icon_array") and f"{100 - in_100(fig)} did not" not in everything
    ]


HANDOUT_MAX_PAGES = 25  # raised 2026-12-05 (s14): quality of life with numbers and beyond a year, what happens after a course, and how ECT is thought to work, for every option as the comparison carries them (the handout carries every row); measured Letter 24, A4 23 with these. Raised 2026-12-05 (s13): talking therapy's numbers as pictures of 100 people, as every other option's are, and the drips' next-largest trial against a sedative under the figure rule; measured Letter 23, A4 22. Raised 2026-12-05 (s12): what each option asks over months (maintenance) and what is not known about each option's harms; measured A4 20, Letter 21 before the harms endings


@pytest.mark.long
@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_handout_prints_for_a_patient(printer, server, paper):
    from printed import read_pdf

    data = options()
    url = f"{server}/{PAGES['handout']}"
    got = read_pdf(printer.pdf(url, paper))
    page = printer.show(url)
    # Printed as a reader's browser prints it: no navigation, the content in cards.
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".da-jump"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in (
        "table.da-summary",
        "table.da-grid",
        ".da-icons img",
        ".da-worksheet",
        "ol.sources",
        ".admonition.danger",
        ".page-info",
    ):
        assert page.locator(shown).first.is_visible(), shown
    assert (
        page.evaluate("getComputedStyle(document.querySelector('table.da-grid')).display") == "flex"
    )

    text = printed_text(got, paper, 3, HANDOUT_MAX_PAGES)
    # Page 1 is the summary: every option, and nothing of the full comparison yet.
    for option in data["options"]:
        assert " ".join(option["name"].split()) in text[0], f"{option['id']} missing from page 1"
    assert "The options side by side" not in text[0] and "The options side by side" in text[1]
    # The running header and footer: address, date checked, page N of M, on every sheet.
    address = page.evaluate("document.querySelector('link[rel=canonical]').href")
    front = yaml.safe_load((ROOT / "docs/decision-aid/handout.md").read_text().split("---")[1])
    checked = f"{front['last_reviewed'].day} {front['last_reviewed'].strftime('%B %Y')}"
    for n, words in enumerate(text, start=1):
        assert address in words.replace(" ", ""), f"{paper} page {n}: no address {address}"
        assert f"Checked against its sources on {checked}" in words, f"{paper} page {n}: no date"
        assert f"Page {n} of {got.pages}" in words, f"{paper} page {n}: no page number"
    # Every picture of 100 people is printed, with the words drawn inside it.
    missing = pictures_missing(data, " ".join(text))
    assert not missing, f"{paper}: pictures of 100 people not printed: {missing}"
    paper_words(data, text, paper)
    # Process words stay on the web page: where and when we looked for each gap (the review
    # line points there), and the row note on comparing numbers is printed in the first card
    # only, besides the at-a-glance table's caption.
    everything = " ".join(text)
    for item in data["unknowns"]:
        if item.get("searched"):
            assert " ".join(item["searched"].split()) not in everything, (paper, item["searched"])
    for option in data["options"]:
        searched = option["rows"]["how_soon"].get("searched")
        assert not searched or " ".join(searched.split()) not in everything, (paper, searched)
    note = next(r["note"] for r in data["rows"] if r["id"] == "improved")
    assert everything.count(note) == 2, (
        f"{paper}: the row note printed {everything.count(note)} times"
    )
    # The worksheet names its three choices once, as column heads on each sheet it runs onto,
    # not beside every line.
    heads = "Matters a lot Matters a little Does not matter to me"
    sheets = [
        words
        for words in text
        if any(f"{n}. {item['question']}" in words for n, item in enumerate(data["worksheet"], 1))
    ]
    assert sheets and all(heads in words for words in sheets), paper
    assert everything.count("Does not matter to me") == len(sheets), paper
    # Its titles are not left alone at the foot of a sheet.
    title = next(words for words in text if "Which option am I leaning towards, and how" in words)
    assert "The option I am leaning towards:" in title, paper


def paper_words(data: dict, text: list[str], paper: str) -> None:
    """What the handout and the summary share on paper: the pictures' heading on the same sheet
    as a picture, and no "(X senior)" note after a source's authors ("et al." stands for them)."""
    heading = next(i for i, words in enumerate(text) if "Pictures of 100 people" in words)
    assert " did not" in text[heading], f"{paper}: 'Pictures of 100 people' alone at a sheet's foot"
    assert "senior)" not in " ".join(text), f"{paper}: a source's senior author printed"


SUMMARY_MAX_PAGES = 7  # raised 2026-12-05 (s14): each option's daily-life line now says how quality of life changed in its main study (DISCERN 13), which adds 3 sources; measured Letter 7, A4 6. Before: measured s13 (lead) with talking therapy's pictures of 100 people and the glance showing only pictured trials: Letter 6, A4 6. Raised to 6 (s12, s13): one line per option on daily life and cost, with its own sources, which a summary for weighing choices needs (DISCERN 13); tightening the summary-only text cannot free the 4 in 10 of a sheet its 12 sources and 7 lines need without dropping sourced facts. Measured s13: A4 6, Letter 6 (the 6th about two-thirds full). Was 5 (2026-12-04, one line of harms per option)


@pytest.mark.long
@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_short_summary_prints_on_a_few_sheets(printer, server, paper):
    """The short edition: every option at a glance and every picture of 100 people beside its
    comparison, on a few sheets, every text at 10 pt or more, and a link to the full handout."""
    from printed import read_pdf

    data = options()
    url = f"{server}/decision-aid/summary/"
    got = read_pdf(printer.pdf(url, paper))
    page = printer.show(url)
    text = printed_text(got, paper, 2, SUMMARY_MAX_PAGES)
    for option in data["options"]:
        assert " ".join(option["name"].split()) in text[0], f"{option['id']} missing from page 1"
    missing = pictures_missing(data, " ".join(text))
    assert not missing, f"{paper}: pictures of 100 people not printed: {missing}"
    assert "full printable handout" in text[0], (
        f"{paper}: page 1 does not point to the full handout"
    )
    paper_words(data, text, paper)
    # The heading above the at-a-glance table names it; its caption's name stays on screen.
    assert "The options at a glance." not in text[0], paper
    assert page.locator(".md-content a[href$='handout/']").first.is_visible()


def test_no_page_types_a_comparison_figure_by_hand():
    """Every figure of the comparison reaches other pages only through
    <!-- figure: id -->, so it is written in one place (data/figures)."""
    figures = options()["figures"]
    typed = []
    for md in (ROOT / "docs").rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        for fid, fig in figures.items():
            pct = f"{fig['percent']}%"
            if "." in pct and pct in text:
                typed.append(f"{md.relative_to(ROOT)}: {pct} ({fid}); use <!-- figure: {fid} -->")
    assert not typed, "\n".join(typed)


# ---------------------------------------------------------------------------
# What we could not check: one list, each item tied to an option's cell
# ---------------------------------------------------------------------------


def test_could_not_check_item_needs_when_we_looked(data):
    """An item about an option's cell says where and when we looked, or the build stops."""
    start = edit(
        data,
        "    option: esketamine\n    row: cost\n    no_good_evidence: true\n",
        "    option: esketamine\n    row: cost\n",
    )
    code, out = check()
    assert code != 0
    assert "an item about what we could not check must say where and when we looked" in out, out
    assert "add no_good_evidence: true and searched:" in out
    assert f"{DATA}:" in out and start > 1


def test_could_not_check_item_names_an_option_and_a_row(data):
    edit(data, "    option: esketamine\n    row: cost\n", "    option: esketamin\n    row: price\n")
    code, out = check()
    assert code != 0
    assert "unknown option 'esketamin'" in out, out
    assert "use one of the option ids:" in out
    assert "needs the row of the cell it is about ('price' is not a row)" in out, out


def test_a_cell_that_says_we_could_not_check_fails(data):
    """A 'we could not read/check' note in a cell fails: it goes to the one list."""
    line = edit(
        data,
        "for depression that has not improved after other treatment. Canada",
        "for depression that has not improved after other treatment; we could not check the "
        "charge. Canada",
    )
    code, out = check()
    assert code != 0
    assert (
        f"{DATA}:{line} (option 'esketamine', row 'cost'): the cell says 'we could not check'"
    ) in out, out[-3000:]
    assert "move the note to unknowns: as an item with option: esketamine, row: cost" in out


def test_a_figure_named_in_a_cell_must_be_in_the_store(data):
    edit(
        data,
        "<!-- figure: transform2-stopped-placebo -->",
        "<!-- figure: transform2-stopped-placebox -->",
    )
    code, out = check()
    assert code != 0
    assert (
        "the text names figure 'transform2-stopped-placebox', which is not in the figure store"
        in out
    )


def test_the_editors_working_is_said_once(site):
    """ "Some numbers are worked out by the editors" is said once, above the trials, not in
    each trial's details; the review line says what its date means beside the gaps' dates."""
    page = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    assert page.count("worked out by the editors") == 1
    assert page.index("worked out by the editors") < page.index('class="da-trial"')
    assert '<th scope="row">Counts</th><td>Some numbers' not in page
    words = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert re.search(
        r"last checked the whole comparison against its sources on \d+ \w+ \d{4}", words
    )
    # Where and when we looked is on the page "What we could not check", not here.
    assert "Where and when we looked" not in words


def test_search_log_names_only_gaps_listed_above_it(site):
    """A DISCERN rater found "Where and when we looked" naming "How ECT affects memory in the
    long run", which the page's ECT part did not list (it was a general item of "what we
    don't know", shown on the comparison page). Every line of the log names an option whose
    part of the page is above it, and no general item carries a search line."""
    data = options()
    assert not [u["text"] for u in data["unknowns"] if u.get("searched") and not u.get("option")]
    listed = (site / PAGES["not_checked"] / "index.html").read_text(encoding="utf-8")
    above = listed[: listed.index('id="where-and-when-we-looked"')]
    log = listed[listed.index('id="where-and-when-we-looked"') :]
    shown = [o["short"] for o in data["options"] if f'id="{o["id"]}"' in above]
    whos = [htmlmod.unescape(w) for w in re.findall(r"<li><strong>(.*?)</strong>", log)]
    assert whos
    for who in whos:
        assert any(who.startswith(short) for short in shown), who


def test_could_not_check_is_listed_once_and_linked_from_its_cell(site):
    """Each gap is listed on the page "What we could not check" under the option's name and
    the cell's question, and the option's cell in that row (comparison and handout) links to
    its item there; the cells themselves carry no such notes, and the comparison and the
    handout carry one sentence pointing to that page instead of the list."""
    data = options()
    gaps = [u for u in data["unknowns"] if u.get("option")]
    assert gaps
    listed = (site / PAGES["not_checked"] / "index.html").read_text(encoding="utf-8")
    reader_part = listed[: listed.index('id="where-and-when-we-looked"')]
    log = listed[listed.index('id="where-and-when-we-looked"') :]
    log_words = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", log)).split())
    for gap in gaps:
        section = reader_part[reader_part.index(f'id="{gap["option"]}"') :]
        nxt = re.search(r"<h2 ", section[10:])
        section = section[: nxt.start() + 10] if nxt else section
        words = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", section)).split())
        words = re.sub(r" \[\d+(?:, \d+)*\]", "", words)
        assert " ".join(gap["text"].split()) in words, gap["text"]
        anchor = f'id="{gap["option"]}-{gap["row"].replace("_", "-")}"'
        assert anchor in section, anchor
        searched = " ".join(gap["searched"].split())
        assert searched in log_words and searched not in words, gap["searched"]
    for key in ("index", "handout"):
        page = (site / PAGES[key] / "index.html").read_text(encoding="utf-8")
        assert 'id="could-not-check"' not in page and "da-search-log" not in page, key
        grid = page[
            page.index('class="da-grid"') : page.index("</table>", page.index('class="da-grid"'))
        ]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", grid, re.S)
        linked = [c for c in cells if "what-we-could-not-check/#" in c]
        empty = {
            (o["id"], rid)
            for o in data["options"]
            for rid, c in o["rows"].items()
            if c.get("no_good_evidence")
        }
        assert len(linked) == len({(g["option"], g["row"]) for g in gaps} | empty), key
        # One short, consistent link in each such cell; what it means is said once.
        assert all(c.count(">what is missing</a>)") == 1 for c in linked), key
        assert "see what we could not check" not in page, key
        assert page.count('class="da-gaps-note"') == 1, key
        for gap in gaps:
            row = next(r["label"] for r in data["rows"] if r["id"] == gap["row"])
            col = [o["id"] for o in data["options"]].index(gap["option"])
            rows = re.findall(r"<tr>(.*?)</tr>", grid, re.S)
            label = htmlmod.escape(row, quote=False)
            tr = next(t for t in rows if re.search(f'<th scope="row"[^>]*>{re.escape(label)}', t))
            anchor = f'what-we-could-not-check/#{gap["option"]}-{gap["row"].replace("_", "-")}"'
            assert anchor in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)[col]
    for option in data["options"]:
        for rid, cell in option["rows"].items():
            assert not re.search(r"\bwe could not (read|check|open)\b", cell["text"], re.I), (
                option["id"],
                rid,
            )


def test_a_figure_without_a_comparison_group_needs_its_label(data, site):
    """A comparison figure with no comparison group (comparator "None. ...") must carry
    not_randomised: in the store; without it the build names the store's file and line. Built,
    the grid's line and the numbers' list say "not randomised: <what>" beside it."""
    rel = "data/figures/SchermulyHaupt2018.yml"
    old = '    not_randomised: "therapists\' reports, no comparison group"\n'
    text = (data / rel).read_text(encoding="utf-8")
    fig_line = text.split("\n").index("  cbt-side-effects-any:") + 1
    assert text.count(old) == 2, "test setup: both CBT figures carry the label"
    (data / rel).write_text(text.replace(old, ""), encoding="utf-8")
    code, out = check()
    assert code != 0
    assert f"{rel}:{fig_line}" in out, out[-3000:]
    assert "does not come from a randomised comparison" in out and "add not_randomised:" in out
    page = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    words = htmlmod.unescape(re.sub(r"<[^>]+>", "", page))
    assert "not randomised: therapists' reports, no comparison group" in words
    assert "not randomised: no comparison group" in words


@pytest.mark.browser
@pytest.mark.parametrize("script", [True, False], ids=["javascript", "no-javascript"])
def test_folded_parts_open_where_a_link_points_and_safety_stays_open(browser, server, script):
    """The comparison page folds its long parts so readers can skim: "How we know these
    figures" and the details of choosing no new treatment. A figure's
    "quote N" link still shows its source's words (the fold opens, with and without
    JavaScript). How depression like this tends to go without a change and the risks of
    waiting stay open, side by side and in the same style, so neither outlook is hidden."""
    context = browser.new_context(java_script_enabled=script)
    page = context.new_page()
    page.goto(f"{server}/{PAGES['index']}", wait_until="networkidle")
    folds = page.evaluate(
        """[...document.querySelectorAll('article details')].map(d =>
            ({cls: d.className, open: d.open, summary: d.querySelector('summary').innerText}))"""
    )
    assert {"cls": "fig-fold", "open": False} in [
        {"cls": f["cls"], "open": f["open"]} for f in folds
    ], folds
    shut = [f["summary"].strip() for f in folds if not f["open"]]
    assert "Stopping an antidepressant" in shut, shut
    for title in ("How depression like this tends to go", "The risks of waiting"):
        assert any(title in f["summary"] and f["open"] for f in folds), (title, folds)
    styles = {f["cls"] for f in folds if f["open"] and "risks of waiting" in f["summary"]}
    assert styles == {f["cls"] for f in folds if f["open"] and "tends to go" in f["summary"]}
    # The first in view: a long cell's "quote N" links may be folded under "More" (test_fold).
    link = page.locator("table.da-grid sup.fig-ref a:visible").first
    target = link.get_attribute("href")
    assert target and target.startswith("#fig-")
    assert not page.locator(f"li{target}").is_visible()
    link.click()
    page.wait_for_function(
        "id => document.getElementById(id).closest('details').open", arg=target[1:]
    )
    assert page.locator(f"li{target}").is_visible()
    context.close()


def test_read_in_a_copy_is_said_plainly_once_with_a_tooltip(site):
    """Readers did not know what "a copy" is: the note above the grid says it once in plain
    words, with an example, and each "read in a copy" / "only in copies" in the grid carries
    the glossary's tooltip (includes/glossary.md)."""
    page = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    note = re.search(r'<p class="?da-gaps-note"?>(.*?)</p>', page, re.S)
    assert note
    words = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", note.group(1))).split())
    assert "not on the publisher's or regulator's own site" in words, words
    assert 'href="../about/glossary/#read-in-a-copy"' in note.group(1)
    assert "“quote 1” after a number opens the source's own words" in words.replace("\xa0", " ")
    start = page.index('class="da-grid"')
    grid = page[start : page.index("</table>", start)]
    # The reader's words only: citations' titles also end "(read in a copy)".
    marked = re.sub(r"<abbr[^>]*>(read in a copy|only in copies)</abbr>", "", grid)
    plain = re.sub(r"<[^>]+>", "", marked)
    assert "read in a copy" in re.sub(r"<[^>]+>", "", grid)
    assert "read in a copy" not in plain and "only in copies" not in plain
    assert re.search(r'<abbr title="?Read on another website that keeps a copy', grid)


def test_how_we_know_lists_explain_glossary_terms(site):
    """The measure line of each figure in "How we know these figures" is HTML that Markdown's
    abbr extension does not reach; its glossary terms (QIDS-C16, MADRS) still get tooltips."""
    page = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    what = re.findall(r'<p class="?fig-what"?>(.*?)</p>', page, re.S)
    assert what
    assert any(re.search(r'<abbr title="?Quick Inventory[^>]*>QIDS-C16</abbr>', w) for w in what)
    assert any(re.search(r"<abbr[^>]*>MADRS</abbr>", w) for w in what)


def test_two_groups_side_by_side_give_their_difference(site):
    """Where a trial measured one outcome in exactly two groups at one time point, the
    comparison page sets the two numbers on one footing: 'That is about N more in 100 who
    responded with X than with Y', worked out by the build from the two rounded numbers it shows (never
    typed by hand). Three groups (VAST-D) have no single comparison, so no such line."""
    data = options()
    html = (site / PAGES["index"] / "index.html").read_text(encoding="utf-8")
    groups: dict[tuple, list[dict]] = {}
    for fig in data["figures"].values():
        groups.setdefault((fig["trial"], fig["outcome"], fig.get("time_point")), []).append(fig)
    checked = 0
    for figs in groups.values():
        if len(figs) != 2 or any(f["comparator"].lower().startswith("none") for f in figs):
            continue
        hi, lo = sorted(figs, key=in_100, reverse=True)
        diff = in_100(hi) - in_100(lo)
        said = (
            f"about {diff} more in 100 who {hi['outcome_short']} {hi['short']} than {lo['short']}"
            if diff
            else f"about the same number in 100 who {hi['outcome_short']} {hi['short']} as {lo['short']}"
        )
        line = f"That is {htmlmod.escape(said)}"
        assert line in html, line
        checked += 1
    assert html.count('<li class="da-diff">') == checked >= 5
    # On screen, the options at a glance and the grid say it beside the numbers too; the
    # printed sheets leave it out (their budgets), as they do for every option alike.
    glance = re.search(r'<table class="da-summary">.*?</table>', html, re.S).group(0)
    assert '<span class="da-screen-only da-diff">That is about 14 more in 100' in glance
    # The arithmetic, by hand, for one trial: ELEKT-D's 55.4% and 41.2% are shown as about 55
    # and about 41 in 100, so 14 more.
    assert "That is about 14 more in 100 who responded with ketamine drips than with ECT" in html
    # VAST-D: three groups, no one difference.
    assert not re.search(r"da-diff[^<]*(switching to bupropion|adding bupropion)", html)
