"""The PR-comment workflow (trusted, from the default branch): post or update ONE comment on
a pull request with the changed pages, the checks' results and where to see the preview.

Its input, pr-summary/summary.json, comes from the pull request's own CI run and may come
from a fork, so every field is checked: a number is a number, a page is a docs/*.md path,
problems are shown as plain text in a code block, and the PR's head commit must be the
commit CI tested. Nothing from the pull request is executed.

Usage (in the workflow): python3 tools/pr_comment.py pr-summary/summary.json
Environment: GH_TOKEN, REPO, RUN_ID, RUN_URL, HEAD_SHA, CONCLUSION.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

MARKER = "<!-- ketamine-guide-preview -->"
PAGE = re.compile(r"^docs/[A-Za-z0-9_\-/]+\.md$")
SHA = re.compile(r"^[0-9a-f]{40}$")
OUTCOMES = {
    "success": "passed",
    "failure": "failed",
    "cancelled": "cancelled",
    "skipped": "skipped",
}


def validated(raw: dict, head_sha: str) -> dict:
    """The summary with every field checked; ValueError if anything is off."""
    pr = raw.get("pr")
    if not isinstance(pr, int) or isinstance(pr, bool) or pr <= 0:
        raise ValueError("pr is not a pull request number")
    if raw.get("head_sha") != head_sha or not SHA.match(head_sha):
        raise ValueError("the summary is not for the commit this run tested")
    pages = raw.get("pages")
    if not isinstance(pages, list) or not all(isinstance(p, str) and PAGE.match(p) for p in pages):
        raise ValueError("pages must be a list of docs/*.md paths")
    problems = raw.get("problems") or []
    if not isinstance(problems, list) or not all(isinstance(p, str) for p in problems):
        raise ValueError("problems must be a list of text lines")
    other = raw.get("other_files", 0)
    return {
        "pr": pr,
        "pages": pages[:50],
        "other_files": other if isinstance(other, int) else 0,
        "problems": [p[:300] for p in problems[:30]],
    }


def url_of(page: str) -> str:
    """docs/index.md -> / ; docs/safety/index.md -> /safety/ ; docs/safety/x.md -> /safety/x/"""
    rel = page[len("docs/") : -len(".md")]
    rel = rel[: -len("index")] if rel == "index" or rel.endswith("/index") else rel + "/"
    return "/" + rel


def body(summary: dict, conclusion: str, run_url: str) -> str:
    result = OUTCOMES.get(
        conclusion, conclusion if re.fullmatch(r"[a-z_]+", conclusion or "") else "unknown"
    )
    icon = "✅" if conclusion == "success" else "❌"
    lines = [MARKER, f"### {icon} Build and checks {result}", ""]
    if summary["pages"]:
        lines.append(
            f"**Changed pages ({len(summary['pages'])})**, at these addresses in the preview:"
        )
        lines += [f"- `{p}` → `{url_of(p)}`" for p in summary["pages"]]
    else:
        lines.append("**No pages changed.**")
    if summary["other_files"]:
        lines.append(
            f"\nOther files changed: {summary['other_files']} (data, hooks, configuration or tests)."
        )
    if summary["problems"]:
        safe = [p.replace("`", "'") for p in summary["problems"]]
        lines += [
            "",
            "**Problems found** (file:line: what is wrong; the run's log has each fix):",
            "```text",
            *safe,
            "```",
        ]
    lines += [
        "",
        f"**Preview:** download the `site` artifact from [this run]({run_url}#artifacts), "
        "unzip it, run `python3 -m http.server -d site 8000` and open the addresses above at "
        "http://127.0.0.1:8000/. Or check out the branch and run `make serve`.",
        "",
        "_This comment is updated on every run; it is not a review._",
    ]
    return "\n".join(lines)


def gh(*args: str, data: dict | None = None) -> str:
    cmd = ["gh", "api", *args]
    if data is not None:
        cmd += ["--input", "-"]
    return subprocess.run(
        cmd,
        input=json.dumps(data) if data is not None else None,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def main() -> int:
    env = os.environ
    repo, head_sha = env["REPO"], env["HEAD_SHA"]
    summary = validated(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")), head_sha)
    pr = summary["pr"]
    if gh(f"repos/{repo}/pulls/{pr}", "--jq", ".head.sha").strip() != head_sha:
        print(f"PR #{pr} has moved on from {head_sha}; a newer run will comment.")
        return 0
    text = body(summary, env.get("CONCLUSION", ""), env["RUN_URL"])
    ids = gh(
        f"repos/{repo}/issues/{pr}/comments",
        "--paginate",
        "--jq",
        f'.[] | select(.user.type == "Bot" and (.body | startswith("{MARKER}"))) | .id',
    ).split()
    if ids:
        gh("-X", "PATCH", f"repos/{repo}/issues/comments/{ids[0]}", data={"body": text})
    else:
        gh("-X", "POST", f"repos/{repo}/issues/{pr}/comments", data={"body": text})
    return 0


if __name__ == "__main__":
    sys.exit(main())
