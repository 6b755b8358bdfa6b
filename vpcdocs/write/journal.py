"""Which files of an output folder vpcdocs can vouch for on this machine: the proof it needs
before it deletes an obsolete file.

The manifest is committed, so anyone can add an entry to it (with the hash of a user's file) and
it cannot prove anything: a deterministic record can be forged, and a record of inodes or times
inside it would make it differ on every machine. So vpcdocs deletes an obsolete file only when
this local record vouches for that very file (the same inode on the same device, the same
modification time to the nanosecond, the same sha256), which it does for
* a file vpcdocs wrote here (it stamps each file it writes with the precise clock, so a file
  re-created in the same place, even on a reused inode, differs), and
* a file that a run here found to be, byte for byte, what vpcdocs generated for that path (a
  page that came with a clone, while it is still current): such bytes are vpcdocs' output,
  not a user's work.
A file that never was either (a user's file named in a hand-added manifest entry, a page that was
already obsolete when it arrived, a file edited or re-created since) is never deleted; it is
reported for the user to remove.

The record lives outside the repository, in the user's state folder: `$VPCDOCS_STATE_DIR`, else
`$XDG_STATE_HOME/vpcdocs`, else `~/.local/state/vpcdocs` (`%LOCALAPPDATA%\\vpcdocs\\state` on
Windows), in `owned/<sha256 of the folder's real path>.json`, and is only used when that folder
belongs to the user and no one else can write to it (the test suite names its own folder in
`VPCDOCS_STATE_DIR`). Losing or damaging it is harmless: vpcdocs then deletes nothing and says
so.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vpcdocs.fs import temps
from vpcdocs.fs.private import private_dir

__all__ = ["STATE_DIR_ENV", "FileId", "Journal", "open_journal", "state_dir"]

STATE_DIR_ENV = "VPCDOCS_STATE_DIR"
_MAX_BYTES = 16 * 1024 * 1024
_VERSION = 2


@dataclass(frozen=True, order=True)
class FileId:
    """A file as vpcdocs left it: device, inode, modification time (ns), sha256 of its bytes."""

    dev: int
    ino: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, st: os.stat_result, sha256: str) -> FileId:
        return cls(st.st_dev, st.st_ino, st.st_mtime_ns, sha256)


@dataclass
class Journal:
    """The record for one output folder. `path` is None when there is nowhere to keep it."""

    path: Path | None
    folder: str
    files: dict[str, frozenset[FileId]] = field(default_factory=dict)

    def vouches(self, relpath: str, st: os.stat_result, sha256: str) -> bool:
        """Whether vpcdocs wrote this very file (`st`, with bytes hashing to `sha256`)."""
        return FileId.of(st, sha256) in self.files.get(relpath, frozenset())

    def save_if_changed(self, files: Mapping[str, frozenset[FileId]]) -> bool:
        """`save`, unless the record already says exactly this."""
        if {p: ids for p, ids in files.items() if ids} == self.files:
            return True
        return self.save(files)

    def save(self, files: Mapping[str, frozenset[FileId]]) -> bool:
        """Replace the record with `files` (each path: the files vpcdocs may have left there;
        two while a run replaces one); False (and nothing else) when it cannot be kept."""
        if self.path is None:
            return False
        from vpcdocs.write.atomic import atomic_write

        document = {
            "folder": self.folder,
            "version": _VERSION,
            "files": {
                p: [[f.dev, f.ino, f.mtime_ns, f.sha256] for f in sorted(ids)]
                for p, ids in sorted(files.items())
                if ids
            },
        }
        data = (json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8")
        temps.remove_orphans(self.path.parent)
        try:
            atomic_write(self.path, data)
        except Exception:  # a record we cannot keep only means: delete nothing later
            return False
        self.files = {p: ids for p, ids in files.items() if ids}
        return True


def state_dir() -> Path | None:
    """The folder for local state (`$VPCDOCS_STATE_DIR`, else the user's state folder), or
    None without a home folder. The test suite names its own (tests/conftest.py)."""
    explicit = os.environ.get(STATE_DIR_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_STATE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "vpcdocs"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "vpcdocs" / "state"
    try:
        return Path.home() / ".local" / "state" / "vpcdocs"
    except RuntimeError:
        return None


def open_journal(out_dir: Path) -> Journal:
    """The record for `out_dir` (empty when there is none or it cannot be read)."""
    try:
        folder = os.path.realpath(out_dir)
    except (OSError, ValueError):
        return Journal(None, str(out_dir))
    base = state_dir()
    if base is None:
        return Journal(None, folder)
    records = base / "owned"
    if not (private_dir(base) and private_dir(records)):
        return Journal(None, folder)
    path = records / (hashlib.sha256(os.fsencode(folder)).hexdigest() + ".json")
    return Journal(path, folder, _load(path, folder))


def _load(path: Path, folder: str) -> dict[str, frozenset[FileId]]:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return {}
    try:
        with contextlib.closing(os.fdopen(fd, "rb")) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return {}
            raw = handle.read(_MAX_BYTES + 1)
        document = json.loads(raw.decode("utf-8"))
        if len(raw) > _MAX_BYTES or document.get("folder") != folder:
            return {}
        if document.get("version") != _VERSION:
            return {}
        files: dict[str, frozenset[FileId]] = {}
        for rel, ids in document["files"].items():
            found = {
                FileId(dev, ino, mtime, sha)
                for dev, ino, mtime, sha in ids
                if isinstance(dev, int) and isinstance(ino, int) and isinstance(mtime, int)
                and isinstance(sha, str)
            }
            if isinstance(rel, str) and found:
                files[rel] = frozenset(found)
        return files
    except Exception:  # damaged: vouch for nothing
        return {}
