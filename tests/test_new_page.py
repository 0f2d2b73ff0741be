"""`make new-page` starts a page that builds once its template text is replaced."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from hookkit import hooks, problems
from hookkit import page as make_page
from scratch import CHANGED

FILLED = {
    "One plain sentence of 50 to 160 characters that says what the page answers.": "What studies show about ketamine for bipolar depression, and how strong that evidence is.",
    "[words, readers, search for]": "[bipolar, manic depression]",
    "Three to five short bullets: the answer first.": "Only small studies so far.",
    "A heading that says what the section answers": "What the studies show",
    "Short sentences. One idea per paragraph.": "Studies are small.",
    "What the research has not answered (needed on condition and treatment pages).": "Whether the effect lasts.",
}


@CHANGED.change
def new_condition_page(project: Path) -> dict:
    """`make new-page` in the shared changed copy (scratch.CHANGED); the template text is
    then filled in, so that the copy must pass the real strict build."""
    run = subprocess.run(
        [sys.executable, "tools/new_page.py"],
        cwd=project,
        text=True,
        input="conditions\nBipolar depression\n\nearly\noff-label\n",
        capture_output=True,
    )
    page = project / "docs/conditions/bipolar-depression.md"
    text = page.read_text(encoding="utf-8") if page.exists() else ""
    nav = (project / "mkdocs.yml").read_text(encoding="utf-8")
    filled = text
    for old, new in FILLED.items():
        filled = filled.replace(old, new)
    if text:
        page.write_text(filled, encoding="utf-8")
    return {"run": run, "text": text, "nav": nav}


def test_new_condition_page_from_the_questions_to_a_passing_build(changed_build):
    made = changed_build[new_condition_page]
    run, text, nav = made["run"], made["text"], made["nav"]
    assert run.returncode == 0, run.stdout + run.stderr
    today = dt.date.today()
    assert (
        f"last_reviewed: {today}\n" in text
        and "kind: condition\nevidence: early\nstatus: off-label" in text
    )
    assert text.count("Bipolar depression") == 2  # title and H1
    assert (
        "      - Bipolar depression: conditions/bipolar-depression.md\n  - How it is given:" in nav
    )
    # Checked as written (the page hooks, in-process), it fails only on the template text
    # still to replace, each on its line.
    p = make_page("conditions/bipolar-depression.md", text)
    with problems() as found:
        markdown = hooks.drafts.on_page_markdown(p.markdown, p, None, _NoFiles())
        hooks.pages.on_page_markdown(markdown, p, None, _NoFiles())
    assert found.messages and all(
        m.startswith("docs/conditions/bipolar-depression.md:")
        and "template text left unchanged" in m
        for m in found.messages
    ), found.messages
    # Filled in, the copy passes the real strict build.
    assert changed_build.code == 0, changed_build.out[-3000:]
    built = changed_build.html("conditions/bipolar-depression/index.html")
    assert "Only small studies so far." in built


class _NoFiles:
    def get_file_from_path(self, path):
        return None


def test_new_page_refuses_an_unknown_section_and_kind(project):
    for args, message in (
        (["--section", "nowhere"], "no section docs/nowhere/"),
        (["--section", "safety", "--title", "X y", "--kind", "blog"], "kind must be one of"),
    ):
        run = subprocess.run(
            [sys.executable, "tools/new_page.py", *args],
            cwd=project,
            text=True,
            capture_output=True,
        )
        assert run.returncode != 0 and message in run.stderr
