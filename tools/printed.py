"""Print a page of the built site to PDF in Chromium, and read what a reader gets on paper.

    python tools/printed.py decision-aid/handout/        # measures A4 and US Letter

Prints, per paper size: the page count, the smallest font size on paper (in points, after
every scaling), each page's first words, and how many pictures each page has. The tests in
test_decision_aid.py use the same functions (`print_pdf`, `read_pdf`).
"""

from __future__ import annotations

import io
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAPER = {
    "A4": {"width": "210mm", "height": "297mm"},
    "Letter": {"width": "8.5in", "height": "11in"},
}


@dataclass
class Printed:
    pages: int
    sizes: list[tuple[float, float]]  # each page's width and height, in points
    text: list[str]  # each page's text
    smallest: float  # the smallest font size on paper, in points
    smallest_text: str  # a piece of text set at that size
    images: list[int] = field(default_factory=list)  # pictures (image XObjects) per page
    runs: list[tuple[float, str]] = field(
        default_factory=list
    )  # every piece of text, with its size


def open_for_print(page: Any, url: str) -> None:
    """Load `url` in `page` (a Playwright page) as the printer sees it: print media, every
    picture loaded."""
    page.goto(url)
    page.emulate_media(media="print")
    page.wait_for_function("[...document.images].every(i => i.complete)")


def pdf_of(page: Any, paper: str = "A4") -> bytes:
    """Print the page as it is open now. The paper size is the reader's printer setting; the
    page's own CSS sets orientation and margins only through `@page`
    (prefer_css_page_size=False, like a browser's print dialog with a chosen paper size).
    Each print lays the document out again for its paper, so one load serves every paper."""
    return bytes(page.pdf(**PAPER[paper], prefer_css_page_size=False, print_background=True))


def print_pdf(page: Any, url: str, paper: str = "A4") -> bytes:
    """Load `url` in `page` and print it on `paper`."""
    open_for_print(page, url)
    return pdf_of(page, paper)


def _images(pdf_page: Any) -> int:
    count = 0

    def walk(resources: Any, depth: int = 0) -> None:
        nonlocal count
        xobjects = (resources or {}).get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                count += 1
            elif obj.get("/Subtype") == "/Form" and depth < 5:
                # Chromium draws an SVG as a form XObject holding vector paths.
                if obj.get("/Resources") is None or not (obj["/Resources"].get("/XObject")):
                    count += 1
                walk(obj.get("/Resources"), depth + 1)

    walk(pdf_page.get("/Resources"))
    return count


def sheet_sizes(data: bytes) -> list[tuple[float, float]]:
    """Each sheet's width and height in points, without reading its text (`read_pdf` parses
    every sheet's drawing instructions: about 2.5 s of CPU for the 43 sheets of the evidence
    table, against 0.01 s for this)."""
    from pypdf import PdfReader

    return [
        (float(p.mediabox.width), float(p.mediabox.height))
        for p in PdfReader(io.BytesIO(data)).pages
    ]


def read_pdf(data: bytes) -> Printed:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    texts, sizes, images = [], [], []
    runs: list[tuple[float, str]] = []
    smallest, smallest_text = math.inf, ""
    for pdf_page in reader.pages:
        found: list[tuple[float, str]] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font_dict: Any,
            font_size: float,
            found: list[tuple[float, str]] = found,
        ) -> None:
            if not text.strip():
                return
            # The text matrix times the current transformation matrix: its vertical scale
            # turns the font size into points on paper.
            a, b, c, d = (
                tm[0] * cm[0] + tm[1] * cm[2],
                tm[0] * cm[1] + tm[1] * cm[3],
                tm[2] * cm[0] + tm[3] * cm[2],
                tm[2] * cm[1] + tm[3] * cm[3],
            )
            scale = math.sqrt(abs(a * d - b * c))
            found.append((round(font_size * scale, 2), text.strip()))

        texts.append(pdf_page.extract_text(visitor_text=visit))
        runs.extend(found)
        for size, text in found:
            if size < smallest:
                smallest, smallest_text = size, text
        box = pdf_page.mediabox
        sizes.append((float(box.width), float(box.height)))
        images.append(_images(pdf_page))
    return Printed(len(reader.pages), sizes, texts, smallest, smallest_text, images, runs)


def main(path: str) -> None:
    sys.path[:0] = ["tools"]  # tools/browser.py
    import functools
    import http.server
    import socketserver
    import threading

    from playwright.sync_api import sync_playwright

    import browser as finder

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory="site")
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/{path}"
    with sync_playwright() as p:
        chrome = finder.find()
        b = p.chromium.launch(executable_path=chrome, args=finder.flags(chrome))
        page = b.new_page(viewport={"width": 1280, "height": 900})
        for paper in sys.argv[2:] or PAPER:
            data = print_pdf(page, url, paper)
            if os.environ.get("PDF_OUT"):
                Path(os.environ["PDF_OUT"] + f"-{paper}.pdf").write_bytes(data)
            got = read_pdf(data)
            w, h = got.sizes[0]
            print(
                f"{paper}: {got.pages} pages ({'portrait' if h > w else 'landscape'}), "
                f"smallest text {got.smallest:g} pt ({got.smallest_text[:40]!r}), "
                f"pictures per page {got.images}"
            )
            for i, text in enumerate(got.text, 1):
                print(f"  page {i}: {' '.join(text.split())[100:330]}")
        b.close()
    httpd.shutdown()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "decision-aid/handout/")
