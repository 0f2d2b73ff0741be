"""Profile one site build: `python tools/profile_build.py [N]` prints the N (default 25)
functions with the most cumulative time under cProfile, then the build's own time split by
where the code lives (YAML, Markdown, templates, search, the hooks ...), with shares.

It builds into a temporary directory, never site/. The profiler counts this process's CPU
time (not wall time), so other load on a shared machine changes the figures little; the
profiler itself inflates them, so compare shares and runs made the same way.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
WATCH = ("safe_load", "parse_yaml", "front_matter_of", "all_sources", "condition_pages", "minify")


def main(top: int = 25) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as out:
        config = load_config("mkdocs.yml", site_dir=out)
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        build(config)
        profile.disable()
    stats = pstats.Stats(profile)
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(top)
    print(text.getvalue())
    for name, fn in sorted(stats.get_stats_profile().func_profiles.items()):
        if name in WATCH:
            where = f"{Path(fn.file_name).name}:{fn.line_number}"
            print(f"{name:16} {fn.ncalls:>5} calls {fn.cumtime:7.3f} s  {where}")
    # Own time (tottime) of every function, summed by the package it belongs to.
    groups: dict[str, float] = {}
    for name, fn in stats.get_stats_profile().func_profiles.items():
        group = next((g for g, marks in GROUPS if any(m in fn.file_name for m in marks)), "other")
        if group == "other" and fn.file_name == "~" and "re." in name:
            group = "regular expressions"
        groups[group] = groups.get(group, 0.0) + fn.tottime
    total = sum(groups.values())
    print(f"\nown CPU time by area (total {total:.2f} s under the profiler):")
    for group, seconds in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"  {group:28} {seconds:7.2f} s  {100 * seconds / total:5.1f}%")
    return 0


GROUPS = (
    ("YAML (PyYAML)", ("/yaml/", "_yaml")),
    ("hooks (overrides/hooks)", ("overrides/hooks/",)),
    ("Markdown + pymdownx", ("/markdown/", "/pymdownx/")),
    ("templates (Jinja)", ("/jinja2/", "/markupsafe/", ".html")),
    ("Material search plugin", ("/material/plugins/search/",)),
    ("html.parser (search, glightbox)", ("/html/parser.py", "/_markupbase.py")),
    ("pydantic", ("/pydantic",)),
    ("MkDocs", ("/mkdocs/", "/mkdocs_")),
    ("regular expressions", ("/re/", "sre_")),
    ("difflib", ("/difflib.py",)),
)


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 25))
