"""Whether a per-user folder (the cache, the ownership records) is safe to use.

A folder that someone else owns or can write to could feed vpcdocs forged entries, so such a
folder is not used at all.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["private_dir"]


def private_dir(folder: Path) -> bool:
    """Make `folder` (mode 0700 when created) and say whether it is safe to use: a folder of
    this user that no one else can write to."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except (OSError, ValueError):
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    foreign = hasattr(os, "getuid") and info.st_uid != os.getuid()
    if foreign or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(folder, os.W_OK | os.X_OK)
