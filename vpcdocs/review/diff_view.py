"""The change diagram of `vpcdocs diff -o FILE`: the ways that changed, old and new together.

Only the flows that changed (or were added or removed) are drawn, each as the chain of design
objects it passes (workload, gateways, endpoints, peerings, transit gateways, the service, and
any route table or subnet on its way that the change edited), plus the resources that were
added, removed or changed. A line that only the new version of a flow has is an addition, one
that only the old version has a removal; a line of a changed flow that both versions have is
highlighted too ("~", in the colour of the flow's network), because the flow's reachability,
path or cost changed along it; where a changed flow is now blocked, its new lines are drawn
blocked. Objects sit in their VPC, inside their Region, on whichever side they exist; an edited
object (a route table, an endpoint, a transit gateway whose route table or attachment changed)
is framed and marked "~", on the path it changed.

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
from vpcdocs.review.diff import ADDED, CHANGED, REMOVED, ResourceChange, TopologyDiff

_SKIPPED_HOPS = frozenset({HopKind.SUBNET, HopKind.ROUTE_TABLE, HopKind.LOCAL})

_HOP_ICONS: dict[HopKind, str] = {
    HopKind.ROUTE_TABLE: "route-table",
    HopKind.SUBNET: "subnet-private",
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
        LegendEntry("~ changed flow (path, reachability or cost), in its network's colour",
                    EdgeStyle.BACKBONE),
        LegendEntry("~ changed flow, now blocked", EdgeStyle.BLOCKED),
    ),
    title="Change",
)

#: Resource kinds that are not drawn themselves: an edit marks the transit gateway they belong to.
_TGW_PARTS = frozenset({"tgw-route-table", "tgw-attachment"})


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


def _chain(builder: _Builder, flow: FlowResult, edited: frozenset[str]) -> list[tuple[str, str]]:
    """The flow's drawn objects, in order, as pairs; subnets and route tables only when edited."""
    ids = [builder.hop_node(h) for h in flow.hops
           if h.kind not in _SKIPPED_HOPS or h.id in edited]
    return [(a, b) for a, b in pairwise(ids) if a != b]


@dataclass(frozen=True)
class _Use:
    """One flow on one line of the picture."""

    flow: str
    kind: str  # added | removed | changed | blocked
    style: EdgeStyle  # the flow's network, for a changed line
    reason: str | None  # why the new version is blocked


_NETWORK_STYLES = {"aws-backbone": EdgeStyle.BACKBONE, "internet": EdgeStyle.INTERNET}


def _style(flow: FlowResult) -> EdgeStyle:
    if flow.cross_region:
        return EdgeStyle.CROSS_REGION
    return _NETWORK_STYLES.get(flow.network.value, EdgeStyle.NEUTRAL)


def change_scene(change: TopologyDiff, old: Analysis, new: Analysis) -> Scene:
    """The scene of what changed between `old` and `new` (see the module docstring)."""
    builder = _Builder(old, new)
    edited = frozenset(r.name for r in change.resources)
    uses: dict[tuple[str, str], list[_Use]] = {}
    for fc in change.flows:
        b = old.flow(fc.id) if fc.before is not None else None
        a = new.flow(fc.id) if fc.after is not None else None
        before = _chain(builder, b, edited) if b is not None else []
        after = _chain(builder, a, edited) if a is not None else []
        blocked = a is not None and not a.reachable
        reason = a.reason.value if a is not None and a.reason is not None else None
        subject = a if a is not None else b
        assert subject is not None  # a flow change has at least one side
        style = _style(subject)
        for pair in before:
            if pair not in after:
                uses.setdefault(pair, []).append(_Use(fc.id, REMOVED, style, None))
        for pair in after:
            if fc.change == ADDED:
                kind = ADDED
            elif blocked and pair not in before:
                kind = "blocked"
            elif pair in before:
                kind = "blocked" if blocked else CHANGED
            else:
                kind = ADDED
            uses.setdefault(pair, []).append(_Use(fc.id, kind, style, reason))
    for r in change.resources:
        if r.kind in _TGW_PARTS:
            _mark_tgw(builder, r)
            continue
        if r.kind not in DRAWN_KINDS and r.name not in builder.spots:
            continue
        icon = _RESOURCE_ICONS.get(r.kind) or _endpoint_icon(builder, r.name)
        note = "; ".join(f.field for f in r.fields) or None
        place = builder.place_of(r.name)
        builder.add_node(r.name, r.name, icon, place, r.change,
                         note=f"changed: {note}" if note else r.change)
    edges = [_edge(pair, uses[pair]) for pair in sorted(uses)]
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


def _mark_tgw(builder: _Builder, r: ResourceChange) -> None:
    """An edited TGW route table or attachment marks its transit gateway (when it is drawn, or
    the change added or removed it)."""
    topo = builder.topology_for(r.name)
    part = topo.tgw_route_tables.get(r.name) or topo.tgw_attachments.get(r.name)
    if part is None:
        return
    tgw = part.tgw
    if tgw not in builder.spots:
        builder.add_node(tgw, tgw, "transit-gateway", builder.place_of(tgw))
    what = "route table" if r.kind == "tgw-route-table" else "attachment"
    builder.marks[tgw] = (CHANGED, f"{what} {r.name} {r.change}")


def _flows_label(flows: Iterable[str]) -> str:
    names = sorted(set(flows))
    return ", ".join(names) if len(names) <= 2 else f"{len(names)} flows"


def _edge(pair: tuple[str, str], uses: list[_Use]) -> Edge:
    """One line for every flow on it: blocked before removed or added before changed."""
    src, dst = pair
    kinds = {u.kind for u in uses}
    flows = [u.flow for u in uses]
    tooltip = "; ".join(f"{u.kind}: {u.flow}" for u in sorted(uses, key=lambda u: u.flow))
    if "blocked" in kinds:
        reasons = sorted({u.reason for u in uses if u.kind == "blocked" and u.reason})
        why = f" ({', '.join(reasons)})" if reasons else ""
        label = f"~ {_flows_label(u.flow for u in uses if u.kind == 'blocked')}: blocked{why}"
        return Edge(src, dst, label, EdgeStyle.BLOCKED, emphasis=Emphasis.HIGHLIGHT,
                    tooltip=tooltip)
    if kinds == {ADDED}:
        return Edge(src, dst, f"+ {_flows_label(flows)}", EdgeStyle.ADDED,
                    emphasis=Emphasis.HIGHLIGHT, tooltip=tooltip)
    if kinds == {REMOVED}:
        return Edge(src, dst, f"− {_flows_label(flows)}", EdgeStyle.BLOCKED,
                    emphasis=Emphasis.REMOVED, tooltip=tooltip)
    changed = [u for u in uses if u.kind == CHANGED] or uses
    return Edge(src, dst, f"~ {_flows_label(flows)}", changed[0].style,
                emphasis=Emphasis.HIGHLIGHT, tooltip=tooltip)


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
