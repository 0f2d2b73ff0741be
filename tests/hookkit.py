"""Run the build hooks in-process on small fixtures, without a whole MkDocs build.

    from hookkit import hooks, page, problems
    with problems() as found:
        hooks.pages.check_markdown(text, page("about/x.md", text), 0)
    assert "docs/about/x.md:3: unsafe HTML" in found.text

The hooks are imported as plain modules from overrides/hooks (as a pre-build staging step
would), and editor problems are collected from the logger they all report through.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import re
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "overrides" / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))


class _Hooks(types.SimpleNamespace):
    def __getattr__(self, name: str):
        module = importlib.import_module(name)
        setattr(self, name, module)
        return module


hooks = _Hooks()
# Every hook mkdocs.yml lists, in its order (read from the file, so a new hook is never missed:
# a marker its module registers would otherwise be "unknown" when a test runs on its own).
ALL = tuple(re.findall(r"^\s*- overrides/hooks/(\w+)\.py", (ROOT / "mkdocs.yml").read_text(), re.M))


def load_all():
    """Import every hook, as MkDocs does before the first page: markers get registered."""
    for name in ALL:
        getattr(hooks, name)
    own_renderers()
    hooks.references.on_config(None)  # the citation registry
    hooks.provenance.on_config(None)  # the figure store
    hooks.decision_aid.on_config(None)  # the options and their figures
    return hooks


class Found(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    @property
    def text(self) -> str:
        return "\n".join(self.messages)


@contextlib.contextmanager
def problems():
    """Collect every problem() the hooks report inside the block."""
    log = logging.getLogger("mkdocs.hooks.editorial")
    found = Found()
    log.addHandler(found)
    try:
        yield found
    finally:
        log.removeHandler(found)


CONFIG = {"site_url": None, "repo_url": None, "edit_uri": None, "edit_uri_template": None}


def page(src_uri: str, text: str | None = None):
    """A MkDocs Page for docs/<src_uri>, with `text` as its source (default: the real file)."""
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page
    from mkdocs.utils import meta

    f = File(src_uri, str(ROOT / "docs"), "/nonexistent-site", True)
    f.content_string = (
        text if text is not None else (ROOT / "docs" / src_uri).read_text(encoding="utf-8")
    )
    p = Page(None, f, CONFIG)
    p.markdown, p.meta = meta.get_data(f.content_string)
    return p


def own_renderers() -> None:
    """The marker renderers of the hooks imported here (with the data their events loaded).
    MkDocs' config loader (sitepages.nav_pages, a test reading site_url) runs the hook files
    again as other modules, and the last module loaded registers its renderers, as on each
    rebuild of `mkdocs serve`; a test that drives the hooks in-process puts its own back."""
    markers = hooks.markers
    for kind in markers.registry.values():
        for name, fn in list(kind.renderers.items()):
            kind.renderers[name] = _ours(fn)
        if kind.any_name:
            kind.any_name = _ours(kind.any_name)


def _ours(fn):
    code = getattr(fn, "__code__", None)
    stem = Path(code.co_filename).stem if code else ""
    if stem not in ALL:
        return fn
    found = getattr(hooks, stem)
    for part in fn.__qualname__.split("."):
        found = getattr(found, part, None)
    return found or fn
