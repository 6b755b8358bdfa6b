"""Load stage: a topology file -> a validated, frozen `vpcdocs.model.Topology` plus diagnostics.

    result = load_file("network.yaml")
    if result.ok: use(result.topology)
    else: print every diagnostic (they are sorted by position)

Order: read and check YAML (yamlsrc) -> schema (pydantic models in schema, messages in
schema_errors; objects with schema errors are set aside by partial so that the rest is still
checked) -> rules across objects (semantic) -> build the model (build, defaults). Problems never
raise: they become diagnostics, all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath

from vpcdocs.diagnostics import Diagnostic, Location, error, sort_diagnostics
from vpcdocs.loader import partial, semantic
from vpcdocs.loader.build import Builder
from vpcdocs.loader.suggest import Suggester
from vpcdocs.loader.yamlsrc import read_yaml
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


def load_bytes(name: str, raw: bytes) -> LoadResult:
    """Load a topology from bytes; `name` is the file name used in diagnostics.

    Never raises for bad input: every problem is a diagnostic, sorted by position.
    """
    src = read_yaml(name, raw)
    diags = list(src.diagnostics)
    if src.data is None:
        return LoadResult(None, tuple(sort_diagnostics(diags)))
    suggester = Suggester()
    checked = partial.validate(src.data, src.positions, suggester)
    # a value the YAML reader already rejected (e.g. an unsupported tag) is not reported twice
    yaml_places = {d.location for d in diags}
    diags.extend(d for d in checked.diagnostics if d.location not in yaml_places)
    spec = checked.topology
    if spec is None or checked.damage.blind:
        return LoadResult(None, tuple(sort_diagnostics(diags)))
    _names, rule_diags = semantic.check(spec, src.positions, checked.damage, suggester)
    diags.extend(rule_diags)
    if any(d.is_error for d in diags):
        return LoadResult(None, tuple(sort_diagnostics(diags)))
    topology = Builder(spec, src.positions).build()
    return LoadResult(topology, tuple(sort_diagnostics(diags)))


def load_file(path: str | FsPath) -> LoadResult:
    name = str(path)
    try:
        raw = FsPath(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return LoadResult(None, (error("CANNOT_READ", f"cannot read file: {reason}",
                                       Location(name, 1, 1)),))
    return load_bytes(name, raw)


__all__ = ["LoadResult", "load_bytes", "load_file"]
