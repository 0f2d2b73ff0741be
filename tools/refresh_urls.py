"""Refresh data/urls.txt, the list of every address the site has published (`make urls`).

New pages are added; old addresses are kept as long as a page or a redirect serves them.
An address with neither is not dropped: the command fails and names it, so that removing or
renaming a page always comes with a redirect (see overrides/hooks/urls.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


def main() -> int:
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(ROOT / "mkdocs.yml"))
    import urls  # the hook; load_config put overrides/hooks' modules in place

    pages = {urls.url_of(f.src_uri) for f in get_files(config).documentation_pages()}
    redirects = urls.redirect_sources(config)
    text = urls.URLS.read_text(encoding="utf-8") if urls.URLS.exists() else ""
    old = {url for _, url in urls.listed(text)}
    lost = sorted(old - pages - redirects)
    if lost:
        for url in lost:
            print(
                f"{urls.REL}: {url} has no page and no redirect; add a redirect in mkdocs.yml "
                "(plugins: redirects: redirect_maps) before refreshing the list",
                file=sys.stderr,
            )
        return 1
    new = sorted(pages - old)
    urls.URLS.write_text(
        urls.HEADER + "".join(f"{u}\n" for u in sorted(old | pages)), encoding="utf-8"
    )
    shown = ", ".join(new[:10]) + (f" and {len(new) - 10} more" if len(new) > 10 else "")
    print(f"{urls.REL}: {len(old | pages)} addresses, {len(new)} new{': ' + shown if new else ''}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    sys.exit(main())
