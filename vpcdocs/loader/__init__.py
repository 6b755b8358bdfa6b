"""Load stage: a topology file -> a validated, frozen `vpcdocs.model.Topology` plus diagnostics.

    result = load_file("network.yaml")
    if result.ok: use(result.topology)
    else: print every diagnostic (they are sorted by position)

    topology = load("network.yaml")    # the same, raising LoadError (its .diagnostics) instead

Order: read and check YAML (yamlsrc) -> schema (pydantic models in schema, messages in
schema_errors; objects with schema errors are set aside by partial so that the rest is still
checked) -> rules across objects (semantic) -> build the model (build, defaults). Problems never
raise: they become diagnostics, all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path as FsPath

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, DiagnosticError, sort_diagnostics
from vpcdocs.inputs import InputError, read_limited
from vpcdocs.loader import partial, semantic
from vpcdocs.loader.build import Builder
from vpcdocs.loader.suggest import Suggester
from vpcdocs.loader.yamlsrc import MAX_BYTES, TOO_LARGE_HINT, read_yaml, single_line
from vpcdocs.model import Topology


@dataclass(frozen=True)
class LoadResult:
    topology: Topology | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)

    @property
    def ok(self) -> bool:
        return self.topology is not None and not self.errors


def _finish(diags: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Sorted, and one line each (a key or value quoted in a message may hold a line break)."""
    return tuple(sort_diagnostics(single_line(d) for d in diags))


def load_bytes(name: str, raw: bytes, *, max_bytes: int = MAX_BYTES) -> LoadResult:
    """Load a topology from bytes; `name` is the file name used in diagnostics. More than
    `max_bytes` bytes (default `MAX_BYTES`, the `--max-input-size` setting) is FILE_TOO_LARGE.

    Never raises for bad input: every problem is a diagnostic, sorted by position.
    """
    # The garbage collector is left alone: switching it off while loading saved time on huge
    # files but changed the whole process (threads, the caller's objects); a library must not.
    return _load(name, raw, max_bytes)


def _load(name: str, raw: bytes, max_bytes: int) -> LoadResult:
    src = read_yaml(name, raw, max_bytes=max_bytes)
    diags = list(src.diagnostics)
    if src.data is None:
        return LoadResult(None, _finish(diags))
    suggester = Suggester()
    checked = partial.validate(src.data, src.positions, suggester)
    if checked.diagnostics:
        # a value the YAML reader already rejected (e.g. an unsupported tag) is not reported twice
        yaml_places = {d.location for d in diags}
        diags.extend(d for d in checked.diagnostics if d.location not in yaml_places)
    spec = checked.topology
    if spec is None or checked.damage.blind:
        return LoadResult(None, _finish(diags))
    _names, rule_diags = semantic.check(spec, src.positions, checked.damage, suggester)
    diags.extend(rule_diags)
    if any(d.is_error for d in diags):
        return LoadResult(None, _finish(diags))
    topology = Builder(spec, src.positions).build()
    finished = _finish(diags)
    return LoadResult(replace(topology, warnings=finished), finished)


def load_file(path: str | FsPath, *, max_bytes: int = MAX_BYTES) -> LoadResult:
    """Load the topology file at `path` (its name in diagnostics: `path` as given).

    The file is read through `vpcdocs.inputs.read_limited`: a directory, FIFO, device or socket is
    refused by its type (NOT_A_FILE) and a file over `max_bytes` (default `MAX_BYTES`) by its
    size (FILE_TOO_LARGE), both without reading it, so neither can block or fill the memory."""
    name = str(path)
    try:
        raw = read_limited(path, max_bytes)
    except InputError as exc:
        found = exc.diagnostic(name)
        if exc.code is DiagnosticCode.FILE_TOO_LARGE:
            found = replace(found, hint=TOO_LARGE_HINT)
        return LoadResult(None, (found,))
    return load_bytes(name, raw, max_bytes=max_bytes)


class LoadError(DiagnosticError):
    """A topology file that is not valid: `.diagnostics` are every problem in it, sorted by
    position (the errors and the warnings `vpcdocs validate` prints); `str()` is their text."""


def load(path: str | FsPath, *, max_bytes: int = MAX_BYTES) -> Topology:
    """The validated topology of the file at `path` (its warnings in `Topology.warnings`);
    raises `LoadError` when the file cannot be read or is not valid."""
    result = load_file(path, max_bytes=max_bytes)
    if result.topology is None or not result.ok:
        raise LoadError(result.diagnostics)
    return result.topology


__all__ = ["MAX_BYTES", "LoadError", "LoadResult", "load", "load_bytes", "load_file"]
