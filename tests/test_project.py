"""The project itself: documentation that names only files that exist, and make targets
that install what their tests need."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from sitepages import ROOT

DOCS = ["README.md", "CONTRIBUTING.md", "STYLE.md"]
PATH = re.compile(r"`([\w./-]+\.(?:md|yml|yaml|py|svg|png|txt|html|css|js|json|mjs))`")


@pytest.mark.parametrize("doc", DOCS)
def test_documentation_names_only_files_that_exist(doc):
    """A path in backticks exists from the project root or under docs/ (pages are named as
    MkDocs names them). Generic examples (a name with no folder) are skipped."""
    missing = []
    for n, line in enumerate((ROOT / doc).read_text(encoding="utf-8").splitlines(), start=1):
        for path in PATH.findall(line):
            if "/" not in path or "*" in path or path.startswith(("http", "site/")):
                continue
            if not any((base / path).exists() for base in (ROOT, ROOT / "docs", ROOT / "tests")):
                missing.append(f"{doc}:{n}: {path}")
    assert not missing, missing


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_test_fast_installs_the_node_tools_its_tests_use(tmp_path):
    """`make test-fast` on a fresh clone: the workflow test runs Node (tests/node_modules)."""
    for name in (
        "Makefile",
        "requirements.txt",
        "requirements-test.txt",
        "tests/package.json",
        "tests/package-lock.json",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    run = subprocess.run(["make", "-n", "test-fast"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "npm ci" in run.stdout, run.stdout


def test_browser_tests_wait_for_conditions_not_fixed_times():
    """A fixed wait is too short on a busy machine and wasted on an idle one: wait for a
    condition (wait_for_function, wait_for_selector, networkidle) instead."""
    fixed_wait = "wait_for_" + "timeout("  # split, so this file does not match itself
    found = [
        f"{p.name}:{n}"
        for p in sorted((ROOT / "tests").glob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if fixed_wait in line and not line.lstrip().startswith("#")
    ]
    assert not found, found
