"""Draw the social card from tools/social-card.svg, with a headless Chromium and no network.

Usage:  python tools/social_card.py      (or `make social-card`)

Writes docs/assets/images/social-card.png (1200 x 630), the og:image and twitter:image of
every page (overrides/main.html). Commit the PNG; the build only copies it. It must stay
under 60 KB, which flat colours and few words make easy; the script fails if it does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser as finder  # noqa: E402  tools/browser.py

SOURCE = HERE / "social-card.svg"
TARGET = HERE.parent / "docs" / "assets" / "images" / "social-card.png"
WIDTH, HEIGHT, MAX_BYTES = 1200, 630, 60_000


def render() -> bytes:
    from playwright.sync_api import sync_playwright

    path = finder.find(shell=False)  # the picture as drawn before, where there is a full browser
    if path is None:
        sys.exit(finder.HELP)
    svg = SOURCE.read_text(encoding="utf-8")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=finder.flags(path))
        page = b.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
        # Offline: any request other than the inline document is refused.
        page.route("**/*", lambda route: route.abort())
        page.set_content(f'<!doctype html><html><body style="margin:0">{svg}</body></html>')
        png = page.screenshot(clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT}, type="png")
        b.close()
    return png


def main() -> int:
    png = render()
    if len(png) > MAX_BYTES:
        print(
            f"social card is {len(png)} bytes, over {MAX_BYTES}: simplify {SOURCE.name}",
            file=sys.stderr,
        )
        return 1
    TARGET.write_bytes(png)
    print(f"wrote {TARGET.relative_to(HERE.parent)}: {WIDTH}x{HEIGHT}, {len(png)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
