"""Replacing one file atomically: a temporary file beside it, fsync, rename over it.

Readers see the old bytes or the new ones, never a mix. Writing to a symbolic link replaces the
file the link points to (the temporary goes beside that file, so the rename stays on one
filesystem) and leaves the link itself alone; a link that loops, or that points to a folder or
into a folder that does not exist, is refused with a message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from vpcdocs.fs import temps
from vpcdocs.write.errors import WriteError

__all__ = [
    "atomic_write",
    "create_new",
    "current_umask",
    "fsync_dir",
    "set_mode",
    "write_all",
    "write_target",
]


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_target(path: Path) -> Path:
    """The file that writing to `path` must replace: `path` itself, or the final target of the
    symbolic link `path`. Raises `WriteError` for a link vpcdocs will not write through, or a
    target that is not a regular file (a folder, device, FIFO or socket is never replaced)."""
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return path
    if not stat.S_ISLNK(st.st_mode):
        _refuse_special(path, st)
        return path
    try:
        real = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        real = Path(os.path.realpath(path))
        if not real.parent.is_dir():
            raise WriteError(
                f"{path}: is a symbolic link to {os.readlink(path)}, whose folder does not "
                "exist; refusing to write through it"
            ) from None
        return real
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise WriteError(
                f"{path}: is a symbolic link that loops; refusing to write through it"
            ) from None
        raise
    if os.path.isdir(real):
        raise WriteError(f"{path}: is a symbolic link to the folder {real}; name a file")
    with contextlib.suppress(OSError):
        _refuse_special(path, os.stat(real))
    return real


def _refuse_special(path: Path, st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(f"{path}: is a folder; name a file")
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(
            f"{path}: is not a regular file (a device, FIFO or socket); refusing to replace it"
        )


def atomic_write(
    path: Path, data: bytes, *, umask: int | None = None, sync_dir: bool = True
) -> None:
    """Replace `path` with `data` atomically: a locked temporary file in the same folder,
    fsync, `os.replace`, then (unless `sync_dir` is False and the caller does it) fsync the
    folder. Through a symbolic link, the link's target is replaced, never the link.

    A replaced file keeps its permission bits; a new one gets 0o666 minus the umask. On error
    the temporary file is removed and the old file is untouched; `OSError` propagates (see
    `vpcdocs.fs.oserror.describe` for the message), `WriteError` for a link that is refused.
    """
    target = write_target(Path(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~(current_umask() if umask is None else umask)
    fd, tmp = temps.create_file(target.parent)
    try:
        try:
            write_all(fd, data)
            set_mode(fd, tmp, mode)
            os.fsync(fd)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    finally:
        os.close(fd)  # after the rename: the lock says "alive" until the file has its name
    if sync_dir:
        fsync_dir(target.parent)


def create_new(path: Path, data: bytes) -> None:
    """Create `path` with `data`, atomically, and never replace a file: raises FileExistsError
    when `path` exists (or appears meanwhile). Written to a temporary file beside it, fsynced,
    then hard-linked into place (which fails rather than replace); on a filesystem without hard
    links, an exclusive create (not atomic, still never replacing)."""
    mask = current_umask()
    temps.remove_orphans(path.parent)
    fd, tmp = temps.create_file(path.parent)
    try:
        write_all(fd, data)
        os.fsync(fd)
        set_mode(fd, tmp, 0o666 & ~mask)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            with open(path, "xb") as out:
                out.write(data)
    finally:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    fsync_dir(path.parent)


def set_mode(fd: int, path: Path, mode: int) -> None:
    """chmod an open file (by descriptor where the system can)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows
        os.chmod(path, mode)


def write_all(fd: int, data: bytes) -> None:
    """`os.write` until every byte is written (a short write is not an error)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: some systems cannot fsync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
