"""The PR comment: built only from validated data, one comment with pages, results, preview."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import pr_comment  # noqa: E402

SHA = "a" * 40
GOOD = {
    "pr": 7,
    "head_sha": SHA,
    "pages": ["docs/conditions/ptsd.md", "docs/index.md", "docs/safety/index.md"],
    "other_files": 1,
    "outcome": "failure",
    "problems": [
        "docs/conditions/ptsd.md:14: unknown citation key 'Nope'",
        "FAILED tests/test_prose.py::x",
    ],
}


def test_the_comment_lists_pages_results_and_the_preview():
    text = pr_comment.body(
        pr_comment.validated(GOOD, SHA), "failure", "https://github.com/o/r/actions/runs/1"
    )
    assert text.startswith(pr_comment.MARKER)
    assert "Build and checks failed" in text
    assert "- `docs/conditions/ptsd.md` → `/conditions/ptsd/`" in text
    assert "- `docs/index.md` → `/`" in text and "- `docs/safety/index.md` → `/safety/`" in text
    assert "docs/conditions/ptsd.md:14: unknown citation key 'Nope'" in text
    assert "https://github.com/o/r/actions/runs/1#artifacts" in text and "make serve" in text


@pytest.mark.parametrize(
    "field,value",
    [
        ("pr", "7; rm -rf /"),
        ("pr", True),
        ("head_sha", "b" * 40),
        ("pages", ["docs/../../etc/passwd"]),
        ("pages", ["README.md"]),
        ("pages", "docs/x.md"),
        ("problems", [{"x": 1}]),
    ],
)
def test_untrusted_summary_fields_are_refused(field, value):
    with pytest.raises(ValueError):
        pr_comment.validated(dict(GOOD, **{field: value}), SHA)


def test_backticks_in_problems_cannot_break_out_of_the_code_block():
    raw = dict(GOOD, problems=["```\n[click](https://evil.example)"])
    text = pr_comment.body(pr_comment.validated(raw, SHA), "success", "u")
    assert text.count("```") == 2


def test_ci_summary_lists_changed_pages(tmp_path):
    repo = tmp_path / "r"
    repo.mkdir()

    def git(*a):
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *a],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    (repo / "docs").mkdir()
    (repo / "docs/a.md").write_text("a")
    git("add", "."), git("commit", "-qm", "base")
    (repo / "docs/b.md").write_text("b")
    (repo / "mkdocs.yml").write_text("x")
    git("add", "."), git("commit", "-qm", "change")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 3, "head": {"sha": SHA}}}))
    (repo / "ci.log").write_text(
        "WARNING -  docs/b.md:3: the alt text 'image' does not describe the picture\n"
        "      How to fix: say what it shows\nFAILED tests/test_site.py::test_x - boom\n"
    )
    subprocess.run(
        [sys.executable, str(ROOT / "tools/pr_summary.py"), "ci.log"],
        cwd=repo,
        check=True,
        env=dict(os.environ, GITHUB_EVENT_PATH=str(event), OUTCOME="failure"),
    )
    out = json.loads((repo / "pr-summary/summary.json").read_text())
    assert out["pages"] == ["docs/b.md"] and out["other_files"] == 1 and out["pr"] == 3
    assert out["problems"] == [
        "docs/b.md:3: the alt text 'image' does not describe the picture",
        "FAILED tests/test_site.py::test_x",
    ]
    assert pr_comment.validated(out, SHA)["pages"] == ["docs/b.md"]
