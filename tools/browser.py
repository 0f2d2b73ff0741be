"""Find the Chromium the browser tests drive, or install one.

Order: $CHROME_PATH, then Debian's `chromium-headless-shell`, then `chromium`,
`chromium-browser`, `google-chrome` on PATH, then a browser Playwright downloaded earlier.
The headless shell is the same Chromium without the desktop browser around it (the build
Playwright itself uses for headless runs); the tests give the same results in it for about a
quarter less CPU (TESTING.md, session 14). If none is found and `--install` is given:
Debian's `chromium-headless-shell` (or `chromium` where there is no such package) through
apt-get when running as root, else `python -m playwright install chromium`. Prints the path
it found; exits 1 with what to install when there is none (under CI=true).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SHELL = "chromium-headless-shell"
NAMES = (SHELL, "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HELP = (
    "No Chromium found. Install one: `sudo apt-get install chromium-headless-shell` "
    "(Debian 12 and later; or `chromium`), or `python -m playwright install chromium`, "
    "or set CHROME_PATH to a Chrome or Chromium binary."
)

# Flags for a headless browser on a machine with no network but loopback. The full browser
# also gets `--headless=new` (see flags()); the headless shell has only one headless mode.
FLAGS = [
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


def is_shell(path: str | None) -> bool:
    """A headless shell: Debian's chromium-headless-shell or Google's chrome-headless-shell."""
    return path is not None and "headless-shell" in Path(path).name


def flags(path: str | None) -> list[str]:
    """The flags for the browser at path: `--headless=new` only for a full browser."""
    return list(FLAGS) if is_shell(path) else ["--headless=new", *FLAGS]


def playwright_own() -> str | None:
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
        return path if path and Path(path).exists() else None
    except Exception:
        return None


def find(shell: bool = True) -> str | None:
    """The browser to drive. shell=False puts the headless shell last (Lighthouse, which
    is measured in the full browser, and the social card's picture)."""
    env = os.environ.get("CHROME_PATH")
    if env:
        return env if Path(env).exists() else None
    for name in NAMES if shell else (*NAMES[1:], SHELL):
        path = shutil.which(name)
        if path:
            return path
    return playwright_own()


def install() -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        # On a fresh machine another apt-get (unattended upgrades, image setup) may hold the
        # package lock for a while: wait for it (up to 10 minutes) instead of failing at once.
        wait = ["-o", "DPkg::Lock::Timeout=600"]
        subprocess.run(["apt-get", *wait, "update", "-qq"], check=False, env=env)
        # Debian 12 and later have the headless shell; elsewhere the full browser.
        for package in (SHELL, "chromium"):
            got = subprocess.run(["apt-get", *wait, "install", "-y", "-qq", package], env=env)
            if got.returncode == 0:
                break
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
    if not is_shell(path) and not os.environ.get("CHROME_PATH"):
        print(
            f"Using {path}. Debian's `{SHELL}` runs the same tests for about a quarter less "
            f"CPU: `sudo apt-get install {SHELL}`.",
            file=sys.stderr,
        )
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
