"""`make serve` keeps serving while a page is broken, shows the problem in the page, and
reloads the page open in the browser when the editor saves.

The real `mkdocs serve` runs on a free port in a scratch copy, with the environment
`make serve` gives it (STRICT=false); `make build` and CI stay strict. One preview serves
both the problem panel and the reload check (each start builds the whole site).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from scratch import BROKEN

ROOT = Path(__file__).resolve().parent.parent
BROKEN_PAGE = "docs/about/disclaimer.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    # The server holds requests while it rebuilds (slow on a busy 2-core machine).
    with urllib.request.urlopen(url, timeout=180) as r:
        return r.read().decode("utf-8")


def wait_for(url: str, text: str, present: bool = True, seconds: int = 300) -> str:
    body, end = "", time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            body = fetch(url)
            if (text in body) == present:
                return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(
        f"{url}: {text!r} {'never appeared' if present else 'never went'}; "
        f"last body: {body[:300]!r}"
    )


def test_make_serve_is_not_strict_and_make_build_is():
    dry = subprocess.run(
        ["make", "-n", "serve", "build", "PORT=8123", "HOST=0.0.0.0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "STRICT=false .venv/bin/mkdocs serve -a 0.0.0.0:8123" in dry
    assert ".venv/bin/mkdocs build --strict" in dry


def test_a_quiet_strict_build_is_refused_instead_of_passing_a_broken_page(tmp_path):
    """MkDocs' -q hides warnings, so `--strict -q` would pass a broken link; it must fail."""
    env = {**os.environ, "STRICT": "true", "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode != 0, "a quiet strict build passed"
    assert "-q (--quiet)" in run.stderr and "How to fix" in run.stderr, run.stderr[-2000:]


@pytest.mark.long
@pytest.mark.browser
def test_preview_shows_the_problem_and_reloads_the_page_when_the_editor_saves(project, browser):
    doc = project / BROKEN_PAGE
    lines = doc.read_text(encoding="utf-8").count("\n")
    # A new page not yet in the nav, and a bad citation: both used to stop the preview.
    doc.write_text(doc.read_text(encoding="utf-8") + "\nText [@Anand2032].\n", encoding="utf-8")
    (project / "docs/about/draft.md").write_text((project / "docs/about/privacy.md").read_text())
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(
            os.environ, STRICT="false", NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true"
        ),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        broken = wait_for(f"{base}/about/disclaimer/", "build-problems")
        assert f"{BROKEN_PAGE}:{lines + 2}</strong> (this page): unknown citation key" in broken
        assert "did you mean &#x27;Anand2023&#x27;?" in broken
        assert "docs/about/draft.md</strong>" in broken and "not in the site menu" in broken
        other = fetch(f"{base}/safety/side-effects/")  # every other page still serves
        assert "Side effects" in other and "build-problems" in other
        # The editor has the page open in the browser, with the problem shown.
        page = browser.new_page()
        page.goto(f"{base}/about/disclaimer/")
        assert "build-problems" in page.content()
        # Saving the fix (and an edit) reloads that page by itself, without the panel.
        text = doc.read_text(encoding="utf-8").replace("[@Anand2032]", "[@Anand2023]")
        edited = text.replace(
            "This guide gives general information",
            "Edited just now. This guide gives general information",
        )
        assert edited != text, "test setup: the sentence to edit is not on the page"
        (project / "docs/about/draft.md").unlink()
        doc.write_text(edited, encoding="utf-8")
        page.wait_for_function(
            "document.body.innerText.includes('Edited just now.')"
            " && !document.body.innerHTML.includes('build-problems')",
            timeout=300_000,
        )
        page.close()
        wait_for(f"{base}/about/disclaimer/", "build-problems", present=False)
    finally:
        server.terminate()
        server.wait(timeout=20)


@BROKEN.change
def bad_citation(project: Path) -> None:
    (project / BROKEN_PAGE).write_text(
        (project / BROKEN_PAGE).read_text() + "\nText [@Anand2032].\n"
    )


@pytest.mark.long
def test_strict_build_never_writes_the_panel(broken_build):
    # The environment cannot loosen --strict: the shared broken copy (scratch.BROKEN) is
    # built with STRICT=false, what make serve sets.
    assert BROKEN.env == {"STRICT": "false"}
    assert broken_build.code != 0 and "unknown citation key 'Anand2032'" in broken_build.out
    written = list((broken_build.project / "out").rglob("*.html"))
    assert written, "MkDocs writes the pages before strict mode stops the build"
    assert not [p for p in written if "build-problems" in p.read_text(encoding="utf-8")]
