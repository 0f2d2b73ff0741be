"""`make serve` gives editors a preview that reloads when they save a page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_reloads_the_page_when_an_editor_saves(project, browser):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true"),
    )
    try:
        url = f"http://127.0.0.1:{port}/about/disclaimer/"
        # Waits for the first build, however busy the machine (a shared 2-core machine
        # took over a minute); stops at once if the server has died.
        for _ in range(1200):
            assert server.poll() is None, "mkdocs serve stopped"
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        page = browser.new_page()
        page.goto(url)
        doc = project / "docs" / "about" / "disclaimer.md"
        doc.write_text(
            doc.read_text().replace(
                "This guide gives general information",
                "Edited just now. This guide gives general information",
            )
        )
        page.wait_for_function(
            "document.body.innerText.includes('Edited just now.')", timeout=300_000
        )
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
