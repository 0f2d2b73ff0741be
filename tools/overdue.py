"""List the pages past their `next_review` date, for the scheduled review-calendar workflow.

Usage:  python tools/overdue.py [--today YYYY-MM-DD]

Prints a Markdown list (the body of the one "Pages due for review" issue) and exits 0 when
pages are overdue, 3 when none are. The calendar never fails the build or blocks a deploy:
readers see a notice on an overdue page, and editors see this list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)(?:---|\.\.\.)\s*\n", re.S)
NONE_OVERDUE = 3


def overdue(today: dt.date, docs: Path = ROOT / "docs") -> list[tuple[str, dt.date, int]]:
    """(page, next_review, days overdue) for each overdue page, most overdue first."""
    out = []
    for path in sorted(docs.rglob("*.md")):
        m = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        try:
            meta = yaml.safe_load(m.group(1)) if m else None
        except yaml.YAMLError:
            continue  # the build reports it
        due = meta.get("next_review") if isinstance(meta, dict) else None
        if isinstance(due, dt.date) and due < today:
            out.append((path.relative_to(docs.parent).as_posix(), due, (today - due).days))
    return sorted(out, key=lambda row: -row[2])


def report(rows: list[tuple[str, dt.date, int]], today: dt.date) -> str:
    lines = [
        f"Pages past their review date on {today.isoformat()} (from `python tools/overdue.py`).",
        "Readers of these pages see a notice that the page is due for review.",
        "",
        "For each page: check it against its sources, then set `last_reviewed` to the day you "
        "checked it and `next_review` to a date at most two years later.",
        "",
    ]
    lines += [f"- [ ] `{page}`: due {due.isoformat()}, {days} days ago" for page, due, days in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    rows = overdue(args.today)
    if not rows:
        print(f"No page is past its review date on {args.today.isoformat()}.")
        return NONE_OVERDUE
    sys.stdout.write(report(rows, args.today))
    return 0


if __name__ == "__main__":
    sys.exit(main())
