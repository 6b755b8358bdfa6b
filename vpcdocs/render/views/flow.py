"""The per-flow view: one flow's hops and nothing else, numbered in the order the packet meets them.

Each hop is a node in its box (region > VPC > AZ > subnet); the subnet hops are the boxes around
the workload or ENI they hold, and the `local` hop is the route that leads to the next node, so
neither is a node of its own. Lines are numbered 1..n and styled by what the packet crosses
there: the AWS backbone, the internet (from the NAT or internet gateway on), a region boundary.
An unreachable flow ends with a blocked line into the hop that refuses the packet, labelled with
the reason; its tooltip says what to change. The destination it never reached is shown faded.
The labels carry each route table's chosen route (the destination prefix that matched).
"""

from __future__ import annotations

from dataclasses import replace

from vpcdocs.analysis.result import Code, FlowResult, Gate, Hop, HopKind, Reason
from vpcdocs.diagnostics import Location
from vpcdocs.model import Topology
from vpcdocs.render.scene import EdgeStyle, Emphasis, Node, Scene
from vpcdocs.render.views import common as c
from vpcdocs.render.views import onprem
from vpcdocs.render.views.common import Place, SceneBuilder, Step
from vpcdocs.render.views.pages import link_for

__all__ = ["WRAP", "flow_view", "route_label"]


#: A flow of more drawn steps than this runs top to bottom instead of left to right: a long
#: path turns down instead of growing past a screen's width (each step is a level; the boxes of
#: the regions it crosses follow each other down the picture).
WRAP = 3


def flow_view(topology: Topology, result: FlowResult) -> Scene:
    """Only this flow's hops, numbered as in the flow's hop table (1 = the source workload),
    coloured by outcome, with the DNS lookup that found the destination and the security group
    checks on the way; a blocked flow's last line carries the reason.

    Every hop's number is drawn exactly once: on its node, on the subnet box for a subnet hop,
    on the line it stands for (the local route, a TGW peering)."""
    b = SceneBuilder(topology)
    b.label_traffic = True
    steps: list[Step] = []
    labels: list[str] = []
    tooltips: list[str] = []
    edge_numbers: list[int | None] = []
    numbers: dict[str, list[int]] = {}
    subnet_numbers: dict[str, list[int]] = {}
    pending_label: list[str] = []
    pending_tip: list[str] = []
    pending_number: list[int] = []
    hops = result.hops
    gates = {gate.hop: gate for gate in result.gates}

    def step_to(node: str, index: int, region: str | None) -> None:
        nonlocal pending_label, pending_tip, pending_number
        if steps:
            labels.append("\n".join(pending_label))
            tooltips.append("; ".join(pending_tip))
            edge_numbers.append(pending_number[0] if pending_number else None)
            rest = pending_number[1:]
            if rest:  # two hops drawn as one line: the second number joins its label
                labels[-1] = " ".join(str(n) for n in rest) + (f" {labels[-1]}" if labels[-1] else "")
        pending_label, pending_tip, pending_number = [], [], []
        steps.append(Step(node, index, region))

    for i, hop in enumerate(hops):
        number = i + 1
        region = hop.where.region
        out_label, out_tip = _describe(hop)
        node = _node_for(b, topology, result, hops, i, region)
        if hop.kind == HopKind.TRANSIT_GATEWAY_PEERING and pending_label:
            # "10.2.0.0/16 → att-x" then "TGW peering att-x": say the attachment once.
            pending_label[-1] = pending_label[-1].removesuffix(f" → {hop.id}")
        if hop.kind == HopKind.SUBNET and hop.id in topology.subnets:
            subnet_numbers.setdefault(hop.id, []).append(number)
        elif node is None:
            pending_number.append(number)  # a line: the local route, a TGW peering
        else:
            numbers.setdefault(node, []).append(number)
        if node is None:
            # Not drawn as a node (subnet box, local route, TGW peering): its words go on the
            # next line.
            if out_label:
                pending_label.append(out_label)
            if out_tip:
                pending_tip.append(out_tip)
            continue
        if i in gates:
            gate = _gate_node(b, topology, gates[i], hop)
            if gate is not None:
                step_to(gate, i, region)
        if not (steps and steps[-1].node == node):
            step_to(node, i, region)
        if out_label:
            pending_label.append(out_label)
        if out_tip:
            pending_tip.append(out_tip)
    destination = None if result.reachable else _destination(b, topology, result)
    if destination is not None and len(steps) < 2:
        step_to(destination, -1, result.to_region)
    c.flow_edges(b, result, steps, numbered=False, labels=labels, tooltips=tooltips,
                 numbers=edge_numbers)
    if (
        destination is not None
        and steps
        and all(step.node != destination for step in steps)
    ):
        b.structure(
            steps[-1].node,
            destination,
            style=EdgeStyle.NEUTRAL,
            emphasis=Emphasis.MUTED,
            tooltip=f"{result.to} is not reached",
        )
    for node_id, found in numbers.items():
        b.nodes[node_id] = replace(b.nodes[node_id], numbers=tuple(found))
    b.subnet_numbers = {name: tuple(found) for name, found in subnet_numbers.items()}
    if steps:
        b.emphasize(steps[0].node, Emphasis.HIGHLIGHT)
        _lookup(b, topology, result, steps[0].node)
        if result.reachable:
            # The destination: the endpoint service itself when the flow is to one.
            service = result.to in topology.endpoint_services and b.has(result.to)
            end = result.to if service else steps[-1].node
            b.emphasize(end, Emphasis.HIGHLIGHT)
    onprem.box_sites(b, topology)  # hybrid: the site's hops in its on-premises box
    flow = topology.flows.get(result.id)
    origin = flow.loc if flow is not None else Location(topology.source)
    return b.build(_title(result), direction="TB" if len(steps) > WRAP else "LR", origin=origin,
                   subject=f"the diagram of flow {result.id}")


def _lookup(b: SceneBuilder, topo: Topology, result: FlowResult, source: str) -> None:
    """The DNS step: which name the source looked up and what answered it, beside the source."""
    lookup = result.lookup
    if lookup is None or source not in b.places:
        return
    ep = lookup.endpoint
    answer = f"→ the ENIs of {ep}" if ep is not None else "→ public addresses"
    if lookup.code == Code.PRIVATE_DNS:
        how = f"private DNS of endpoint {ep}"
    elif lookup.code == Code.HOSTED_ZONE_DNS:
        zone = topo.hosted_zones.get(lookup.zone or "")
        how = f"private hosted zone {lookup.zone}" + (f" ({zone.domain})" if zone else "")
    elif lookup.code == Code.ENDPOINT_DNS_NAME:
        how = f"the endpoint's own DNS name ({ep})"
    else:
        how = "public DNS"
        if result.reason == Reason.DNS_NOT_RESOLVABLE:
            answer = "→ no address: not resolvable"
    # the endpoint whose ENIs the answer names (a hosted zone is described on its page too)
    link = link_for(topo, ep) if ep else None
    node = Node(
        "dns:",
        "DNS lookup",
        icon="hosted-zone" if lookup.code == Code.HOSTED_ZONE_DNS else "route53",
        tooltip=f"{result.source} looks up {lookup.name}: answered by {how} {answer}",
        link=link,
        details=(lookup.name, f"answered by {how}", answer),
    )
    place = b.places[source]
    b.add(node, Place(place.region, place.vpc))
    b.structure(source, node.id, style=EdgeStyle.RESOLVES, label="looks up",
                tooltip=f"{result.source} looks up {lookup.name} before sending")


def _gate_node(b: SceneBuilder, topo: Topology, gate: Gate, hop: Hop) -> str | None:
    """The security group check at an interface endpoint, drawn as a step of the path, in
    the subnet of the endpoint's ENI."""
    subnet = hop.where.subnet
    if subnet is None or subnet not in topo.subnets:
        return None
    if gate.kind == "security-groups":  # hybrid: the interface's own security groups
        groups = ", ".join(gate.allowed or ())
        verdict = "✓ admits" if gate.passed else "✗ refuses"
        node = Node(
            f"gate:{gate.hop}",
            f"security groups of {gate.at}",
            tooltip=f"security groups of {gate.at} ({groups}), inbound: "
            f"{'admit' if gate.passed else 'refuse'} the packet from {gate.source}",
            link=link_for(topo, gate.allowed[0]) if gate.allowed else None,
            details=(groups, f"{verdict} {gate.source}"),
        )
        return b.add(node, c.subnet_place(topo, subnet))
    allowed = ", ".join(gate.allowed) if gate.allowed is not None else "not stated (assumed open)"
    verdict = "✓ admits" if gate.passed else "✗ refuses"
    node = Node(
        f"gate:{gate.hop}",
        f"security group of {gate.at}",
        tooltip=f"security group of endpoint {gate.at}: allow_from {allowed}; "
        f"{'admits' if gate.passed else 'refuses'} {gate.source} ({gate.source_cidr})",
        link=link_for(topo, gate.at),
        details=(f"allows {allowed}", f"{verdict} {gate.source} {gate.source_cidr}"),
    )
    return b.add(node, c.subnet_place(topo, subnet))


def _title(result: FlowResult) -> str:
    to = result.to + (f" ({result.to_region})" if result.to_region else "")
    state = "reachable" if result.reachable else f"BLOCKED: {c.reason_words(result.reason or '')}"
    network = {"aws-backbone": "AWS backbone", "internet": "internet", "vpn": "Site-to-Site VPN",
               "direct-connect": "Direct Connect"}.get(result.network.value)
    parts = [state] + ([network] if network and result.reachable else [])
    if result.cross_region:
        parts.append("crosses regions")
    return f"Flow {result.id}: {result.source} → {to} — {', '.join(parts)}"


def route_label(route: str | None) -> str:
    """A hop's route as a short label: the matched destination, ``pl-… (com.amazonaws.r.s3)``
    shortened to ``pl-… (s3)``, and the target kept only when it is not the next node drawn."""
    if not route:
        return ""
    dest, _, target = route.partition(" -> ")
    if "(com.amazonaws." in dest:
        head, _, tail = dest.partition(" (com.amazonaws.")
        dest = f"{head} ({tail.rstrip(')').split('.', 1)[-1]})"
    if target.startswith("att-") or target == "local":
        return f"{dest} → {target}"
    return dest


def _describe(hop: Hop) -> tuple[str, str]:
    """What the line leaving this hop says (label, tooltip)."""
    tip = []
    if hop.route:
        tip.append(f"{hop.id}: {hop.route.replace(' -> ', ' → ')}")
    if hop.note:
        tip.append(f"{hop.id}: {hop.note}")
    label = ""
    if hop.kind in (HopKind.ROUTE_TABLE, HopKind.TRANSIT_GATEWAY):
        label = route_label(hop.route)
    elif hop.kind == HopKind.TRANSIT_GATEWAY_PEERING:
        label = f"TGW peering {hop.id}"
    return label, "; ".join(tip)


def _node_for(
    b: SceneBuilder,
    topo: Topology,
    result: FlowResult,
    hops: tuple[Hop, ...],
    index: int,
    region: str | None,
) -> str | None:
    hop = hops[index]
    kind, name = hop.kind, hop.id
    known = topo.kind_of(name) is not None
    if kind == HopKind.WORKLOAD and name in topo.workloads:
        subnet = topo.workloads[name].subnet
        return b.add(c.workload_node(topo, name), c.subnet_place(topo, subnet))
    if kind == HopKind.SUBNET and name in topo.subnets:
        neighbours = [hops[j] for j in (index - 1, index + 1) if 0 <= j < len(hops)]
        for other in neighbours:
            if other.kind == HopKind.WORKLOAD and other.id in topo.workloads \
                    and topo.workloads[other.id].subnet == name:
                return None
        text = f"{name}\n{topo.subnets[name].cidr}"
        return b.add(c.subnet_node(topo, name, text), c.subnet_place(topo, name))
    if kind == HopKind.LOCAL or kind == HopKind.TRANSIT_GATEWAY_PEERING:
        return None
    if kind == HopKind.ROUTE_TABLE and name in topo.route_tables:
        vpc = topo.route_tables[name].vpc
        return b.add(c.route_table_node(topo, name), c.vpc_place(topo, vpc))
    if kind == HopKind.NAT_GATEWAY and name in topo.nat_gateways:
        subnet = topo.nat_gateways[name].subnet
        return b.add(c.nat_node(topo, name), c.subnet_place(topo, subnet))
    if kind == HopKind.INTERNET_GATEWAY and name in topo.internet_gateways:
        vpc = topo.internet_gateways[name].vpc
        return b.add(c.igw_node(topo, name), c.vpc_place(topo, vpc))
    if kind == HopKind.INTERNET:
        return b.add(c.internet_node(), Place())
    if kind in (HopKind.INTERFACE_ENDPOINT, HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT) \
            and name in topo.endpoints:
        ep = topo.endpoints[name]
        eni = next((s for s in ep.subnets if topo.subnets[s].az == hop.az), None)
        if eni is not None:
            return b.add(c.eni_node(topo, name, eni), c.subnet_place(topo, eni))
        return b.add(c.endpoint_node(topo, name), c.vpc_place(topo, ep.vpc))
    if kind == HopKind.GATEWAY_ENDPOINT and name in topo.endpoints:
        return b.add(c.endpoint_node(topo, name), c.vpc_place(topo, topo.endpoints[name].vpc))
    if kind == HopKind.PEERING and name in topo.peerings:
        return b.add(c.peering_node(topo, name), c.peering_place(topo, name))
    if kind == HopKind.TRANSIT_GATEWAY and name in topo.transit_gateways:
        return b.add(c.tgw_node(topo, name), Place(topo.transit_gateways[name].region))
    if kind == HopKind.LOAD_BALANCER and name in topo.load_balancers:
        lb = topo.load_balancers[name]
        home = next((s for s in lb.subnets if topo.subnets[s].az == hop.az), None)
        place = c.subnet_place(topo, home) if home else c.vpc_place(topo, lb.vpc)
        return b.add(c.lb_node(topo, name), place)
    if kind == HopKind.ENDPOINT_SERVICE and name in topo.endpoint_services:
        svc = topo.endpoint_services[name]
        return b.add(c.endpoint_service_node(topo, name), c.vpc_place(topo, svc.vpc))
    if kind == HopKind.SERVICE:
        where = region or result.to_region or ""
        return b.add(c.aws_service_node(name, where), Place(where or None))
    hybrid = _hybrid_node(topo, hop)
    if hybrid is not None:
        return b.add(*hybrid)
    # A hop this version does not know how to draw: a plain box, so the flow stays complete.
    return b.add(
        Node(f"hop:{index}", f"{name}\n{kind.value}", tooltip=f"{kind.value} {name}",
             link=link_for(topo, name) if known else None),
        Place(region),
    )


def _hybrid_node(topo: Topology, hop: Hop) -> tuple[Node, Place] | None:
    """On-premises networks and workloads, VPN and Direct Connect connections and gateways,
    and the network ACL that refused a packet (paths-json-hybrid.md hop kinds)."""
    kind, name = hop.kind, hop.id
    link = link_for(topo, name) if topo.kind_of(name) is not None else None
    if kind == HopKind.WORKLOAD and name in topo.onprem_workloads:
        w = topo.onprem_workloads[name]
        return Node(name, f"{name}\n{w.cidr}", icon="server", link=link,
                    tooltip=f"on-premises workload {name} ({w.cidr}) in {w.network}"), Place()
    if kind == HopKind.ON_PREMISES and name in topo.on_premises:
        net = topo.on_premises[name]
        cidrs = ", ".join(str(x) for x in net.cidrs)
        return Node(name, f"{name}\non premises", icon="on-prem",
                    tooltip=f"on-premises network {name} ({cidrs}), meets AWS in {net.region}",
                    link=link), Place()
    if kind == HopKind.VPN_CONNECTION and name in topo.connections:
        conn = topo.connections[name]
        return Node(name, f"{name}\nSite-to-Site VPN", icon="vpn-connection",
                    tooltip=f"VPN connection {name} ({hop.note or ''}) of {conn.network} to "
                    f"{conn.gateway}", link=link), Place()
    if kind == HopKind.DIRECT_CONNECT and name in topo.connections:
        conn = topo.connections[name]
        return Node(name, f"{name}\nDirect Connect", icon="direct-connect",
                    tooltip=f"Direct Connect virtual interface {name} of {conn.network}",
                    link=link), Place()
    if kind == HopKind.DIRECT_CONNECT_GATEWAY and name in topo.direct_connect_gateways:
        return Node(name, f"{name}\nDirect Connect gateway", icon="direct-connect",
                    tooltip=f"Direct Connect gateway {name} (global)", link=link), Place()
    if kind == HopKind.VPN_GATEWAY and name in topo.vpn_gateways:
        vpc = topo.vpn_gateways[name].vpc
        return Node(name, f"{name}\nvirtual private gateway", icon="vpn-gateway",
                    tooltip=f"virtual private gateway {name} of {vpc}", link=link), \
            c.vpc_place(topo, vpc)
    if kind == HopKind.NETWORK_ACL and name in topo.network_acls:
        subnet = hop.where.subnet
        place = c.subnet_place(topo, subnet) if subnet is not None and subnet in topo.subnets \
            else c.vpc_place(topo, topo.network_acls[name].vpc)
        return Node(name, f"{name}\nnetwork ACL", icon="nacl",
                    tooltip=f"network ACL {name}: {hop.note or ''}", link=link), place
    return None


def _destination(b: SceneBuilder, topo: Topology, result: FlowResult) -> str | None:
    """The node of the flow's destination, added faded when the flow never reaches it."""
    muted = Emphasis.NORMAL if result.reachable else Emphasis.MUTED
    if result.to in topo.workloads:
        subnet = topo.workloads[result.to].subnet
        return b.add(c.workload_node(topo, result.to, muted), c.subnet_place(topo, subnet))
    if result.to in topo.endpoint_services:
        svc = topo.endpoint_services[result.to]
        return b.add(c.endpoint_service_node(topo, result.to, muted), c.vpc_place(topo, svc.vpc))
    if result.to in topo.onprem_workloads:
        w = topo.onprem_workloads[result.to]
        return b.add(Node(result.to, f"{result.to}\n{w.cidr}", icon="server", emphasis=muted,
                          tooltip=f"on-premises workload {result.to} in {w.network}",
                          link=link_for(topo, result.to)), Place())
    region = result.to_region
    if region is None:
        return None
    return b.add(c.aws_service_node(result.to, region, muted), Place(region))
