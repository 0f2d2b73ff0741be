"""Shared fixtures: the built site, a local web server for it, and a real Chromium.

The site is built once per test session, strictly, into the session's own temporary
directory (never the shared site/), so two test runs, or a test run and `make serve`, can run
at once, and the tests always check the pages of the code under test.
"""

from __future__ import annotations

import functools
import http.server
import os
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def strict_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """`mkdocs build --strict` (never -q, which hides warnings) into a temporary directory."""
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    return out, run


@pytest.fixture(scope="session")
def site(strict_build) -> Path:
    out, run = strict_build
    if run.returncode != 0 or not (out / "index.html").exists():
        pytest.fail("the strict build failed:\n" + run.stderr[-3000:])
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site) -> str:
    """Serve the built site on a free loopback port (port 0: the system picks), as a static host would."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    import browser as finder  # tools/browser.py

    path = finder.find()
    if path is None:
        if IN_CI:
            pytest.fail(finder.HELP)
        pytest.skip(finder.HELP)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    import browser as finder

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=finder.FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def broken_build(tmp_path_factory):
    """The shared broken copy (tests/scratch.py: BROKEN), built once: it must fail."""
    from scratch import BROKEN

    return BROKEN.build(tmp_path_factory.mktemp("broken") / "project")


@pytest.fixture(scope="session")
def changed_build(tmp_path_factory):
    """The shared changed copy (tests/scratch.py: CHANGED), built once: it must pass."""
    from scratch import CHANGED

    return CHANGED.build(tmp_path_factory.mktemp("changed") / "project")


@pytest.fixture()
def project(tmp_path) -> Path:
    """A scratch copy of the project (tests/scratch.py) that a test may break."""
    from scratch import copy_project

    return copy_project(tmp_path / "project")


@pytest.fixture()
def page(browser):
    # Test tooling (axe-core, wait_for_function) is injected inline; the page's own policy
    # is tested on its own in test_privacy.py, so other tests bypass it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    yield pg
    context.close()
