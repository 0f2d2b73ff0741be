"""Where a hung test waits: the stacks of its suspended greenlets.

Playwright's sync API runs each call inside a greenlet and waits for the browser's answer in
its own event loop. When a call never returns, every thread's stack (what pytest-timeout
prints before it stops the worker) shows only that loop, never the test's line. Shortly before
the hang guard's limit (tests/pytest.ini), this prints the stack of every suspended greenlet,
which holds the test's line and the Playwright call it is waiting in."""

from __future__ import annotations

import gc
import os
import threading
import traceback

import pytest

# When the report comes, as a share of the hang guard's limit: early enough to be printed
# before pytest-timeout stops the worker.
SHARE = 0.9


def greenlet_stacks() -> str:
    """The stack of every greenlet that is suspended (started, not finished, not running)."""
    try:
        import greenlet
    except ImportError:
        return ""
    out = []
    for obj in gc.get_objects():
        if isinstance(obj, greenlet.greenlet) and obj.gr_frame is not None:
            frames = traceback.extract_stack(obj.gr_frame)
            # From the first line in tests/ on (the test, its fixtures, the call it waits in).
            ours = [n for n, f in enumerate(frames) if f"{os.sep}tests{os.sep}" in f.filename]
            shown = frames[ours[0] :] if ours else frames[-8:]
            out.append("".join(traceback.format_list(shown)))
    return "\n".join(out)


def report(item, after: float) -> None:
    """Print where the test waits on the real standard error: pytest's capture is suspended
    first, as pytest-timeout does, or the words would stay in the capture's buffer."""
    stacks = greenlet_stacks() or "(no suspended greenlet)"
    capture = item.config.pluginmanager.getplugin("capturemanager")
    if capture:
        capture.suspend_global_capture(item)
    os.write(
        2,
        f"\n+++ {item.nodeid} still running after {after:.0f} s; waiting in:\n{stacks}\n".encode(),
    )


def watch(item, limit: float) -> threading.Timer | None:
    """A started timer that reports where `item` waits at SHARE of `limit` (None if no limit)."""
    if limit <= 0:
        return None
    timer = threading.Timer(SHARE * limit, report, (item, SHARE * limit))
    timer.daemon = True
    timer.start()
    return timer


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    config = item.config  # the limit: --timeout if given, else pytest.ini's
    timer = watch(item, float(config.getoption("timeout", None) or config.getini("timeout") or 0))
    try:
        yield
    finally:
        if timer:
            timer.cancel()
