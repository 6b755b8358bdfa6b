"""One exclusive lock per output folder, so that two vpcdocs runs never write one folder at once.

`generate` and the pre-commit hook lock the docs tree they write, `build` the site folder it
replaces, `serve` its private folder. A second run waits up to `timeout` seconds (default 10, or
`VPCDOCS_LOCK_TIMEOUT`), then fails with `LockBusy`, whose text is the message for the user.

Why `fcntl.flock` on the folder itself, and not a lock file or the `filelock` package:

* the kernel releases the lock when its process dies, however it dies (SIGKILL included), so a
  stale lock cannot exist and there is nothing to take over;
* a folder is locked through a descriptor of the folder, so there is no lock file that could be
  published with a site, committed with the docs or reported by `--check` (`filelock` locks a
  lock file that must stay in place to be safe);
* a folder replaced while a run waits (the site swap exchanges folders) is noticed: after
  locking, the run checks that the path still names the folder it locked, else locks again.

Where `flock` does not exist (Windows) or the filesystem refuses it (some network filesystems),
runs are not serialised: `folder_lock` then yields False so that the caller can say so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["DEFAULT_TIMEOUT", "TIMEOUT_ENV", "LockBusy", "folder_lock", "lock_timeout"]

DEFAULT_TIMEOUT = 10.0
TIMEOUT_ENV = "VPCDOCS_LOCK_TIMEOUT"
_POLL_SECONDS = 0.05
_BUSY = frozenset({errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES})


class LockBusy(Exception):
    """Another process holds the folder's lock and did not release it in time."""

    def __init__(self, folder: Path, waited: float) -> None:
        self.folder = folder
        super().__init__(
            f"{folder}: another vpcdocs run is writing this folder; waited {waited:g} s for it "
            "to finish. Run again when it has."
        )


def lock_timeout() -> float:
    """Seconds to wait for a busy lock: `VPCDOCS_LOCK_TIMEOUT` when it is a number >= 0."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if 0 <= value < float("inf") else DEFAULT_TIMEOUT


@contextlib.contextmanager
def folder_lock(
    folder: Path, *, timeout: float | None = None, create: bool = False
) -> Iterator[bool]:
    """Hold the exclusive lock of `folder` for the `with` block; yield whether it is really held
    (False: locks are not supported here). `create` makes the folder (and its parents) when it
    is missing. Raises `LockBusy`, or `OSError` when the folder cannot be opened or made."""
    wait = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + wait
    fd = -1
    held = False
    while fcntl is not None:
        try:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except FileNotFoundError:
            if not create:
                raise
            folder.mkdir(parents=True, exist_ok=True)
            continue
        outcome = _try_lock(fd)
        if outcome is None:  # no flock on this filesystem
            break
        if outcome and _still_names(fd, folder):
            held = True
            break
        os.close(fd)
        fd = -1
        if outcome:
            continue  # the folder was replaced while we waited: lock the new one
        if time.monotonic() >= deadline:
            raise LockBusy(folder, wait)
        time.sleep(_POLL_SECONDS)
    try:
        yield held
    finally:
        if fd >= 0:
            os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool | None:
    """True: locked; False: busy; None: this filesystem has no flock."""
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return False if exc.errno in _BUSY else None
    return True


def _still_names(fd: int, folder: Path) -> bool:
    try:
        mine = os.fstat(fd)
        now = os.stat(folder)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)
