"""MkDocs glue for the clinicians' evidence table (logic: studies.py, trials_render.py).

- Checks, before any page is rendered, the `study:` block of every trial and meta-analysis
  a page cites (data/figures/<Key>.yml); the build fails with the file, line and fix.
- `<!-- generated: trials-table -->` on a page becomes the table, grouped by condition and
  then by form of treatment. It runs before provenance.py and references.py, which turn its
  `<!-- figure: ID -->` and `[@Key]` into figures with their quotes and numbered sources.
"""

from __future__ import annotations

import logging
import posixpath
import re
import sys

import figstore
import generated
import markers
import registry_rules
import studies
import trials_render
from common import DATA, ROOT, front_matter_of, load_yaml, problem

sys.modules.setdefault("trials_table", sys.modules[__name__])

CITATION = re.compile(r"\[(@[^\]]*)\]")
KEY = re.compile(r"^@?([A-Za-z][A-Za-z0-9_\-]*)$")
log = logging.getLogger("mkdocs.hooks.trials_table")

state: dict = {"found": [], "pending": {}, "titles": {}, "conditions": []}


def cited_on(files, figure_keys: dict[str, str], options_keys: set[str]) -> dict[str, list[str]]:
    """Key -> the pages (src_uri, in nav order of files) that cite it, by any route."""
    out: dict[str, list[str]] = {}
    for f in files.documentation_pages():
        keys = registry_rules.cited_keys(f.content_string, figure_keys, options_keys)
        for m in CITATION.finditer(f.content_string):
            keys |= {k.group(1) for part in m.group(1).split(";") if (k := KEY.match(part.strip()))}
        for key in keys:
            out.setdefault(key, []).append(f.src_uri)
    return out


def on_files(files, config, **kwargs):
    references = load_yaml(DATA / "references.yml")
    references = references if isinstance(references, dict) else {}
    store = figstore.cached_store(ROOT, {str(k) for k in references})
    options = load_yaml(DATA / "options.yml") or {}
    cites = cited_on(
        files,
        {fid: s.key for fid, s in store.figures.items()},
        registry_rules.comparison_keys(options if isinstance(options, dict) else {}),
    )
    found = studies.sources(ROOT, references, store, cites)
    pending, issues = studies.load_pending(ROOT)
    issues += studies.check(ROOT, found, store, pending, references)
    for issue in issues:
        problem(issue.where, issue.message, issue.fix)
    waiting = [s.key for s in found if s.key in pending]
    if waiting:
        log.info("Study blocks still pending (%s): %s", studies.PENDING, ", ".join(waiting))
    metas = {f.src_uri: front_matter_of(f) for f in files.documentation_pages()}
    state.update(
        found=found,
        store=store,
        pending=pending,
        titles={k: str(m.get("title") or k) for k, m in metas.items()},
        conditions=[r["_file"].src_uri for r in generated.condition_pages(files)],
    )
    return files


def render(marker: markers.Marker, ctx: markers.Page) -> str:
    here = posixpath.dirname(ctx.page.file.src_uri)

    def link(target: str) -> str:
        return posixpath.relpath(target, here)

    def title(target: str) -> str:
        return state["titles"].get(target, target)

    table = trials_render.render(state["found"], state["store"], state["conditions"], link, title)
    return markers.block("data/figures/*.yml (study: blocks)", table)


markers.register(
    "generated", "trials-table", "overrides/hooks/trials_table.py", render=render, inline=True
)
