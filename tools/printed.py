"""Print a page of the built site to PDF in Chromium, and read what a reader gets on paper.

    python tools/printed.py decision-aid/handout/        # measures A4 and US Letter

Prints, per paper size: the page count, the smallest font size on paper (in points, after
every scaling), each page's first words, and how many pictures each page has. The tests in
test_decision_aid.py use the same functions (`print_pdf`, `read_pdf`).
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import sys
from collections.abc import Iterator
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


# One token of a content stream as Chromium writes it: a number (pypdf reads a run of
# + - . and digits), a hexadecimal string, a name, an array's bracket, an operator, or
# anything else (group 7: the stream is left to pypdf's own parser).
_TOKEN = re.compile(
    rb"[\0\t\n\f\r ]*(?:([-+.0-9]+)|<([0-9A-Fa-f\0\t\n\f\r ]*)>|/([!-~]*?)(?=[\0\t\n\f\r ()<>\[\]{}/%]|$)"
    rb"|(\[)|(\])|([A-Za-z'\"][^\0\t\n\f\r ()<>\[\]{}/%]*)|(\S))"
)


def _operations(data: bytes, forced_encoding: Any) -> list[tuple[Any, bytes]] | None:
    """The operations of a content stream, as pypdf's own parser
    (`ContentStream._parse_content_stream`) gives them, for the streams Chromium writes:
    numbers, hexadecimal strings, plain names, arrays of numbers and strings, operators.
    None for anything else (a literal string, a dictionary, a comment, an inline image, an
    escaped name), which pypdf then parses itself. pypdf's parser reads a byte at a time:
    about 3.5 s of CPU for the handout's 23 sheets, nearly all of `read_pdf`; this reads
    the same operations in a fraction of that (checked against pypdf's parser, operation
    by operation, on the handout, the summary and the evidence table)."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject
    from pypdf.generic import create_string_object as string

    operations: list[tuple[Any, bytes]] = []
    operands: list[Any] = []
    array: ArrayObject | None = None
    pos, end = 0, len(data)
    while True:
        token = _TOKEN.match(data, pos)
        if token is None:  # only white space is left
            return operations if array is None and not data[pos:].strip() else None
        pos = token.end()
        number, hexa, name, opening, closing, operator, other = token.groups()
        if number is not None:
            value: Any = FloatObject(number) if b"." in number else NumberObject(number)
        elif hexa is not None:
            digits = bytes(c for c in hexa if c not in b"\0\t\n\f\r ")
            value = string(
                bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()), forced_encoding
            )
        elif name is not None:
            if b"#" in name:
                return None
            value = NameObject("/" + name.decode())
        elif opening is not None:
            if array is not None:
                return None
            array = ArrayObject()
            continue
        elif closing is not None:
            if array is None:
                return None
            value, array = array, None
            operands.append(value)
            continue
        elif operator is not None:
            if array is not None or operator == b"BI":
                return None
            operations.append((operands, operator))
            operands = []
            continue
        else:
            return None if other is not None else operations
        (operands if array is None else array).append(value)
        if pos >= end:
            return None  # operands left without their operator: let pypdf say what it makes of them


@contextlib.contextmanager
def _fast_content_streams() -> Iterator[None]:
    """pypdf's content streams parsed by `_operations` where it can, while this is open."""
    from pypdf.generic import ContentStream

    parse = ContentStream._parse_content_stream

    def fast(self: Any, stream: Any) -> None:
        operations = _operations(self._data, self.forced_encoding)
        if operations is None:
            parse(self, stream)
        else:
            self._operations = operations

    ContentStream._parse_content_stream = fast  # type: ignore[method-assign]
    try:
        yield
    finally:
        ContentStream._parse_content_stream = parse  # type: ignore[method-assign]


def read_pdf(data: bytes, fast: bool = True) -> Printed:
    """The printed document's sheets, text, text sizes and pictures (pypdf), its content
    streams parsed by `_operations` unless `fast` is False."""
    with _fast_content_streams() if fast else contextlib.nullcontext():
        return _read_pdf(data)


def _read_pdf(data: bytes) -> Printed:
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
