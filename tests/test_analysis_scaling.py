"""The analysis does its work per flow, not per flow *and* per object of the estate (issue 16):
the topology's lookups are built once (`vpcdocs.analysis.paths.index`), every collection of
the topology is scanned a fixed number of times whatever the number of flows, and route tables
are indexed once each. Counted, never timed (timings live in benchmarks/RESULTS.md).

Designs come from `benchmarks/topologies.py` (the landing-zone shapes the benchmark measures):
the same VPCs with 10x the flows, and the same flows' shape with 4x the VPCs.
"""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pricing_support import from_text

from vpcdocs.analysis.analysis import analyse
from vpcdocs.analysis.paths import index as index_module
from vpcdocs.analysis.paths import routing
from vpcdocs.model import Topology

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from topologies import Shape, design  # noqa: E402

V = TypeVar("V")


class CountingMapping(Mapping[str, V]):
    """A topology collection that counts how often it is iterated from start to end (a scan);
    lookups by name are free."""

    def __init__(self, name: str, inner: Mapping[str, V], scans: Counter[str]) -> None:
        self._name, self._inner, self._scans = name, inner, scans

    def __getitem__(self, key: str) -> V:
        return self._inner[key]

    def __len__(self) -> int:
        return len(self._inner)

    def __iter__(self) -> Iterator[str]:
        self._scans[self._name] += 1
        return iter(self._inner)

    def __contains__(self, key: object) -> bool:
        return key in self._inner


def counted(topology: Topology) -> tuple[Topology, Counter[str]]:
    scans: Counter[str] = Counter()
    fields = {f.name: CountingMapping(f.name, getattr(topology, f.name), scans)
              for f in dataclasses.fields(topology)
              if isinstance(getattr(topology, f.name), Mapping)}
    return dataclasses.replace(topology, **fields), scans


_LOADED: dict[Shape, Topology] = {}


def load(shape: Shape) -> Topology:
    if shape not in _LOADED:
        _LOADED[shape] = from_text(design(shape), f"{shape.vpcs}-{shape.flows}.yaml")
    return _LOADED[shape]


def scans_of(shape: Shape) -> Counter[str]:
    topology, scans = counted(load(shape))
    made = analyse(topology)
    made.paths_json()
    made.cost_json()
    made.diagnostics  # noqa: B018  # the findings, as `paths` and `cost` report them
    assert len(made.flows) == shape.flows
    return scans


# Enough flows that every kind of flow occurs in each (some tables are built on first use).
FEW = Shape(regions=2, vpcs=10, flows=150)
MORE_FLOWS = Shape(regions=2, vpcs=10, flows=600)
MORE_VPCS = Shape(regions=2, vpcs=40, flows=600)


def test_no_collection_of_the_topology_is_scanned_per_flow() -> None:
    few, many = scans_of(FEW), scans_of(MORE_FLOWS)
    assert few == many, {k: (few[k], many[k]) for k in few | many if few[k] != many[k]}
    # and the count is small: each collection is scanned a handful of times in all
    assert max(many.values()) <= 10, many.most_common(3)


def test_unrelated_vpcs_add_no_scans() -> None:
    assert scans_of(MORE_FLOWS) == scans_of(MORE_VPCS)


def test_the_analysis_builds_one_index_of_the_topology(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []

    class Counted(index_module.TopologyIndex):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(index_module, "TopologyIndex", Counted)
    # a design whose workloads pull images (companion paths analysed for undeclared flows)
    topology = dataclasses.replace(load(MORE_FLOWS))  # a new object: a new, empty index
    made = analyse(topology)
    assert made.companions, "the design should exercise the companion rules"
    assert made.cost_json()
    assert len(built) == 1


def test_each_route_table_is_indexed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    made: Counter[tuple[str, str]] = Counter()

    def counting(kind: str, build: Any) -> Any:
        def wrapper(topo: Topology, table: str) -> Any:
            made[(kind, table)] += 1
            return build(topo, table)
        return wrapper

    monkeypatch.setattr(routing, "_vpc_routes", counting("vpc", routing._vpc_routes))
    monkeypatch.setattr(routing, "_tgw_routes", counting("tgw", routing._tgw_routes))
    topology = dataclasses.replace(load(MORE_FLOWS))  # a new object: a new, empty index
    analyse(topology).cost_json()
    assert made and set(made.values()) == {1}
    assert {kind for kind, _ in made} == {"vpc", "tgw"}


def _outputs(topology: Topology) -> tuple[str, str, str]:
    from vpcdocs.commands.paths import json_text

    made = analyse(topology)
    return (json_text(made.flows), repr(made.cost_json()),
            "\n".join(str(d) for d in made.diagnostics))


@pytest.mark.parametrize("shape", [
    Shape(regions=2, vpcs=8, flows=120, seed=3),
    Shape(regions=3, vpcs=14, flows=160, seed=11),
    Shape(regions=9, vpcs=30, flows=200, seed=29),  # Regions outside the price table too
])
def test_remembered_answers_are_the_answers(shape: Shape,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything the index remembers per question (route lookups per table and destination,
    attachments, peer sides...) gives the paths, costs and findings that asking again each time
    gives: the reference run remembers nothing."""
    optimised = _outputs(dataclasses.replace(load(shape)))

    remembered = index_module.TopologyIndex.memo
    answers = {"vpc-lookup", "tgw-lookup", "tgw-attachment", "tgw-peer-side",
               "tgw-sg-referencing", "linked"}  # the tables of routes stay built once

    def ask_again(self: index_module.TopologyIndex, kind: str, key: object, make: Any) -> Any:
        asked.add(kind)
        return make() if kind in answers else remembered(self, kind, key, make)

    asked: set[str] = set()
    monkeypatch.setattr(index_module.TopologyIndex, "memo", ask_again)
    reference = _outputs(dataclasses.replace(load(shape)))
    assert optimised == reference
    assert asked >= answers - {"tgw-sg-referencing"}  # the designs have no security groups
