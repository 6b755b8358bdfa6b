"""Writing a whole docs tree, or checking it, under the folder's lock: what `generate` and the
pre-commit hook call.

The lock (`vpcdocs.fs.lock`) is held from planning to the last rename, so two runs into one
folder take turns: each plans against what the other left, reports exactly what it changed, and
the manifest always matches the files (a manifest read-modify-write can no longer interleave with
another run's page writes).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from vpcdocs.fs.lock import LockBusy, folder_lock
from vpcdocs.fs.oserror import describe
from vpcdocs.write.applying import Applied, apply
from vpcdocs.write.errors import FileSystemError, WriteError
from vpcdocs.write.manifest import Manifest
from vpcdocs.write.paths import validate_paths
from vpcdocs.write.planning import Plan, Trust, as_recorded, folder_exists, plan

__all__ = ["check_tree", "recorded_tree", "write_tree"]


def write_tree(out: Path, files: Mapping[str, bytes], *, timeout: float | None = None,
               fingerprint: str | None = None) -> Applied:
    """Lock `out` (making it if need be), plan and apply. Raises `WriteError` (and its kinds):
    the lock is busy, a path is unsafe, a file is in the way, the disk refuses. A folder this
    call made is removed again when nothing was written into it."""
    validate_paths(files)
    folder_exists(out)  # a file or a dangling link at `out`, or a file on the way: say so
    made = _missing_folders(out)
    try:
        with folder_lock(out, create=True, timeout=timeout) as held:
            try:
                result = replace(apply(plan(out, files, folder_locked=held,
                                            fingerprint=fingerprint)), locked=held)
            except BaseException:
                _remove_if_empty(made)
                raise
            if not result.wrote_anything:
                _remove_if_empty(made)
            return result
    except LockBusy as exc:
        raise WriteError(str(exc)) from None
    except OSError as exc:  # making or opening the folder to lock it
        action = "create the folder" if made else "open the folder"
        raise FileSystemError(describe(out, action, exc)) from None


def check_tree(out: Path, files: Mapping[str, bytes], *, timeout: float | None = None) -> Plan:
    """The plan for `--check`, read under the folder's lock when the folder exists (so a run
    writing it meanwhile is waited for, not half seen). Writes nothing."""
    if not out.is_dir():
        return plan(out, files)
    try:
        with folder_lock(out, timeout=timeout) as held:
            return plan(out, files, folder_locked=held)
    except LockBusy as exc:
        raise WriteError(str(exc)) from None
    except OSError as exc:
        raise FileSystemError(describe(out, "open the folder", exc)) from None


def recorded_tree(out: Path, *, timeout: float | None = None, trust: Trust | None = None,
                  seen: dict[str, os.stat_result] | None = None) -> Manifest | None:
    """`planning.as_recorded` under the folder's lock (None when the folder is missing)."""
    if not out.is_dir():
        return None
    try:
        with folder_lock(out, timeout=timeout) as held:
            return as_recorded(out, folder_locked=held, trust=trust, seen=seen)
    except LockBusy as exc:
        raise WriteError(str(exc)) from None
    except OSError as exc:
        raise FileSystemError(describe(out, "open the folder", exc)) from None


def _missing_folders(out: Path) -> list[Path]:
    """`out` and those of its parents that do not exist yet, deepest first."""
    missing: list[Path] = []
    for folder in (out, *out.parents):
        try:
            if folder.exists() or folder.is_symlink():
                break
        except OSError:
            break
        missing.append(folder)
    return missing


def _remove_if_empty(folders: list[Path]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()
