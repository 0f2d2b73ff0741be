"""Content-Security-Policy: pages may run only their own scripts, and load only from the site.

- Each page gets a `<meta http-equiv="Content-Security-Policy">` listing the SHA-256 hashes
  of its own inline scripts and styles (Material's and the lightbox's small start-up code).
  This works on GitHub Pages, which cannot send headers.
- `site/_headers` holds the same policy for the whole site, plus what only a header can
  carry (`frame-ancestors`), in the format Netlify and Cloudflare Pages read. Other hosts
  (nginx, Apache, a CDN) should send the line as a header; see README.md.

Only the site's own inline scripts are hashed: the theme's and the lightbox's start-up code,
listed in `KNOWN_SCRIPTS` by the hash of their text (the one part that differs between pages,
the relative path in `new URL("../..",location)`, is set aside first). Any other inline script,
from a page, an include, a data file or a plugin, fails the build naming the page, so the
policy can never end up allowing a script nobody reviewed.

Redirect pages (mkdocs-redirects, `redirect_maps` in mkdocs.yml) are written after every
page, so they get their policy here too: their one script (it carries the `#anchor` of the old
address over to the new page) is allowed when it is exactly the plugin's known script with its
target set aside (`REDIRECT_SCRIPT`); the `<meta http-equiv="refresh">` in the same page is
the fallback without JavaScript.

Anything not listed is blocked by the browser, including an injected third-party script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from common import problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
HEAD = re.compile(r"<head[^>]*>", re.I)

BASE = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
}
# The site's own inline scripts (after minification), by SHA-256 of their normalised text.
# A theme or plugin upgrade (or a change to the glightbox options) changes them: the build
# then names the script; check it comes from the upgrade, and put the new hash here.
KNOWN_SCRIPTS = {
    "'sha256-apoQPHefCNWjxbCm+HzVDOAW4CSVWhY7VylQjgOFyfk='": "Material: local storage helpers (__md_scope)",
    "'sha256-DrEMJJ29sL7vIloQzly+VUGMxKcBTMII+OfW7Y8AkG4='": "Material: colour palette toggle",
    "'sha256-10uztYJZm7OLYtHrFaYKCvTOAUfjM17+CoEWk5hLcc4='": "Material: linked content tabs",
    "'sha256-/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8='": "Material: open the tab named in the address",
    "'sha256-YG4u2l4KASVp36+vooWNuMp2tUP5Ll6ko7JfliZPxjc='": "mkdocs-glightbox: lightbox start-up (options from mkdocs.yml)",
}
SCOPE_PATH = re.compile(r'new URL\("[^"]*",location\)')
# mkdocs-redirects 1.2.3's script in each redirect page, with its target (the one part that
# differs between redirects) set aside; allowed on redirect pages only.
REDIRECT_SCRIPT = "'sha256-xpQqciTMOgWPnNoOASPUk0gh/5gAcqb7CmRYQbIb2SQ='"
REDIRECT_TARGET = re.compile(r'location\.href="[^"]*"')
_all_scripts: set[str] = set()
_all_styles: set[str] = set()


def _sha(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def known(script: str, redirect: bool = False) -> bool:
    """Is this inline script one of the site's own (KNOWN_SCRIPTS), or, on a redirect page,
    the redirects plugin's own script?"""
    if redirect and _sha(REDIRECT_TARGET.sub('location.href="."', script)) == REDIRECT_SCRIPT:
        return True
    return _sha(SCOPE_PATH.sub('new URL(".",location)', script)) in KNOWN_SCRIPTS


def hashes(html: str, where: str = "", redirect: bool = False) -> tuple[set[str], set[str]]:
    """Hashes of the known inline scripts and of the styles; an unknown script is reported."""
    scripts = set()
    for m in INLINE_SCRIPT.finditer(html):
        if "application/json" in m.group(1).lower():
            continue  # data, not code: browsers never run it
        if known(m.group(2), redirect):
            scripts.add(_sha(m.group(2)))
        else:
            problem(
                where or "a built page",
                "the page has an inline script that is not one of the site's "
                f"own, so the security policy does not allow it: {m.group(0)[:100]!r}",
                "remove it from the page, include or data file it came from; if a theme or "
                "plugin upgrade added it, review it and add its hash to KNOWN_SCRIPTS in "
                "overrides/hooks/csp.py",
            )
    styles = {_sha(m.group(1)) for m in INLINE_STYLE.finditer(html)}
    return scripts, styles


def policy(scripts: set[str], styles: set[str], header: bool = False) -> str:
    parts = dict(BASE)
    parts["script-src"] = ["'self'", *sorted(scripts)]
    parts["style-src"] = ["'self'", *sorted(styles)]
    if header:
        parts["frame-ancestors"] = ["'none'"]
    return "; ".join(f"{k} {' '.join(v)}" for k, v in parts.items())


_serving = False


def on_startup(command: str, **kwargs: object) -> None:
    """`mkdocs serve` injects its own live-reload script after this hook runs, so the
    policy is left out there; it applies to every page that is built for publishing."""
    global _serving
    _serving = command == "serve"


def on_pre_build(config: MkDocsConfig, **kwargs: object) -> None:
    _all_scripts.clear()
    _all_styles.clear()


def on_post_page(output: str, page: Page, config: MkDocsConfig, **kwargs: object) -> str:
    if _serving:
        return output
    return with_policy(output, f"docs/{page.file.src_uri}")


def redirect_pages(config: MkDocsConfig) -> list[tuple[str, Path]]:
    """(old page, its HTML file) of each redirect the redirects plugin has written."""
    plugin = config.plugins.get("redirects")
    if plugin is None:
        return []
    from mkdocs_redirects.plugin import get_html_path  # type: ignore[import-untyped]

    site = Path(config["site_dir"])
    return [
        (str(old), site / get_html_path(str(old), config["use_directory_urls"]))
        for old in plugin.config.get("redirect_maps", {})
    ]


def with_policy(html: str, where: str, redirect: bool = False) -> str:
    """The page with its policy added, and its hashes kept for _headers (once per page)."""
    scripts, styles = hashes(html, where, redirect)
    _all_scripts.update(scripts)
    _all_styles.update(styles)
    if '<meta http-equiv="Content-Security-Policy"' in html:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(scripts, styles)}">'
    return HEAD.sub(lambda m: m.group(0) + meta, html, count=1)


def on_post_build(config: MkDocsConfig, **kwargs: object) -> None:
    if _serving:
        return
    # Redirect pages: the plugin's on_post_build has run (plugins run before hooks).
    for old, path in redirect_pages(config):
        if path.exists():
            where = f"mkdocs.yml (plugins: redirects: redirect_maps: {old})"
            path.write_text(
                with_policy(path.read_text(encoding="utf-8"), where, redirect=True),
                encoding="utf-8",
            )
    # The 404 page is rendered outside on_post_page; read its hashes from the file.
    not_found = Path(config["site_dir"]) / "404.html"
    if not_found.exists():
        html = not_found.read_text(encoding="utf-8")
        not_found.write_text(with_policy(html, "overrides/404.html"), encoding="utf-8")
    lines = [
        "# Security and privacy headers for hosts that read _headers (Netlify, Cloudflare Pages).",
        "# Generated by overrides/hooks/csp.py at build time; do not edit.",
        "/*",
        f"  Content-Security-Policy: {policy(_all_scripts, _all_styles, header=True)}",
        "  Referrer-Policy: no-referrer",
        "  X-Content-Type-Options: nosniff",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "",
    ]
    (Path(config["site_dir"]) / "_headers").write_text("\n".join(lines), encoding="utf-8")
