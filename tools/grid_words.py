"""Words in the comparison's grid, and how many a reader sees before opening any "More".

    python tools/grid_words.py [SITE_DIR]     # a built site; default: site

Counts the reader's words in the grid's cells (not the question each phone card repeats, nor
words only screen readers hear), once as built and once with every folded part
(<details class="da-more">, overrides/hooks/decision_aid_fold.py) taken out.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

HIDDEN = re.compile(r'<span class="(da-q|site-sr-only)">.*?</span>', re.S)
FOLD = re.compile(r'<details class="da-more">.*?</details>', re.S)


def words(fragment: str) -> int:
    return len(html.unescape(re.sub(r"<[^>]+>", " ", HIDDEN.sub(" ", fragment))).split())


def main(site: Path) -> None:
    page = (site / "decision-aid" / "index.html").read_text(encoding="utf-8")
    start = page.index('<table class="da-grid"')
    grid = page[start : page.index("</table>", start)]
    shown = FOLD.sub(" More ", grid)
    print(
        f"grid words {words(grid)}; before any More {words(shown)}; folds {len(FOLD.findall(grid))}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
