"""The summary overview: a large network on one screen, each VPC one box.

The detailed overview (`vpcdocs.render.views.overview`) draws every subnet and what it holds; past
`OVERVIEW_NODE_BUDGET` nodes that picture becomes a poster nobody can read when it is fitted to a
screen. This summary is drawn instead: Regions as frames (linking to their Region page), in each
the transit gateways with the VPCs attached to them grouped under them, each VPC one small box
(name, CIDR, account; linking to the VPC's page and its picture), VPC peerings and transit
gateway peerings as lines, endpoint services with lines from their provider and consumer VPCs.
VPCs whose interface endpoints other VPCs reach through private hosted zones say so on their box
("shares 2 endpoints"). Routes, subnets and flows are on the linked pages.

VPCs sit in a grid (rows of about the square root of their number) so that a group of 25 is a
5 × 5 block rather than one line 25 boxes long, and Regions sit in a grid too (two per row up to
four Regions). A 100-VPC, 4-Region design draws at about 1,800 × 1,000 px at 12 px text, so it
fits a 1920 × 1080 screen unscaled (tests/test_views_summary.py measures it).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from vpcdocs.analysis.result import FlowResult
from vpcdocs.diagnostics import Location
from vpcdocs.model import EndpointType, Status, Topology
from vpcdocs.render.scene import Arrow, Cluster, ClusterKind, Edge, EdgeStyle, Node, Scene, default_legend
from vpcdocs.render.views import common as c
from vpcdocs.render.views import onprem
from vpcdocs.render.views.pages import link_for, region_page, url_of

__all__ = ["OVERVIEW_NODE_BUDGET", "summary"]

#: Past this many nodes the detailed overview is replaced by the summary. Chosen by measuring
#: the detailed picture fitted to a 1920 px wide screen (its smallest text is 11 pt): up to 13
#: nodes (tests/scenarios/views/transit.yaml: 1905 px wide) it keeps its text at 10 px or more;
#: from 14 nodes it does not (examples/hybrid.yaml: 3215 px, 8.8 px text; course, 44 nodes:
#: 3244 px, 8.7 px; hub-and-spoke, 82 nodes: 5787 × 7455 px, 4.9 px). Past it the home page
#: shows the summary and each Region page the detailed picture of its Region.
OVERVIEW_NODE_BUDGET = 13


def summary(topology: Topology, results: Sequence[FlowResult], *,
            region: str | None = None) -> Scene:
    """Regions, transit gateways, VPCs (one box each), peerings and endpoint services; with
    `region`, that Region alone (lines to other Regions left out: its page lists them)."""
    del results  # flows are listed on the home page and drawn on their own pages
    topo = topology
    only = region
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    rows: list[tuple[str, ...]] = []
    columns: list[tuple[str, ...]] = []
    sharing = _sharing(topo)
    home_tgw: dict[str, str] = {}  # VPC -> the transit gateway it is grouped under
    for att in sorted(topo.tgw_attachments.values(), key=lambda a: a.name):
        if att.vpc is not None:
            home_tgw.setdefault(att.vpc, att.tgw)
    regions: list[Cluster] = []
    region_heads: list[list[str]] = []  # each region's first row, to stack the region grid
    region_tails: list[list[str]] = []  # each region's bottom: last row, endpoint services
    for region in [r for r in topo.regions() if only is None or r == only]:
        firsts: list[str] = []
        lasts: list[str] = []
        groups: list[Cluster] = []
        loose: list[str] = []
        region_nodes: list[str] = []
        tgws = sorted(t for t, g in topo.transit_gateways.items() if g.region == region)
        head: str | None = None
        tail: str | None = None
        for tgw in tgws:
            nodes[tgw] = c.tgw_node(topo, tgw)
            vpcs = sorted(v for v, t in home_tgw.items() if t == tgw)
            ids = [_vpc(topo, v, nodes, sharing) for v in vpcs]
            grid = _grid(ids)
            columns.extend(_columns(grid))
            if grid:  # the transit gateway opens the first row
                grid[0] = (tgw, *grid[0])
            rows.extend(r for r in grid if len(r) > 1)
            head = head or tgw
            tail = grid[-1][0] if grid else tgw
            firsts = firsts or (list(grid[0]) if grid else [tgw])
            lasts = list(grid[-1]) if grid else [tgw]
            groups.append(Cluster(
                f"group@{tgw}", f"attached to {tgw}", ClusterKind.GROUP,
                node_ids=(tgw, *ids), tooltip=f"VPCs attached to transit gateway {tgw}"))
        alone = sorted(v for v in topo.vpcs if topo.vpcs[v].region == region and v not in home_tgw)
        if alone:
            ids = [_vpc(topo, v, nodes, sharing) for v in alone]
            grid = _grid(ids)
            rows.extend(r for r in grid if len(r) > 1)
            columns.extend(_columns(grid))
            head = head or grid[0][0]
            tail = grid[-1][0]
            firsts = firsts or list(grid[0])
            lasts = list(grid[-1])
            if tgws:
                groups.append(Cluster(f"group@{region}@alone", "not attached to a transit gateway",
                                      ClusterKind.GROUP, node_ids=tuple(ids)))
            else:
                loose.extend(ids)
        for name in sorted(topo.endpoint_services):
            if topo.endpoint_services[name].region == region:
                nodes[name] = _service(topo, name)
                region_nodes.append(name)
                head = head or name
                tail = tail or name
                firsts = firsts or [name]
                lasts = lasts or [name]
        if head is None or tail is None:
            continue
        if len(region_nodes) > 1:  # one row under the VPCs rather than a column beside them
            rows.append(tuple(region_nodes))
        region_heads.append(firsts)
        region_tails.append(lasts + region_nodes)  # endpoint services hang below the VPCs
        regions.append(Cluster(
            f"region@{region}", region, ClusterKind.REGION, clusters=tuple(groups),
            node_ids=(*loose, *region_nodes), tooltip=f"Region {region}",
            link=url_of(region_page(region))))
    edges.extend(_peerings(topo))
    edges.extend(_services(topo))
    sites = _on_premises(topo, only, nodes, edges)
    if sites:
        regions.append(Cluster("onprem@summary", "on premises", ClusterKind.ON_PREM,
                               node_ids=tuple(sites),
                               tooltip="networks outside AWS and how they connect"))
    edges = sorted((e for e in edges if e.src in nodes and e.dst in nodes),
                   key=lambda e: (e.src, e.dst, e.style.value))
    # The Regions' grid is held by invisible edges between a node of each Region; one that
    # ran beside a real line (two peered transit gateways) made dot 2.43 abort in newrank
    # mode (class2.c merge_chain). So anchor on nodes with no line to another Region.
    outward = _outward(regions, edges)
    heads = [next((n for n in row if n not in outward), row[0]) for row in region_heads]
    per_row = 2 if len(heads) <= 4 else math.ceil(math.sqrt(len(heads)))
    for i in range(per_row, len(heads)):  # region i under all of region i - per_row
        columns.extend((tail, heads[i]) for tail in region_tails[i - per_row])
    for i in range(0, len(heads), per_row):
        line = tuple(heads[i:i + per_row])
        if len(line) > 1:
            rows.append(line)
    title = topology.title or "Network"
    count = len(topo.vpcs) if only is None else sum(v.region == only for v in topo.vpcs.values())
    shown = sum(1 for r in regions if r.kind is ClusterKind.REGION)
    where = f"in {_count(shown, 'Region')}" if only is None else f"in {only}"
    return Scene(
        f"{title} — summary ({_count(count, 'VPC')} {where}"
        + (f" and {_count(len(sites), 'on-premises network')}" if sites else "")
        + "; each box links to its page)",
        clusters=tuple(regions),
        nodes=tuple(nodes[n] for n in sorted(nodes)),
        edges=tuple(edges),
        legend=default_legend(edges),
        direction="TB",
        origin=Location(topology.source),
        subject="the overview diagram" if only is None else f"the diagram of {only}",
        rows=tuple(rows),
        columns=tuple(columns),
        dense=True,
    )


def _service(topo: Topology, name: str) -> Node:
    """An endpoint service as a box like a VPC's: its name, what it is and its provider VPC. (Its
    icon with the label under it is as tall as two rows of VPCs: on the benchmark's 100-VPC
    design the icons made the summary 1,939 px tall, 8.2 px text when fitted to 1920 × 1080.)"""
    svc = topo.endpoint_services[name]
    return dataclasses.replace(c.endpoint_service_node(topo, name), label=name, icon=None,
                               details=("endpoint service", f"from {svc.vpc}"))


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def _on_premises(topo: Topology, only: str | None, nodes: dict[str, Node],
                 edges: list[Edge]) -> list[str]:
    """Each on-premises network (in `only`'s picture: those that meet AWS there) as one box,
    with one line to each transit gateway or VPC (through its virtual private gateway) its
    connections end at; the line's tooltip names the connections and their priority (Direct
    Connect before VPN: aws-networking-facts-hybrid.md §10.4)."""
    sites: list[str] = []
    for network in sorted(topo.on_premises):
        net = topo.on_premises[network]
        if only is not None and net.region != only:
            continue
        cidrs = ", ".join(str(x) for x in net.cidrs)
        nodes[network] = Node(network, network, link=link_for(topo, network),
                              details=(cidrs,),
                              tooltip=f"on-premises network {network} ({cidrs}); meets AWS in "
                              f"{net.region}")
        sites.append(network)
        reach: dict[str, list[str]] = {}
        for conn in sorted(net.connections):
            words = f"{conn} ({onprem.connection_words(topo, conn)})"
            for gateway in sorted(onprem.gateways_of_connection(topo, conn)):
                if gateway in topo.transit_gateways:
                    reach.setdefault(gateway, []).append(words)
                elif gateway in topo.vpn_gateways:
                    reach.setdefault(c.vpc_node_id(topo.vpn_gateways[gateway].vpc), []).append(words)
        for target in sorted(reach):
            edges.append(Edge(network, target, "", EdgeStyle.NEUTRAL, arrow=Arrow.BOTH,
                              tooltip=f"{network} ↔ {target}: " + ", ".join(reach[target])))
    return sites


def _outward(regions: Sequence[Cluster], edges: Sequence[Edge]) -> set[str]:
    """The nodes with a line to a node of another Region."""
    region_of = {n: r.id for r in regions for inner in r.walk() for n in inner.node_ids}
    return {n for e in edges if region_of.get(e.src) != region_of.get(e.dst) for n in (e.src, e.dst)}


def _vpc(topo: Topology, name: str, nodes: dict[str, Node], sharing: dict[str, int]) -> str:
    v = topo.vpcs[name]
    node_id = c.vpc_node_id(name)
    details = [", ".join(str(cidr) for cidr in v.cidrs)]
    if v.account is not None:  # the account's name when it has one (its id is in the tooltip)
        details.append(topo.accounts.get(v.account) or v.account)
    shared = sharing.get(name, 0)
    if shared:
        details.append(f"shares {shared} endpoint{'s' if shared != 1 else ''}")
    tooltip = f"VPC {name} {details[0]} in {v.region}" + (f", account {v.account}" if v.account else "")
    nodes[node_id] = Node(node_id, name, tooltip=tooltip, link=link_for(topo, name),
                          details=tuple(details))
    return node_id


def _sharing(topo: Topology) -> dict[str, int]:
    """{VPC: how many of its interface endpoints other VPCs reach through a hosted zone}."""
    shared: dict[str, set[str]] = {}
    for zone in topo.hosted_zones.values():
        ep = topo.endpoints.get(zone.alias_to)
        if ep is None or ep.type is not EndpointType.INTERFACE:
            continue
        if any(v != ep.vpc for v in zone.vpcs):
            shared.setdefault(ep.vpc, set()).add(ep.name)
    return {vpc: len(eps) for vpc, eps in shared.items()}


def _grid(ids: Sequence[str]) -> list[tuple[str, ...]]:
    """`ids` in rows of about the square root of their number (at least 3 to a row)."""
    if not ids:
        return []
    width = max(3, math.ceil(math.sqrt(len(ids))))
    return [tuple(ids[i:i + width]) for i in range(0, len(ids), width)]


def _columns(grid: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each grid column top to bottom (what keeps the rows stacked); none for no grid (a
    transit gateway with no VPC attached)."""
    out: list[tuple[str, ...]] = []
    for k in range(len(grid[0]) if grid else 0):
        column = tuple(row[k] for row in grid if k < len(row))
        if len(column) > 1:
            out.append(column)
    return out


def _peerings(topo: Topology) -> list[Edge]:
    """VPC peerings and transit gateway peerings, drawn without bending the grid."""
    edges: list[Edge] = []
    for name in sorted(topo.peerings):
        p = topo.peerings[name]
        cross = topo.vpcs[p.requester].region != topo.vpcs[p.accepter].region
        active = p.status == Status.ACTIVE
        style = (EdgeStyle.CROSS_REGION if cross else EdgeStyle.BACKBONE) if active else EdgeStyle.BLOCKED
        edges.append(Edge(c.vpc_node_id(p.requester), c.vpc_node_id(p.accepter), "", style,
                          tooltip=f"VPC peering {name}: {p.requester} ↔ {p.accepter} ({p.status})",
                          arrow=Arrow.BOTH, constraint=False))
    for peering in c.tgw_peerings(topo):
        # No label: a labelled edge doubles the ranks of a dot layout (the tooltip names it).
        edges.append(Edge(peering.a, peering.z, "", peering.style, arrow=Arrow.BOTH,
                          constraint=False, tooltip=peering.tooltip))
    return edges


def _services(topo: Topology) -> list[Edge]:
    """Each endpoint service from its provider VPC, and to it from each consumer VPC."""
    edges: list[Edge] = []
    for name in sorted(topo.endpoint_services):
        svc = topo.endpoint_services[name]
        edges.append(Edge(c.vpc_node_id(svc.vpc), name, "", EdgeStyle.NEUTRAL,
                          tooltip=f"{svc.vpc} provides endpoint service {name}"))
        consumers = sorted({ep.vpc for ep in topo.endpoints.values() if ep.service == name})
        for vpc in consumers:
            cross = topo.vpcs[vpc].region != svc.region
            edges.append(Edge(c.vpc_node_id(vpc), name, "",
                              EdgeStyle.CROSS_REGION if cross else EdgeStyle.BACKBONE,
                              tooltip=f"{vpc} reaches endpoint service {name} through an endpoint",
                              constraint=False))
    return edges
