"""Helpers for the pricing tests (no tests here): scenario loading, hand-built flow results shaped
like the paths-json.md hop sequences, and price-table figures that a test derives its expected
money from."""

from __future__ import annotations

from pathlib import Path

from vpcdocs.analyse.pricing import PriceTable, rate
from vpcdocs.analyse.result import FlowResult, Hop, HopKind, Network
from vpcdocs.loader import load_bytes, load_file
from vpcdocs.model import Topology

ROOT = Path(__file__).resolve().parent
SCENARIOS = ROOT / "scenarios" / "cost"
EXAMPLES = ROOT.parent / "examples"


def scenario(name: str) -> Topology:
    result = load_file(SCENARIOS / name)
    assert result.topology is not None, [str(d) for d in result.diagnostics]
    return result.topology


def example(name: str) -> Topology:
    result = load_file(EXAMPLES / name)
    assert result.topology is not None, [str(d) for d in result.diagnostics]
    return result.topology


def from_text(text: str, name: str = "inline.yaml") -> Topology:
    result = load_bytes(name, text.encode("utf-8"))
    assert result.topology is not None, [str(d) for d in result.diagnostics]
    return result.topology


def hop(kind: str, id: str, **fields: str) -> Hop:
    return Hop(HopKind(kind), id, **fields)


def flow_result(
    topology: Topology,
    flow_id: str,
    hops: list[tuple[str, str]] | list[Hop],
    *,
    codes: tuple[str, ...] = (),
    reachable: bool = True,
    reason: str | None = None,
    gb: float | None = None,
) -> FlowResult:
    """A `FlowResult` for the topology's flow `flow_id`, with the given hops (kind, id)."""
    flow = topology.flows[flow_id]
    built = tuple(h if isinstance(h, Hop) else hop(h[0], h[1]) for h in hops)
    return FlowResult(
        id=flow_id,
        source=flow.source,
        to=flow.to,
        to_region=flow.region,
        reachable=reachable,
        network=Network.AWS_BACKBONE if reachable else Network.NONE,
        cross_region="CROSS_REGION" in codes,
        regions=(),
        hops=built,
        codes=codes,
        reason=reason,
        explanation="",
        to_kind=flow.to_kind.value,
        gb_per_month=flow.gb_per_month if gb is None else gb,
    )


def usd(table: PriceTable, region: str, key: str, *, own: bool = True) -> float:
    """A figure from the table; with `own`, assert it is the region's own (not a fallback)."""
    r = rate(table, region, key)
    if own:
        assert not r.assumed, f"{region} {key} is not the region's own figure"
    return r.usd
