"""The first hook: one plain format for MkDocs' own warnings, and a preview that never freezes.

- MkDocs' link and nav warnings are rewritten into the project's format (file, line, what
  is wrong, how to fix it), with the anchors that do exist when one is missing.
- `make serve` runs with STRICT=false: a broken page does not stop the preview. Every
  problem of the build is shown at the top of every previewed page (this page's first),
  so the editor sees it where they are looking. `make build`, `make test` and CI build
  with `--strict` (and `strict: !ENV [STRICT, true]`), where each problem fails the build
  and no panel is ever written.
"""

from __future__ import annotations

import difflib
import html
import logging
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

import common
from common import PROBLEMS, Problem

state: dict = {"files": None, "docs": Path("docs"), "config_file": "mkdocs.yml"}


def _source(src_uri: str) -> str:
    try:
        return (state["docs"] / src_uri).read_text(encoding="utf-8")
    except OSError:
        return ""


def _line_in(text: str, needle: str) -> int | None:
    i = text.find(f"]({needle}")
    i = text.find(needle) if i < 0 else i
    return text.count("\n", 0, i) + 1 if i >= 0 else None


def _nav_line(path: str) -> int | None:
    try:
        text = Path(state["config_file"]).read_text(encoding="utf-8")
    except OSError:
        return None
    m = (
        re.search(rf"^\s*(-\s*)?([^\n:]*:\s*)?{re.escape(path)}\s*$", text, re.M)
        if path
        else re.search(r"^nav:", text, re.M)
    )
    return text.count("\n", 0, m.start()) + 1 if m else None


def _pages() -> list[str]:
    files = state["files"]
    return [f.src_uri for f in files.documentation_pages()] if files else []


def _headings(src_uri: str) -> list[str]:
    files = state["files"]
    f = files.get_file_from_path(src_uri) if files else None
    out, stack = [], list(getattr(getattr(f, "page", None), "toc", None) or [])
    while stack:
        item = stack.pop(0)
        out.append(item.id)
        stack[:0] = list(item.children)
    return out


LINK_MISSING = re.compile(
    r"Doc file '(?P<src>[^']+)' contains a link '(?P<url>[^']+)', but the "
    r"target(?: '(?P<target>[^']+)')? is not found among documentation files\."
    r"(?: Did you mean '(?P<sugg>[^']+)'\?)?"
)
LINK_ODD = re.compile(
    r"Doc file '(?P<src>[^']+)' contains an unrecognized relative link '(?P<url>[^']+)'"
)
ANCHOR = re.compile(
    r"Doc file '(?P<src>[^']+)' contains a link '(?P<url>[^']+)', but (?:there is no "
    r"such anchor on this page|the doc '(?P<to>[^']+)' does not contain an anchor "
    r"'#(?P<anchor>[^']+)')"
)
NAV_OMITTED = re.compile(
    r"The following pages exist in the docs directory, but are not included in "
    r"the \"nav\" configuration:\n((?:\s+- .+\n?)+)"
)
NAV_MISSING = re.compile(
    r"A reference to '(?P<url>[^']+)' is included in the 'nav' configuration, "
    r"which is not found"
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def rewrite(msg: str) -> list[Problem]:
    """MkDocs' own warning as Problems in the project's format ([] if not one we know)."""
    if m := LINK_MISSING.match(msg):
        src, url = m["src"], m["url"]
        target = m["target"] or url
        near = m["sugg"] or next(
            iter(difflib.get_close_matches(target, _pages(), n=1, cutoff=0.6)), None
        )
        if near and not m["sugg"]:
            near = posixpath.relpath(near, posixpath.dirname(src) or ".")
        hint = f"did you mean '{near}'? " if near else ""
        return [
            Problem(
                f"docs/{src}",
                _line_in(_source(src), url),
                f"the link '{url}' points to docs/{target}, which does not exist",
                f"{hint}links are written relative to this file (e.g. ../safety/index.md); "
                "correct the path, or create the page first",
            )
        ]
    if m := LINK_ODD.match(msg):
        return [
            Problem(
                f"docs/{m['src']}",
                _line_in(_source(m["src"]), m["url"]),
                f"the link '{m['url']}' does not point to a page file",
                "link to the Markdown file itself, with .md (e.g. ../safety/side-effects.md), "
                "or to a full https:// address",
            )
        ]
    if m := ANCHOR.match(msg):
        src, url = m["src"], m["url"]
        to = m["to"] or src
        anchor = m["anchor"] or url.partition("#")[2]
        have = _headings(to)
        near = difflib.get_close_matches(anchor, have, n=1, cutoff=0.5)
        listing = ", ".join(f"#{h}" for h in have[:12]) + (" ..." if len(have) > 12 else "")
        return [
            Problem(
                f"docs/{src}",
                _line_in(_source(src), url),
                f"the link '{url}' goes to a heading '#{anchor}' that docs/{to} does not have",
                (f"did you mean '#{near[0]}'? " if near else "")
                + (
                    f"the headings there are: {listing}"
                    if have
                    else "link to the page without '#...'"
                ),
            )
        ]
    if m := NAV_OMITTED.match(msg):
        line = _nav_line("")
        return [
            Problem(
                f"docs/{p.strip()[2:]}",
                None,
                "this page is not in the site menu (nav), so readers cannot find it",
                f"add '- Its title: {p.strip()[2:]}' under the right section of nav: in "
                f"mkdocs.yml (line {line}), or start pages with `make new-page`, which does it",
            )
            for p in m.group(1).strip("\n").splitlines()
        ]
    if m := NAV_MISSING.match(msg):
        url = m["url"]
        near = difflib.get_close_matches(url, _pages(), n=1, cutoff=0.6)
        return [
            Problem(
                state["config_file"].name
                if isinstance(state["config_file"], Path)
                else "mkdocs.yml",
                _nav_line(url),
                f"the nav lists '{url}', but docs/{url} does not exist",
                (f"did you mean '{near[0]}'? " if near else "")
                + "write the path relative to docs/ (e.g. conditions/ptsd.md), or create the page first",
            )
        ]
    return []


class PlainWarnings(logging.Filter):
    """Rewrites MkDocs' link and nav warnings in place (strict mode still counts them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            found = rewrite(record.getMessage())
            if found:
                PROBLEMS.extend(found)
                record.msg, record.args = "\n".join(map(str, found)), ()
                record.plain = True
        return True


class Others(logging.Handler):
    """Any other warning (a plugin's, Markdown's) also reaches the preview panel."""

    def emit(self, record: logging.LogRecord) -> None:
        if (
            record.name == common.log.name
            or record.levelno < logging.WARNING
            or getattr(record, "plain", False)
        ):
            return
        text = record.getMessage()
        if not any(str(p) == text for p in PROBLEMS):
            PROBLEMS.append(
                Problem("(build)", None, text, "see the message; the terminal has details")
            )


def _install() -> None:
    for name in ("mkdocs.structure.pages", "mkdocs.structure.nav"):
        logger = logging.getLogger(name)
        for f in [f for f in logger.filters if type(f).__name__ == "PlainWarnings"]:
            logger.removeFilter(f)
        logger.addFilter(PlainWarnings())
    root = logging.getLogger("mkdocs")
    for h in [h for h in root.handlers if type(h).__name__ == "Others"]:
        root.removeHandler(h)
    root.addHandler(Others())


QUIET_STRICT = (
    "mkdocs.yml: `mkdocs build --strict` was run with -q (--quiet). Quiet mode hides every "
    "warning, and strict mode fails only on the warnings it sees, so a broken link or an "
    "unknown citation would pass. How to fix: build without -q (`make build`), or use "
    "STRICT=false when you only want a quiet preview."
)


def on_config(config: MkDocsConfig, **kwargs: object) -> MkDocsConfig:
    # MkDocs' -q sets its logger to ERROR; its strict mode counts warnings through that logger.
    if config.get("strict") and logging.getLogger("mkdocs").getEffectiveLevel() > logging.WARNING:
        raise PluginError(QUIET_STRICT)
    common.new_build()
    state["docs"] = Path(config["docs_dir"])
    state["config_file"] = Path(config.config_file_path or "mkdocs.yml")
    _install()
    return config


def on_files(files: Files, config: MkDocsConfig, **kwargs: object) -> Files:
    state["files"] = files
    return files


ARTICLE = re.compile(r"<article\b[^>]*>")


def panel(src_uri: str) -> str:
    here = f"docs/{src_uri}"
    ordered = sorted(PROBLEMS, key=lambda p: p.file != here)
    items = "".join(
        f"<li><strong>{html.escape(p.file)}{f':{p.line}' if p.line else ''}</strong>"
        f"{' (this page)' if p.file == here else ''}: {html.escape(p.message)}"
        f"<br>How to fix: {html.escape(p.fix)}</li>"
        for p in ordered
    )
    n = len(PROBLEMS)
    return (
        f'<div class="admonition failure build-problems" role="alert">'
        f'<p class="admonition-title">Preview only: {n} build problem{"s" * (n != 1)}. '
        f"<code>make build</code>, <code>make test</code> and CI fail until {'it is' if n == 1 else 'they are'} fixed."
        f"</p><ul>{items}</ul></div>"
    )


def on_post_build(config: MkDocsConfig, **kwargs: object) -> None:
    """Preview (non-strict) builds only: put the problems at the top of every page."""
    if config["strict"] or not PROBLEMS or state["files"] is None:
        return
    for f in state["files"].documentation_pages():
        path = Path(f.abs_dest_path)
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        article = ARTICLE.search(text)
        if article:
            text = text[: article.end()] + panel(f.src_uri) + text[article.end() :]
        path.write_text(text, encoding="utf-8")
    logging.getLogger("mkdocs.hooks.preview").info(
        "%d build problem(s): the preview shows them at the top of every page", len(PROBLEMS)
    )
