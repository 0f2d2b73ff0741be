"""CI, on a pull request: write pr-summary/summary.json for the PR-comment workflow.

Runs in the untrusted pull-request job, so it only writes data: the PR number, the head
commit, the changed pages, the checks' outcome and the build problems from the log.
`tools/pr_comment.py` (run from the default branch) validates every field before use.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

OUT = Path("pr-summary")


def changed_files() -> list[str]:
    # actions/checkout gives the merge commit; its first parent is the base branch.
    run = subprocess.run(
        ["git", "diff", "--name-only", "HEAD^1", "HEAD"], capture_output=True, text=True
    )
    return run.stdout.split() if run.returncode == 0 else []


def problems(log: str) -> list[str]:
    """The build's problems (file:line: what) and failed tests, without the fix lines."""
    found = [m.group(1) for m in re.finditer(r"^WARNING\s+-\s+(.+)$", log, re.M)]
    found += [m.group(0) for m in re.finditer(r"^FAILED \S+", log, re.M)]
    return found[:30]


def main() -> int:
    event = json.loads(Path(os.environ["GITHUB_EVENT_PATH"]).read_text())
    log_path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("ci.log")
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    files = changed_files()
    OUT.mkdir(exist_ok=True)
    (OUT / "summary.json").write_text(
        json.dumps(
            {
                "pr": event["pull_request"]["number"],
                "head_sha": event["pull_request"]["head"]["sha"],
                "pages": [f for f in files if f.startswith("docs/") and f.endswith(".md")],
                "other_files": len(
                    [f for f in files if not (f.startswith("docs/") and f.endswith(".md"))]
                ),
                "outcome": os.environ.get("OUTCOME", "unknown"),
                "problems": problems(log),
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
