"""Run a command and report the CPU time of every process it starts, Chromium's included.

    python tools/cputree.py make test

`/usr/bin/time` counts a process only when its parent waits for it. The Chromium that the
browser tests drive (through Playwright's driver) is not waited for that way, so its CPU
time, most of a `make test`, is missing from `/usr/bin/time`'s total. This samples
/proc every 0.2 s instead (the command's own process tree, through each thread's children
file): each process under the command, its user and system time as last
seen. A process that lives less than 0.2 s, and the last 0.2 s of each, are not counted, so
the total is a little low. Linux only. Prints the wall time, the total and the largest
kinds of process.

By test: `CPUTREE_TESTS=out.tsv python -m pytest tests ...` (tests/conftest.py) samples each
test worker's own process tree the same way and writes one line per test (worker, CPU
seconds, wall seconds, test id) to out.tsv, so the CPU of the Chromium a test drives is
counted against that test. A process that ends is counted up to its last sample.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
SHELLS = {"sh", "bash", "dash", "env"}


def _kind(cmdline: list[bytes]) -> str:
    args = [a.decode(errors="replace") for a in cmdline]
    name = os.path.basename(args[0]) if args and args[0] else "?"
    kind = next((a[len("--type=") :] for a in args if a.startswith("--type=")), "")
    if "chromium" in name or "chrome" in name or kind:
        return f"chromium {kind or 'browser'}"
    if name.startswith("python") and len(args) > 2:
        return f"python {args[1]} {args[2]}".splitlines()[0][:50]
    return name


def _children(pid: int) -> list[int]:
    """The processes `pid` started (each of its threads' children file, Linux 3.5 and later)."""
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(child) for child in f.read().split())
    except OSError:  # the process has ended
        pass
    return out


def _stat(pid: int) -> tuple[int, float] | None:
    """The parent and the CPU seconds (user + system) of `pid`, or None if it has ended."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


CHILDREN_FILES = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def sample(root: int, seen: dict[int, tuple[float, str]]) -> None:
    """Record the CPU seconds of `root` and every process under it. Only that tree is read
    where the kernel lists each thread's children; otherwise every process in /proc."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    if CHILDREN_FILES:
        todo = [root]
        while todo:
            pid = todo.pop()
            stat = _stat(pid)
            if stat is None:
                continue
            cpu[pid] = stat[1]
            children[pid] = _children(pid)
            todo.extend(children[pid])
    else:
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (stat := _stat(int(entry))) is not None:
                children.setdefault(stat[0], []).append(int(entry))
                cpu[int(entry)] = stat[1]
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        if pid not in cpu:
            continue
        kind = seen[pid][1] if pid in seen else "sh"
        if kind in SHELLS:  # read again: a wrapper script (/usr/bin/chromium) execs the program
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    kind = _kind(f.read().split(b"\0"))
                if kind == "?":  # Chromium's renderers overwrite their command line
                    with open(f"/proc/{pid}/comm") as f:
                        kind = f"{f.read().strip()} (command line hidden: a renderer)"
            except OSError:
                kind = "?"
        seen[pid] = (cpu[pid], kind)


class PerTest:
    """Sample this process's tree every 0.2 s in a thread; `start(name)` charges the CPU used
    from then on to `name` (the running test), `stop()` writes its line."""

    def __init__(self, out: str, worker: str) -> None:
        import threading

        self.out, self.worker = out, worker
        self.name: str | None = None
        self.cpu = 0.0
        self.began = 0.0
        self.seen: dict[int, tuple[float, str]] = {}
        self.lock = threading.Lock()
        self.done = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _tick(self) -> None:
        with self.lock:
            before = {pid: cpu for pid, (cpu, _) in self.seen.items()}
            sample(os.getpid(), self.seen)
            self.cpu += sum(cpu - before.get(pid, 0.0) for pid, (cpu, _) in self.seen.items())

    def _run(self) -> None:
        while not self.done.wait(0.2):
            self._tick()

    def close(self) -> None:
        self.done.set()

    def start(self, name: str) -> None:
        self._tick()  # what came before is not this test's
        with self.lock:
            self.name, self.cpu, self.began = name, 0.0, time.monotonic()

    def stop(self) -> None:
        self._tick()
        with self.lock:
            line = (
                f"{self.worker}\t{self.cpu:.2f}\t{time.monotonic() - self.began:.2f}\t{self.name}\n"
            )
        with open(self.out, "a") as f:
            f.write(line)


def main(command: list[str]) -> int:
    start = time.monotonic()
    proc = subprocess.Popen(command)
    seen: dict[int, tuple[float, str]] = {}
    while proc.poll() is None:
        sample(proc.pid, seen)
        time.sleep(0.2)
    wall = time.monotonic() - start
    kinds: dict[str, float] = {}
    for seconds, kind in seen.values():
        kinds[kind] = kinds.get(kind, 0.0) + seconds
    print(
        f"cputree: wall {wall:.1f} s, CPU {sum(kinds.values()):.1f} s "
        f"(user + system, {len(seen)} processes); load average {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    for kind, seconds in sorted(kinds.items(), key=lambda item: -item[1])[:8]:
        print(f"  {seconds:7.1f} s  {kind}", file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
