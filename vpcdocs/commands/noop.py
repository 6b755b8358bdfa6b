"""The no-op shortcut of `generate`: when nothing that decides the output changed, do nothing.

The pre-commit hook runs `generate --check` on every commit, and on an estate-sized design
loading, analysing and rendering everything only to find every file unchanged took ~10 s. The
shortcut is taken only when all of these hold:

* the docs folder's manifest records the input fingerprint of this run
  (`vpcdocs.fingerprint.input_fingerprint`: the topology's bytes, the options, the templates,
  vpcdocs' own files and the versions of the libraries that shape the output);
* the folder holds exactly what the manifest lists (`vpcdocs.write.recorded_tree`: every file
  there with its recorded hash; no interrupted run, no temporary file): an edited or deleted
  page is still found;
* this machine has produced or verified those very files from those inputs before, with the
  same Graphviz and fonts (Graphviz measures text with the installed fonts, so the same inputs
  can draw different SVG bytes on another machine): a record in the user's cache folder
  (`vpcdocs.render.cache`, store "noop"), keyed by the folder, the fingerprint and this
  machine's Graphviz program, version and font caches, made for the manifest's very bytes. A
  fresh clone, a disabled cache or a new font therefore takes the full path once.

Reading every file again would cost more than the rest on an estate-sized folder (200,000 files,
6 GB), so the record also holds each file's stat as it was when the file was last found intact
(size, mtime, ctime, inode, device; git's index does the same): a file whose stat is unchanged is
not read. Every write changes a file's ctime, which no tool can set back; a file changed within
2 s before the record was made is read again anyway (file times tick coarsely).

Otherwise the run is the full one. `--strict` always takes the full path (the shortcut does not
load the design, so it cannot see its warnings), and the shortcut prints no warnings.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from vpcdocs.write import Manifest, WriteError, recorded_tree

__all__ = ["fingerprint_of", "remember", "unchanged"]

_RECORD_FORMAT = "vpcdocs-noop 3"
_MAX_TOPOLOGY = 1 << 30  # beyond any --max-input-size a user sets; the loader refuses the rest


def fingerprint_of(file: str, *, templates: Path | None, allow_html: bool) -> str | None:
    """The input fingerprint of a `generate` run, or None when an input cannot be read whole
    (the full run then reports why)."""
    # Only light modules here: importing the renderer would import the loader and the analysis,
    # which cost more than the rest of a no-op run (`tests/test_noop.py` checks they stay out).
    from vpcdocs.fingerprint import builtin_templates, input_fingerprint
    from vpcdocs.inputs import InputError, read_limited

    builtin = builtin_templates()
    if builtin is None:
        return None  # the full run says the templates folder is missing
    try:
        raw = read_limited(file, _MAX_TOPOLOGY)
        return input_fingerprint(raw, templates=templates, allow_html=allow_html, graphviz=None,
                                 builtin_templates=builtin)
    except (InputError, OSError, ValueError):
        return None


def _machine() -> str | None:
    """This machine's Graphviz program, version and font caches (what else shapes the SVG
    bytes); None without Graphviz."""
    from vpcdocs.render import graphviz_run

    program = graphviz_run.find_dot()
    if program is None:
        return None
    version = graphviz_run.graphviz_version()
    if version is None:
        return None
    return f"{program}\n{version}\n{graphviz_run.font_stamp()}"


def _record_key(out: Path, fingerprint: str) -> str | None:
    from vpcdocs.render import cache

    machine = _machine()
    if machine is None:
        return None
    return cache.key(_RECORD_FORMAT, str(out.resolve()), fingerprint, machine)


#: A file changed less than this before its stat was recorded may change again without its
#: stat showing it (file times tick coarsely: a few ms on Linux, 1–2 s on some file systems), so
#: such a file is read again by the next check rather than trusted.
_RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class _Record:
    """What this machine verified: the fingerprint, when the verification started, and the stat
    (size, mtime, ctime, inode, device) of each listed file it found holding its listed bytes."""

    fingerprint: str
    manifest: str  # the SHA-256 of the manifest's bytes
    taken_ns: int
    files: dict[str, list[int]]

    def to_bytes(self) -> bytes:
        text = json.dumps({"fingerprint": self.fingerprint, "manifest": self.manifest,
                           "taken_ns": self.taken_ns, "files": self.files},
                          sort_keys=True, separators=(",", ":"))
        return zlib.compress(text.encode("utf-8"), 1)

    @classmethod
    def from_bytes(cls, raw: bytes | None) -> _Record | None:
        if raw is None:
            return None
        try:
            data = json.loads(zlib.decompress(raw))
            record = cls(str(data["fingerprint"]), str(data["manifest"]), int(data["taken_ns"]),
                         dict(data["files"]))
        except (ValueError, KeyError, TypeError, zlib.error):
            return None  # an entry of an older format: the full check, then a new record
        return record

    @classmethod
    def of(cls, manifest: Manifest, taken_ns: int, seen: dict[str, os.stat_result]) -> _Record:
        assert manifest.fingerprint is not None and manifest.raw is not None
        return cls(manifest.fingerprint, hashlib.sha256(manifest.raw).hexdigest(), taken_ns,
                   {path: _stat_key(st) for path, st in seen.items()})

    def covers(self, manifest: Manifest, fingerprint: str) -> bool:
        """Whether this record was made for this very manifest and fingerprint."""
        return (manifest.raw is not None and manifest.fingerprint == fingerprint == self.fingerprint
                and hashlib.sha256(manifest.raw).hexdigest() == self.manifest)

    def trusts(self, path: str, st: os.stat_result) -> bool:
        """Whether the file at `path` (`st`: its lstat now) is the very file found holding its
        listed bytes, unchanged since: same size, times, inode and device, and last changed well
        before that check began (ctime changes on every write and cannot be set back)."""
        recorded = self.files.get(path)
        return (recorded == _stat_key(st)
                and st.st_ctime_ns < self.taken_ns - _RACY_NS
                and st.st_mtime_ns < self.taken_ns - _RACY_NS)


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def unchanged(out: Path, fingerprint: str | None) -> Manifest | None:
    """The manifest of `out` when the shortcut applies (see the module), else None.

    Files this machine found intact before and whose stat has not changed since are trusted
    without being read (`_Record.trusts`); the others are read and hashed, and when all hold
    their listed bytes the record is renewed, so the next check trusts them too."""
    from vpcdocs.render import cache

    if fingerprint is None:
        return None
    blobs = cache.store("noop")
    if blobs is None:
        return None
    key = _record_key(out, fingerprint)
    if key is None:
        return None
    record = _Record.from_bytes(blobs.get(key))
    if record is None or record.fingerprint != fingerprint:
        return None
    trusted = 0

    def trust(path: str, st: os.stat_result) -> bool:
        nonlocal trusted
        if record.trusts(path, st):
            trusted += 1
            return True
        return False

    started = time.time_ns()
    seen: dict[str, os.stat_result] = {}
    try:
        manifest = recorded_tree(out, trust=trust, seen=seen)
    except WriteError:
        return None  # the full run reports it
    # A file is trusted by its stat alone, so the manifest must be the one the record was made
    # for: its listed hashes are what that check found in these very files.
    if manifest is None or not record.covers(manifest, fingerprint):
        return None
    if trusted < len(seen):
        blobs.put(key, _Record.of(manifest, started, seen).to_bytes())
    return manifest


def remember(out: Path, fingerprint: str | None) -> None:
    """Record that `out` holds what its manifest lists, made from `fingerprint` on this machine
    (called after a full run wrote or verified it), with the stat of each file. Nothing when the
    manifest records another fingerprint or the cache is off."""
    from vpcdocs.render import cache

    if fingerprint is None:
        return
    blobs = cache.store("noop")
    if blobs is None:
        return
    started = time.time_ns()
    seen: dict[str, os.stat_result] = {}
    try:
        manifest = recorded_tree(out, seen=seen)
    except WriteError:
        return
    if manifest is None or manifest.fingerprint != fingerprint:
        return
    key = _record_key(out, fingerprint)
    if key is not None:
        blobs.put(key, _Record.of(manifest, started, seen).to_bytes())
