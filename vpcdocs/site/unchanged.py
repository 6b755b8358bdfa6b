"""Share the files a rebuilt site has in common with the site it replaces, as hard links.

`vpcdocs build` builds a whole new site beside the old one, swaps it in and deletes the old one.
After a small edit almost every file of the new site (pages, diagrams, theme assets) has the
same bytes as the old one's, and deleting 2,700 files whose blocks must be freed was the
slowest step of a warm build on M (~14 s of waiting on a disk mounted with `discard`).
`link_unchanged` replaces each new file that has the same bytes and permissions as the old
site's file at the same path by a hard link to that file: deleting the old site then frees only
what changed, and the new copies, never written out, cost nothing. The new site holds the same
bytes either way; only regular files are linked (never through a symbolic link), within one
filesystem, and any failure leaves the new file as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

__all__ = ["link_unchanged"]

_TEMP_SUFFIX = ".vpcdocs-link"


def link_unchanged(old: Path, new: Path) -> int:
    """Hard-link each regular file under `new` to the file at the same path under `old` when
    both have the same bytes and mode; return how many were linked. `new` must be a tree of
    vpcdocs' own (the build folder); `old` is only read."""
    if not _real_folder(old):
        return 0
    linked = 0
    for folder, dirs, names in os.walk(new):
        relative = Path(folder).relative_to(new)
        # only into folders the old site has as real folders (never through a link)
        dirs[:] = sorted(d for d in dirs if _real_folder(old / relative / d))
        for name in sorted(names):
            if _same_file(old / relative / name, Path(folder) / name):
                linked += 1
    return linked


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _same_file(old: Path, new: Path) -> bool:
    """Link `new` to `old` when they hold the same bytes; whether it was done."""
    try:
        old_stat, new_stat = os.lstat(old), os.lstat(new)
    except OSError:
        return False
    if not (stat.S_ISREG(old_stat.st_mode) and stat.S_ISREG(new_stat.st_mode)):
        return False
    if (old_stat.st_size != new_stat.st_size or old_stat.st_mode != new_stat.st_mode
            or old_stat.st_dev != new_stat.st_dev or old_stat.st_ino == new_stat.st_ino):
        return False
    try:
        if not _same_bytes(old, new):
            return False
        temp = new.with_name(new.name + _TEMP_SUFFIX)
        os.link(old, temp, follow_symlinks=False)
    except OSError:
        return False
    try:
        os.replace(temp, new)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    return True


def _same_bytes(a: Path, b: Path) -> bool:
    with open(a, "rb") as first, open(b, "rb") as second:
        while True:
            one, two = first.read(1 << 20), second.read(1 << 20)
            if one != two:
                return False
            if not one:
                return True
