"""Helpers shared by the build hooks: error reporting, front matter and data files.

Error-reporting API (one plain format for every problem an editor can cause):

    problem("docs/x.md:12", "what is wrong", "how to fix it")   # where = file[:line]
    report("docs/x.md", 12, "what is wrong", "how to fix it")    # the same, line separate

prints

    WARNING -  docs/x.md:12: what is wrong
          How to fix: how to fix it

Problems are logged as warnings under the `mkdocs` logger, so `strict: true` (make build,
make test, CI) turns them into a failed build after listing all of them, and
`make serve` (STRICT=false) shows them inside the previewed pages (hooks/preview.py).
Each one is also kept in `PROBLEMS` for that preview. Rules: name the file and the line
of the file the editor wrote (`source_line()` maps text that hooks have changed back to
it); one message per cause; no library wording (`plain_errors()` translates pydantic's).
"""

from __future__ import annotations

import copy
import difflib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, get_args

import yaml

if TYPE_CHECKING:
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page


log = logging.getLogger("mkdocs.hooks.editorial")

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
INCLUDES = ROOT / "includes"
# What "read in a copy" means, in the words every page uses (above a Sources list, above the
# comparison's grid): said once here so the two explanations cannot drift apart.
COPY_MEANING = "we could read that source only on another website, not on its publisher's own page"
# The words of the link after each figure (provenance.py): "quote 3" opens the source's own
# sentence for it under "How we know these figures". A tick there was read as "verified by us".
FIGURE_LINK_WORDS = "quote"

# The scales of STYLE.md, in one place: the schema, badges, table and chart all read them.
Evidence = Literal["established", "moderate", "limited", "early"]  # strongest first
Status = Literal["approved", "partly-approved", "off-label", "investigational"]
EVIDENCE_LEVELS: tuple[str, ...] = get_args(Evidence)
STATUS_WORDS: dict[str, str] = {
    "approved": "Approved",
    "partly-approved": "One form approved; others off-label",
    "off-label": "Off-label",
    "investigational": "Research only",
}
assert tuple(STATUS_WORDS) == get_args(Status), "STATUS_WORDS and Status name the same statuses"

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)(?:---|\.\.\.)\s*\n", re.S)


class Problem(NamedTuple):
    file: str  # relative to the project root, e.g. docs/about/privacy.md
    line: int | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}\n      How to fix: {self.fix}"


@dataclass
class Issue:
    """A problem found by plain logic that returns its problems instead of reporting them
    (the figure store, the registry rules, the change records); the hook reports each."""

    where: str  # file:line
    message: str
    fix: str

    @classmethod
    def of(cls, p: Problem) -> Issue:
        """A loader's Problem (read_yaml) as an Issue."""
        return cls(f"{p.file}:{p.line or 1}", p.message, p.fix)


PROBLEMS: list[Problem] = []  # this build's problems, in the order they were found
_WHERE = re.compile(r"^(.*?):(\d+)$")


def report(file: str, line: int | None, message: str, fix: str) -> Problem:
    """Report an editor's mistake; strict mode turns it into a failed build."""
    p = Problem(file, line, message, fix)
    PROBLEMS.append(p)
    log.warning("%s", p)
    return p


def problem(where: str, message: str, fix: str) -> Problem:
    """`report()` with the place written as 'file' or 'file:line'."""
    m = _WHERE.match(where)
    return (
        report(m.group(1), int(m.group(2)), message, fix)
        if m
        else report(where, None, message, fix)
    )


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
        _parsed[text] = yaml.load(text, Loader=Loader)
    return _parsed[text]


def _node_lines(root: yaml.Node | None) -> dict[tuple, int]:
    """1-based line of every mapping key and list item of a composed YAML document, by its
    path (("figures", "id", "quote") or ("options", 0, "rows"))."""
    out: dict[tuple, int] = {}

    def walk(node: yaml.Node, path: tuple) -> None:
        out.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, str(key.value))
                out[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return out


_line_maps: dict[tuple[str, int], list[int | None]] = {}


def source_line(page: Page, markdown: str, index: int) -> int | None:
    """The line, in the file the editor wrote, of `markdown[index]`, where `markdown` is the
    page after other hooks have inserted or replaced text (badges, generated tables).
    None when that text was made by the build and is not in the file at all."""
    key = (page.file.src_uri, hash(markdown))
    if key not in _line_maps:
        mine = markdown.splitlines()
        theirs = page.file.content_string.splitlines()
        mapping: list[int | None] = [None] * (len(mine) + 1)
        sm = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        for a, b, size in sm.get_matching_blocks():
            for i in range(size):
                mapping[a + i] = b + i + 1
        if len(_line_maps) > 200:
            _line_maps.clear()
        _line_maps[key] = mapping
    n = markdown.count("\n", 0, index)
    mapping = _line_maps[key]
    return mapping[n] if n < len(mapping) else None


def front_matter_of(file: File) -> dict[str, Any]:
    """Another page's front matter, read from its source (pages.py reports any error)."""
    m = FRONT_MATTER.match(file.content_string)
    try:
        data = parse_yaml(m.group(1)) if m else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


class LineDict(dict):
    """A YAML mapping that remembers the line of each key (`.lines[key]`, 1-based)."""

    lines: dict[Any, int]


class LineList(list):
    """A YAML list that remembers the line of each item (`.lines[i]`, 1-based)."""

    lines: list[int]


class _LineLoader(Loader):  # the C parser where installed: its nodes carry lines too
    """Keeps key lines and reports a key written twice in one mapping (plain YAML keeps
    the last copy without a word, silently replacing the first)."""

    path = ""
    found: list[Problem]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        self.flatten_mapping(node)
        out = LineDict()
        out.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in out.lines:
                self.found.append(
                    Problem(
                        self.path,
                        line,
                        f"'{key}' is written twice in the same block (first on line "
                        f"{out.lines[key]}); YAML keeps only this later copy and drops the "
                        "first without a word",
                        "keep one copy: merge what you need from both into the first, then "
                        "delete this one (or give it a different name)",
                    )
                )
            out[key] = self.construct_object(value_node, deep=deep)
            out.lines[key] = line
        return out

    def construct_list(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        out = LineList(self.construct_object(item, deep=deep) for item in node.value)
        out.lines = [item.start_mark.line + 1 for item in node.value]
        return out


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_list)


# Each version of a data file, parsed once: (data, problems, line of every key by its path).
_loaded: dict[tuple, tuple[Any, list[Problem], dict[tuple, int]]] = {}
_reported: set[tuple] = set()


def new_build() -> None:
    """Forget this build's problems and loaded files (hooks/preview.py, at each build's start)."""
    PROBLEMS.clear()
    _loaded.clear()
    _reported.clear()


def _parsed_file(path: Path, rel: str | None) -> tuple[Any, list[Problem], dict[tuple, int]]:
    rel = rel or _rel(path)
    stat = path.stat()
    key = (str(path), rel, stat.st_mtime_ns, stat.st_size)
    if key not in _loaded:
        _loaded[key] = _read_yaml(path, rel)
    return _loaded[key]


def read_yaml(path: Path, rel: str | None = None) -> tuple[Any, list[Problem]]:
    """The one loader of the data files: (data, problems), nothing reported, for plain logic
    that returns its problems (the figure store, the change records). Mappings are
    `LineDict`s and lists `LineList`s (the line of each key and item); a key written twice
    and a syntax error are problems naming `rel` (default: the path from the project root)
    and the line. Each version of a file is parsed once; each caller gets its own copy."""
    data, found, _ = _parsed_file(path, rel)
    return copy.deepcopy(data), list(found)


def yaml_lines(path: Path, rel: str | None = None) -> dict[tuple, int]:
    """The line of every key and list item of a data file, by its path
    (("figures", "id", "quote") or ("options", 0, "rows")), from the same one parse as
    read_yaml(); {} when the file is missing or does not parse. Callers only read it."""
    return _parsed_file(path, rel)[2] if path.exists() else {}


def load_yaml(path: Path) -> Any:
    """`read_yaml()` for the hooks: its problems are reported (once per build, however
    many hooks read the file) and the data returned (None when it does not parse)."""
    data, found = read_yaml(path)
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _reported:
        _reported.add(key)
        for p in found:
            report(p.file, p.line, p.message, p.fix)
    return data


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _read_yaml(path: Path, rel: str) -> tuple[Any, list[Problem], dict[tuple, int]]:
    loader = _LineLoader(path.read_text(encoding="utf-8"))
    loader.path = rel
    loader.found = []
    lines: dict[tuple, int] = {}
    try:
        node = loader.get_single_node()  # composed once: the lines, then the data
        lines = _node_lines(node)
        return (loader.construct_document(node) if node is not None else None), loader.found, lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return (
            None,
            [
                *loader.found,
                Problem(
                    rel,
                    mark.line + 1 if mark else None,
                    f"this YAML file does not parse ({getattr(exc, 'problem', exc)})",
                    "check the indentation and quote any text that contains a colon",
                ),
            ],
            lines,
        )
    finally:
        loader.dispose()


def long_date(day: Any) -> str:
    """A date as "4 December 2026" on every platform (the no-padding day directive of strftime is not portable: Windows rejects it)."""
    return f"{day.day} {day.strftime('%B %Y')}"


def plain_errors(exc: Any) -> list[tuple[str, str]]:
    """(field, message) pairs from a pydantic ValidationError, in plain words: no "Value
    error", no "(whole entry)", no regular expressions. Field is "" for a rule about the
    entry as a whole."""
    out = []
    for err in exc.errors():
        loc = ".".join(str(part) for part in err["loc"])
        kind, msg, ctx = err["type"], err["msg"], err.get("ctx") or {}
        if kind == "missing":
            msg = "is missing"
        elif kind == "extra_forbidden":
            msg = "is not a field this file allows (a typo?)"
        elif kind == "value_error":
            msg = str(ctx.get("error", msg.removeprefix("Value error, ")))
        elif kind == "string_pattern_mismatch":
            msg = "is not written in the expected form"
        elif kind == "string_too_short":
            msg = f"is too short (at least {ctx.get('min_length')} characters)"
        elif kind == "string_too_long":
            msg = f"is too long (at most {ctx.get('max_length')} characters)"
        elif kind == "literal_error":
            msg = f"must be one of {ctx.get('expected', '').replace(chr(39), '')}"
        elif kind.startswith(("int_", "float_")):
            msg = (
                "must be a whole number" if "parsing" in kind or kind == "int_type" else msg.lower()
            )
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            msg = f"is out of range ({msg.lower()})"
        out.append((loc, msg))
    return out
