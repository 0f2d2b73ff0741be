"""Published addresses never silently disappear.

`data/urls.txt` lists every address the site has published, one per line. The build fails:

- for an address in the list that is neither a page nor a redirect (a page was removed or
  renamed without a redirect): the message names the old address and says how to redirect
  it with the `redirects` plugin (mkdocs-redirects, `redirect_maps` in mkdocs.yml);
- for a page whose address is not in the list yet: run `make urls` and commit the list.

`make urls` (tools/refresh_urls.py) adds new addresses and keeps every old one; it refuses to drop an
address that has neither a page nor a redirect.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from common import DATA, problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


URLS = DATA / "urls.txt"
REL = "data/urls.txt"
HEADER = """\
# Every address this site has published, one per line (relative to site_url).
# An address here must stay a page or become a redirect (mkdocs.yml: plugins: redirects:
# redirect_maps), so links and bookmarks never break. Refresh with `make urls`; do not
# delete lines by hand.
"""


def url_of(src_uri: str) -> str:
    """The published address of a Markdown file, with use_directory_urls (as MkDocs does)."""
    path = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    elif path and not path.endswith("/"):
        path += "/"
    return "/" + path


def listed(text: str) -> list[tuple[int, str]]:
    """(line number, address) for each address in the text of data/urls.txt."""
    return [
        (n, line.strip())
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def redirect_sources(config: Mapping) -> set[str]:
    """The addresses that the redirects plugin keeps alive."""
    plugin = (config.get("plugins") or {}).get("redirects")
    maps = plugin.config.get("redirect_maps", {}) if plugin is not None else {}
    return {url_of(old) for old in maps}


def check(pages: Mapping[str, str], redirects: Iterable[str], text: str) -> None:
    """pages: address -> source file. Reports lost and unlisted addresses."""
    kept = set(pages) | set(redirects)
    known = set()
    for n, url in listed(text):
        known.add(url)
        if url not in kept:
            problem(
                f"{REL}:{n}",
                f"the published address {url} is no longer a page and has no redirect, "
                "so every link and bookmark to it would break",
                "if the page moved, add a redirect in mkdocs.yml under plugins: redirects: "
                f"redirect_maps, as '{url.strip('/') or 'index'}.md': 'new/place.md' (the new page's "
                "file); then run `make urls`",
            )
    for url, src in sorted(pages.items()):
        if url not in known:
            problem(
                f"docs/{src}",
                f"the page's address {url} is not in {REL}",
                f"run `make urls` (it adds new addresses to {REL}), then commit {REL}",
            )


def on_files(files: Files, config: MkDocsConfig, **kwargs: object) -> Files:
    pages = {url_of(f.src_uri): f.src_uri for f in files.documentation_pages()}
    text = URLS.read_text(encoding="utf-8") if URLS.exists() else ""
    check(pages, redirect_sources(config), text)
    return files
