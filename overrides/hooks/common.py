"""Helpers shared by the build hooks: error reporting, front matter and data files.

Every problem an editor can cause is reported through `problem()`: one line that names
the file (and line where known), says what is wrong and how to fix it. Problems are
logged as warnings under the `mkdocs` logger, so `strict: true` turns them into a failed
build, and MkDocs lists all of them before it stops.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger("mkdocs.hooks.editorial")

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
INCLUDES = ROOT / "includes"

# The scales of STYLE.md, in one place: the schema, badges, table and chart all read them.
EVIDENCE_LEVELS = ("established", "moderate", "limited", "early")   # strongest first
STATUS_WORDS = {"approved": "Approved", "partly-approved": "One form approved; others off-label",
                "off-label": "Off-label", "investigational": "Research only"}

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)(?:---|\.\.\.)\s*\n", re.S)


def problem(where: str, message: str, fix: str) -> None:
    """Report an editor's mistake; strict mode turns it into a failed build."""
    log.warning("%s: %s\n      How to fix: %s", where, message, fix)


def front_matter_lines(source: str) -> int:
    """How many lines the front matter block takes at the top of a page's source."""
    m = FRONT_MATTER.match(source)
    return m.group(0).count("\n") if m else 0


def line_of(text: str, index: int, offset: int = 0) -> int:
    """1-based line number of a character index, plus the front matter offset."""
    return text.count("\n", 0, index) + 1 + offset


def field_line(source: str, field: str) -> int | None:
    """The line where a front matter field is set, or None."""
    m = re.search(rf"^{re.escape(field)}\s*:", source, re.M)
    return line_of(source, m.start()) if m else None


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """An impossible date such as 2026-13-40 stays text, so the schema can name the field
    instead of the YAML parser raising a traceback."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The one YAML loader of the hooks: safe, the fast C parser where it is installed, and
    lenient about impossible dates. A subclass, so PyYAML's own loaders stay untouched."""


Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)

# Parsed once per text: the "All sources" index, the evidence table and chart, and the page
# checks all read the same front matter, and `mkdocs serve` reparses only what changed.
_parsed: dict[str, Any] = {}


def parse_yaml(text: str) -> Any:
    """Parse YAML text with `Loader`, cached by content (raises yaml.YAMLError)."""
    if text not in _parsed:
        _parsed[text] = yaml.load(text, Loader=Loader)  # noqa: S506 (Loader is a safe loader)
    return _parsed[text]


def front_matter_of(file) -> dict[str, Any]:
    """Another page's front matter, read from its source (pages.py reports any error)."""
    m = FRONT_MATTER.match(file.content_string)
    try:
        data = parse_yaml(m.group(1)) if m else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def load_yaml(path: Path) -> Any:
    """Load a data file; a syntax error names the file and line."""
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.relative_to(ROOT)}:{mark.line + 1}" if mark else str(path.relative_to(ROOT))
        problem(where, f"this YAML file does not parse ({getattr(exc, 'problem', exc)})",
                "check the indentation and quote any text that contains a colon")
        return None


def long_date(day: Any) -> str:
    """A date as "4 December 2026" on every platform (the no-padding day directive of strftime is not portable: Windows rejects it)."""
    return f"{day.day} {day.strftime('%B %Y')}"


def pydantic_errors(exc: Any) -> list[tuple[str, str]]:
    """(field path, message) pairs from a pydantic ValidationError, in plain words."""
    out = []
    for err in exc.errors():
        loc = ".".join(str(part) for part in err["loc"]) or "(whole entry)"
        msg = err["msg"]
        if err["type"] == "missing":
            msg = "is missing"
        elif err["type"] == "extra_forbidden":
            msg = "is not a field this file allows (a typo?)"
        out.append((loc, msg))
    return out
