"""The one writer: the only code that changes a generated docs folder on disk.

Renderers return `{relative_path: bytes}`; this package compares that mapping with the folder
(`plan`), reports what `--check` must complain about (`check`) and applies the plan (`apply`):
every changed file is staged in a temporary file beside it, fsynced and renamed over the old one,
and unchanged files are left alone (their mtime is kept). `write_tree` and `check_tree` do the
same under the folder's lock, as `generate` and the pre-commit hook need.

* `paths`: which output paths are safe; `manifest`: the committed ownership manifest;
  `journal`: the local proof of which files vpcdocs wrote here; `planning`, `applying`, `tree`: the
  comparison, the two-phase write, and both under the lock; `atomic`: replacing one file (also
  through a symbolic link); `errors`: the exceptions, whose text is the message for the user.

Ownership ("nothing is lost"): vpcdocs overwrites only files its manifest lists with their
current hash, deletes only files it wrote in this very folder, and never touches anything else.
"""

from __future__ import annotations

from vpcdocs.write.applying import Applied, apply
from vpcdocs.write.atomic import atomic_write, create_new, write_target
from vpcdocs.write.errors import (
    Conflict,
    ConflictError,
    FileSystemError,
    ManifestError,
    UnsafePathError,
    WriteError,
)
from vpcdocs.write.manifest import Manifest, manifest_bytes, read_manifest
from vpcdocs.write.paths import MANIFEST_NAME, TEMP_PREFIX, validate_paths, validate_relpath
from vpcdocs.write.planning import Plan, check, plan
from vpcdocs.write.tree import check_tree, recorded_tree, write_tree

__all__ = [
    "MANIFEST_NAME",
    "TEMP_PREFIX",
    "Applied",
    "Conflict",
    "ConflictError",
    "FileSystemError",
    "Manifest",
    "ManifestError",
    "Plan",
    "UnsafePathError",
    "WriteError",
    "apply",
    "atomic_write",
    "check",
    "check_tree",
    "create_new",
    "manifest_bytes",
    "plan",
    "read_manifest",
    "recorded_tree",
    "validate_paths",
    "validate_relpath",
    "write_target",
    "write_tree",
]
