"""The walk's work on a few pages in a Chromium started with extra switches, to compare CPU.

    python tools/cputree.py .venv/bin/python tools/switch_bench.py SITE_DIR [--switch ...]

Serves a built site (`mkdocs build -d SITE_DIR`), and on each of PAGES does what the walk
(tests/test_accessibility.py) does: load and settle at 1280 x 900, axe with every rule of the
walk's tags, dark and the colour rules, then a 360 px phone and axe again. Prints what axe
found and the phone's width, so runs with different switches can be checked for the same
results. Run each set of switches several times, taking turns with none, under the same load:
cputree's total is the CPU of the whole tree, Chromium included (TESTING.md, session 14).
"""

from __future__ import annotations

import functools
import http.server
import socketserver
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
import browser as finder  # noqa: E402
from sitepages import settle  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request

PAGES = [
    "",
    "decision-aid/",
    "conditions/ptsd/",
    "help/faq/",
    "treatment/assessment/",
    "safety/cost-and-insurance/",
    "help/support/",
]
RUN = (
    "only => axe.run(document, {runOnly: only, resultTypes: ['violations']})"
    ".then(r => r.violations.map(v => v.id))"
)
TAGS = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
COLOUR = {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def visit(page: Page, url: str, axe: str) -> list[object]:
    """The walk's work on one page; the page is closed after."""
    requests: list[Request] = []
    page.on("request", lambda r: requests.append(r))
    page.goto(url)
    settle(page, requests)
    page.add_script_tag(content=axe)
    found = [page.evaluate(RUN, TAGS)]
    page.emulate_media(color_scheme="dark")
    found.append(page.evaluate(RUN, COLOUR))
    page.set_viewport_size({"width": 360, "height": 740})
    found.append(page.evaluate(RUN, TAGS))
    found.append(page.evaluate("document.documentElement.scrollWidth"))
    page.close()
    return found


def main(site: str, switches: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    axe = (ROOT / "tests/node_modules/axe-core/axe.min.js").read_text(encoding="utf-8")
    handler = functools.partial(_Quiet, directory=site)
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    found: list[object] = []
    with sync_playwright() as p:
        path = finder.find()
        browser = p.chromium.launch(executable_path=path, args=finder.flags(path) + switches)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        for url in PAGES:
            found.extend(visit(context.new_page(), base + url, axe))
        browser.close()
    httpd.shutdown()
    print("found", found)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
