"""The pages of the built site, read from mkdocs.yml's nav, for tests to walk."""

from __future__ import annotations

import contextlib
import copy
import functools
import http.server
import os
import re
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def nav_pages() -> list[tuple[str, str]]:
    """(source path under docs/, URL path) for every page in the nav, in nav order."""
    from mkdocs.config import load_config

    cfg = load_config(str(ROOT / "mkdocs.yml"))
    out: list[tuple[str, str]] = []

    def walk(items: list) -> None:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif isinstance(value, str) and value.endswith(".md"):
                url = value[:-3]
                url = url[: -len("index")] if url.endswith("index") else url + "/"
                out.append((value, url))

    walk(cfg["nav"])
    return out


@functools.cache
def _parsed(path: str, mtime_ns: int, size: int) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: about 10 times faster
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)


def read_yaml(path: Path) -> Any:
    """A YAML file, parsed once per test process (again if it changes) as yaml.safe_load
    would; each call returns its own copy, which the caller may change. The data files are
    read by dozens of tests: parsing data/options.yml and the figure store each time took
    about half a second per test."""
    info = path.stat()
    return copy.deepcopy(_parsed(str(path), info.st_mtime_ns, info.st_size))


def front_matter(src: str) -> dict:
    import yaml

    text = (ROOT / "docs" / src).read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def header_policy(site: Path) -> str:
    """The Content-Security-Policy the host sends, as written in the built site's _headers."""
    text = (site / "_headers").read_text(encoding="utf-8")
    match = re.search(r"Content-Security-Policy: (.+)", text)
    assert match, f"{site}/_headers has no Content-Security-Policy"
    return match.group(1).strip()


@contextlib.contextmanager
def serve_with_policy(site: Path) -> Iterator[str]:
    """Serve a built site on a free port, with its _headers policy sent as a real HTTP header."""
    policy = header_policy(site)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", policy)
            super().end_headers()

        def log_message(self, *args):
            pass

    httpd = socketserver.ThreadingTCPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(site))
    )
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# The page has settled: its fonts are in, and the browser has had an idle moment, so the
# tasks the page's scripts queued while loading (and on the load event) have run.
IDLE = "() => Promise.all([document.fonts.ready, new Promise(r => requestIdleCallback(r))])"


def settle(page, requests: list) -> None:
    """After the load event, wait (on conditions, not for a fixed time) until every request
    the page has started (`requests`, filled by a page.on("request") listener) has finished
    and the page, idle again, starts no new one. Replaces networkidle, which waits for 500 ms
    without a request after every page."""
    done = 0
    while True:
        page.evaluate(IDLE)
        started = len(requests)
        if started == done:
            return
        for request in requests[done:started]:
            response = request.response()  # waits for it; None if it failed
            if response:
                response.finished()
        done = started
