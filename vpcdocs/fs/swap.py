"""Exchanging two paths in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`).

Replacing a whole folder with `rename` needs two steps (old site aside, new one in), between
which the path does not exist: a web server shows 404s, and a second run looking for the folder
finds nothing. Exchanging the two paths has no such moment. Where the call or the filesystem does
not support it, `exchange` says so and the caller falls back to two renames.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from pathlib import Path

__all__ = ["exchange"]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = frozenset({errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP})


def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_FUNCTION = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap `a` and `b` (both must exist) atomically. False: not supported here, nothing done.
    Raises `OSError` for any other failure (nothing done either)."""
    if _FUNCTION is None:
        return False
    result = _FUNCTION(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))
