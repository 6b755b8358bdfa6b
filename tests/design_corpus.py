"""Helpers for the tests that prove a shortcut of `vpcdocs paths` gives the slow path's output
(no tests here): every design of the repository that loads (the examples, and every YAML file
under tests/ that is a topology or a scenario with a `topology:`), and generated designs."""

from __future__ import annotations

import functools
import io
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from vpcdocs.loader import load_bytes
from vpcdocs.model import Topology

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from topologies import Shape, design  # noqa: E402

__all__ = ["ROOT", "Shape", "corpus", "design", "generated"]


def _topology_bytes(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="utf-8")
        data = YAML(typ="safe", pure=True).load(text)
    except Exception:  # files that are not YAML on purpose
        return None
    if not isinstance(data, dict):
        return None
    if "vpcdocs" in data:
        return text.encode("utf-8")
    inner: Any = data.get("topology")
    if isinstance(inner, dict):
        buffer = io.StringIO()
        YAML(typ="safe", pure=True).dump(inner, buffer)
        return buffer.getvalue().encode("utf-8")
    return None


@functools.cache
def corpus() -> tuple[tuple[str, Topology], ...]:
    """(name, topology) of every design of the repository that loads without errors."""
    found = []
    paths = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml"))
    for path in paths:
        data = _topology_bytes(path)
        if data is None:
            continue
        loaded = load_bytes(path.name, data)
        if loaded.ok and loaded.topology is not None:
            found.append((str(path.relative_to(ROOT)), loaded.topology))
    return tuple(found)


def generated(shape: Shape) -> Topology:
    loaded = load_bytes("generated.yaml", design(shape).encode("utf-8"), max_bytes=1 << 30)
    assert loaded.topology is not None, [str(d) for d in loaded.diagnostics[:3]]
    return loaded.topology
