"""Comparing what should be in an output folder with what is there (`plan`), and what `--check`
reports about it (`check`). Read-only: nothing here writes.

Ownership ("nothing is lost"): vpcdocs overwrites only a file the manifest lists with the hash
the file still has, and deletes an obsolete file only when, besides, its local record
(`vpcdocs.write.journal`) vouches for that very file: vpcdocs wrote it in this folder, or found
it here byte for byte as it generated it. Anything else in
the way (a file the user created, a generated file the user edited) is a `Conflict`, and `apply`
then writes nothing at all.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from vpcdocs.filenames import sha256_hex
from vpcdocs.fs import temps
from vpcdocs.fs.oserror import describe
from vpcdocs.write.errors import Conflict, FileSystemError, WriteError
from vpcdocs.write.journal import FileId, Journal, open_journal
from vpcdocs.write.manifest import EMPTY, Manifest, manifest_bytes, read_manifest
from vpcdocs.write.paths import MANIFEST_NAME, validate_paths

__all__ = ["Plan", "Trust", "as_recorded", "check", "plan"]


@dataclass(frozen=True)
class Plan:
    """What writing `contents` into `out_dir` would do. Every tuple of paths is sorted.

    * `new`: not on disk yet; will be created.
    * `changed`: on disk, owned by vpcdocs and different; will be replaced.
    * `unchanged`: on disk with exactly these bytes; not touched.
    * `obsolete`: owned, no longer generated, unedited, and vouched for by the local record
      (vpcdocs wrote it here, or found it here as it generated it); will be deleted.
    * `kept`: owned and no longer generated, but the local record cannot vouch for this copy
      (its manifest entry was added by hand, or it was already obsolete when it arrived with a
      clone); never deleted: reported, and kept in the manifest until the user removes it.
    * `forgotten`: in the manifest, no longer generated, already gone; dropped from the manifest.
    * `conflicts`: files in the way that vpcdocs does not own; `apply` refuses while any exist.
    * `orphans`: temporary files of killed vpcdocs runs; `apply` removes them.
    """

    out_dir: Path
    contents: Mapping[str, bytes]
    new: tuple[str, ...]
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    obsolete: tuple[str, ...]
    forgotten: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    manifest_before: bytes | None
    manifest_after: bytes
    # sha256 of each path as seen on disk when planning (None: absent); `apply` re-checks it.
    seen: Mapping[str, str | None] = field(repr=False)
    kept: tuple[str, ...] = ()
    orphans: tuple[str, ...] = ()
    # The manifest `apply` writes before renaming anything: current hashes plus `pending`.
    manifest_mid: bytes = field(default=b"", repr=False)
    # The local record of each file on disk that vpcdocs can vouch for (kept by `apply`).
    vouched: Mapping[str, FileId] = field(default_factory=dict, repr=False)
    journal: Journal | None = field(default=None, repr=False, compare=False)
    folder_locked: bool = False
    # The manifest as it would be with the old fingerprint: what `--check` compares (a new
    # fingerprint alone is not stale docs), while `apply` writes `manifest_after`.
    manifest_same_inputs: bytes = field(default=b"", repr=False)

    @property
    def manifest_changed(self) -> bool:
        """Whether the manifest no longer lists what the folder holds (a new fingerprint alone
        does not count: `fingerprint_changed`)."""
        if self.manifest_before is None:
            return bool(self.contents)
        return self.manifest_before != (self.manifest_same_inputs or self.manifest_after)

    @property
    def fingerprint_changed(self) -> bool:
        """Whether `apply` would record a new input fingerprint (and nothing else)."""
        return self.manifest_before is not None and self.manifest_before != self.manifest_after

    @property
    def up_to_date(self) -> bool:
        """True when `apply` would change nothing and `check` reports nothing."""
        return not (
            self.new
            or self.changed
            or self.obsolete
            or self.kept
            or self.conflicts
            or self.orphans
            or self.manifest_changed
        )


def plan(out_dir: Path | str, files: Mapping[str, bytes], *, folder_locked: bool = False,
         fingerprint: str | None = None) -> Plan:
    """Compare `files` (relative POSIX path -> bytes) with `out_dir`; read-only.

    `fingerprint`: the inputs `files` were generated from (`vpcdocs.fingerprint`), recorded in
    the manifest. Without one, a manifest keeps its fingerprint only while the files it lists
    stay the same.

    `folder_locked`: the caller holds the folder's lock (`vpcdocs.fs.lock`), so every unlocked
    vpcdocs temporary file in it is an orphan. Raises `UnsafePathError` for a bad path in
    `files`, `ManifestError` for a foreign or damaged manifest, `WriteError` when `out_dir`
    exists and is not a folder, `FileSystemError` when the folder cannot be read. Conflicts are
    not raised here: they are listed in the plan (so `--check` reports them with the rest).
    """
    out = Path(out_dir)
    validate_paths(files)
    for path, data in files.items():
        if not isinstance(data, bytes):
            raise TypeError(f"content for {path!r} must be bytes, not {type(data).__name__}")
    exists = folder_exists(out)
    manifest = read_manifest(out) if exists else EMPTY
    journal = open_journal(out)

    new: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    obsolete: list[str] = []
    kept: list[str] = []
    forgotten: list[str] = []
    conflicts: list[Conflict] = []
    seen: dict[str, str | None] = {}
    vouched: dict[str, FileId] = {}

    for path in sorted(files):
        blocked = _blocked_parent(out, path)
        if blocked:
            conflicts.append(Conflict(path, blocked))
            continue
        kind, disk_hash, st = _inspect(out, path)
        seen[path] = disk_hash
        if st is not None and disk_hash is not None and journal.vouches(path, st, disk_hash):
            vouched[path] = FileId.of(st, disk_hash)
        owned = manifest.owned_hashes(path)
        if kind == "absent":
            new.append(path)
        elif kind != "file":
            conflicts.append(Conflict(path, f"is a {kind}, not a file vpcdocs wrote"))
        elif disk_hash == sha256_hex(files[path]):
            unchanged.append(path)
            assert st is not None and disk_hash is not None
            vouched[path] = FileId.of(st, disk_hash)  # what vpcdocs generates: vouched for
        elif not owned:
            conflicts.append(Conflict(path, "exists and was not created by vpcdocs"))
        elif disk_hash not in owned:
            conflicts.append(Conflict(path, "was edited after vpcdocs wrote it"))
        else:
            changed.append(path)

    for path in sorted(manifest.paths - set(files)):
        if _blocked_parent(out, path):
            forgotten.append(path)
            continue
        kind, disk_hash, st = _inspect(out, path)
        seen[path] = disk_hash
        if kind == "absent":
            forgotten.append(path)
        elif kind == "file" and disk_hash in manifest.owned_hashes(path):
            assert st is not None and disk_hash is not None
            if journal.vouches(path, st, disk_hash):
                vouched[path] = FileId.of(st, disk_hash)
                obsolete.append(path)
            else:
                kept.append(path)
        elif kind == "file":
            conflicts.append(
                Conflict(path, "is no longer generated but was edited; move or delete it")
            )
        else:
            conflicts.append(Conflict(path, f"is no longer generated and is now a {kind}"))

    orphans = _orphans(out, [*files, *manifest.paths], folder_locked) if exists else []
    contents = MappingProxyType({p: files[p] for p in sorted(files)})
    after = {p: sha256_hex(d) for p, d in contents.items()}
    after.update({p: seen[p] or "" for p in kept})
    current = {p: seen[p] or "" for p in (*changed, *unchanged, *obsolete, *kept)}
    pending = {p: after[p] for p in (*new, *changed)}
    same_files = not manifest.pending and dict(manifest.hashes) == after
    kept_fingerprint = manifest.fingerprint if same_files else None
    new_fingerprint = fingerprint if fingerprint is not None else kept_fingerprint
    return Plan(
        out_dir=out,
        contents=contents,
        new=tuple(new),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
        obsolete=tuple(obsolete),
        forgotten=tuple(forgotten),
        conflicts=tuple(sorted(conflicts)),
        manifest_before=manifest.raw,
        manifest_after=manifest_bytes(after, fingerprint=new_fingerprint),
        manifest_same_inputs=manifest_bytes(after, fingerprint=kept_fingerprint),
        seen=MappingProxyType(seen),
        kept=tuple(kept),
        orphans=tuple(orphans),
        manifest_mid=manifest_bytes(current, pending),
        vouched=MappingProxyType(vouched),
        journal=journal,
        folder_locked=folder_locked,
    )


#: What a no-op check may trust instead of reading a file again: given a listed path and its
#: `lstat`, whether the file is known to still hold the listed bytes (`vpcdocs.commands.noop`).
Trust = Callable[[str, os.stat_result], bool]


def as_recorded(out_dir: Path | str, *, folder_locked: bool = False, trust: Trust | None = None,
                seen: dict[str, os.stat_result] | None = None) -> Manifest | None:
    """The manifest of `out_dir` when the folder holds exactly what it lists, else None: every
    listed file is there as a regular file (not through a link) with the listed hash, no run
    was cut short (`pending`), and no temporary file of a killed run is left. Then a `plan`
    for the same contents would find everything unchanged. Read-only; raises like `plan`.

    A listed regular file for which `trust(path, lstat)` holds is not read again. `seen`, when
    given, receives the stat of every listed file checked (read or trusted)."""
    out = Path(out_dir)
    if not folder_exists(out):
        return None
    manifest = read_manifest(out)
    if manifest.raw is None or manifest.pending:
        return None
    # The scan for temporaries walks every real folder (no link followed) anyway: a listed
    # file's folder that it walked needs no look of its own (`_blocked_parent`).
    walked: set[str] = set()
    if _orphans(out, list(manifest.hashes), folder_locked, walked):
        return None
    base = os.fspath(out)
    folders = {root[len(base) + 1:] for root in walked if root.startswith(base + os.sep)}
    folders.discard("")
    for path, digest in sorted(manifest.hashes.items()):
        if _blocked_parent(out, path, folders):
            return None
        if trust is not None:
            st = _lstat(os.path.join(base, path))  # a str: no Path made for each of 200,000
            if st is not None and stat.S_ISREG(st.st_mode) and trust(path, st):
                if seen is not None:
                    seen[path] = st
                continue
        kind, disk_hash, st = _inspect(out, path)
        if kind != "file" or disk_hash != digest:
            return None
        if seen is not None and st is not None:
            seen[path] = st
    return manifest


def _orphans(out: Path, paths: list[str], folder_locked: bool,
             walked: set[str] | None = None) -> list[str]:
    """Temporaries of killed runs anywhere in `out` (a killed run may have staged files in new
    folders that nothing lists yet), except below hidden folders vpcdocs does not write (`.git`
    when the docs folder is a repository's root) and below another output folder (one holding
    its own manifest, which cleans up after itself)."""
    known = {part for path in paths for part in path.split("/")[:-1]}

    def prune(folder: str) -> bool:
        name = os.path.basename(folder)
        if name.startswith(".") and name not in known:
            return True
        return os.path.lexists(os.path.join(folder, MANIFEST_NAME))

    found = temps.find_orphans(out, recursive=True, folder_locked=folder_locked, prune=prune,
                               visited=walked)
    return sorted(p.relative_to(out).as_posix() for p in found)


def folder_exists(out: Path) -> bool:
    """Whether `out` is an existing folder; raises when it is something else or unreachable."""
    try:
        st = os.stat(out)
    except FileNotFoundError:
        if os.path.lexists(out):
            raise WriteError(f"{out}: is a symbolic link to nothing; not a folder") from None
        return False
    except OSError as exc:
        raise FileSystemError(describe(out, "use the folder", exc)) from None
    if not stat.S_ISDIR(st.st_mode):
        raise WriteError(f"{out}: exists and is not a folder")
    return True


def _lstat(path: Path | str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise FileSystemError(describe(Path(path), "read", exc)) from None


def _blocked_parent(out: Path, path: str, folders: set[str] | None = None) -> str | None:
    """Why a parent folder of `path` inside `out` cannot hold it (a file or link there).
    `folders`, when given, remembers the parents found to be real folders (not looked at
    again) for the next call."""
    if folders is not None and path.rpartition("/")[0] in folders:
        return None  # its folder (and so each folder above it) was found to be a real folder
    parts = path.split("/")[:-1]
    base = os.fspath(out)
    for i in range(1, len(parts) + 1):
        parent = "/".join(parts[:i])
        if folders is not None and parent in folders:
            continue
        st = _lstat(os.path.join(base, parent))
        if st is None:
            return None
        if stat.S_ISLNK(st.st_mode):
            return f"its folder {parent!r} is a symbolic link; vpcdocs does not write through links"
        if not stat.S_ISDIR(st.st_mode):
            return f"its folder {parent!r} exists and is not a folder"
        if folders is not None:
            folders.add(parent)
    return None


def _inspect(out: Path, path: str) -> tuple[str, str | None, os.stat_result | None]:
    """('absent'|'file'|'symbolic link'|'folder'|'special file', sha256 and stat of a regular
    file). The file is read through a descriptor opened without following links or blocking,
    and checked to be a regular file, so a file swapped for a FIFO cannot hang the run."""
    full = out / path
    st = _lstat(full)
    if st is None:
        return "absent", None, None
    if stat.S_ISLNK(st.st_mode):
        return "symbolic link", None, None
    if stat.S_ISDIR(st.st_mode):
        return "folder", None, None
    if not stat.S_ISREG(st.st_mode):
        return "special file", None, None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(full, flags)
    except FileNotFoundError:
        return "absent", None, None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link", None, None
        raise FileSystemError(describe(full, "read", exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return "special file", None, None
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
    except OSError as exc:
        raise FileSystemError(describe(full, "read", exc)) from None
    finally:
        os.close(fd)
    return "file", digest.hexdigest(), st


def disk_hash(out: Path, path: str) -> str | None:
    """The sha256 of `out/path` if it is a regular file reachable without links, else None."""
    if _blocked_parent(out, path):
        return None
    return _inspect(out, path)[1]


def check(plan: Plan) -> list[str]:
    """What `--check` reports, one `path: problem` line each, sorted; empty when up to date.

    Problems: `missing`, `stale`, `obsolete`, `conflict: <reason>`, temporary files of killed
    runs, and the manifest being `stale` (for example a file that matched but was not yet
    listed, or a run that was killed half way). Writes nothing.
    """
    lines = [f"{p}: missing" for p in plan.new]
    lines += [f"{p}: stale" for p in plan.changed]
    lines += [f"{p}: obsolete" for p in plan.obsolete]
    lines += [
        f"{p}: obsolete (vpcdocs cannot vouch for this copy, so it is not deleted for you)"
        for p in plan.kept
    ]
    lines += [f"{c.path}: conflict: {c.reason}" for c in plan.conflicts]
    lines += [f"{p}: stale (a temporary file left by a killed vpcdocs run)" for p in plan.orphans]
    if plan.manifest_changed and not lines:
        lines.append(f"{MANIFEST_NAME}: stale")
    return sorted(lines)
