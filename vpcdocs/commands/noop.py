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
  (`vpcdocs.render.cache`, store "noop"), keyed by the folder, the fingerprint, the manifest's
  bytes and this machine's Graphviz program, version and font caches. A fresh clone, a
  disabled cache or a new font therefore takes the full path once.

Otherwise the run is the full one. `--strict` always takes the full path (the shortcut does not
load the design, so it cannot see its warnings), and the shortcut prints no warnings.
"""

from __future__ import annotations

from pathlib import Path

from vpcdocs.write import Manifest, WriteError, recorded_tree

__all__ = ["fingerprint_of", "remember", "unchanged"]

_RECORD_FORMAT = "vpcdocs-noop 1"
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


def _record_key(out: Path, fingerprint: str, manifest: Manifest) -> str | None:
    from vpcdocs.render import cache

    machine = _machine()
    if machine is None or manifest.raw is None:
        return None
    return cache.key(_RECORD_FORMAT, str(out.resolve()), fingerprint, manifest.raw, machine)


def unchanged(out: Path, fingerprint: str | None) -> Manifest | None:
    """The manifest of `out` when the shortcut applies (see the module), else None."""
    from vpcdocs.render import cache

    if fingerprint is None:
        return None
    blobs = cache.store("noop")
    if blobs is None:
        return None
    try:
        manifest = recorded_tree(out)
    except WriteError:
        return None  # the full run reports it
    if manifest is None or manifest.fingerprint != fingerprint:
        return None
    key = _record_key(out, fingerprint, manifest)
    if key is None or blobs.get(key) != fingerprint.encode("ascii"):
        return None
    return manifest


def remember(out: Path, fingerprint: str | None) -> None:
    """Record that `out` holds what its manifest lists, made from `fingerprint` on this machine
    (called after a full run wrote or verified it). Nothing when the manifest records another
    fingerprint or the cache is off."""
    from vpcdocs.render import cache

    if fingerprint is None:
        return
    blobs = cache.store("noop")
    if blobs is None:
        return
    try:
        manifest = recorded_tree(out)
    except WriteError:
        return
    if manifest is None or manifest.fingerprint != fingerprint:
        return
    key = _record_key(out, fingerprint, manifest)
    if key is not None:
        blobs.put(key, fingerprint.encode("ascii"))
