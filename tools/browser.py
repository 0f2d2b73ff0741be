"""Find the Chromium the browser tests drive, or install one.

Order: $CHROME_PATH, then `chromium`, `chromium-browser`, `google-chrome` on PATH, then a
browser Playwright downloaded earlier. If none is found and `--install` is given: Debian's
`chromium` through apt-get when running as root, else `python -m playwright install
chromium`. Prints the path it found; exits 1 with what to install when there is none.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HELP = (
    "No Chromium found. Install one: `sudo apt-get install chromium` (Debian/Ubuntu), "
    "or `python -m playwright install chromium`, or set CHROME_PATH to a Chrome or "
    "Chromium binary."
)

# Flags for a headless browser on a machine with no network but loopback.
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
]


def playwright_own() -> str | None:
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
        return path if path and Path(path).exists() else None
    except Exception:
        return None


def find() -> str | None:
    env = os.environ.get("CHROME_PATH")
    if env:
        return env if Path(env).exists() else None
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return playwright_own()


def install() -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)
    else:
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)


def main() -> int:
    path = find()
    if path is None and "--install" in sys.argv:
        install()
        path = find()
    if path is None:
        print(HELP, file=sys.stderr)
        # Outside CI the browser tests skip themselves; under CI=true they fail.
        return 1 if os.environ.get("CI") == "true" else 0
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
