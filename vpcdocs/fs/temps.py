"""Temporary files and folders that vpcdocs recognises as its own, and removing the ones that a
killed run left behind.

Every temporary is named `.vpcdocs-tmp-<stem><pid>-<8 hex digits>`: the marker, an optional stem
(a site's build folder carries the site's name, so that each site cleans up only its own), the
id of the process that made it, and random digits. Output paths never start with the marker
(`vpcdocs.write` refuses them), so the name alone says "vpcdocs made this".

Which temporaries are orphans: a temporary is an orphan when nobody holds a `flock` on it and the
process named in it is gone (not running, or a zombie). Single files, a site's build folder and
the live preview's folder are locked by their writer from right after creation until they are
renamed or removed, which also covers a process of another pid namespace sharing the folder; the
docs tree's pages, staged in two phases under the folder's lock (`vpcdocs.fs.lock`), are covered
by their writer's pid. (A pid reused by an unrelated live process keeps an orphan until that
process ends; nothing is ever removed that a live writer could still need.) Names from vpcdocs
versions before this scheme (`.vpcdocs-tmp-` and 8 characters, no pid) are orphans only when the
caller holds the folder's lock (`folder_locked`). Nothing that is a symbolic link, or not of the
expected kind (file or folder), is ever touched.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "MARKER",
    "Cleanup",
    "create_dir",
    "create_file",
    "find_orphans",
    "new_name",
    "process_alive",
    "remove_orphans",
]

MARKER = ".vpcdocs-tmp-"
_TRIES = 100

Kind = Literal["file", "dir"]
#: Whether not to look below a folder (given as a path string: a scan may meet 100,000 folders).
Prune = Callable[[str], bool]


def new_name(stem: str = "") -> str:
    """A fresh temporary name for this process: `.vpcdocs-tmp-<stem><pid>-<8 hex>`."""
    return f"{MARKER}{stem}{os.getpid()}-{secrets.token_hex(4)}"


def create_file(folder: Path, stem: str = "") -> tuple[int, Path]:
    """Create a new, empty temporary file in `folder` (mode 0600), locked; return its open
    descriptor (closing it releases the lock) and its path."""
    for _ in range(_TRIES):
        path = folder / new_name(stem)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
        except FileExistsError:
            continue
        _lock(fd)
        return fd, path
    raise FileExistsError(f"{folder}: no free temporary name")  # pragma: no cover


def create_dir(folder: Path, stem: str = "") -> tuple[int, Path]:
    """Create a new temporary folder in `folder` (mode 0700), locked; return a descriptor that
    holds the lock (close it after removing the folder) and its path."""
    for _ in range(_TRIES):
        path = folder / new_name(stem)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            with contextlib.suppress(OSError):
                os.rmdir(path)
            raise
        _lock(fd)
        return fd, path
    raise FileExistsError(f"{folder}: no free temporary name")  # pragma: no cover


def _lock(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


@dataclass
class Cleanup:
    """What `remove_orphans` did: paths removed, and paths it could not remove (with why)."""

    removed: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)


def _parse(name: str, stem: str) -> tuple[bool, int | None]:
    """(ours, pid): whether `name` is a temporary name with this stem, and its pid (None for
    an old-style name without one)."""
    head = re.escape(MARKER + stem)
    m = re.fullmatch(head + r"([1-9][0-9]{0,9})-[0-9a-f]{8}", name)
    if m:
        return True, int(m.group(1))
    if re.fullmatch(head + r"[a-z0-9_]{8}", name):
        return True, None
    return False, None


def process_alive(pid: int) -> bool:
    """Whether process `pid` is running (a zombie counts as gone). In doubt: alive."""
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) sends CTRL_C there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OverflowError, OSError):
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read(4096).rsplit(b")", 1)[-1].split()
        return not (fields and fields[0] == b"Z")
    except OSError:
        return True


def _candidates(
    folder: Path, stem: str, kind: Kind, recursive: bool, prune: Prune | None,
    visited: set[str] | None = None,
) -> Iterator[tuple[Path, int | None]]:
    prefix = MARKER + stem  # every temporary name starts so: most names need no pattern
    if recursive:
        for root, dirs, files in os.walk(folder, followlinks=False):
            if visited is not None:
                visited.add(root)
            names = files if kind == "file" else dirs
            for name in sorted(n for n in names if n.startswith(prefix)):
                ours, pid = _parse(name, stem)
                if ours:
                    yield Path(root) / name, pid
            if prune is not None:
                dirs[:] = [d for d in dirs if not prune(os.path.join(root, d))]
        return
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        ours, pid = _parse(name, stem) if name.startswith(prefix) else (False, None)
        if ours:
            yield folder / name, pid


def _open_unheld(path: Path, kind: Kind) -> int | None:
    """Open `path` and take its lock; the descriptor, or None when it is not of `kind`, is a
    link, is gone, or a live process holds its lock."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    if kind == "dir":
        flags |= getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        expected = stat.S_ISDIR(st.st_mode) if kind == "dir" else stat.S_ISREG(st.st_mode)
        if not expected:
            os.close(fd)
            return None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return None
            except OSError:
                pass  # no flock here: decide by pid and age
    except OSError:
        os.close(fd)
        return None
    return fd


def _orphaned(pid: int | None, folder_locked: bool) -> bool:
    if pid is None:
        return folder_locked
    return not process_alive(pid)


def _scan(
    folder: Path,
    *,
    stem: str,
    kind: Kind,
    recursive: bool,
    folder_locked: bool,
    remove: bool,
    prune: Prune | None = None,
    visited: set[str] | None = None,
) -> Cleanup:
    result = Cleanup()
    for path, pid in _candidates(folder, stem, kind, recursive, prune, visited):
        fd = _open_unheld(path, kind)
        if fd is None:
            continue
        try:
            if not _orphaned(pid, folder_locked):
                continue
            if not remove:
                result.removed.append(path)
                continue
            try:
                if kind == "dir":
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
            except FileNotFoundError:
                continue
            except OSError as exc:
                result.failed.append((path, exc.strerror or str(exc)))
                continue
            result.removed.append(path)
        finally:
            os.close(fd)
    return result


def find_orphans(
    folder: Path,
    *,
    stem: str = "",
    kind: Kind = "file",
    recursive: bool = False,
    folder_locked: bool = False,
    prune: Prune | None = None,
    visited: set[str] | None = None,
) -> list[Path]:
    """The orphaned temporaries in `folder` (and below, with `recursive`, except in folders
    for which `prune` is true); removes nothing. `visited`, with `recursive`, receives every
    folder looked in (as `os.walk` names it: reached without following a link)."""
    return _scan(
        folder, stem=stem, kind=kind, recursive=recursive, folder_locked=folder_locked,
        remove=False, prune=prune, visited=visited,
    ).removed


def remove_orphans(
    folder: Path,
    *,
    stem: str = "",
    kind: Kind = "file",
    recursive: bool = False,
    folder_locked: bool = False,
) -> Cleanup:
    """Remove the orphaned temporaries in `folder` (and below, with `recursive`)."""
    return _scan(
        folder, stem=stem, kind=kind, recursive=recursive, folder_locked=folder_locked, remove=True
    )
