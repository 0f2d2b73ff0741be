"""The one-page sheet (docs/decision-aid/one-page-sheet.md): what matters against the choices.

- The data: a worksheet line's `answers:` (data/options.yml) give every option a short answer
  that only rewords that option's cells in the line's rows, with their sources; each mistake
  an editor can make fails with the file and line (a scratch copy is broken and the hook's
  checks run in-process, as in test_decision_aid.py).
- The built page shows every option (a column, in the comparison's order) and every answered
  line (a row with three labelled radio buttons), each answer with its citation.
- Harms: a line on serious or lasting risks answers for every option (memory with ECT, misuse
  with esketamine and ketamine drips), beside the line on side effects; the cost line says
  it is for the UK, and the page says where other countries' costs are.
- In a real Chromium: it prints on ONE landscape sheet of A4 and of US Letter, with every
  option and every line on it, while the worksheet keeps printing upright. On a 390 px phone
  a cue above the table says it scrolls sideways (hidden where the table fits, and on paper).
  axe (light and dark, and on the 360 px phone) and the 360 px check run on it with every
  page of the nav (test_accessibility.py).
"""

from __future__ import annotations

import html as htmlmod
import re

import pytest

from test_decision_aid import ROOT, check, edit, options

URL = "decision-aid/one-page-sheet/"
TALKING_COST = (
    '      talking: {text: "England: NHS Talking Therapies are free", cite: '
    "[NHSE-TalkingTherapies]}\n"
)
ESKETAMINE_COST = (
    '      esketamine: {text: "England: £551-714 a dose at one trust, self-pay; Scotland: NHS", '
    "cite: [OxfordHealthPricing, SMC2258]}\n"
)


def answered() -> list[dict]:
    return [item for item in options()["worksheet"] if item.get("answers")]


def where(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"options\.yml:(\d+) \(worksheet item", text)]


# ---------------------------------------------------------------------------
# The data: each mistake is refused with its file and line
# ---------------------------------------------------------------------------


def test_a_line_with_answers_answers_for_every_option():
    ids = [o["id"] for o in options()["options"]]
    items = answered()
    assert len(items) >= 8, "the sheet has fewer than 8 lines"
    for item in items:
        assert list(item["answers"]) == ids, item["id"]


def test_an_option_left_out_of_a_line_is_refused(data):
    line = edit(data, TALKING_COST, "")
    code, text = check()
    assert code == 1 and "no answer for the option 'talking'" in text, text
    # The line of answers: (the talking answer was the 7th under it).
    assert where(text) == [line - 7], text


def test_an_answer_citing_a_source_its_cells_do_not_cite_is_refused(data):
    # NICE-NG222 is a real key, cited by other options' cost cells, not by esketamine's.
    line = edit(data, ESKETAMINE_COST, ESKETAMINE_COST.replace("OxfordHealthPricing", "NICE-NG222"))
    code, text = check()
    assert code == 1, text
    assert "cites 'NICE-NG222', which the option's cells in cost do not cite" in text, text
    assert where(text) == [line], text


def test_an_answer_too_long_for_its_box_is_refused(data):
    long = "England: " + "a price and who pays, " * 3
    line = edit(data, ESKETAMINE_COST, ESKETAMINE_COST.replace("England: ", long, 1))
    code, text = check()
    assert code == 1 and "at most 64 characters" in text, text
    assert where(text) == [line], text


def test_an_answer_without_a_source_must_say_not_known_where_a_cell_does(data):
    line = edit(data, TALKING_COST, '      talking: {text: "Free in England"}\n')
    code, text = check()
    assert code == 1 and "the answer has no source" in text, text
    assert where(text) == [line], text


def test_not_known_is_refused_where_no_cell_says_it(data):
    old = (
        '      medicines: {text: "NICE: if it will work, usually within 4 weeks; review if no help",'
        " cite: [NICE-NG222]}\n"
    )
    line = edit(data, old, '      medicines: {text: "Not known"}\n')
    code, text = check()
    assert code == 1 and "none of the option's cells in how_soon says" in text, text
    assert where(text) == [line], text


def test_an_answer_for_no_such_option_is_refused(data):
    line = edit(data, TALKING_COST, TALKING_COST + TALKING_COST.replace("talking:", "yoga:"))
    code, text = check()
    assert code == 1 and "an answer for 'yoga', which is not an option" in text, text
    assert where(text) == [line + 1], text


def test_every_answer_in_the_data_passes(data):
    assert check() == (0, "")


def test_a_line_on_serious_or_lasting_risks_answers_for_every_option():
    """DISCERN and the sheet's reviewers: side effects alone left out memory (ECT), misuse
    (esketamine, ketamine drips) and long-term safety. One line answers these for all seven
    choices, from the harms rows, beside the line on side effects."""
    items = {item["id"]: item for item in answered()}
    risks = items.get("long-term-safety")
    assert risks, "no line on serious or lasting risks on the sheet"
    assert "side_effects" in risks["rows"], risks["rows"]
    assert "side-effects" in items, "the line on side effects is gone"
    answers = {oid: a["text"].lower() for oid, a in risks["answers"].items()}
    assert "memory" in answers["ect"], answers["ect"]
    for oid in ("esketamine", "iv-ketamine"):
        assert "misuse" in answers[oid], (oid, answers[oid])


def test_the_cost_line_says_it_is_for_the_uk_and_where_other_countries_are():
    """The cost answers are for the UK (mostly England); the page points to the table's row
    with what was found for other countries, and each option's answer on the same basis
    (what a person pays, and an NHS route where the cells give one)."""
    cost = next(item for item in answered() if item["id"] == "cost")
    assert "UK" in cost["question"], cost["question"]
    page = (ROOT / "docs" / "decision-aid" / "one-page-sheet.md").read_text(encoding="utf-8")
    assert "](index.md#da-row-cost)" in page
    assert "](index.md#da-row-side_effects)" in page
    # The NHS routes the cells give: esketamine in Scotland, drips for some local people.
    assert "Scotland" in cost["answers"]["esketamine"]["text"]
    assert "NHS" in cost["answers"]["iv-ketamine"]["text"]


# ---------------------------------------------------------------------------
# The built page
# ---------------------------------------------------------------------------


def _cells(row: str) -> list[str]:
    return re.findall(r"<td>(.*?)</td>", row, re.S)


def test_the_sheet_shows_every_option_and_every_answered_line(site):
    built = (site / URL / "index.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="da-vgrid">.*?</table>', built, re.S)
    assert table, "no sheet on the page"
    html = table.group(0)
    data = options()
    heads = re.findall(r'<th scope="col">(.*?)</th>', html)
    assert heads[1:] == [htmlmod.escape(o["short"]) for o in data["options"]], heads
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", html, re.S)
    items = answered()
    assert len(rows) == len(items)
    for item, row in zip(items, rows, strict=True):
        assert f"<legend>{htmlmod.escape(item['question'])}</legend>" in row, item["id"]
        # Three labelled radio buttons, one group per line; no form, nothing sent.
        radios = re.findall(r'<label class="da-vtick"><input type="radio" name="([^"]+)"', row)
        assert radios == [f"dv-{item['id']}"] * 3, item["id"]
        cells = _cells(row)
        assert len(cells) == len(data["options"]), item["id"]
        for option, cell in zip(data["options"], cells, strict=True):
            answer = item["answers"][option["id"]]
            plain = re.sub(r"<sup.*?</sup>|</?abbr[^>]*>", "", cell, flags=re.S)
            words = htmlmod.unescape(plain).strip()
            assert words.rstrip(".") == answer["text"].rstrip("."), (item["id"], option["id"])
            cited = re.findall(r'href="#source-\d+"', cell)
            assert len(cited) == len(answer.get("cite") or []), (item["id"], option["id"])
    # The glossary's meanings show on its terms in the answers, as in the comparison's cells
    # (NICE, placebo ... each an <abbr> with the glossary's meaning).
    for term in ("NICE", "placebo"):
        assert re.search(rf'<abbr title="[^"]+">{re.escape(term)}</abbr>', html), term
    article = built[built.index("<article") : built.index("</article>")]
    assert "<form" not in article
    # A labelled region the keyboard can reach and scroll, named by the table's caption.
    assert re.search(
        r'<div class="da-vgrid-wrap" role="region" aria-labelledby="da-vgrid-caption" tabindex="0">',
        built,
    )
    assert 'id="da-vgrid-caption"' in html


def test_the_sheet_is_linked_from_the_worksheet_and_the_comparison():
    docs = ROOT / "docs" / "decision-aid"
    for page in ("what-matters-to-you.md", "index.md"):
        assert "](one-page-sheet.md)" in (docs / page).read_text(encoding="utf-8"), page


# ---------------------------------------------------------------------------
# On paper (a real Chromium)
# ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_one_page_sheet_prints_on_one_sheet(printer, server, paper):
    from printed import read_pdf, sheet_sizes

    got = read_pdf(printer.pdf(f"{server}/{URL}", paper))
    assert got.pages == 1, f"{paper}: {got.pages} sheets"
    width, height = got.sizes[0]
    assert width > height, f"{paper}: not landscape"
    # Compared without spaces: a line may break after a hyphen ("off- label").
    text = re.sub(r"\s+", "", got.text[0])
    for option in options()["options"]:
        assert re.sub(r"\s+", "", option["short"]) in text, f"{paper}: {option['id']} not printed"
    for item in answered():
        question = re.sub(r"\s+", "", item["question"])
        assert question in text, f"{paper}: {item['id']} not printed"
    assert "numbersinbracketsaresources" in text, paper
    # Safety first: the help numbers are on the sheet too.
    assert "localemergencynumber" in text, f"{paper}: no help numbers"
    assert got.smallest >= 7.9, f"{paper}: text at {got.smallest} pt ({got.smallest_text!r})"
    # Its landscape sheet is its own: the worksheet still prints upright.
    w, h = sheet_sizes(printer.pdf(f"{server}/decision-aid/what-matters-to-you/", paper))[0]
    assert h > w, f"{paper}: the worksheet no longer prints upright"


@pytest.mark.browser
def test_on_a_phone_a_cue_says_the_sheet_scrolls_sideways(page, server):
    """At 390 px only the first choice shows: a cue above the table, outside its scrolling
    region, says to swipe sideways. Where the table fits (a desktop) and on paper it is hidden."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/{URL}")
    cue = page.locator("p.da-vswipe")
    assert cue.count() == 1
    assert cue.is_visible(), "no cue on a phone"
    assert "sideways" in cue.inner_text()
    box = cue.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    # The cue comes before the region it describes, and the region does scroll.
    assert page.evaluate(
        "(() => { const c = document.querySelector('p.da-vswipe'),"
        " r = document.querySelector('.da-vgrid-wrap');"
        " return c.nextElementSibling === r && r.scrollWidth > r.clientWidth; })()"
    )
    page.emulate_media(media="print")
    assert not cue.is_visible(), "the cue prints"
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not cue.is_visible(), "the cue shows where the table fits"
