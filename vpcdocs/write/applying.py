"""Carrying out a `Plan`, in two phases, so that a full disk changes nothing and a killed run
leaves nothing stuck.

1. Stage: every new file's bytes (pages, the manifest with `pending`, the final manifest) go into
   temporary files beside their targets, fsynced. Anything that needs disk space happens here; a
   failure (disk full, read-only, quota) removes what was staged and the folder is as it was.
   The local ownership record of the files about to appear is saved.
2. Commit: renames and deletions only. The manifest listing both the current and the new hash
   of every file being replaced goes in first, then the files, then the deletions, then the
   final manifest. A run killed at any point leaves each file old or new and the manifest
   vouching for both, so the next run carries on; the temporary files it leaves are orphans
   that the next run removes (`vpcdocs.fs.temps`).

Every file is re-checked against the hash `plan` saw just before it is replaced or deleted, so a
file a user edits while vpcdocs runs is never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from vpcdocs.filenames import sha256_hex
from vpcdocs.fs import temps
from vpcdocs.fs.oserror import describe
from vpcdocs.write.atomic import current_umask, fsync_dir, set_mode, write_all
from vpcdocs.write.errors import Conflict, ConflictError, FileSystemError, WriteError
from vpcdocs.write.journal import FileId
from vpcdocs.write.paths import MANIFEST_NAME
from vpcdocs.write.planning import Plan, disk_hash

__all__ = ["Applied", "apply"]


@dataclass(frozen=True)
class Applied:
    """What `apply` did, exactly. Paths are relative to `out_dir` and sorted."""

    out_dir: Path
    new: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # obsolete files left in place (see `Plan.kept`)
    orphans_removed: tuple[str, ...] = ()
    orphans_failed: tuple[tuple[str, str], ...] = ()  # (path, why) temporaries left in place
    manifest_written: bool = False
    locked: bool = False  # whether the folder's lock was held (False: not supported here)

    @property
    def wrote_anything(self) -> bool:
        return bool(
            self.new or self.changed or self.removed or self.orphans_removed
            or self.manifest_written
        )

    def summary(self) -> str:
        """`N new, N changed, N removed, N unchanged` (+ the temporaries removed)."""
        text = (
            f"{len(self.new)} new, {len(self.changed)} changed, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged"
        )
        if self.orphans_removed:
            text += f", {len(self.orphans_removed)} temporary files of killed runs removed"
        return text


def apply(plan: Plan) -> Applied:
    """Carry out `plan` (see the module's docstring). Raises `ConflictError` when the plan has
    conflicts or a file changed since `plan` looked (nothing written), `FileSystemError` when
    the disk refuses (nothing written), or `WriteError` naming what was written when the
    commit phase stops half way."""
    if plan.conflicts:
        raise ConflictError(plan.out_dir, plan.conflicts)
    for path in (*plan.new, *plan.changed, *plan.obsolete):
        _recheck(plan, path)
    out = plan.out_dir
    cleanup = temps.Cleanup()
    for folder in sorted({(out / p).parent for p in plan.orphans}):
        done = temps.remove_orphans(folder, folder_locked=plan.folder_locked)
        cleanup.removed += done.removed
        cleanup.failed += done.failed
    result = Applied(
        out,
        unchanged=plan.unchanged,
        kept=plan.kept,
        orphans_removed=tuple(_rel(out, p) for p in cleanup.removed),
        orphans_failed=tuple((_rel(out, p), why) for p, why in cleanup.failed),
    )
    if not (plan.new or plan.changed or plan.obsolete or plan.manifest_changed
            or plan.fingerprint_changed):
        _record(plan, [], done=True)  # files found as generated are vouched for from now on
        return result
    staged, mid, final, created = _stage_all(plan)
    _record(plan, staged)
    return _commit(plan, result, staged, mid, final, created)


def _rel(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix()


def _recheck(plan: Plan, path: str) -> None:
    if disk_hash(plan.out_dir, path) != plan.seen[path]:
        raise ConflictError(plan.out_dir, [Conflict(path, "changed on disk while vpcdocs ran")])


@dataclass
class _Staged:
    path: str
    tmp: Path
    ident: FileId


def _stage(folder: Path, data: bytes, mode: int) -> tuple[Path, os.stat_result]:
    """A temporary file in `folder` holding `data`, durable, with `mode`, stamped with the
    precise clock (the local record tells a file vpcdocs wrote from one re-created later)."""
    fd, tmp = temps.create_file(folder)
    try:
        try:
            write_all(fd, data)
            set_mode(fd, tmp, mode)
            now = time.time_ns()
            os.utime(fd if os.utime in os.supports_fd else tmp, ns=(now, now))
            os.fsync(fd)
            st = os.fstat(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp, st


def _stage_all(plan: Plan) -> tuple[list[_Staged], Path | None, Path, list[Path]]:
    """Phase 1. Returns the staged files, the staged middle and final manifests, and the
    folders made for new files. On any failure nothing is left behind."""
    out = plan.out_dir
    umask = current_umask()
    staged: list[_Staged] = []
    created: list[Path] = []
    extra: list[Path] = []
    target = out
    try:
        if not out.is_dir():
            out.mkdir(parents=True)
            created.append(out)
        for path in sorted((*plan.new, *plan.changed)):
            target = out / path
            created += _make_parents(out, path)
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except FileNotFoundError:
                mode = 0o666 & ~umask
            data = plan.contents[path]
            tmp, st = _stage(target.parent, data, mode)
            staged.append(_Staged(path, tmp, FileId.of(st, sha256_hex(data))))
        target = out / MANIFEST_NAME
        try:
            manifest_mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            manifest_mode = 0o666 & ~umask
        mid = None
        if staged:
            mid, _ = _stage(out, plan.manifest_mid, manifest_mode)
            extra.append(mid)
        final, _ = _stage(out, plan.manifest_after, manifest_mode)
    except BaseException as exc:
        _discard([s.tmp for s in staged] + extra)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError):
            raise FileSystemError(
                describe(target, "write", exc) + f" (nothing in {out} was changed)"
            ) from None
        raise
    return staged, mid, final, created


def _make_parents(out: Path, path: str) -> list[Path]:
    made: list[Path] = []
    parts = path.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        folder = out.joinpath(*parts[:i])
        if not folder.is_dir():
            folder.mkdir()
            made.append(folder)
    return made


def _record(plan: Plan, staged: list[_Staged], *, done: bool = False) -> None:
    """Save the local record of the files vpcdocs wrote here. Before the commit it lists, for
    each path, both the file there now and the staged one that will replace it (their inodes
    are the ones the renames put in place), so a commit stopped half way leaves every file
    vouched for; once `done`, only what is there."""
    if plan.journal is None:
        return
    files: dict[str, set[FileId]] = {}
    for path, ident in plan.vouched.items():
        if not done or path in plan.unchanged:
            files.setdefault(path, set()).add(ident)
    for item in staged:
        files.setdefault(item.path, set()).add(item.ident)
    plan.journal.save_if_changed({p: frozenset(ids) for p, ids in files.items()})


def _commit(
    plan: Plan,
    result: Applied,
    staged: list[_Staged],
    mid: Path | None,
    final: Path,
    created: list[Path],
) -> Applied:
    """Phase 2: renames and deletions only."""
    out = plan.out_dir
    manifest = out / MANIFEST_NAME
    written: list[str] = []
    removed: list[str] = []
    pending = [s.tmp for s in staged] + ([mid] if mid else []) + [final]
    try:
        if mid is not None:
            os.replace(mid, manifest)
            pending.remove(mid)
            fsync_dir(out)
        for item in staged:
            _recheck(plan, item.path)
            os.replace(item.tmp, out / item.path)
            pending.remove(item.tmp)
            written.append(item.path)
        for folder in sorted({(out / s.path).parent for s in staged} | set(created)):
            fsync_dir(folder)
        for path in plan.obsolete:
            _recheck(plan, path)
            (out / path).unlink()
            removed.append(path)
            _remove_empty_parents(out, path)
        if removed:
            fsync_dir(out)
        os.replace(final, manifest)
        pending.remove(final)
        fsync_dir(out)
    except BaseException as exc:
        _discard(pending)
        if not isinstance(exc, (OSError, WriteError)):
            raise
        if isinstance(exc, ConflictError):
            why = "\n".join(f"{out / c.path}: {c.reason}" for c in exc.conflicts)
        elif isinstance(exc, WriteError):
            why = str(exc)
        else:
            why = describe(getattr(exc, "filename", None) or out, "write", exc)
        done = [f"{p} (written)" for p in written] + [f"{p} (removed)" for p in removed]
        raise WriteError(
            f"{why}\nvpcdocs stopped half way: "
            + (", ".join(done) if done else "no page was changed")
            + "; every other file is as it was, and the next run finishes the job"
        ) from None
    _record(plan, staged, done=True)
    new = set(plan.new)
    return Applied(
        out,
        new=tuple(p for p in written if p in new),
        changed=tuple(p for p in written if p not in new),
        removed=tuple(removed),
        unchanged=result.unchanged,
        kept=result.kept,
        orphans_removed=result.orphans_removed,
        orphans_failed=result.orphans_failed,
        manifest_written=True,
    )


def _discard(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


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

