"""Compiled Jinja2 templates kept in the render cache (`vpcdocs.render.cache`, store "jinja").

Apart from `vpcdocs.render.cache` so that importing the cache (as the no-op `generate --check`
does) does not import Jinja2.
"""

from __future__ import annotations

import jinja2

from vpcdocs.render.cache import BlobStore, key

__all__ = ["VerifiedBytecodeCache"]


class VerifiedBytecodeCache(jinja2.BytecodeCache):
    """Jinja2 bytecode in a `BlobStore`. Unlike `jinja2.FileSystemBytecodeCache`, a damaged file
    can neither fail a render nor load wrong code (the payload is checksummed), and a folder
    that cannot be written is not an error. `fingerprint` names everything besides the template
    source that the compiled code depends on (Jinja2 version, environment options)."""

    def __init__(self, blobs: BlobStore, fingerprint: str) -> None:
        self.blobs = blobs
        self.fingerprint = fingerprint

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        return key(self.fingerprint, bucket.key)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.blobs.get(self._key(bucket))
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)  # checks Jinja's magic and the source checksum
        except Exception:  # any doubt about an entry means: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = bucket.bytecode_to_string()
        except Exception:  # a template that cannot be cached is still rendered
            return
        self.blobs.put(self._key(bucket), data)
