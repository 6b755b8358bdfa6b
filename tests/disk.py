"""Helpers for the filesystem-safety tests (not a test module): small real filesystems (tmpfs,
read-only) where the machine allows mounting, child processes that kill themselves at a chosen
filesystem call, and a look at a folder's files."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Two docs trees of a few pages, A then B (B edits, adds and drops pages), for write tests.
A = {
    "index.md": b"# Network\n",
    "flows/a.md": b"# a\n",
    "flows/b.md": b"# b\n",
    "diagrams/overview.svg": b"<svg/>\n",
}
B = {
    "index.md": b"# Network v2\n",
    "flows/a.md": b"# a\n",
    "flows/c.md": b"# c\n",
    "diagrams/overview.svg": b"<svg>2</svg>\n",
    "vpcs/x.md": b"# x\n",
}

ROOT = Path(__file__).resolve().parent.parent
TEMP_MARK = ".vpcdocs-tmp-"


def files(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` (relative POSIX path -> bytes)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def leftovers(folder: Path) -> list[str]:
    """vpcdocs temporaries anywhere under `folder` (files or folders)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob(f"{TEMP_MARK}*"))


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and sys.platform.startswith("linux")


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "1m") -> Iterator[Path]:
    """A fresh tmpfs of `size` mounted at `path` (the test is skipped where mounting is not
    allowed: not root, or a container without the capability)."""
    if not can_mount():
        pytest.skip("mounting a tmpfs needs root on Linux")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)


# A child that runs Python code after arranging to SIGKILL itself just before its Nth call of
# one of the functions named in KILL_CALLS (`replace` for os.replace, or `module.function`;
# deterministic: the same N always stops at the same point). It prints the number of calls it
# made if it was not killed.
KILL_PRELUDE = """
import importlib, os, signal, sys
_names = os.environ["KILL_CALLS"].split(",")
_limit = int(os.environ["KILL_AT"])
_signal = int(os.environ.get("KILL_SIGNAL", signal.SIGKILL))
_count = [0]
def _wrap(real):
    def wrapper(*args, **kwargs):
        _count[0] += 1
        if _count[0] == _limit:
            os.kill(os.getpid(), _signal)
        return real(*args, **kwargs)
    return wrapper
for _name in _names:
    _module, _, _attr = _name.rpartition(".")
    _owner = importlib.import_module(_module or "os")
    setattr(_owner, _attr, _wrap(getattr(_owner, _attr)))
import atexit
atexit.register(lambda: print(f"CALLS={_count[0]}", file=sys.stderr))
"""


def run_killed(code: str, *, kill_at: int, calls: str, cwd: Path | None = None,
               env: dict[str, str] | None = None, timeout: float = 120,
               signum: int = 9) -> subprocess.CompletedProcess[str]:
    """Run `code` in a child Python that sends itself `signum` (SIGKILL) before its
    `kill_at`-th call of one of `calls` (comma-separated: names in `os`, or `module.function`)."""
    child_env = {**os.environ, **(env or {}), "KILL_AT": str(kill_at), "KILL_CALLS": calls,
                 "KILL_SIGNAL": str(signum)}
    return subprocess.run(
        [sys.executable, "-c", KILL_PRELUDE + code],
        cwd=cwd, env=child_env, capture_output=True, text=True, timeout=timeout,
    )


def cli_code(*args: str) -> str:
    """Child code that runs the vpcdocs command line with `args`."""
    return f"import sys\nsys.argv = ['vpcdocs', *{list(args)!r}]\nfrom vpcdocs.cli import main\nmain()\n"


def vpcdocs(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m vpcdocs ARGS` in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "vpcdocs", *args], cwd=cwd, env={**os.environ, **(env or {})},
        capture_output=True, text=True, timeout=timeout,
    )
