"""Benchmark: build time, page weight and requests per page, against budgets.

    make bench            (builds first; not part of `make test`: timings belong here)

Builds this site and "stock" Material (default theme settings, same docs and the same
Markdown processing) in the same run, serves each with gzip like a real host, opens every
page cold in Chromium and records the bytes transferred and the requests made. Then runs
Lighthouse on three pages of this site (median of three runs each). Prints a table and whether each budget is met;
exits 1 if a budget is missed.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import browser as finder
from sitepages import ROOT, nav_pages

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Request

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
BUDGET_RATIO = 0.9  # median page weight at most 0.9 x stock Material
LIGHTHOUSE_PAGES = ["", "conditions/treatment-resistant-depression/", "help/questions-to-ask/"]
LIGHTHOUSE_BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")


def stock_config(tmp: Path) -> Path:
    """Our mkdocs.yml with Material's defaults: no theme settings, no custom CSS or JS,
    only the search plugin. The content hooks stay, so the same Markdown renders."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\ntheme:\n(?:  .*\n|\s*\n)+", "\ntheme:\n  name: material\n\n", text)
    text = re.sub(r"\nextra_css:\n(?:  - .*\n)+", "\n", text)
    text = re.sub(r"\nextra_javascript:\n(?:  - .*\n)+", "\n", text)
    text = re.sub(r"\nplugins:\n(?:  .*\n|\s*\n)+", "\nplugins:\n  - search\n\n", text)
    text = re.sub(
        r"\nhooks:\n(?:  - .*\n)+",
        "\nhooks:\n"
        + "".join(
            f"  - {ROOT / 'overrides' / 'hooks' / h}\n"
            for h in ("pages.py", "generated.py", "references.py")
        ),
        text,
    )
    text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    text = text.replace("strict: true", "strict: false")
    text = re.sub(r"\nwatch:\n(?:  - .*\n)+", "\n", text)
    path = tmp / "stock-mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


READER_SECTIONS = (
    "understanding",
    "conditions",
    "forms",
    "treatment",
    "safety",
    "decision-aid",
    "help",
)
SCALE = 3


def scaled_docs(work: Path) -> tuple[Path, int, int]:
    """A copy of docs/ with every reader section repeated until the guide has about SCALE
    times today's pages (copies are `<section>-copyN/`; relative links still resolve)."""
    docs = work / "scaled-docs"
    shutil.copytree(ROOT / "docs", docs)
    today = len(list((ROOT / "docs").rglob("*.md")))
    n = 1
    while len(list(docs.rglob("*.md"))) < SCALE * today:
        for section in READER_SECTIONS:
            shutil.copytree(ROOT / "docs" / section, docs / f"{section}-copy{n}")
        n += 1
    return docs, today, len(list(docs.rglob("*.md")))


def scaled_config(source: Path, docs: Path, work: Path, name: str) -> Path:
    """`source` config reading `docs`, with the nav left to MkDocs and strict mode off (the
    copies repeat titles and are not in data/urls.txt)."""
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"^docs_dir: .*$", f"docs_dir: {docs}", text, flags=re.M)
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = re.sub(
        r"^  - overrides/hooks/", f"  - {ROOT / 'overrides' / 'hooks'}/", text, flags=re.M
    )
    text = text.replace("strict: true", "strict: false")
    text = re.sub(r"\nnav:\n(?:  .*\n?)+", "\n", text)
    text = re.sub(r"\nwatch:\n(?:  - .*\n)+", "\n", text)
    path = work / f"{name}-scaled.yml"
    path.write_text(text, encoding="utf-8")
    return path


def scale(work: Path) -> list[str]:
    """Today's pages and SCALE times as many, this site and stock Material, in one run."""
    docs, today, scaled = scaled_docs(work)
    stock = stock_config(work)
    configs = {
        "ours": (ROOT / "mkdocs.yml", scaled_config(ROOT / "mkdocs.yml", docs, work, "ours")),
        "stock": (stock, scaled_config(stock, docs, work, "stock")),
    }
    # Interleaved: each round builds all four once, in a rotating order, so that a change in
    # the machine's load (it is shared) falls on every kind of build alike.
    jobs = [
        (key, size, cfg)
        for key, (small, big) in configs.items()
        for size, cfg in ((1, small), (SCALE, big))
    ]
    runs: dict[tuple[str, int], list[float]] = {(k, s): [] for k, s, _ in jobs}
    loads = [os.getloadavg()[0]]
    for r in range(RUNS):
        for key, size, cfg in jobs[r % len(jobs) :] + jobs[: r % len(jobs)]:
            runs[key, size].append(build(cfg, work / f"{key}-{size}x"))
        loads.append(os.getloadavg()[0])
    o1, o3, s1, s3 = (
        statistics.median(runs[k])
        for k in (("ours", 1), ("ours", SCALE), ("stock", 1), ("stock", SCALE))
    )
    growth = (o3 / scaled) / (o1 / today)
    return [
        f"median of {RUNS} interleaved rounds; 1-minute load average "
        f"{min(loads):.1f} to {max(loads):.1f} on {os.cpu_count()} cores",
        "| pages | this site | stock Material, same pages | ratio |",
        "| --- | --- | --- | --- |",
        f"| {today} (today) | {o1:.2f} s | {s1:.2f} s | {o1 / s1:.1f}x |",
        f"| {scaled} (reader sections repeated) | {o3:.2f} s | {s3:.2f} s | {o3 / s3:.1f}x |",
        f"time per page at {scaled} pages: {1000 * o3 / scaled:.0f} ms, against {1000 * o1 / today:.0f} ms today "
        f"({100 * (growth - 1):+.0f}%; budget +10%); ratio to stock at {scaled} pages {o3 / s3:.1f}x (budget 2x)",
        "all runs (s): "
        + "; ".join(f"{k} {s}x " + ", ".join(f"{t:.1f}" for t in v) for (k, s), v in runs.items()),
    ]


def build(config: Path, out: Path) -> float:
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(out)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"build failed for {config}:\n{run.stderr[-2000:]}")
    return took


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static host that compresses text, as GitHub Pages and most CDNs do."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        ctype = self.guess_type(str(path))
        body = path.read_bytes()
        if ctype.startswith(("text/", "application/javascript", "application/json", "image/svg")):
            buf = io.BytesIO()
            with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=6, mtime=0) as gz:
                gz.write(body)
            body = buf.getvalue()
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
        else:
            self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def serve(directory: Path) -> tuple[str, socketserver.TCPServer]:
    httpd = socketserver.ThreadingTCPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory))
    )
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def measure(browser: Browser, base: str, urls: list[str]) -> dict[str, dict]:
    host = urlparse(base).netloc
    out = {}
    for url in urls:
        context = browser.new_context()  # cold: empty cache every time
        page = context.new_page()
        requests: list[Request] = []
        page.on("requestfinished", requests.append)
        failed: list[Request] = []
        page.on("requestfailed", failed.append)
        page.goto(f"{base}/{url}", wait_until="networkidle")
        page.wait_for_timeout(300)
        transferred = 0
        for r in requests:
            sizes = r.sizes()
            transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        all_urls = [r.url for r in requests + failed]
        third = [
            u
            for u in all_urls
            if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != host
        ]
        out[url] = {
            "bytes": transferred,
            "requests": len(all_urls),
            "third_party": len(third),
            "third_party_hosts": sorted({urlparse(u).netloc for u in third}),
        }
        context.close()
    return out


def lighthouse(base: str, url: str, chrome: str) -> dict[str, int | str]:
    cli = ROOT / "tests" / "node_modules" / "lighthouse" / "cli" / "index.js"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        run = subprocess.run(
            [
                "node",
                str(cli),
                f"{base}/{url}",
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--chrome-flags=" + " ".join(finder.flags(chrome)),
            ],
            env=dict(ENV, CHROME_PATH=chrome),
            capture_output=True,
            text=True,
            timeout=240,
        )
        if run.returncode != 0 or not report.exists():
            return {"error": run.stderr[-300:]}
        data = json.loads(report.read_text())
    return {k: round(v["score"] * 100) for k, v in data["categories"].items()}


def median_scores(runs: list[dict]) -> dict:
    """Performance varies from run to run on a busy 2-core machine: take the median."""
    good = [r for r in runs if "error" not in r]
    if not good:
        return runs[0]
    return {k: int(statistics.median(r[k] for r in good)) for k in good[0]}


def main() -> int:
    if "--scale" in sys.argv:  # only the scale test (no browser): `python tools/bench.py --scale`
        work = Path(tempfile.mkdtemp(prefix="bench-"))
        try:
            print("\n".join(scale(work)))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return 0
    from playwright.sync_api import sync_playwright

    chrome = finder.find(shell=False)  # Lighthouse: the full browser, as measured before
    if not chrome:
        sys.exit(finder.HELP)
    urls = [url for _, url in nav_pages()]
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        ours_cfg, stock_cfg = ROOT / "mkdocs.yml", stock_config(work)
        ours_times, stock_times = [], []
        for _ in range(RUNS):
            ours_times.append(build(ours_cfg, work / "ours"))
            stock_times.append(build(stock_cfg, work / "stock"))
        index = work / "ours" / "search" / "search_index.json"
        index_raw = index.stat().st_size
        index_gz = len(gzip.compress(index.read_bytes(), 6))

        ours_url, ours_httpd = serve(work / "ours")
        stock_url, stock_httpd = serve(work / "stock")
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chrome, args=finder.flags(chrome))
            ours = measure(b, ours_url, urls)
            stock = measure(b, stock_url, urls)
            b.close()
        scale_lines = scale(work)
        scores = {
            url or "/": median_scores([lighthouse(ours_url, url, chrome) for _ in range(RUNS)])
            for url in LIGHTHOUSE_PAGES
        }
        ours_httpd.shutdown()
        stock_httpd.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"\n{'page':48} {'ours KB':>8} {'req':>4} {'stock KB':>9} {'req':>4} {'3rd-party (stock)':>18}"
    )
    for url in urls:
        o, s = ours[url], stock[url]
        print(
            f"{'/' + url:48} {o['bytes'] / 1024:8.1f} {o['requests']:4d} {s['bytes'] / 1024:9.1f} "
            f"{s['requests']:4d} {s['third_party']:>18d}"
        )
    med_ours = statistics.median(v["bytes"] for v in ours.values())
    med_stock = statistics.median(v["bytes"] for v in stock.values())
    ratio = med_ours / med_stock
    third_ours = sum(v["third_party"] for v in ours.values())
    third_stock = sum(v["third_party"] for v in stock.values())
    stock_hosts = sorted({h for v in stock.values() for h in v["third_party_hosts"]})
    print(
        f"\nbuild time (median of {RUNS}): ours {statistics.median(ours_times):.2f} s, "
        f"stock Material {statistics.median(stock_times):.2f} s"
    )
    print(f"search index: {index_raw / 1024:.0f} KB raw, {index_gz / 1024:.0f} KB gzip")
    print(
        f"median page: ours {med_ours / 1024:.1f} KB in "
        f"{statistics.median(v['requests'] for v in ours.values()):.0f} requests; stock "
        f"{med_stock / 1024:.1f} KB in {statistics.median(v['requests'] for v in stock.values()):.0f} requests; "
        f"ratio {ratio:.2f}"
    )
    print(
        f"third-party requests: ours {third_ours}, stock {third_stock} ({', '.join(stock_hosts) or 'none'})"
    )
    print(
        f"\nScale test ({SCALE}x today's pages, nav left to MkDocs, not strict; median of {RUNS}):"
    )
    print("\n".join(scale_lines))
    print("\nLighthouse (this site):")
    for url, s in scores.items():
        print(f"  {url:44} " + ", ".join(f"{k} {v}" for k, v in s.items()))

    checks = [
        (f"median page weight <= {BUDGET_RATIO} x stock ({ratio:.2f})", ratio <= BUDGET_RATIO),
        ("zero third-party requests", third_ours == 0),
    ]
    for url, s in scores.items():
        for cat, floor in LIGHTHOUSE_BUDGET.items():
            checks.append(
                (
                    f"Lighthouse {cat} >= {floor} on {url} ({s.get(cat, 'n/a')})",
                    isinstance(s.get(cat), int) and s[cat] >= floor,
                )
            )
    print("\nBudgets:")
    for label, ok in checks:
        print(f"  [{'met' if ok else 'NOT MET'}] {label}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
