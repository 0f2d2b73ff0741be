"""Prose and Markdown checks: spelling, Markdown style, house wording, reading grade."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys

import pytest

import readability
from sitepages import ROOT, nav_pages

DOCS = sorted((ROOT / "docs").rglob("*.md"))
INCLUDES = sorted((ROOT / "includes").glob("*.md"))

# House wording: words that sell or promise. Checked on the text editors write.
BANNED = {
    r"\bcur(e|es|ed|ing)\b": "say what the trials measured (response, remission), never 'cure'",
    r"\bguarantee(s|d)?\b": "nothing in medicine is guaranteed; describe the evidence",
    r"\bcompletely safe\b": "name the risks and how common they are",
    r"\bmiracle\b": "describe the evidence in neutral words",
    r"\brevolutionary\b|\bgame[- ]changer\b|\blife[- ]changing\b|\bparadigm shift\b": "neutral words",
    r"\bbreakthrough\b(?!\s+therapy)": "neutral words (the FDA's 'Breakthrough Therapy designation' is allowed)",
    r"\baddicts?\b|\babusers?\b|\bjunkies?\b": "person-first words: 'person with a substance use disorder'",
    r"\bcommit(ted|s)? suicide\b": "say 'died by suicide'",
    r"\bSpecial K\b": "use 'ketamine'; slang only when explaining it, in quotes",
    # One name per treatment (STYLE.md).
    r"\belectroshock\b|\bshock (therapy|treatment)\b": "say 'electroconvulsive therapy (ECT)'",
    r"(?<![\w-])TMS\b": "say 'repetitive transcranial magnetic stimulation (rTMS)'",
    r"\bintranasal esketamine\b|\besketamine spray\b": "say 'esketamine nasal spray'",
}


def _strip_code(text: str) -> str:
    """Drop code, search keywords (readers' own words, misspellings included), and words in
    quotation marks (quoting a claim in order to correct it)."""
    text = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)
    text = re.sub(r"^keywords:.*$", "", text, flags=re.M)
    return re.sub(r'"[^"\n]{1,60}"|“[^”\n]{1,60}”', '""', text)


@pytest.mark.parametrize("path", DOCS + INCLUDES, ids=lambda p: str(p.relative_to(ROOT)))
def test_house_wording(path):
    text = _strip_code(path.read_text(encoding="utf-8"))
    found = []
    for pattern, fix in BANNED.items():
        for m in re.finditer(pattern, text, re.I):
            line = text[: m.start()].count("\n") + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: '{m.group(0)}': {fix}")
    assert not found, "\n".join(found)


def test_spelling():
    """codespell, with the project's word list of medical terms (tests/words.txt)."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "codespell_lib",
            "--ignore-words",
            str(ROOT / "tests" / "words.txt"),
            "docs",
            "includes",
            "data",
            "README.md",
            "CONTRIBUTING.md",
            "TESTING.md",
            ".github",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.long
def test_markdown_style():
    """pymarkdownlnt, tuned for Material syntax (tests/pymarkdown.json)."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pymarkdown",
            "--config",
            str(ROOT / "tests" / "pymarkdown.json"),
            "scan",
            "-r",
            "docs",
            "includes",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_reading_grade(site, capsys):
    rows = readability.report(site=site)
    reader = [(src, g) for src, kind, g, _ in rows if kind in readability.READER_KINDS]
    median = statistics.median(g for _, g in reader)
    with capsys.disabled():
        print(
            f"\nreading grade: {len(reader)} reader pages, median {median:.1f}, "
            f"highest {max(g for _, g in reader):.1f} "
            f"({max(reader, key=lambda r: r[1])[0]})"
        )
    too_hard = [f"{src}: grade {g:.1f}" for src, g in reader if g > readability.PAGE_MAX]
    assert not too_hard, "pages above grade 10 (shorter sentences, simpler words):\n" + "\n".join(
        too_hard
    )
    assert median <= readability.MEDIAN_MAX, (
        f"median grade {median:.1f} is above {readability.MEDIAN_MAX}"
    )


def test_readability_counts_only_reader_text():
    html = (
        '<article class="md-content__inner md-typeset"><h1>T</h1><p>Short words here.</p>'
        "<table><tr><td>Intravenous esketamine pharmacokinetics</td></tr></table>"
        '<ol class="sources"><li>Pharmacokinetics of ketamine.</li></ol></article>'
    )
    text = readability.page_text(html)
    assert "Short words here" in text
    assert "pharmacokinetics" not in text.lower()


def test_every_reader_page_cites_sources(site):
    missing = []
    for src, url in nav_pages():
        html = (site / url / "index.html").read_text(encoding="utf-8")
        if src.split("/")[0] in (
            "conditions",
            "forms",
            "treatment",
            "safety",
            "understanding",
            "help",
        ) and not re.search(r'<ol class="?sources"?>', html):
            missing.append(src)
    assert not missing, f"pages with no sources: {missing}"
