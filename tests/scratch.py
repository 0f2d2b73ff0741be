"""A scratch copy of the project, to break on purpose and build for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "site", "node_modules", ".cache", "__pycache__", ".pytest_cache"
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
