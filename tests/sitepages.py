"""The pages of the built site, read from mkdocs.yml's nav, for tests to walk."""

from __future__ import annotations

import functools
import os
from pathlib import Path

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


def front_matter(src: str) -> dict:
    import yaml

    text = (ROOT / "docs" / src).read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}
