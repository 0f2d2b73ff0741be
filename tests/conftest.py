"""Shared fixtures: the built site, a local web server for it, and a real Chromium.

The site is built once per test run, strictly, into the run's own temporary directory
(never the shared site/), so two test runs, or a test run and `make serve`, can run at once,
and the tests always check the pages of the code under test. Under pytest-xdist (`make test`
runs `-n auto`) the workers share that one build, and the shared scratch copies of
tests/scratch.py, through `once()`.
"""

from __future__ import annotations

import functools
import http.server
import os
import pickle
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# tests/hang.py: before the hang guard (pytest.ini) stops a test, it prints where the test waits.
pytest_plugins = ["hang"]
IN_CI = os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    """The tests marked `long` run first, the others in their usual order. pytest-xdist's
    work stealing (`make test`) balances the two workers by taking queued tests from the end
    of the other's queue: short tests there even out the finish, while a long test there
    (the handout's prints were last, 10 to 40 s each) leaves one core idle at the end."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: keeps order


def once(tmp_path_factory, name: str, make):
    """`make(dest)` once per test run, even under pytest-xdist (`-n 2`): the first worker
    that needs it runs it under a lock, the others wait and read its result. Each build is
    made once per run, not once per worker."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by this run's workers
    result = base / f"{name}.pickle"
    with FileLock(str(base / f"{name}.lock")):
        if result.exists():
            return pickle.loads(result.read_bytes())
        value = make(base / name)
        result.write_bytes(pickle.dumps(value))
        return value


def _strict_build(out: Path) -> tuple[Path, subprocess.CompletedProcess]:
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
def strict_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """`mkdocs build --strict` (never -q, which hides warnings) into a temporary directory."""
    return once(tmp_path_factory, "site", _strict_build)


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
def csp_server(site) -> str:
    """Serve the built site with the policy of site/_headers sent as a real HTTP header."""
    from sitepages import serve_with_policy

    with serve_with_policy(site) as url:
        yield url


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
        b = p.chromium.launch(executable_path=chromium_path, args=finder.flags(chromium_path))
        yield b
        b.close()


@pytest.fixture(scope="session")
def broken_build(tmp_path_factory):
    """The shared broken copy (tests/scratch.py: BROKEN), built once: it must fail."""
    from scratch import BROKEN

    return once(tmp_path_factory, "broken", BROKEN.build)


@pytest.fixture(scope="session")
def changed_build(tmp_path_factory):
    """The shared changed copy (tests/scratch.py: CHANGED), built once: it must pass."""
    from scratch import CHANGED

    return once(tmp_path_factory, "changed", CHANGED.build)


@pytest.fixture()
def project(tmp_path) -> Path:
    """A scratch copy of the project (tests/scratch.py) that a test may break."""
    from scratch import copy_project

    return copy_project(tmp_path / "project")


class Printer:
    """One page per test worker that prints the built site's pages (tools/printed.py): a page
    is loaded once and printed on each paper from that load, and each print is made once and
    kept for every test that reads it."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        self.page = self.context.new_page()
        self.pdfs: dict[tuple[str, str], bytes] = {}

    def show(self, url: str):
        """The page at `url` as printed (loaded only if it is not open already)."""
        from printed import open_for_print

        if self.page.url != url:
            open_for_print(self.page, url)
        return self.page

    def pdf(self, url: str, paper: str) -> bytes:
        from printed import pdf_of

        if (url, paper) not in self.pdfs:
            self.pdfs[url, paper] = pdf_of(self.show(url), paper)
        return self.pdfs[url, paper]


@pytest.fixture(scope="session")
def printer(browser):
    """The worker's `Printer`: tests that print a page share its load and its prints."""
    printing = Printer(browser)
    yield printing
    printing.context.close()


# Recorded before the site's scripts run: the search worker the page creates (Material's,
# through the site's wrapper in assets/javascripts/site.js, which patches that same object),
# whether it has said it is ready (Material's message 1: the index is built), and how many
# queries it has not answered yet (each message 2 sent, the wrapper's second tries included;
# each message 3 back, those the wrapper hides included).
RECORD_SEARCH_WORKER = """(() => {
  const Native = window.Worker;
  if (typeof Native !== "function") return;
  const Recording = function (url, options) {
    const worker = new Native(url, options);
    if (/\\/workers\\/search\\./.test(String(url))) {
      window.__searchWorker = worker;
      window.__searchPending = 0;
      const post = worker.postMessage;
      worker.postMessage = function (message) {
        if (message && message.type === 2) window.__searchPending++;
        return post.apply(this, arguments);
      };
      worker.addEventListener("message", (ev) => {
        if (ev.data && ev.data.type === 1) window.__searchReady = true;
        if (ev.data && ev.data.type === 3) window.__searchPending--;
      });
    }
    return worker;
  };
  Recording.prototype = Native.prototype;
  window.Worker = Recording;
})();"""

# Each query posted to the page's own search worker once every earlier query is answered,
# as the search box posts it (Material's message 2, the box's text as typed); the answer
# (message 3) is read as the box's listener receives it, after the site's wrapper (crisis
# help first, small words, the second try for a misspelling). Distinct pages in the order
# the list shows them: one list item per group of results, every link in a group on the
# group's page; the first 10 items (Material draws more only as the reader scrolls). Last, the box's own text is asked again, so the list shown matches the box.
ASK_SEARCH_WORKER = """async (queries) => {
  const worker = window.__searchWorker;
  const idle = () => new Promise((resolve) => {
    const check = () => (window.__searchPending === 0 ? resolve() : setTimeout(check, 5));
    check();
  });
  const ask = async (query) => {
    await idle();
    return new Promise((resolve) => {
      const listen = (ev) => {
        if (!ev.data || ev.data.type !== 3) return;
        worker.removeEventListener("message", listen);
        const pages = [];
        for (const group of (ev.data.data.items || []).slice(0, 10)) {
          for (const doc of group) {
            const path = String(doc.location).split("#")[0];
            if (!pages.includes(path)) pages.push(path);
          }
        }
        resolve(pages);
      };
      worker.addEventListener("message", listen);
      worker.postMessage({ type: 2, data: query });
    });
  };
  const answers = [];
  for (const query of queries) answers.push(await ask(query));
  await ask(document.querySelector("input.md-search__input").value);
  return answers;
}"""


class Searcher:
    """One page per test worker with the site's search open on the home page at 1280 x 900,
    for the tests that type queries (tools: test_crisis_search.results, which clears the box
    and waits for the answer to each query) and for `pages`, which asks the page's search
    worker directly. Each page view that searches loads the search index and has Material's
    worker build it (about 2 s of CPU): once per worker instead of once per test."""

    def __init__(self, browser, server: str) -> None:
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        self.context.add_init_script(RECORD_SEARCH_WORKER)
        self.page = self.context.new_page()

    def ready(self):
        """The page, on the home page with search open (opened again if a test left it)."""
        from test_crisis_search import open_search

        home = f"{self.server}/"
        if self.page.url != home or not self.page.evaluate(
            "document.getElementById('__search')?.checked === true"
        ):
            open_search(self.page, self.server, 1280)
        return self.page

    def pages(self, queries: list[str]) -> list[list[str]]:
        """For each query, the distinct pages of its results in order, from the page's own
        search worker (what the search box would list; `test_search` checks that they agree
        for a few queries). No keys and no waiting for the drawn list: 188 queries took 39 s of
        CPU typed and 23 s asked (load 11); the rest is the worker's own search."""
        page = self.ready()
        page.wait_for_function("window.__searchReady === true", timeout=15_000)
        return page.evaluate(ASK_SEARCH_WORKER, queries)


@pytest.fixture(scope="session")
def searcher(browser, server):
    searching = Searcher(browser, server)
    yield searching
    searching.context.close()


@pytest.fixture()
def search_page(searcher):
    """The worker's search page (`Searcher`), ready for a query."""
    return searcher.ready()


@pytest.fixture()
def page(browser):
    # Test tooling (axe-core, wait_for_function) is injected inline; the page's own policy
    # is tested on its own in test_privacy.py, so other tests bypass it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    yield pg
    context.close()


if os.environ.get("CPUTREE_TESTS"):  # CPU of each test, Chromium included (tools/cputree.py)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item, nextitem):
        from cputree import PerTest

        config = item.config
        if not hasattr(config, "_cputree"):
            worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
            config._cputree = PerTest(os.environ["CPUTREE_TESTS"], worker)
        config._cputree.start(item.nodeid)
        yield
        config._cputree.stop()


@pytest.fixture()
def data(tmp_path, monkeypatch) -> Path:
    """A scratch copy of data/options.yml and data/figures that the decision-aid hook reads
    (test_decision_aid.py and test_one_page_sheet.py break it to see each refusal)."""
    import shutil

    from hookkit import hooks

    (tmp_path / "data").mkdir()
    options = "data/options.yml"
    (tmp_path / options).write_text((ROOT / options).read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(ROOT / "data" / "figures", tmp_path / "data" / "figures")
    monkeypatch.setattr(hooks.decision_aid, "SOURCE", tmp_path / options)
    monkeypatch.setattr(hooks.decision_aid, "STORE_ROOT", tmp_path)
    return tmp_path
