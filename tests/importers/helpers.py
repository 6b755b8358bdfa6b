"""What the importer tests share: running `vpcdocs import` in process, loading and analysing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from vpcdocs.cli import cli
from vpcdocs.loader import load_bytes
from vpcdocs.model import Topology

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["import", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def load_valid(data: bytes, name: str = "imported.yaml") -> Topology:
    """The topology, asserting it validates with no error (warnings allowed)."""
    loaded = load_bytes(name, data)
    errors = [f"{d.location}: {d.code}: {d.message}" for d in loaded.errors]
    assert loaded.ok, "\n".join(errors)
    assert loaded.topology is not None
    return loaded.topology


def analyse_all(topology: Topology) -> None:
    """Every flow (the format's default flows) is analysed without an exception."""
    from vpcdocs.analysis.paths import analyse

    results = analyse(topology)
    assert len(results) == len(topology.flows)
