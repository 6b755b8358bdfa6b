"""The change diagram of `vpcdocs diff -o FILE`: the ways that changed, old and new together.

Only the flows that changed (or were added or removed) are drawn, each as the chain of design
objects it passes (workload, gateways, endpoints, peerings, transit gateways, the service), plus
the resources that were added, removed or changed. A line that only the new version has is an
addition, one that only the old version has a removal, one both have is context (muted).
Objects sit in their VPC, inside their Region, on whichever side they exist.

Colours: an addition is green (`EdgeStyle.ADDED`, `Emphasis.ADDED` for objects), a removal red
and dashed (`EdgeStyle.REMOVED`, `Emphasis.REMOVED`), a changed object has the amber highlight
frame, context is grey. Every mark is also in the label ("+", "−", "~"), for readers who cannot
tell red from green. Pure: topology and analysis in, `Scene` out.

For now an added line is also `Emphasis.HIGHLIGHT` and a removed one keeps `EdgeStyle.BLOCKED`
(drawn as a removal through `Emphasis.REMOVED`): that is what `diff_mermaid`, which draws this
same scene inline in the PR comment, reads as green and as red-dashed. Once it reads the styles
ADDED and REMOVED, `_edge` can use them plainly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from vpcdocs.analysis.analysis import Analysis
from vpcdocs.analysis.result import FlowResult, Hop, HopKind
from vpcdocs.diagnostics import Location
from vpcdocs.model import EndpointType, Topology
from vpcdocs.render.scene import (
    Cluster,
    ClusterKind,
    Edge,
    EdgeStyle,
    Emphasis,
    Legend,
    LegendEntry,
    Node,
    Scene,
)
from vpcdocs.review.diff import ADDED, REMOVED, TopologyDiff

_SKIPPED_HOPS = frozenset({HopKind.SUBNET, HopKind.ROUTE_TABLE, HopKind.LOCAL})

_HOP_ICONS: dict[HopKind, str] = {
    HopKind.NAT_GATEWAY: "nat-gateway",
    HopKind.INTERNET_GATEWAY: "internet-gateway",
    HopKind.INTERNET: "internet",
    HopKind.GATEWAY_ENDPOINT: "gateway-endpoint",
    HopKind.INTERFACE_ENDPOINT: "interface-endpoint",
    HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT: "gwlb-endpoint",
    HopKind.PEERING: "peering",
    HopKind.TRANSIT_GATEWAY: "transit-gateway",
    HopKind.TRANSIT_GATEWAY_PEERING: "tgw-attachment",
    HopKind.LOAD_BALANCER: "nlb",
    HopKind.ENDPOINT_SERVICE: "interface-endpoint",
}

_RESOURCE_ICONS: dict[str, str] = {
    "nat-gateway": "nat-gateway",
    "internet-gateway": "internet-gateway",
    "peering": "peering",
    "transit-gateway": "transit-gateway",
    "route-table": "route-table",
    "load-balancer": "nlb",
    "endpoint-service": "interface-endpoint",
    "workload": "ec2",
}

_SERVICE_ICONS = {"s3": "s3", "dynamodb": "dynamodb", "lambda": "lambda", "rds": "rds"}

#: Resource kinds drawn as nodes when they are added, removed or changed.
DRAWN_KINDS = frozenset(_RESOURCE_ICONS) | {"endpoint"}

LEGEND = Legend(
    (
        LegendEntry("+ added (only in the new version)", EdgeStyle.ADDED),
        LegendEntry("− removed (only in the old version)", EdgeStyle.REMOVED),
        LegendEntry("unchanged, for context", EdgeStyle.NEUTRAL),
    ),
    title="Change",
)


@dataclass
class _Place:
    """Where a node goes: a VPC (with its Region) or a Region, or the top level."""

    region: str | None = None
    vpc: str | None = None


@dataclass(frozen=True)
class _Spot:
    label: str
    icon: str | None
    place: _Place


@dataclass
class _Builder:
    old: Analysis
    new: Analysis
    spots: dict[str, _Spot] = field(default_factory=dict)
    marks: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # status, note
    vpc_regions: dict[str, str] = field(default_factory=dict)

    def topology_for(self, name: str) -> Topology:
        return self.new.topology if self.new.topology.kind_of(name) else self.old.topology

    def status(self, name: str) -> str | None:
        in_old = self.old.topology.kind_of(name) is not None
        in_new = self.new.topology.kind_of(name) is not None
        if in_new and not in_old:
            return ADDED
        if in_old and not in_new:
            return REMOVED
        return None

    def add_node(self, node_id: str, label: str, icon: str | None, place: _Place,
                 status: str | None = None, note: str | None = None) -> None:
        self.spots.setdefault(node_id, _Spot(label, icon, place))
        if status is not None:
            self.marks[node_id] = (status, note)

    def node(self, node_id: str) -> Node:
        spot = self.spots[node_id]
        status, note = self.marks.get(node_id, (None, None))
        if status == ADDED:
            text, emphasis = f"+ {spot.label}", Emphasis.ADDED
        elif status == REMOVED:
            text, emphasis = f"− {spot.label}", Emphasis.REMOVED
        elif status is not None:  # changed
            text, emphasis = f"~ {spot.label}", Emphasis.HIGHLIGHT
        else:
            text, emphasis = spot.label, Emphasis.NORMAL
        tooltip = f"{spot.label}: {note}" if note else None
        return Node(node_id, text, spot.icon, tooltip=tooltip, emphasis=emphasis)

    def place_of(self, name: str) -> _Place:
        topo = self.topology_for(name)
        kind = topo.kind_of(name)
        if kind in ("workload", "subnet", "route-table", "nat-gateway", "internet-gateway",
                    "endpoint"):
            vpc = topo.vpc_of(name)
            self.vpc_regions[vpc.name] = vpc.region
            return _Place(vpc.region, vpc.name)
        if kind == "load-balancer":
            vpc = topo.vpcs[topo.load_balancers[name].vpc]
            self.vpc_regions[vpc.name] = vpc.region
            return _Place(vpc.region, vpc.name)
        if kind == "endpoint-service":
            vpc = topo.vpcs[topo.endpoint_services[name].vpc]
            self.vpc_regions[vpc.name] = vpc.region
            return _Place(vpc.region, vpc.name)
        if kind == "transit-gateway":
            return _Place(topo.transit_gateways[name].region)
        return _Place()

    def hop_node(self, hop: Hop) -> str:
        if hop.kind is HopKind.SERVICE:
            region = hop.region or ""
            node_id = f"service:{hop.id}@{region}"
            self.add_node(node_id, f"{hop.id}\n{region}".strip(), _SERVICE_ICONS.get(
                hop.id, "aws-service"), _Place(hop.region))
            return node_id
        if hop.kind is HopKind.INTERNET:
            self.add_node("internet", "internet", "internet", _Place())
            return "internet"
        icon: str | None
        if hop.kind is HopKind.WORKLOAD:
            topo = self.topology_for(hop.id)
            workload = topo.workloads.get(hop.id)
            icon = _workload_icon(workload.kind if workload else "")
        else:
            icon = _HOP_ICONS.get(hop.kind)
        where = hop.where
        if where.vpc is not None and where.region is not None:
            self.vpc_regions[where.vpc] = where.region
        self.add_node(hop.id, hop.id, icon, _Place(where.region, where.vpc), self.status(hop.id))
        return hop.id


def _workload_icon(kind: str) -> str:
    kind = kind.lower()
    return kind if kind in ("lambda", "rds") else "ec2"


def _chain(builder: _Builder, flow: FlowResult) -> list[tuple[str, str]]:
    ids = [builder.hop_node(h) for h in flow.hops if h.kind not in _SKIPPED_HOPS]
    return [(a, b) for a, b in pairwise(ids) if a != b]


def change_scene(change: TopologyDiff, old: Analysis, new: Analysis) -> Scene:
    """The scene of what changed between `old` and `new` (see the module docstring)."""
    builder = _Builder(old, new)
    ids = {f.id for f in change.flows}
    before: dict[tuple[str, str], set[str]] = {}
    after: dict[tuple[str, str], set[str]] = {}
    for flows, seen in ((old.flows, before), (new.flows, after)):
        for flow in flows:
            if flow.id in ids:
                for pair in _chain(builder, flow):
                    seen.setdefault(pair, set()).add(flow.id)
    for r in change.resources:
        if r.kind not in DRAWN_KINDS:
            continue
        icon = _RESOURCE_ICONS.get(r.kind) or _endpoint_icon(builder, r.name)
        note = "; ".join(f.field for f in r.fields) or None
        place = builder.place_of(r.name)
        builder.add_node(r.name, r.name, icon, place, r.change,
                         note=f"changed: {note}" if note else r.change)
    edges = [_edge(pair, before.get(pair, set()), after.get(pair, set()))
             for pair in sorted(set(before) | set(after))]
    nodes = [builder.node(k) for k in sorted(builder.spots)]
    if not nodes:
        nodes.append(Node("no-change", "No flow or resource changed"))
    title = f"What changes: {change.old} → {change.new}"
    return Scene(
        title=title,
        clusters=_clusters(builder),
        nodes=tuple(nodes),
        edges=tuple(edges),
        legend=LEGEND if edges else None,
        direction="LR",
        origin=Location(change.new),
        subject=f"the change diagram of {change.old} → {change.new}",
    )


def _endpoint_icon(builder: _Builder, name: str) -> str:
    endpoint = builder.topology_for(name).endpoints.get(name)
    if endpoint is None:
        return "interface-endpoint"
    return {
        EndpointType.GATEWAY: "gateway-endpoint",
        EndpointType.INTERFACE: "interface-endpoint",
        EndpointType.GATEWAY_LOAD_BALANCER: "gwlb-endpoint",
    }[endpoint.type]


def _flows_label(flows: Iterable[str]) -> str:
    names = sorted(flows)
    return ", ".join(names) if len(names) <= 2 else f"{len(names)} flows"


def _edge(pair: tuple[str, str], before: set[str], after: set[str]) -> Edge:
    src, dst = pair
    if not before:
        label = _flows_label(after)
        return Edge(src, dst, f"+ {label}", EdgeStyle.ADDED, emphasis=Emphasis.HIGHLIGHT,
                    tooltip=f"added: {', '.join(sorted(after))}")
    if not after:
        label = _flows_label(before)
        return Edge(src, dst, f"− {label}", EdgeStyle.BLOCKED, emphasis=Emphasis.REMOVED,
                    tooltip=f"removed: {', '.join(sorted(before))}")
    both = before | after
    return Edge(src, dst, "", EdgeStyle.NEUTRAL, emphasis=Emphasis.MUTED,
                tooltip=f"unchanged: {', '.join(sorted(both))}")


def _clusters(builder: _Builder) -> tuple[Cluster, ...]:
    regions: dict[str, list[str]] = {}
    vpcs: dict[str, list[str]] = {}
    for node_id in sorted(builder.spots):
        place = builder.spots[node_id].place
        if place.vpc is not None:
            vpcs.setdefault(place.vpc, []).append(node_id)
        elif place.region is not None:
            regions.setdefault(place.region, []).append(node_id)
    for vpc in vpcs:
        regions.setdefault(builder.vpc_regions[vpc], [])
    out = []
    for region in sorted(regions):
        inner = tuple(
            Cluster(f"vpc:{vpc}", _vpc_label(builder, vpc), ClusterKind.VPC,
                    node_ids=tuple(vpcs[vpc]), emphasis=_vpc_emphasis(builder, vpc))
            for vpc in sorted(vpcs)
            if builder.vpc_regions[vpc] == region
        )
        out.append(Cluster(f"region:{region}", region, ClusterKind.REGION, inner,
                           tuple(regions[region])))
    return tuple(out)


def _vpc_label(builder: _Builder, vpc: str) -> str:
    mark = {ADDED: "+ ", REMOVED: "− "}.get(builder.status(vpc) or "", "")
    return mark + vpc


def _vpc_emphasis(builder: _Builder, vpc: str) -> Emphasis:
    status = builder.status(vpc)
    if status == ADDED:
        return Emphasis.ADDED
    if status == REMOVED:
        return Emphasis.REMOVED
    return Emphasis.NORMAL


__all__ = ["DRAWN_KINDS", "LEGEND", "change_scene"]
