"""A scratch copy of the project, to break on purpose and build for real.

Most tests that need a real build share one of two copies, each built once per test run:
`BROKEN` (every mistake only the whole build can see, all in one failing build: MkDocs
reports every warning before strict mode stops it) and `CHANGED` (valid edits that must
still build). A test file registers its edit with `@BROKEN.change` or `@CHANGED.change`;
the edit returns the facts its test needs (line numbers, say), and the test reads them from
the `broken_build` or `changed_build` fixture. Edits append to files or change lines no other
edit touches, so they stay independent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "site", "node_modules", ".cache", "__pycache__", ".pytest_cache", "out"
)


def copy_project(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    return dest


def build(project: Path, **env) -> tuple[int, str]:
    """`mkdocs build --strict` in the copy; returns the exit code and everything printed."""
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "out")],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", **env),
    )
    return run.returncode, run.stdout + run.stderr


def rename_page(project: Path, old: str, new: str) -> None:
    """Rename docs/<old> to docs/<new> the way an editor would: in the nav, in every link to it,
    and in the change and check records (data/changes, data/checks), which name pages by path."""
    (project / "docs" / old).rename(project / "docs" / new)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert f": {old}" in text, f"test setup: {old} not in the nav of mkdocs.yml"
    config.write_text(text.replace(f": {old}", f": {new}", 1), encoding="utf-8")
    for md in (project / "docs").rglob("*.md"):
        md.write_text(
            md.read_text(encoding="utf-8").replace(Path(old).name, Path(new).name), encoding="utf-8"
        )
    for record in [
        *(project / "data" / "changes").glob("*.yml"),
        *(project / "data" / "checks").glob("*.yml"),
    ]:
        record.write_text(
            record.read_text(encoding="utf-8").replace(f"page: {old}\n", f"page: {new}\n"),
            encoding="utf-8",
        )


Change = Callable[[Path], Any]


@dataclass
class Built:
    """A shared copy after its one build: exit code, everything printed, the built pages
    (`project / "out"`) and what each edit returned."""

    project: Path
    code: int
    out: str
    facts: dict[Change, Any]

    def __getitem__(self, change: Change) -> Any:
        return self.facts[change]

    def html(self, rel: str) -> str:
        return (self.project / "out" / rel).read_text(encoding="utf-8")

    def message(self, start: str) -> str:
        """The whole message that contains `start`, up to the next one (with its fix)."""
        at = self.out.index(start)
        begin = self.out.rfind("\n", 0, at) + 1
        ends = [i for k in ("\nWARNING", "\nERROR", "\nINFO") if (i := self.out.find(k, at)) != -1]
        return self.out[begin : min(ends, default=len(self.out))]


@dataclass
class SharedCopy:
    name: str
    env: dict[str, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    def change(self, fn: Change) -> Change:
        """Register an edit (a function of the copy's path) to make before the one build."""
        self.changes.append(fn)
        return fn

    def build(self, dest: Path) -> Built:
        project = copy_project(dest)
        facts = {fn: fn(project) for fn in self.changes}
        code, out = build(project, **self.env)
        return Built(project, code, out, facts)


# The environment cannot loosen --strict: STRICT=false is what `make serve` sets.
BROKEN = SharedCopy("broken", {"STRICT": "false"})
# Years later: the review calendar never fails a build (readers see a notice instead).
CHANGED = SharedCopy("changed", {"REVIEW_TODAY": "2031-06-01"})
