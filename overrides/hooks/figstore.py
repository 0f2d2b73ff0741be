"""The figure store: loading every number from a study or a label, with the sentence it rests on.

Plain logic, no MkDocs: the hook `provenance.py` and the comparison (`decision_aid.py`)
call it, and tests call it directly. The data contract is in the header of
`data/figures/README.md`; in short:

- `data/figures/<RegistryKey>.yml`, one file per source, named by its key in
  `data/references.yml`, with `figures: {id: {text, measure, quote, locator, checked, ...}}`.
- `<!-- figure: ID -->` in a page shows the figure's `text` with a link to the page's
  "How we know these figures" list.

This module reads the files (`load_store`, once per change: `cached_store`); the models and
the rules for one figure are in `figstore_schema.py`, figures typed by hand into pages in
`figstore_typed.py`. Every problem is returned as an `Issue` (where, message, fix) naming
the file and line; the hook reports them.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from common import Issue, read_yaml, yaml_lines
from figstore_schema import FORMAT_HELP, ID, Figure, Store, Stored, Study, check_figure

_cache: dict = {}


def cached_store(root: Path, registry_keys: set[str]) -> Store:
    """load_store(), read again only when a file changed (two hooks use the store)."""
    folder = root / "data" / "figures"
    files = sorted(folder.glob("*.y*ml")) if folder.is_dir() else []
    signature = (
        str(root),
        frozenset(registry_keys),
        tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files),
    )
    if _cache.get("signature") != signature:
        _cache["signature"], _cache["store"] = signature, load_store(root, registry_keys)
    return _cache["store"]


def load_store(root: Path, registry_keys: set[str]) -> Store:
    """Read data/figures/*.yml under `root`; return the figures and every problem found."""
    store = Store()
    folder = root / "data" / "figures"
    seen: dict[tuple, str] = {}
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        key = path.stem
        if key not in registry_keys:
            near = [k for k in registry_keys if k.lower() == key.lower()]
            hint = f"did you mean '{near[0]}.yml'? " if near else ""
            store.issues.append(
                Issue(
                    f"{rel}:1",
                    f"'{key}' is not a key in data/references.yml",
                    f"{hint}name the file after the source's registry key, e.g. "
                    "data/figures/Anand2023.yml, or add the source to data/references.yml",
                )
            )
            continue
        raw, found = read_yaml(path, rel)  # a syntax error or a key written twice: file:line
        store.issues.extend(Issue.of(p) for p in found)
        if raw is None:
            continue
        lines = yaml_lines(path, rel)  # from the same one parse
        if not isinstance(raw, dict) or set(raw) - {"study", "figures", "editor_note"}:
            extra = (
                sorted(set(raw) - {"study", "figures", "editor_note"})
                if isinstance(raw, dict)
                else []
            )
            store.issues.append(
                Issue(
                    f"{rel}:{lines.get((extra[0],), 1) if extra else 1}",
                    "the file must be a mapping with study: (optional) and figures:"
                    + (f"; '{extra[0]}' is not allowed (a typo?)" if extra else ""),
                    FORMAT_HELP,
                )
            )
            continue
        if raw.get("study") is not None:
            try:
                store.studies[key] = Study.model_validate(raw["study"])
            except ValidationError as exc:
                for err in exc.errors():
                    loc = ".".join(str(p) for p in err["loc"])
                    store.issues.append(
                        Issue(
                            f"{rel}:{lines.get(('study', str(err['loc'][0])), lines.get(('study',), 1))}",
                            f"study: field '{loc}' {_msg(err)}",
                            FORMAT_HELP,
                        )
                    )
        figures = raw.get("figures") or {}
        if not isinstance(figures, dict):
            store.issues.append(
                Issue(
                    f"{rel}:{lines.get(('figures',), 1)}",
                    "figures: must be a mapping of id to figure",
                    FORMAT_HELP,
                )
            )
            continue
        for fid, entry in figures.items():
            fid = str(fid)
            line = lines.get(("figures", fid), 1)
            where = f"{rel}:{line}"
            if not ID.match(fid):
                store.issues.append(
                    Issue(
                        where,
                        f"figure id '{fid}' is not lowercase a-z, 0-9 and hyphens",
                        "rename it, e.g. elektd-response-ketamine",
                    )
                )
                continue
            if fid in store.figures:
                other = store.figures[fid]
                store.issues.append(
                    Issue(
                        where,
                        f"figure id '{fid}' is already used in {other.file}:{other.line}",
                        "ids are unique across all files: choose another id, "
                        "or use the existing figure",
                    )
                )
                continue
            try:
                fig = Figure.model_validate(entry if isinstance(entry, dict) else {})
            except ValidationError as exc:
                store.invalid.add(fid)
                for err in exc.errors():
                    name = str(err["loc"][0]) if err["loc"] else ""
                    store.issues.append(
                        Issue(
                            f"{rel}:{lines.get(('figures', fid, name), line)}",
                            f"figure '{fid}': field '{name}' {_msg(err)}",
                            "every figure needs text, measure, quote (the source's words, exactly), "
                            "locator (e.g. Abstract, Results; Table 2; label section 6.1) and "
                            "checked (YYYY-MM-DD); " + FORMAT_HELP,
                        )
                    )
                continue
            bad = check_figure(fig, fid)
            for name, message, fix in bad:
                store.issues.append(
                    Issue(f"{rel}:{lines.get(('figures', fid, name), line)}", message, fix)
                )
            twin = (key, fig.measure.strip().lower(), fig.text.strip().lower())
            if twin in seen:
                store.issues.append(
                    Issue(
                        where,
                        f"figure '{fid}' stores the same figure as "
                        f"'{seen[twin]}' (same source, measure and text)",
                        f"delete one, and use <!-- figure: {seen[twin]} --> "
                        "wherever the other was used",
                    )
                )
                continue
            seen[twin] = fid
            study = store.studies.get(key)
            plain = (study.plain.design or "") if study and study.plain else ""
            if plain.lower().startswith("not a trial") and not fig.not_randomised:
                store.issues.append(Issue(where, *needs_label(fid)))
            if not bad:
                store.figures[fid] = Stored(fid, key, rel, line, fig)
            else:
                store.invalid.add(fid)
    return store


def needs_label(fid: str) -> tuple[str, str]:
    """A figure not from a randomised comparison without its label: (message, fix)."""
    return (
        f"figure '{fid}' does not come from a randomised comparison but has no not_randomised:",
        "add not_randomised: what it comes from in a few words, e.g. 'clinic records' or "
        "'therapists' reports, no comparison group'; readers see 'not randomised: ...' "
        "wherever the figure is shown",
    )


def _msg(err: ErrorDetails) -> str:
    if err["type"] == "missing":
        return "is missing"
    if err["type"] == "extra_forbidden":
        return "is not a field a figure allows (a typo?)"
    return err["msg"]
