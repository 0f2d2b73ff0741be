"""Start a page: `make new-page` asks for the section, title and kind, writes the page from
.github/page-template.md with today's review dates, adds it to the nav in mkdocs.yml and its
address to data/urls.txt.

Non-interactive:  python tools/new_page.py --section conditions --title "Bipolar depression" \
                      --kind condition --evidence early --status off-label
The template's example text stays in the page; the preview (`make serve`) lists each piece
still to replace, with its line, until the page is finished.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TEMPLATE = ROOT / ".github" / "page-template.md"
CONFIG = ROOT / "mkdocs.yml"
KINDS = ("condition", "guide", "reference")
EVIDENCE = ("established", "moderate", "limited", "early")
STATUS = ("approved", "partly-approved", "off-label", "investigational")


def sections() -> list[str]:
    return sorted(p.name for p in DOCS.iterdir() if p.is_dir() and p.name != "assets")


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def ask(prompt: str, choices: tuple | list | None = None, default: str | None = None) -> str:
    hint = f" ({' | '.join(choices)})" if choices else ""
    hint += f" [{default}]" if default else ""
    while True:
        answer = input(f"{prompt}{hint}: ").strip() or (default or "")
        if answer and (not choices or answer in choices):
            return answer
        print(f"  please answer one of: {', '.join(choices)}" if choices else "  please answer")


def page_text(
    title: str, kind: str, evidence: str | None, status: str | None, today: dt.date
) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    nxt = (
        today.replace(year=today.year + 1)
        if not (today.month == 2 and today.day == 29)
        else today + dt.timedelta(days=365)
    )
    text = text.replace("Page title, the same as the H1", title)
    text = re.sub(
        r"^kind: .*$",
        f"kind: {kind}"
        + (f"\nevidence: {evidence}\nstatus: {status}" if kind == "condition" else ""),
        text,
        count=1,
        flags=re.M,
    )
    text = re.sub(r"^last_reviewed: .*$", f"last_reviewed: {today}", text, count=1, flags=re.M)
    return re.sub(r"^next_review: .*$", f"next_review: {nxt}", text, count=1, flags=re.M)


def add_to_nav(config: str, section: str, title: str, rel: str) -> tuple[str, int]:
    """mkdocs.yml with `- Title: rel` after the section's last page (comments kept)."""
    lines = config.splitlines(keepends=True)
    last = None
    for i, line in enumerate(lines):
        if re.match(rf"^\s+- (?:[^\n]*: )?{re.escape(section)}/\S+\.md\s*$", line):
            last = i
    if last is None:
        raise SystemExit(
            f"mkdocs.yml: no nav section lists pages in docs/{section}/; add the page "
            "to nav: by hand"
        )
    item = re.match(r"^(\s+)- ", lines[last])
    indent = item.group(1) if item else "  "
    entry = (
        f'{indent}- "{title}": {rel}\n'
        if ":" in title or "#" in title
        else f"{indent}- {title}: {rel}\n"
    )
    lines.insert(last + 1, entry)
    return "".join(lines), last + 2


def add_address(rel: str) -> str:
    """Add the page's published address to data/urls.txt (as `make urls` would)."""
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    import urls  # the build hook that checks the list

    url = urls.url_of(rel)
    text = urls.URLS.read_text(encoding="utf-8") if urls.URLS.exists() else ""
    addresses = {u for _, u in urls.listed(text)} | {url}
    urls.URLS.write_text(
        urls.HEADER + "".join(f"{u}\n" for u in sorted(addresses)), encoding="utf-8"
    )
    return url


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--section"), p.add_argument("--title"), p.add_argument("--kind")
    p.add_argument("--evidence"), p.add_argument("--status"), p.add_argument("--today")
    a = p.parse_args(argv)
    section = a.section or ask("Section (folder under docs/)", sections())
    if section not in sections():
        raise SystemExit(f"no section docs/{section}/; choose one of {', '.join(sections())}")
    title = a.title or ask("Title (the same words become the H1)")
    kind = a.kind or ask("Kind", KINDS, "condition" if section == "conditions" else "guide")
    if kind not in KINDS:
        raise SystemExit(f"kind must be one of {', '.join(KINDS)} (see STYLE.md)")
    evidence = status = None
    if kind == "condition":
        evidence = a.evidence or ask("Evidence level (docs/about/evidence-levels.md)", EVIDENCE)
        status = a.status or ask("Regulatory status", STATUS)
    today = dt.date.fromisoformat(a.today) if a.today else dt.date.today()
    rel = f"{section}/{slugify(title)}.md"
    path = DOCS / rel
    if path.exists():
        raise SystemExit(f"docs/{rel} already exists; choose another title or edit that page")
    config, line = add_to_nav(CONFIG.read_text(encoding="utf-8"), section, title, rel)
    path.write_text(page_text(title, kind, evidence, status, today), encoding="utf-8")
    CONFIG.write_text(config, encoding="utf-8")
    address = add_address(rel)
    print(
        f"Wrote docs/{rel}, added it to the nav (mkdocs.yml line {line}) and its address "
        f"{address} to data/urls.txt.\n"
        "With `make serve` running, open the page: the box at the top lists the template text "
        "still to replace, line by line."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
