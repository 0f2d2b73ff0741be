"""Profile one site build: `python tools/profile_build.py [N]` prints the N (default 25)
functions with the most cumulative time under cProfile, and the YAML and minifier totals.

It builds into a temporary directory, never site/. Numbers are inflated by the profiler and
by other load on the machine; compare runs made one after another.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import tempfile
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
        profile = cProfile.Profile()
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
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 25))
