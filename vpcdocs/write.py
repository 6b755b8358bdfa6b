"""The one writer: the only code that changes a generated docs folder on disk.

Renderers return `{relative_path: bytes}`; this module compares that mapping with the folder
(`plan`), reports what `--check` must complain about (`check`) and applies the plan (`apply`):
each changed file is written to a temporary file in its own folder, fsynced and renamed over the
old one, and unchanged files are left alone (their mtime is kept).

Ownership ("nothing is lost"): the folder holds a manifest, `.vpcdocs-manifest.json`, with the
sha256 of every file vpcdocs wrote. vpcdocs overwrites or deletes only a file that is listed there
and whose bytes still match the recorded hash. Anything else in the way (a file the user created,
or a generated file the user edited) is a `Conflict`, and `apply` then writes nothing at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from vpcdocs.filenames import WINDOWS_RESERVED as _WINDOWS_RESERVED
from vpcdocs.filenames import sha256_hex

MANIFEST_NAME = ".vpcdocs-manifest.json"
TEMP_PREFIX = ".vpcdocs-tmp-"
_MANIFEST_GENERATOR = "vpcdocs"
_MANIFEST_VERSION = 1
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")

_WINDOWS_FORBIDDEN_CHARS = frozenset('<>:"|?*')


class WriteError(Exception):
    """Something the writer refuses to do; `str()` is the message for the user."""


class UnsafePathError(WriteError, ValueError):
    """A relative output path that is not portable or would leave the output folder."""


class ManifestError(WriteError):
    """The manifest in the output folder is not one vpcdocs wrote."""


@dataclass(frozen=True, order=True)
class Conflict:
    """A file vpcdocs would have to overwrite or delete but does not own."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class ConflictError(WriteError):
    """Raised by `apply` when the plan has conflicts; nothing was written."""

    def __init__(self, out_dir: Path, conflicts: Iterable[Conflict]) -> None:
        self.out_dir = out_dir
        self.conflicts = tuple(sorted(conflicts))
        lines = [f"{out_dir / c.path}: {c.reason}" for c in self.conflicts]
        super().__init__(
            "refusing to write: vpcdocs does not own these files (nothing was changed):\n  "
            + "\n  ".join(lines)
        )


@dataclass(frozen=True)
class Plan:
    """What writing `contents` into `out_dir` would do. Every tuple of paths is sorted.

    * `new`: not on disk yet; will be created.
    * `changed`: on disk, owned by vpcdocs and different; will be replaced.
    * `unchanged`: on disk with exactly these bytes; not touched.
    * `obsolete`: in the manifest, no longer generated, unedited on disk; will be deleted.
    * `forgotten`: in the manifest, no longer generated, already gone; dropped from the manifest.
    * `conflicts`: files in the way that vpcdocs does not own; `apply` refuses while any exist.
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

    @property
    def manifest_changed(self) -> bool:
        if self.manifest_before is None:
            return bool(self.contents)
        return self.manifest_before != self.manifest_after

    @property
    def up_to_date(self) -> bool:
        """True when `apply` would change nothing and `check` reports nothing."""
        return not (
            self.new or self.changed or self.obsolete or self.conflicts or self.manifest_changed
        )


# --------------------------------------------------------------------------- names and paths


def validate_relpath(path: str) -> str:
    """Return `path` if it is a safe, portable relative POSIX path; raise `UnsafePathError`.

    Refused: empty paths, absolute paths, backslashes, `.`/`..`/empty components, characters
    Windows forbids or control characters, components ending in a dot or space, Windows device
    names, text not in Unicode NFC form, and names vpcdocs reserves for itself (the manifest and
    its temporary files).
    """
    if not isinstance(path, str) or not path:
        raise UnsafePathError(f"invalid output path {path!r}: empty")
    problem = _path_problem(path)
    if problem:
        raise UnsafePathError(f"invalid output path {path!r}: {problem}")
    return path


def _path_problem(path: str) -> str | None:
    if "\\" in path:
        return "backslashes are not allowed; use '/'"
    if path.startswith("/"):
        return "absolute paths are not allowed"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return "control characters are not allowed"
    bad = sorted(set(path) & _WINDOWS_FORBIDDEN_CHARS)
    if bad:
        return f"character {bad[0]!r} is not portable"
    if unicodedata.normalize("NFC", path) != path:
        return "not in Unicode NFC form"
    parts = path.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            return f"component {part!r} is not allowed"
        if part.endswith((".", " ")):
            return f"component {part!r} ends with a dot or space"
        if part.split(".")[0].lower() in _WINDOWS_RESERVED:
            return f"component {part!r} is a reserved device name on Windows"
        if part.startswith(TEMP_PREFIX):
            return f"names starting with {TEMP_PREFIX!r} are reserved for vpcdocs"
    if parts[0] == MANIFEST_NAME:
        return f"{MANIFEST_NAME!r} is reserved for vpcdocs"
    return None


def validate_paths(paths: Iterable[str]) -> None:
    """Raise `UnsafePathError` unless every path is valid, no two differ only in case and no
    path is a folder of another."""
    by_fold: dict[str, str] = {}
    ordered = sorted(paths)
    for path in ordered:
        validate_relpath(path)
        folded = path.casefold()
        if folded in by_fold:
            raise UnsafePathError(
                f"output paths {by_fold[folded]!r} and {path!r} differ only in case"
            )
        by_fold[folded] = path
    as_set = set(ordered)
    for path in ordered:
        parts = path.split("/")
        for i in range(1, len(parts)):
            parent = "/".join(parts[:i])
            if parent in as_set:
                raise UnsafePathError(
                    f"output path {parent!r} is a file but {path!r} needs it to be a folder"
                )


# --------------------------------------------------------------------------- manifest


def manifest_bytes(hashes: Mapping[str, str]) -> bytes:
    """The manifest's exact bytes for `{path: sha256}`: sorted keys, 2-space indent, final LF."""
    document = {
        "generator": _MANIFEST_GENERATOR,
        "manifest_version": _MANIFEST_VERSION,
        "sha256": dict(sorted(hashes.items())),
    }
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def read_manifest(out_dir: Path) -> tuple[bytes | None, dict[str, str]]:
    """The manifest's raw bytes and `{path: sha256}`; `(None, {})` when there is none."""
    path = out_dir / MANIFEST_NAME
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None, {}
    if not stat.S_ISREG(st.st_mode):
        raise ManifestError(f"{path}: expected a regular file written by vpcdocs")
    raw = path.read_bytes()
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path}: not a vpcdocs manifest ({exc})") from exc
    if (
        not isinstance(document, dict)
        or document.get("generator") != _MANIFEST_GENERATOR
        or not isinstance(document.get("sha256"), dict)
    ):
        raise ManifestError(f"{path}: not a vpcdocs manifest")
    if document.get("manifest_version") != _MANIFEST_VERSION:
        raise ManifestError(
            f"{path}: manifest version {document.get('manifest_version')!r} is not supported"
        )
    hashes: dict[str, str] = {}
    for key, value in document["sha256"].items():
        if not isinstance(value, str) or not _SHA256_HEX.fullmatch(value):
            raise ManifestError(f"{path}: bad sha256 for {key!r}")
        try:
            validate_relpath(key)
        except UnsafePathError as exc:
            raise ManifestError(f"{path}: {exc}") from exc
        hashes[key] = value
    return raw, hashes


# --------------------------------------------------------------------------- plan


def plan(out_dir: Path | str, files: Mapping[str, bytes]) -> Plan:
    """Compare `files` (relative POSIX path -> bytes) with `out_dir`; read-only.

    Raises `UnsafePathError` for a bad path in `files`, `ManifestError` for a foreign or broken
    manifest, `WriteError` when `out_dir` exists and is not a folder. Conflicts are not raised
    here: they are listed in the plan (so `--check` can report them with everything else).
    """
    out = Path(out_dir)
    validate_paths(files)
    for path, data in files.items():
        if not isinstance(data, bytes):
            raise TypeError(f"content for {path!r} must be bytes, not {type(data).__name__}")
    if os.path.lexists(out) and not out.is_dir():
        raise WriteError(f"{out}: exists and is not a folder")
    manifest_before, owned = read_manifest(out) if out.is_dir() else (None, {})

    new: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    obsolete: list[str] = []
    forgotten: list[str] = []
    conflicts: list[Conflict] = []
    seen: dict[str, str | None] = {}

    for path in sorted(files):
        blocked = _blocked_parent(out, path)
        if blocked:
            conflicts.append(Conflict(path, blocked))
            continue
        kind, disk_hash = _inspect(out / path)
        seen[path] = disk_hash
        if kind == "absent":
            new.append(path)
        elif kind != "file":
            conflicts.append(Conflict(path, f"is a {kind}, not a file vpcdocs wrote"))
        elif disk_hash == sha256_hex(files[path]):
            unchanged.append(path)
        elif path not in owned:
            conflicts.append(Conflict(path, "exists and was not created by vpcdocs"))
        elif owned[path] != disk_hash:
            conflicts.append(Conflict(path, "was edited after vpcdocs wrote it"))
        else:
            changed.append(path)

    for path in sorted(set(owned) - set(files)):
        if _blocked_parent(out, path):
            forgotten.append(path)
            continue
        kind, disk_hash = _inspect(out / path)
        seen[path] = disk_hash
        if kind == "absent":
            forgotten.append(path)
        elif kind == "file" and disk_hash == owned[path]:
            obsolete.append(path)
        elif kind == "file":
            conflicts.append(
                Conflict(path, "is no longer generated but was edited; move or delete it")
            )
        else:
            conflicts.append(Conflict(path, f"is no longer generated and is now a {kind}"))

    contents = MappingProxyType({p: files[p] for p in sorted(files)})
    return Plan(
        out_dir=out,
        contents=contents,
        new=tuple(new),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
        obsolete=tuple(obsolete),
        forgotten=tuple(forgotten),
        conflicts=tuple(sorted(conflicts)),
        manifest_before=manifest_before,
        manifest_after=manifest_bytes({p: sha256_hex(d) for p, d in contents.items()}),
        seen=MappingProxyType(seen),
    )


def _blocked_parent(out: Path, path: str) -> str | None:
    """Why a parent folder of `path` inside `out` cannot hold it (a file or link there)."""
    parts = path.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        parent = "/".join(parts[:i])
        try:
            st = os.lstat(out / parent)
        except FileNotFoundError:
            return None
        if stat.S_ISLNK(st.st_mode):
            return f"its folder {parent!r} is a symbolic link; vpcdocs does not write through links"
        if not stat.S_ISDIR(st.st_mode):
            return f"its folder {parent!r} exists and is not a folder"
    return None


def _inspect(path: Path) -> tuple[str, str | None]:
    """('absent'|'file'|'symbolic link'|'folder'|'special file', sha256 of a regular file)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "absent", None
    if stat.S_ISLNK(st.st_mode):
        return "symbolic link", None
    if stat.S_ISDIR(st.st_mode):
        return "folder", None
    if not stat.S_ISREG(st.st_mode):
        return "special file", None
    return "file", sha256_hex(path.read_bytes())


# --------------------------------------------------------------------------- check and apply


def check(plan: Plan) -> list[str]:
    """What `--check` reports, one `path: problem` line each, sorted; empty when up to date.

    Problems: `missing`, `stale`, `obsolete`, `conflict: <reason>`, and the manifest being
    `stale` (for example a file that matched but was not yet listed). Writes nothing.
    """
    lines = [f"{p}: missing" for p in plan.new]
    lines += [f"{p}: stale" for p in plan.changed]
    lines += [f"{p}: obsolete" for p in plan.obsolete]
    lines += [f"{c.path}: conflict: {c.reason}" for c in plan.conflicts]
    if plan.manifest_changed and not lines:
        lines.append(f"{MANIFEST_NAME}: stale")
    return sorted(lines)


def apply(plan: Plan) -> None:
    """Carry out `plan`: write new and changed files atomically, delete obsolete ones, update
    the manifest. Raises `ConflictError` (writing nothing) when the plan has conflicts, or when a
    file changed on disk since `plan` looked at it (then earlier files may have been written,
    but nothing of the user's is ever touched).
    """
    if plan.conflicts:
        raise ConflictError(plan.out_dir, plan.conflicts)
    if not plan.manifest_changed and not (plan.new or plan.changed or plan.obsolete):
        return
    out = plan.out_dir
    out.mkdir(parents=True, exist_ok=True)
    umask = _current_umask()
    touched: set[Path] = set()
    for path in sorted(plan.new + plan.changed):
        target = out / path
        _recheck(plan, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, plan.contents[path], umask=umask, sync_dir=False)
        touched.add(target.parent)
    for path in plan.obsolete:
        _recheck(plan, path)
        (out / path).unlink()
        touched.add((out / path).parent)
        _remove_empty_parents(out, path)
    for folder in sorted(touched):
        _fsync_dir(folder)
    if plan.manifest_changed:
        atomic_write(out / MANIFEST_NAME, plan.manifest_after, umask=umask)


def _recheck(plan: Plan, path: str) -> None:
    if _blocked_parent(plan.out_dir, path) or _inspect(plan.out_dir / path)[1] != plan.seen[path]:
        raise ConflictError(plan.out_dir, [Conflict(path, "changed on disk while vpcdocs ran")])


def _remove_empty_parents(out: Path, path: str) -> None:
    """Remove folders that deleting `path` left empty (never `out` itself)."""
    parts = path.split("/")[:-1]
    while parts:
        folder = out.joinpath(*parts)
        try:
            folder.rmdir()
        except OSError:
            return
        parts.pop()


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(
    path: Path, data: bytes, *, umask: int | None = None, sync_dir: bool = True
) -> None:
    """Replace `path` with `data` atomically: temp file in the same folder, fsync, os.replace,
    then (unless `sync_dir` is False and the caller does it) fsync the folder.

    A replaced file keeps its permission bits; a new one gets 0o666 minus the umask. Readers see
    either the old or the new bytes, never a mix; on error the temporary file is removed.
    """
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~(_current_umask() if umask is None else umask)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if sync_dir:
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
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
