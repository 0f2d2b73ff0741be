"""Wide tables keep their headings in view (issue 17, item 6).

- On a 360 px phone, every Markdown table of three or more columns becomes one card per row,
  each cell labelled with its column's name (data-label, added at build time by
  overrides/hooks/tables.py); nothing scrolls sideways; axe finds nothing, light and dark
  (PHONE_CARDS, run on each such page by test_accessibility.phone_problems).
- On a 1280 px laptop, the comparison's header row stays in view while the reader scrolls
  down the grid, light and dark.
"""

from __future__ import annotations

import html
import re

import pytest

from sitepages import nav_pages

CELL = re.compile(r"<(t[hd])(?:\s[^>]*)?>(.*?)</\1>", re.S)


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def stacked_pages(site) -> list[str]:
    return [
        url
        for _, url in nav_pages()
        if "data-stack" in (site / url / "index.html").read_text(encoding="utf-8")
    ]


def test_every_wide_markdown_table_labels_each_cell_with_its_column(site):
    """Every plain table of 3+ columns carries data-stack, and each body cell its heading."""
    checked = 0
    for src, url in nav_pages():
        text = (site / url / "index.html").read_text(encoding="utf-8")
        for m in re.finditer(r"<table( data-stack)?>(.*?)</table>", text, re.S):
            head = re.search(r"<thead>(.*?)</thead>", m.group(2), re.S)
            labels = [plain(c.group(2)) for c in CELL.finditer(head.group(1))] if head else []
            if len(labels) < 3:
                assert not m.group(1), f"{src}: a narrow table need not be stacked"
                continue
            assert m.group(1), f"{src}: a table of {len(labels)} columns is not stacked on phones"
            body = m.group(2)[head.end() :]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
                cells = re.findall(r"<t[hd]((?:\s[^>]*)?)>", row)
                for label, attrs in zip(labels, cells, strict=False):
                    got = re.search(r'data-label="?([^">]*)"?', attrs)
                    if label:
                        assert got and html.unescape(got.group(1)) == label, (
                            f"{src}: {attrs!r} lacks {label!r}"
                        )
                        checked += 1
    assert checked > 100, f"only {checked} labelled cells: is the hook registered?"


# What a stacked table must look like on a 360 px phone (run in the browser; returns the
# problems found). test_accessibility.phone_problems runs it, with axe, on every page
# that has a stacked table, light and dark.
PHONE_CARDS = """() => {
  const out = [];
  for (const t of document.querySelectorAll('article table[data-stack]')) {
    const box = t.getBoundingClientRect();
    let el = t;
    for (; el && el.tagName !== 'ARTICLE'; el = el.parentElement)
      if (el.scrollWidth > el.clientWidth + 1) out.push('scrolls sideways: ' + el.className);
    if (box.right > innerWidth + 1) out.push('wider than the screen: ' + box.right);
    const head = t.tHead.getBoundingClientRect();
    if (head.width > 1 && head.height > 1) out.push('column headings still shown as a row');
    for (const td of t.querySelectorAll('tbody td[data-label]')) {
      const before = getComputedStyle(td, '::before');
      if (before.content !== JSON.stringify(td.dataset.label) || before.display === 'none')
        out.push('cell without its label: ' + td.dataset.label);
      if (getComputedStyle(td).display !== 'block') out.push('cell still in a row');
    }
  }
  return out;
}"""


def test_at_least_ten_pages_stack_their_tables_on_phones(site):
    pages = stacked_pages(site)
    assert len(pages) >= 10, pages


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_comparison_header_row_stays_in_view_on_a_laptop(browser, server, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{server}/decision-aid/")
    wrap = page.locator(".da-grid-wrap")
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth + 1"), "the grid scrolls sideways"
    top = page.evaluate(
        "document.querySelector('table.da-grid tbody').getBoundingClientRect().top + scrollY"
    )
    for depth in (400, 1200):
        page.evaluate(f"window.scrollTo(0, {top + depth})")
        page.wait_for_function(f"Math.abs(scrollY - {top + depth}) < 2")
        header = page.evaluate(
            "document.querySelector('.md-header').getBoundingClientRect().bottom"
        )
        cells = page.evaluate("""() => [...document.querySelectorAll('table.da-grid thead th')].map(th => {
          const r = th.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 12));
          return {top: r.top, bottom: r.bottom, seen: th.contains(hit), text: th.innerText.trim()};
        })""")
        body = page.evaluate(
            "document.querySelector('table.da-grid tbody').getBoundingClientRect()"
        )
        assert body["top"] < header and body["bottom"] > 700, "scrolled into the middle of the grid"
        for cell in cells:
            assert header - 1 <= cell["top"] <= header + 1 and cell["seen"], (
                f"{scheme}, {depth} px into the grid: heading {cell['text']!r} is out of view ({cell})"
            )
    context.close()
