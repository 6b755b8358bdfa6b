"""Reading a small file of the user's (a README to inject into, `.vpcdocs.yml`) safely: only a
regular file is read (a FIFO would block forever, a device such as /dev/zero never ends, a folder
is no text), its size is checked before reading, and never more than the limit plus one byte is
read, so a file growing meanwhile cannot exhaust memory either."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["read_regular_file"]


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path` (links followed), at most `limit` of them; an
    `OSError` with a plain `strerror` otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise OSError(errno.EISDIR, "is a folder, not a file", str(path))
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, device or socket)",
                          str(path))
        if st.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        chunks: list[bytes] = []
        size = 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)
