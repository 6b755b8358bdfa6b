"""A small on-disk cache for work that a no-op `vpcdocs generate --check` would otherwise redo.

Kept in the user's cache folder and never in the repository: compiled Jinja2 templates
(`bytecode_cache`), finished SVG diagrams (`store("svg")`, used by `vpcdocs.site.diagrams`) and
what MkDocs made of each page of a site (`store("pages")`, used by `vpcdocs.site.page_cache`).
A cache must never change what vpcdocs writes, so:

* entries are named by the SHA-256 of everything their bytes depend on (`key`), computed by the
  caller; a miss simply redoes the work;
* every entry file holds its key, the SHA-256 and the length of its payload, and is only used when
  all three match: a truncated, corrupt or misplaced file is a miss (and is deleted);
* entries are written by the one writer (`vpcdocs.write.atomic_write`: a temporary in the same
  folder, renamed over the entry), so readers and other vpcdocs processes never see half an
  entry; a temporary whose process is gone is removed when the store is pruned;
* each store is bounded: past its size, the least recently used entries are deleted;
* any failure (folder unwritable, disk full, odd permissions) silently turns the cache off.

Where: ``$VPCDOCS_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/vpcdocs``, else
``~/.cache/vpcdocs`` (``%LOCALAPPDATA%\\vpcdocs`` on Windows), created with mode 0700 and used
only when it belongs to the user, no one else can write to it, and it is not inside the git
work tree of the current folder. ``VPCDOCS_NO_CACHE=1`` turns all of it off (the test suite
does, in tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from vpcdocs.fs.private import private_dir
from vpcdocs.fs.temps import process_alive, remove_orphans

if TYPE_CHECKING:  # Jinja2 is imported only when templates are rendered (not by a no-op run)
    from vpcdocs.render.jinja_cache import VerifiedBytecodeCache

__all__ = [
    "CACHE_DIR_ENV",
    "MAX_BYTES",
    "NO_CACHE_ENV",
    "BlobStore",
    "bytecode_cache",
    "cache_dir",
    "enabled",
    "key",
    "store",
]

CACHE_DIR_ENV: Final = "VPCDOCS_CACHE_DIR"
NO_CACHE_ENV: Final = "VPCDOCS_NO_CACHE"

#: Size bound of each store, in bytes of entry files.
MAX_BYTES: Final = {"svg": 200 * 1024 * 1024, "jinja": 20 * 1024 * 1024,
                    # noop: vpcdocs.commands.noop's records, a stat per file of each docs folder
                    "noop": 64 * 1024 * 1024,
                    "pages": 200 * 1024 * 1024}  # pages: vpcdocs.site.page_cache

_MAGIC: Final = b"vpcdocs-cache 1\n"
_STALE_TEMP_SECONDS: Final = 3600.0
_PRUNE_TO: Final = 0.9  # prune down to this share of the bound, so pruning is rare


def key(*parts: str | bytes) -> str:
    """SHA-256 (hex) of the parts, each length-prefixed so that no two lists of parts collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode("ascii"))
        digest.update(data)
    return digest.hexdigest()


def enabled() -> bool:
    """False when ``VPCDOCS_NO_CACHE`` is set (to anything but "", "0", "false" or "no")."""
    value = os.environ.get(NO_CACHE_ENV, "").strip().lower()
    return value in ("", "0", "false", "no")


def _default_dir() -> Path | None:
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "vpcdocs"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "vpcdocs"
    try:
        return Path.home() / ".cache" / "vpcdocs"
    except RuntimeError:  # no home folder
        return None


def _repo_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def cache_dir() -> Path | None:
    """The cache folder (created if need be), or None when caching is off or not possible."""
    if not enabled():
        return None
    folder = _default_dir()
    if folder is None:
        return None
    try:
        folder = folder.expanduser().resolve()
        repo = _repo_root(Path.cwd().resolve())
    except (OSError, RuntimeError):
        return None
    if repo is not None and folder.is_relative_to(repo):
        return None  # never inside the user's repository
    return folder if private_dir(folder) else None


class BlobStore:
    """Verified entries (bytes) by key in one folder, bounded to `max_bytes`, least recently
    used first out. Every method swallows OS errors: a cache that fails is a cache that misses.
    Safe to use from several threads and processes at once."""

    def __init__(self, folder: Path, *, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self._written = 0
        self._pruned = False

    def _path(self, entry_key: str) -> Path:
        if len(entry_key) != 64 or any(c not in "0123456789abcdef" for c in entry_key):
            raise ValueError(f"not a cache key: {entry_key!r}")
        return self.folder / entry_key

    def get(self, entry_key: str) -> bytes | None:
        """The payload stored under `entry_key`, or None (missing, unreadable or not intact)."""
        path = self._path(entry_key)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        payload = _unpack(raw, entry_key)
        if payload is None:
            _remove(path)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently *used* goes first when pruning
        return payload

    def put(self, entry_key: str, payload: bytes) -> None:
        """Store `payload` under `entry_key` (atomically, by the one writer; errors are
        ignored: a cache that cannot write is a cache that misses)."""
        from vpcdocs.write import WriteError, atomic_write

        path = self._path(entry_key)
        data = _pack(entry_key, payload)
        try:
            atomic_write(path, data, sync_dir=False)
        except (OSError, WriteError):
            return
        self._written += len(data)
        if not self._pruned or self._written > self.max_bytes // 10:
            self.prune()

    def prune(self) -> None:
        """Delete stale temporary files and, past the bound, the least recently used entries."""
        self._pruned = True
        self._written = 0
        now = time.time()
        entries: list[tuple[float, str, int, Path]] = []
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        with contextlib.suppress(OSError):
            remove_orphans(self.folder)  # the writer's temporaries of killed runs
        for name in names:
            path = self.folder / name
            if name.startswith(_OLD_TEMP):  # left by vpcdocs before the one writer
                with contextlib.suppress(OSError):
                    if now - path.stat().st_mtime > _STALE_TEMP_SECONDS or _writer_gone(name):
                        _remove(path)
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            if len(name) == 64:
                entries.append((info.st_mtime, name, info.st_size, path))
        total = sum(size for _, _, size, _ in entries)
        if total <= self.max_bytes:
            return
        for _, _, size, path in sorted(entries):
            if total <= self.max_bytes * _PRUNE_TO:
                break
            _remove(path)
            total -= size


_OLD_TEMP: Final = ".tmp-"


def _writer_gone(temp_name: str) -> bool:
    """Whether the process that named this temporary file (`.tmp-<pid>-…`) has ended."""
    pid = temp_name.split("-")[1] if temp_name.count("-") >= 2 else ""
    return pid.isascii() and pid.isdigit() and int(pid) > 0 and not process_alive(int(pid))


def _pack(entry_key: str, payload: bytes) -> bytes:
    header = f"{entry_key}\n{hashlib.sha256(payload).hexdigest()}\n{len(payload)}\n"
    return _MAGIC + header.encode("ascii") + payload


def _unpack(raw: bytes, entry_key: str) -> bytes | None:
    """The payload of an entry file when its magic, key, length and checksum all match."""
    if not raw.startswith(_MAGIC):
        return None
    parts = raw[len(_MAGIC):].split(b"\n", 3)
    if len(parts) != 4:
        return None
    stored_key, checksum, length, payload = parts
    if stored_key != entry_key.encode("ascii") or length != str(len(payload)).encode("ascii"):
        return None
    if hashlib.sha256(payload).hexdigest().encode("ascii") != checksum:
        return None
    return payload


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def store(name: str) -> BlobStore | None:
    """The store called `name` (a key of `MAX_BYTES`) in the cache folder, or None when off."""
    base = cache_dir()
    if base is None:
        return None
    folder = base / name
    if not private_dir(folder):
        return None
    return BlobStore(folder, max_bytes=MAX_BYTES[name])


def bytecode_cache(fingerprint_parts: Iterable[str | bytes]) -> VerifiedBytecodeCache | None:
    """A bytecode cache for an environment described by `fingerprint_parts`, or None when off.
    The Jinja2 and Python versions are added to the fingerprint here."""
    blobs = store("jinja")
    if blobs is None:
        return None
    from vpcdocs.render.jinja_cache import VerifiedBytecodeCache

    return VerifiedBytecodeCache(blobs, key(_jinja_version(), sys.version, *fingerprint_parts))


def _jinja_version() -> str:
    import jinja2

    return jinja2.__version__
