"""Reading a file a user named, bounded: regular files only, never more than a limit.

`Path.read_bytes()` trusts its path: a named pipe (FIFO) blocks it forever, `/dev/zero` never ends
(`validate /dev/zero` grew to 6.5 GB) and a 2 GB sparse file is read whole before any size check.
Every file vpcdocs reads on a user's behalf (the topology, `.vpcdocs.yml`, a README given to
`inject`, template overrides) comes through `read_limited` instead:

* The path is stat'ed first (symlinks followed: a link to a regular file is fine) and anything
  but a regular file (a directory, FIFO, character or block device, socket) is refused by its
  type without being opened: opening a device can do something (a tape rewinds, a serial line
  hangs up).
* It is then opened with O_NONBLOCK, so that a FIFO swapped in after the stat cannot block the
  open, and fstat'ed: the open file must be the regular file that was stat'ed (same device and
  inode), else it is refused.
* Its size (fstat) is checked against the limit before a byte is read, and the read stops after
  `limit + 1` bytes whatever the size said, so a file that grows while read, or one whose size is
  not its length (files under /proc say 0), is refused having read at most `limit + 1` bytes.

Problems raise `InputError`, whose `diagnostic(name)` is the one-line `FILE:1:1: error[CODE]` that
the caller reports. This module is stage 0: it knows nothing of what the bytes mean, and every
stage may use it. The limit is a parameter; each caller names its own (the topology's is
`vpcdocs.loader.yamlsrc.MAX_BYTES`).
"""

from __future__ import annotations

import os
import stat
from typing import Final

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error

__all__ = ["CHUNK", "InputError", "read_limited", "too_large_message"]

#: Bytes asked of one `os.read` call (the read of a 1 MiB topology is one call).
CHUNK: Final = 1024 * 1024

_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOCTTY", 0)  # a terminal never becomes the controlling one
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
)

_KINDS: Final = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class InputError(Exception):
    """A file that is not read: missing, unreadable, not a regular file or over the limit."""

    def __init__(self, code: DiagnosticCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def diagnostic(self, name: str) -> Diagnostic:
        """The error at line 1, column 1 of `name` (the file as the user wrote it)."""
        return error(self.code, self.message, Location(name, 1, 1))


def too_large_message(size: int, limit: int) -> str:
    """The FILE_TOO_LARGE message, shared with the loader's check of bytes it is given."""
    return f"file is {size:,} bytes; the limit is {limit:,} bytes"


def _kind(mode: int) -> str:
    for test, words in _KINDS:
        if test(mode):
            return words
    return "a special file"


def _not_regular(mode: int) -> InputError:
    return InputError(
        DiagnosticCode.NOT_A_FILE, f"not a regular file but {_kind(mode)}; vpcdocs reads regular files only"
    )


def _cannot_read(exc: OSError) -> InputError:
    return InputError(DiagnosticCode.CANNOT_READ, f"cannot read file: {exc.strerror or exc}")


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises `InputError`: CANNOT_READ (missing, no permission, ...), NOT_A_FILE (a directory,
    FIFO, device or socket, refused without reading) or FILE_TOO_LARGE (over `limit` bytes,
    found by fstat or after reading `limit + 1` bytes). Never blocks on a FIFO.
    """
    if limit < 0:
        raise ValueError(f"limit must be at least 0, not {limit}")
    try:
        before = os.stat(path)
    except OSError as exc:
        raise _cannot_read(exc) from None
    if not stat.S_ISREG(before.st_mode):
        raise _not_regular(before.st_mode)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _cannot_read(exc) from None
    try:
        return _read_open(fd, before, limit)
    finally:
        os.close(fd)


def _read_open(fd: int, before: os.stat_result, limit: int) -> bytes:
    try:
        opened = os.fstat(fd)
    except OSError as exc:
        raise _cannot_read(exc) from None
    if not stat.S_ISREG(opened.st_mode):
        raise _not_regular(opened.st_mode)
    if (opened.st_dev, opened.st_ino) != (before.st_dev, before.st_ino):
        raise InputError(DiagnosticCode.CANNOT_READ, "cannot read file: it was replaced while being opened")
    if opened.st_size > limit:
        raise InputError(DiagnosticCode.FILE_TOO_LARGE, too_large_message(opened.st_size, limit))
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        try:
            chunk = os.read(fd, min(CHUNK, limit + 1 - total))
        except OSError as exc:
            raise _cannot_read(exc) from None
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise InputError(
            DiagnosticCode.FILE_TOO_LARGE, f"file is more than {limit:,} bytes; the limit is {limit:,} bytes"
        )
    return b"".join(chunks)
