"""One-line messages for filesystem failures: the path, what vpcdocs was doing, and why it failed.

`OSError`'s own text names a temporary file or a half path (`[Errno 20] Not a directory:
'docs/a.md/x'`); users need the path they gave and the cause in plain words, e.g.
`docs/network/index.md: cannot write: No space left on device`, or, when a component of the
path is a file, which one.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["blocking_file", "describe", "reason"]


def reason(exc: BaseException) -> str:
    """The cause in words: `strerror` ("Read-only file system"), else the exception's text."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def blocking_file(path: Path | str) -> Path | None:
    """The first folder on the way to `path` that exists but is not a folder (the reason for
    `NotADirectoryError`), or None."""
    target = Path(path)
    for folder in (*reversed(target.parents), target):
        if str(folder) in ("", ".", os.sep):
            continue
        try:
            st = os.stat(folder)
        except OSError:
            return None
        if not stat.S_ISDIR(st.st_mode):
            return folder if folder != target else None
    return None


def describe(path: Path | str, action: str, exc: BaseException) -> str:
    """`PATH: cannot ACTION: CAUSE`, naming the file in the way for `NotADirectoryError`."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOTDIR:
        blocker = blocking_file(path)
        if blocker is not None:
            return f"{path}: cannot {action}: {blocker} is a file, not a folder"
    return f"{path}: cannot {action}: {reason(exc)}"
