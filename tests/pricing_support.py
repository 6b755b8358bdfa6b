"""Helpers for the pricing tests (no tests here): scenario loading, hand-built flow results shaped
like the paths-json.md hop sequences, and price-table figures that a test derives its expected
money from."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from vpcdocs.analysis.pricing import PriceTable, rate
from vpcdocs.analysis.result import Code, FlowResult, Hop, HopKind, Network, Reason, Where
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


_IN_ONE_VPC = {
    HopKind.WORKLOAD, HopKind.SUBNET, HopKind.ROUTE_TABLE, HopKind.NAT_GATEWAY,
    HopKind.INTERNET_GATEWAY, HopKind.GATEWAY_ENDPOINT, HopKind.INTERFACE_ENDPOINT,
    HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT,
}


def where_of(topology: Topology, hop: Hop, to_region: str | None) -> Where:
    """Where a hand-built hop is, as the path analysis would say: pricing reads `Hop.where`,
    and these hops are written by hand (kind and id, sometimes region and az)."""
    t, kind, name = topology, hop.kind, hop.id
    if kind in (HopKind.PEERING, HopKind.TRANSIT_GATEWAY_PEERING, HopKind.INTERNET):
        return Where()
    if kind is HopKind.SERVICE:
        return Where(hop.region or to_region)
    if kind is HopKind.TRANSIT_GATEWAY:
        return Where(hop.region or t.transit_gateways[name].region)
    if kind is HopKind.LOCAL:
        return Where(t.vpcs[name].region, name)
    if kind is HopKind.LOAD_BALANCER:
        lb = t.load_balancers[name]
        return Where(t.vpcs[lb.vpc].region, lb.vpc, hop.az)
    if kind is HopKind.ENDPOINT_SERVICE:
        svc = t.endpoint_services[name]
        return Where(svc.region, svc.vpc)
    assert kind in _IN_ONE_VPC, kind
    if t.kind_of(name) is None:  # a made-up hop: only what it says itself
        return Where(hop.region, None, hop.az)
    vpc = t.vpc_of(name)
    az = hop.az
    subnet = None
    if kind is HopKind.SUBNET:
        subnet, az = name, t.subnets[name].az
    elif kind is HopKind.WORKLOAD:
        subnet = t.workloads[name].subnet
        az = t.subnets[subnet].az
    elif kind is HopKind.NAT_GATEWAY:
        subnet = t.nat_gateways[name].subnet
        az = t.subnets[subnet].az
    elif kind is HopKind.ROUTE_TABLE:
        azs = {s.az for s in t.subnets.values() if s.route_table == name}
        az = next(iter(azs)) if len(azs) == 1 else None
    return Where(hop.region or vpc.region, vpc.name, az, subnet)


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
    built = tuple(replace(h, where=where_of(topology, h, flow.region)) for h in built)
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
        codes=tuple(Code(c) for c in codes),
        reason=None if reason is None else Reason(reason),
        explanation="",
        to_kind=flow.to_kind,
        gb_per_month=flow.gb_per_month if gb is None else gb,
    )


def usd(table: PriceTable, region: str, key: str, *, own: bool = True) -> float:
    """A figure from the table; with `own`, assert it is the region's own (not a fallback)."""
    r = rate(table, region, key)
    if own:
        assert not r.assumed, f"{region} {key} is not the region's own figure"
    return r.usd
