"""What every view shares: node ids, labels and icons per kind of object, where each node sits
(region > VPC > AZ > subnet), edge merging, and how a flow's hops become coloured edges.

A view adds nodes with a `Place` and edges to a `SceneBuilder`; the builder nests the boxes,
merges repeated edges and adds the legend, so that every view draws the same object the same way
and links it to the same page (`vpcdocs.render.views.pages`). Everything here is pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from vpcdocs.analysis.paths.addresses import prefix_list_id, service_title
from vpcdocs.analysis.paths.endpoint_service import account_of
from vpcdocs.analysis.result import FlowResult, HopKind
from vpcdocs.diagnostics import Location
from vpcdocs.model import Endpoint, EndpointType, LoadBalancerType, RouteTarget, Status, Topology
from vpcdocs.render.scene import (
    Arrow,
    Cluster,
    ClusterKind,
    Edge,
    EdgeStyle,
    Emphasis,
    Node,
    Scene,
    default_legend,
)
from vpcdocs.render.views.pages import link_for, region_page, url_of

__all__ = [
    "INTERNET_ID",
    "Place",
    "SceneBuilder",
    "Step",
    "UnknownTarget",
    "account_label",
    "attachment_node",
    "aws_service_id",
    "aws_service_node",
    "az_letters",
    "closest",
    "endpoint_node",
    "endpoint_service_node",
    "endpoint_what",
    "eni_id",
    "eni_node",
    "flow_edges",
    "igw_node",
    "internet_node",
    "is_public_subnet",
    "lb_node",
    "nat_node",
    "peering_node",
    "peering_place",
    "principal_words",
    "reason_words",
    "route_lines",
    "route_table_node",
    "router_id",
    "router_node",
    "subnet_node",
    "subnet_node_id",
    "subnet_place",
    "tgw_node",
    "tgw_peerings",
    "vpc_node",
    "vpc_node_id",
    "vpc_place",
    "workload_node",
]

#: The most nodes side by side in one subnet box of a VPC view; more go on the next line.
SUBNET_ROW = 4

#: Node ids of things that are not topology objects start with "<kind>:"; topology names never
#: contain ":", so these ids cannot clash with a name or with each other.
INTERNET_ID = "internet:"
_LINE = " · "

#: Blocking reasons (paths-json.md) in a few words, for edge labels.
_REASONS = {
    "NO_ROUTE": "no route",
    "BLACKHOLE": "black-hole route",
    "NO_INTERNET_GATEWAY": "no internet gateway",
    "GATEWAY_ENDPOINT_NOT_TRANSITIVE": "gateway endpoint not transitive",
    "PEERING_NOT_TRANSITIVE": "peering not transitive",
    "PEERING_NOT_ACTIVE": "peering not active",
    "NO_RETURN_ROUTE": "no return route",
    "DNS_NOT_RESOLVABLE": "name does not resolve",
    "PRINCIPAL_NOT_ALLOWED": "principal not allowed",
    "CONNECTION_NOT_ACCEPTED": "connection not accepted",
    "REGION_NOT_SUPPORTED": "region not supported",
    "SECURITY_GROUP_DENIES": "security group denies",
    "NO_TGW_ATTACHMENT_IN_AZ": "no TGW attachment in AZ",
    "SERVICE_NOT_AVAILABLE": "service not available",
    "NO_PUBLIC_IP": "no public IP",
    "NO_ENDPOINT": "no endpoint",
    "NACL_DENIES": "network ACL denies",
    "NACL_RETURN_DENIES": "network ACL drops the replies",
    "ENDPOINT_POLICY_DENIES": "endpoint policy denies",
    "VPN_GATEWAY_NOT_TRANSITIVE": "VGW not transitive",
}

_SERVICE_ICONS = {"s3": "s3", "dynamodb": "dynamodb", "lambda": "lambda", "route53": "route53"}
_WORKLOAD_ICONS = {
    "lambda": "lambda",
    "rds": "rds",
    "aurora": "rds",
    "database": "rds",
    "db": "rds",
    "server": "server",
    "on-prem": "on-prem",
}


class UnknownTarget(LookupError):
    """A view was asked for a VPC, flow or endpoint service the topology does not have."""

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.suggestion = closest(name, known)
        hint = f"; did you mean {self.suggestion!r}?" if self.suggestion else ""
        super().__init__(f"no {kind} named {name!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name most like `name` (difflib), or None when none is close."""
    import difflib

    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def reason_words(reason: str) -> str:
    """A blocking reason code in a few words ("NO_ROUTE" -> "no route")."""
    return _REASONS.get(reason, reason.replace("_", " ").lower())


def aws_service_id(service: str, region: str) -> str:
    """Node id of an AWS service in one region."""
    return f"service:{service}:{region}"


def eni_id(owner: str, subnet: str) -> str:
    """Node id of the network interface that an endpoint or TGW attachment has in a subnet."""
    return f"eni:{owner}:{subnet}"


def router_id(vpc: str) -> str:
    """Node id of a VPC's router: its route tables drawn as one node (overview)."""
    return f"router:{vpc}"


def subnet_node_id(subnet: str) -> str:
    """Node id of the text box standing for a subnet."""
    return f"subnet:{subnet}"


def vpc_node_id(vpc: str) -> str:
    """Node id of a VPC drawn as one icon (a neighbour shown for context)."""
    return f"vpc:{vpc}"


def is_public_subnet(topology: Topology, subnet: str) -> bool:
    """A subnet is public when its route table sends anything to an internet gateway."""
    table = topology.route_table_of(subnet)
    return table is not None and any(r.via_kind is RouteTarget.INTERNET_GATEWAY for r in table.routes)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a node is drawn: inside a subnet, an AZ, a VPC, a region, or at the top (all None)."""

    region: str | None = None
    vpc: str | None = None
    az: str | None = None
    subnet: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One node of a flow's drawn path: the node, the hop it stands for, and its region."""

    node: str
    hop: int  # index into FlowResult.hops (-1: not a hop, e.g. the unreached destination)
    region: str | None


_STYLE_RANK = {  # when flows that share a line disagree, the line shows the strongest fact
    EdgeStyle.INTERNET: 4,
    EdgeStyle.CROSS_REGION: 3,
    EdgeStyle.BACKBONE: 2,
    EdgeStyle.NEUTRAL: 1,
    EdgeStyle.BLOCKED: 0,
}


@dataclass
class _EdgeDraft:
    src: str
    dst: str
    style: EdgeStyle
    label: str
    tooltip: str
    arrow: Arrow
    emphasis: Emphasis
    number: int | None
    traffic: bool  # from a flow (wins over structure between the same two nodes)
    flows: set[str] = field(default_factory=set)


class SceneBuilder:
    """Collects nodes with their places and edges, then nests them into a `Scene`."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        self.nodes: dict[str, Node] = {}
        self.places: dict[str, Place] = {}
        # (src, dst, blocked) -> edge: a blocked flow gets its own line beside a working one
        self.edges: dict[tuple[str, str, bool], _EdgeDraft] = {}
        self.muted_vpcs: set[str] = set()
        self.shown_vpcs: set[str] = set()
        self.subnet_notes: dict[str, str] = {}
        self.az_notes: dict[tuple[str, str], tuple[str, str]] = {}  # (vpc, az) -> (label, tip)
        self.count_subnets = False  # overview: say in each VPC's label how many subnets it has
        self.order_azs = True  # AZ boxes side by side in name order (a, b, c)
        self.stack_subnets = False  # a VPC view: an AZ's subnets one under another
        self.subnet_numbers: dict[str, tuple[int, ...]] = {}  # a flow's steps on subnet boxes
        self.associations: dict[tuple[str, str], Edge] = {}
        self.label_traffic = False  # a flow view: keep the labels of unnumbered flow lines
        self.rows: list[tuple[str, ...]] = []
        self.columns: list[tuple[str, ...]] = []

    # --- nodes -----------------------------------------------------------------------------

    def add(self, node: Node, place: Place) -> str:
        """Add a node (the first addition of an id wins, except that emphasis only grows)."""
        old = self.nodes.get(node.id)
        if old is None:
            self.nodes[node.id] = node
            self.places[node.id] = place
        elif old.emphasis is Emphasis.MUTED and node.emphasis is not Emphasis.MUTED:
            self.nodes[node.id] = replace(old, emphasis=node.emphasis)
        elif node.emphasis is Emphasis.HIGHLIGHT:
            self.nodes[node.id] = replace(old, emphasis=Emphasis.HIGHLIGHT)
        return node.id

    def emphasize(self, node_id: str, emphasis: Emphasis) -> None:
        """Change how prominent a node already added is."""
        self.nodes[node_id] = replace(self.nodes[node_id], emphasis=emphasis)

    def has(self, node_id: str) -> bool:
        return node_id in self.nodes

    def show_vpc(self, vpc: str) -> None:
        """Make sure this VPC gets a box even when nothing is drawn inside it (Graphviz drops
        empty boxes): a VPC without subnets gets a small text box saying so."""
        self.shown_vpcs.add(vpc)

    def mute_vpc(self, vpc: str) -> None:
        """Draw this VPC's box faded: it is context, not the subject."""
        self.muted_vpcs.add(vpc)

    # --- edges -----------------------------------------------------------------------------

    def structure(
        self,
        src: str,
        dst: str,
        *,
        style: EdgeStyle = EdgeStyle.NEUTRAL,
        label: str = "",
        tooltip: str | None = None,
        arrow: Arrow = Arrow.FORWARD,
        emphasis: Emphasis = Emphasis.NORMAL,
    ) -> None:
        """An edge that shows how things are built (attachment, target, service). Skipped when
        any line already joins the same two nodes (a flow's, or the same structure)."""
        if self.joined(src, dst):
            return
        text = tooltip if tooltip is not None else self._default_tooltip(src, dst, label)
        self.edges[(src, dst, style is EdgeStyle.BLOCKED)] = _EdgeDraft(
            src, dst, style, label, text, arrow, emphasis, None, traffic=False
        )

    def traffic(
        self,
        src: str,
        dst: str,
        *,
        style: EdgeStyle,
        flow: str,
        label: str = "",
        tooltip: str | None = None,
        number: int | None = None,
        emphasis: Emphasis = Emphasis.NORMAL,
    ) -> None:
        """An edge that a flow takes. Flows along the same two nodes share one line (its tooltip
        lists them); flows blocked there share a second, blocked line beside it."""
        blocked = style is EdgeStyle.BLOCKED
        key = (src, dst, blocked)
        old = self.edges.get(key)
        text = tooltip if tooltip is not None else self._default_tooltip(src, dst, label)
        if old is None or not old.traffic:
            for either in (False, True):  # a flow's line replaces the structure it runs along
                existing = self.edges.get((src, dst, either))
                if existing is not None and not existing.traffic:
                    del self.edges[(src, dst, either)]
            self.edges[key] = _EdgeDraft(
                src, dst, style, label, text, Arrow.FORWARD, emphasis, number, True, {flow}
            )
            return
        old.flows.add(flow)
        if blocked and label and label not in old.label.split("\n"):
            old.label = f"{old.label}\n{label}" if old.label else label
        elif _STYLE_RANK[style] > _STYLE_RANK[old.style]:
            old.style = style
        if old.number is None:
            old.number = number

    def association(self, src: str, dst: str, dst_cluster: str, *, tooltip: str) -> None:
        """A dotted, arrowless line from `src` to the border of box `dst_cluster` (through its
        node `dst`): a route table and the subnet it serves."""
        self.associations[(src, dst_cluster)] = Edge(
            src, dst, "", EdgeStyle.ASSOCIATION, tooltip=tooltip, arrow=Arrow.NONE,
            dst_cluster=dst_cluster)

    def joined(self, a: str, b: str) -> bool:
        """Whether any line joins these two nodes, either way."""
        return any((x, y, z) in self.edges for x, y in ((a, b), (b, a)) for z in (False, True))


    def _default_tooltip(self, src: str, dst: str, label: str) -> str:
        text = f"{self.nodes[src].label} → {self.nodes[dst].label}".replace("\n", " ")
        return f"{text}: {label}" if label else text

    # --- scene -----------------------------------------------------------------------------

    def build(self, title: str, *, direction: str = "LR", origin: Location | None = None,
              subject: str = "", dense: bool = False) -> Scene:
        """The scene; `origin` and `subject` say what it is of (see `Scene`)."""
        occupied = {place.vpc for place in self.places.values()}
        for vpc in sorted(self.shown_vpcs - occupied):
            text = "no subnets" if not self.topology.vpcs[vpc].subnets else "nothing drawn"
            self.add(
                Node(f"empty:{vpc}", text, tooltip=f"VPC {vpc}: {text}", link=link_for(self.topology, vpc)),
                vpc_place(self.topology, vpc),
            )
        edges = tuple(self._edge(draft) for _, draft in sorted(self.edges.items()))
        edges = tuple(sorted(edges + tuple(self.associations.values()),
                             key=lambda e: (e.src, e.dst, e.style.value, e.dst_cluster or "")))
        rows, columns = self._layout_hints()
        return Scene(
            title,
            clusters=self._clusters(),
            nodes=tuple(self.nodes[n] for n in sorted(self.nodes)),
            edges=edges,
            # Faded lines are context: the legend explains the lines that carry the story.
            legend=default_legend(e for e in edges if e.emphasis is not Emphasis.MUTED),
            direction=direction,
            origin=origin,
            subject=subject,
            rows=tuple(self.rows) + rows,
            columns=tuple(self.columns) + columns,
            dense=dense,
        )

    def _layout_hints(self) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
        """Rows that put each VPC's AZ boxes side by side in name order (one anchor node per
        box), and with `stack_subnets` an AZ's subnets one under another, public ones first,
        each subnet's nodes in rows of at most `SUBNET_ROW` (a grid, not one long line)."""
        boxes: dict[tuple[str, str], dict[str, list[str]]] = {}
        for node_id in sorted(self.nodes):
            place = self.places[node_id]
            if place.vpc is None or place.az is None:
                continue
            boxes.setdefault((place.vpc, place.az), {}).setdefault(place.subnet or "", []).append(node_id)
        rows: list[tuple[str, ...]] = []
        columns: list[tuple[str, ...]] = []
        by_vpc: dict[str, list[str]] = {}
        for vpc, az in sorted(boxes):
            subnets = boxes[(vpc, az)]
            order = sorted(subnets, key=lambda s: (
                s != "", not (s and is_public_subnet(self.topology, s)), s))
            by_vpc.setdefault(vpc, []).append(subnets[order[0]][0])
            if not self.stack_subnets:
                continue
            column: list[str] = []
            for subnet in order:
                ids = subnets[subnet]
                for start in range(0, len(ids), SUBNET_ROW):
                    row = tuple(ids[start:start + SUBNET_ROW])
                    if len(row) > 1:
                        rows.append(row)
                    column.append(row[0])
            if len(column) > 1:
                columns.append(tuple(column))
        if self.order_azs:
            rows += [tuple(anchors) for _, anchors in sorted(by_vpc.items()) if len(anchors) > 1]
        return tuple(rows), tuple(columns)

    def _edge(self, draft: _EdgeDraft) -> Edge:
        tooltip = draft.tooltip
        if draft.traffic and len(draft.flows) > 1:
            tooltip = f"{tooltip} (flows: {', '.join(sorted(draft.flows))})"
        elif draft.traffic:
            tooltip = f"{tooltip} (flow {next(iter(draft.flows))})"
        label = draft.label
        if draft.traffic and draft.style is not EdgeStyle.BLOCKED and draft.number is None \
                and not self.label_traffic:
            label = ""  # aggregated flows: no label soup, the tooltip says which flows
        return Edge(
            draft.src,
            draft.dst,
            label,
            draft.style,
            number=draft.number,
            tooltip=tooltip,
            arrow=draft.arrow,
            emphasis=draft.emphasis,
        )

    def _clusters(self) -> tuple[Cluster, ...]:
        topo = self.topology
        tree: dict[str, dict[str, dict[str, dict[str, list[str]]]]] = {}
        region_nodes: dict[str, list[str]] = {}
        vpc_nodes: dict[str, list[str]] = {}
        az_nodes: dict[tuple[str, str], list[str]] = {}
        for node_id in sorted(self.nodes):
            place = self.places[node_id]
            if place.region is None:
                continue
            vpcs = tree.setdefault(place.region, {})
            if place.vpc is None:
                region_nodes.setdefault(place.region, []).append(node_id)
                continue
            azs = vpcs.setdefault(place.vpc, {})
            if place.az is None:
                vpc_nodes.setdefault(place.vpc, []).append(node_id)
                continue
            subnets = azs.setdefault(place.az, {})
            if place.subnet is None:
                az_nodes.setdefault((place.vpc, place.az), []).append(node_id)
                continue
            subnets.setdefault(place.subnet, []).append(node_id)
        regions: list[Cluster] = []
        for region in sorted(tree):
            vpc_clusters: list[Cluster] = []
            for vpc in sorted(tree[region]):
                muted = vpc in self.muted_vpcs
                emphasis = Emphasis.MUTED if muted else Emphasis.NORMAL
                az_clusters: list[Cluster] = []
                for az in sorted(tree[region][vpc]):
                    subnet_clusters = tuple(
                        Cluster(
                            f"subnet@{subnet}",
                            self._subnet_label(subnet),
                            ClusterKind.SUBNET_PUBLIC
                            if is_public_subnet(topo, subnet)
                            else ClusterKind.SUBNET_PRIVATE,
                            node_ids=tuple(ids),
                            tooltip=self._subnet_tooltip(subnet),
                            link=link_for(topo, subnet),
                            emphasis=emphasis,
                            numbers=self.subnet_numbers.get(subnet, ()),
                        )
                        for subnet, ids in sorted(tree[region][vpc][az].items())
                    )
                    note, about = self.az_notes.get((vpc, az), ("", ""))
                    az_clusters.append(
                        Cluster(
                            f"az@{vpc}@{az}",
                            f"{az} · {note}" if note else az,
                            ClusterKind.AZ,
                            clusters=subnet_clusters,
                            node_ids=tuple(az_nodes.get((vpc, az), ())),
                            tooltip=f"Availability Zone {az} of {vpc}" + (f"; {about}" if about else ""),
                            emphasis=emphasis,
                        )
                    )
                vpc_clusters.append(
                    Cluster(
                        f"vpc@{vpc}",
                        self._vpc_label(vpc),
                        ClusterKind.VPC,
                        clusters=tuple(az_clusters),
                        node_ids=tuple(vpc_nodes.get(vpc, ())),
                        tooltip=self._vpc_tooltip(vpc),
                        link=link_for(topo, vpc),
                        emphasis=emphasis,
                    )
                )
            regions.append(
                Cluster(
                    f"region@{region}",
                    region,
                    ClusterKind.REGION,
                    clusters=tuple(vpc_clusters),
                    node_ids=tuple(region_nodes.get(region, ())),
                    tooltip=f"Region {region}",
                    # by kind, not by name: an object may be named like a Region; a Region
                    # without VPCs (a service's only) has no page
                    link=url_of(region_page(region)) if region in topo.regions() else None,
                )
            )
        return tuple(regions)

    def _subnet_label(self, subnet: str) -> str:
        s = self.topology.subnets[subnet]
        label = f"{subnet}  {s.cidr}"
        note = self.subnet_notes.get(subnet)
        return f"{label}\n{note}" if note else label

    def _subnet_tooltip(self, subnet: str) -> str:
        s = self.topology.subnets[subnet]
        kind = "public" if is_public_subnet(self.topology, subnet) else "private"
        table = s.route_table or "no route table"
        return f"subnet {subnet} ({kind}) {s.cidr} in {s.az}, route table {table}"

    def _vpc_label(self, vpc: str) -> str:
        v = self.topology.vpcs[vpc]
        cidrs = ", ".join(str(c) for c in v.cidrs)
        parts = [vpc, cidrs, account_label(self.topology, v.account)]
        if self.count_subnets:
            count = len(v.subnets)
            parts.append(f"{count} subnet{'s' if count != 1 else ''}")
        # One line: Graphviz centres each line of a box label, which reads badly on the left.
        return " · ".join(part for part in parts if part)

    def _vpc_tooltip(self, vpc: str) -> str:
        v = self.topology.vpcs[vpc]
        cidrs = ", ".join(str(c) for c in v.cidrs)
        account = f", account {v.account}" if v.account else ""
        return f"VPC {vpc} {cidrs} in {v.region}{account}"


def account_label(topology: Topology, account: str | None) -> str:
    """"Platform (111122223333)", the bare id when it has no label, "" when unknown."""
    if account is None:
        return ""
    name = topology.accounts.get(account)
    return f"{name} ({account})" if name else account


# --- nodes for each kind of object ---------------------------------------------------------


def subnet_place(topology: Topology, subnet: str) -> Place:
    s = topology.subnets[subnet]
    return Place(topology.vpcs[s.vpc].region, s.vpc, s.az, subnet)


def vpc_place(topology: Topology, vpc: str) -> Place:
    return Place(topology.vpcs[vpc].region, vpc)


def workload_node(topology: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    w = topology.workloads[name]
    count = f"{w.count} × {w.kind}" if w.count != 1 else w.kind
    public = " · public IP" if w.public_ip else ""
    icon = _WORKLOAD_ICONS.get(w.kind.lower(), "ec2")
    return Node(
        name,
        f"{name}\n{count}{public}",
        icon=icon,
        tooltip=f"workload {name}: {count}{public} in subnet {w.subnet} ({w.vpc})",
        link=link_for(topology, name),
        emphasis=emphasis,
    )


def nat_node(topology: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    nat = topology.nat_gateways[name]
    return Node(
        name,
        f"{name}\nNAT gateway",
        icon="nat-gateway",
        tooltip=f"NAT gateway {name} in subnet {nat.subnet} ({nat.vpc})",
        link=link_for(topology, name),
        emphasis=emphasis,
    )


def igw_node(topology: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    return Node(
        name,
        f"{name}\ninternet gateway",
        icon="internet-gateway",
        tooltip=f"internet gateway {name} of {topology.internet_gateways[name].vpc}",
        link=link_for(topology, name),
        emphasis=emphasis,
    )


def internet_node() -> Node:
    return Node(INTERNET_ID, "Internet", icon="internet", tooltip="the public internet")


def aws_service_node(service: str, region: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    title = service_title(service)
    return Node(
        aws_service_id(service, region),
        f"{title}\n{region}",
        icon=_SERVICE_ICONS.get(service, "aws-service"),
        tooltip=f"{title} ({service}) in {region}",
        emphasis=emphasis,
    )


def endpoint_what(topology: Topology, name: str) -> str:
    """What an endpoint reaches, in a few words ("kms", "s3 (us-east-1)", "orders-api")."""
    return _endpoint_what(topology, topology.endpoints[name])


def _endpoint_what(topology: Topology, ep: Endpoint) -> str:
    if ep.service_kind.value == "endpoint-service":
        return ep.service
    home = topology.vpcs[ep.vpc].region
    return ep.service + (f" ({ep.service_region})" if ep.service_region != home else "")


def endpoint_node(topology: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    """An endpoint drawn once for the whole VPC (its ENIs summed up by AZ letter)."""
    ep = topology.endpoints[name]
    what = _endpoint_what(topology, ep)
    if ep.type is EndpointType.GATEWAY:
        return Node(
            name,
            f"{name}\n{what} gateway endpoint",
            icon="gateway-endpoint",
            tooltip=f"gateway endpoint {name} to {what}; route tables: {', '.join(ep.route_tables)}",
            link=link_for(topology, name),
            emphasis=emphasis,
        )
    azs = ", ".join(topology.subnets[s].az for s in ep.subnets)
    icon = "gwlb-endpoint" if ep.type is EndpointType.GATEWAY_LOAD_BALANCER else "interface-endpoint"
    kind = "GWLB endpoint" if ep.type is EndpointType.GATEWAY_LOAD_BALANCER else "endpoint"
    return Node(
        name,
        f"{name}\n{what} {kind}\n{az_letters(topology, ep.subnets)}",
        icon=icon,
        tooltip=f"{kind} {name} to {what}; ENIs in {azs or 'no subnet'}"
        + (f" ({', '.join(ep.subnets)})" if ep.subnets else ""),
        link=link_for(topology, name),
        emphasis=emphasis,
    )


def eni_node(
    topology: Topology, owner: str, subnet: str, emphasis: Emphasis = Emphasis.NORMAL
) -> Node:
    """The network interface of an interface/GWLB endpoint or a TGW attachment in one subnet."""
    if owner in topology.endpoints:
        ep = topology.endpoints[owner]
        what = _endpoint_what(topology, ep)
        icon = "gwlb-endpoint" if ep.type is EndpointType.GATEWAY_LOAD_BALANCER else "interface-endpoint"
        return Node(
            eni_id(owner, subnet),
            f"{owner}\n{what}",
            icon=icon,
            tooltip=f"ENI of endpoint {owner} ({what}) in subnet {subnet}",
            link=link_for(topology, owner),
            emphasis=emphasis,
        )
    att = topology.tgw_attachments[owner]
    return Node(
        eni_id(owner, subnet),
        f"{owner}\nto {att.tgw}",
        icon="tgw-attachment",
        tooltip=f"ENI of TGW attachment {owner} (to {att.tgw}) in subnet {subnet}",
        link=link_for(topology, owner),
        emphasis=emphasis,
    )


def az_letters(topology: Topology, subnets: Iterable[str]) -> str:
    """"AZ a, b" for ENIs in subnets of eu-west-1a and eu-west-1b ("no subnet" when none)."""
    letters = sorted({topology.subnets[s].az[-1:] for s in subnets})
    if not letters:
        return "no subnet"
    return ("AZ " if len(letters) == 1 else "AZs ") + ", ".join(letters)


def attachment_node(topology: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    """A TGW VPC attachment drawn once for its VPC."""
    att = topology.tgw_attachments[name]
    return Node(
        name,
        f"{name}\nto {att.tgw}\n{az_letters(topology, att.subnets)}",
        icon="tgw-attachment",
        tooltip=f"TGW attachment {name} of {att.vpc} to {att.tgw}; subnets: "
        + (", ".join(att.subnets) or "none")
        + (f"; TGW route table {att.route_table}" if att.route_table else ""),
        link=link_for(topology, name),
        emphasis=emphasis,
    )


def tgw_node(topology: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    tgw = topology.transit_gateways[name]
    return Node(
        name,
        f"{name}\ntransit gateway",
        icon="transit-gateway",
        tooltip=f"transit gateway {name} in {tgw.region}; route tables: "
        + (", ".join(tgw.route_tables) or "none"),
        link=link_for(topology, name),
        emphasis=emphasis,
    )


@dataclass(frozen=True, slots=True)
class TgwPeering:
    """A transit gateway peering as the overview and the summary draw it: one line between
    the two gateways (`a` < `z`), styled by where it goes and whether it is up."""

    name: str  # the first attachment of the pair (by dict order of the topology)
    a: str
    z: str
    style: EdgeStyle
    state: str  # "" or " (pending)"

    @property
    def tooltip(self) -> str:
        return f"TGW peering {self.name}: {self.a} ↔ {self.z}{self.state}"


def tgw_peerings(topology: Topology) -> list[TgwPeering]:
    """Each transit gateway peering once (both ends hold an attachment for it): cross-Region
    when the gateways' Regions differ, blocked while it is not active."""
    out: list[TgwPeering] = []
    seen: set[frozenset[str]] = set()
    for att in topology.tgw_attachments.values():
        if att.peer is None or frozenset((att.tgw, att.peer)) in seen:
            continue
        seen.add(frozenset((att.tgw, att.peer)))
        a, z = sorted((att.tgw, att.peer))
        cross = topology.transit_gateways[a].region != topology.transit_gateways[z].region
        pending = att.status != Status.ACTIVE
        style = EdgeStyle.BLOCKED if pending else EdgeStyle.CROSS_REGION if cross else EdgeStyle.BACKBONE
        out.append(TgwPeering(att.name, a, z, style, " (pending)" if pending else ""))
    return out


def peering_node(topology: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    p = topology.peerings[name]
    status = "" if p.status == Status.ACTIVE else f" ({p.status})"
    return Node(
        name,
        f"{name}\n{p.requester} ↔ {p.accepter}{status}",
        icon="peering",
        tooltip=f"VPC peering {name}: {p.requester} (requester) ↔ {p.accepter} (accepter), {p.status}",
        link=link_for(topology, name),
        emphasis=emphasis,
    )


def peering_place(topology: Topology, name: str) -> Place:
    """A peering inside its region, or between the regions (top level) when it crosses one."""
    p = topology.peerings[name]
    a, b = topology.vpcs[p.requester].region, topology.vpcs[p.accepter].region
    return Place(a) if a == b else Place()


def lb_node(topology: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    lb = topology.load_balancers[name]
    kind = "NLB" if lb.type is LoadBalancerType.NETWORK else "GWLB"
    return Node(
        name,
        f"{name}\n{kind}",
        icon="nlb" if lb.type is LoadBalancerType.NETWORK else "gwlb",
        tooltip=f"{lb.type} load balancer {name} of {lb.service}; subnets: {', '.join(lb.subnets)}; "
        f"targets: {', '.join(lb.targets) or 'none'}",
        link=link_for(topology, name),
        emphasis=emphasis,
    )


def endpoint_service_node(
    topology: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL
) -> Node:
    svc = topology.endpoint_services[name]
    acceptance = "acceptance required" if svc.acceptance_required else "auto-accept"
    return Node(
        name,
        f"{name}\nendpoint service",
        icon="interface-endpoint",
        tooltip=f"endpoint service {name} in {svc.region} ({svc.vpc}), {acceptance}; "
        f"{len(svc.allowed_principals)} allowed principal(s)",
        link=link_for(topology, name),
        emphasis=emphasis,
    )


def route_lines(topology: Topology, name: str) -> list[str]:
    """A route table's routes as "destination → target", the implicit gateway-endpoint routes
    (prefix lists) included, the implicit local route left out."""
    rt = topology.route_tables[name]
    region = topology.vpcs[rt.vpc].region
    lines = [f"{r.to} → {r.via}" for r in rt.routes]
    for ep_name in topology.vpcs[rt.vpc].endpoints:
        ep = topology.endpoints[ep_name]
        if ep.type is EndpointType.GATEWAY and name in ep.route_tables:
            lines.append(f"{prefix_list_id(ep.service, region)} → {ep_name}")
    return lines


def route_table_node(
    topology: Topology, name: str, emphasis: Emphasis = Emphasis.NORMAL, *, routes: bool = False
) -> Node:
    """A route table; with `routes`, its routes listed under its name, one a line, the local
    route first (a table, as in the console: labels on the lines would pile up where several
    tables share a target). Gateway endpoints' prefix lists are routes too
    (``pl-7ca54015 → s3-gw``)."""
    rt = topology.route_tables[name]
    main = " (main)" if rt.main else ""
    lines = route_lines(topology, name)
    local = [f"{cidr} → local" for cidr in topology.vpcs[rt.vpc].cidrs]
    return Node(
        name,
        f"{name}{main}",
        icon="route-table",
        tooltip=f"route table {name}{main}: {'; '.join(lines) or 'local only'}",
        link=link_for(topology, name),
        emphasis=emphasis,
        details=tuple(local + lines) if routes else (),
    )


def router_node(topology: Topology, vpc: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    """The VPC's implicit router: all its route tables as one node."""
    v = topology.vpcs[vpc]
    tables = [topology.route_tables[t] for t in v.route_tables]
    lines = []
    for rt in tables:
        routes = ", ".join(f"{r.to} → {r.via}" for r in rt.routes) or "local only"
        lines.append(f"{rt.name}{' (main)' if rt.main else ''}: {routes}")
    count = len(tables)
    return Node(
        router_id(vpc),
        f"router\n{count} route table{'s' if count != 1 else ''}",
        icon="vpc-router",
        tooltip=f"VPC router of {vpc}; " + ("; ".join(lines) or "no route tables"),
        link=f"{link_for(topology, vpc)}#route-tables",
        emphasis=emphasis,
    )


def subnet_node(topology: Topology, name: str, text: str, emphasis: Emphasis = Emphasis.NORMAL) -> Node:
    """A small text box standing in a subnet's box when nothing else is drawn there."""
    return Node(
        subnet_node_id(name),
        text,
        tooltip=f"subnet {name}: {text}".replace("\n", " "),
        link=link_for(topology, name),
        emphasis=emphasis,
    )


def vpc_node(topology: Topology, name: str, emphasis: Emphasis = Emphasis.MUTED) -> Node:
    """A whole VPC as one icon: a neighbour shown for context."""
    v = topology.vpcs[name]
    cidrs = ", ".join(str(c) for c in v.cidrs)
    account = account_label(topology, v.account)
    return Node(
        vpc_node_id(name),
        f"{name}\n{cidrs}",
        icon="vpc",
        tooltip=f"VPC {name} {cidrs} in {v.region}" + (f", {account}" if account else ""),
        link=link_for(topology, name),
        emphasis=emphasis,
    )


def principal_words(principal: str | None) -> str:
    """"role orders-consumer", "account 111122223333", "user alice", "anyone" for an ARN."""
    if principal is None:
        return "principal unknown"
    if principal == "*":
        return "anyone (*)"
    parts = principal.split(":", 5)
    resource = parts[5] if len(parts) == 6 else principal
    account = account_of(principal)
    if resource == "root":
        return f"account {account}"
    kind, _, rest = resource.partition("/")
    return f"{kind} {rest}" if rest else resource


# --- flows as edges ------------------------------------------------------------------------


def flow_edges(
    builder: SceneBuilder,
    result: FlowResult,
    steps: Sequence[Step],
    *,
    numbered: bool,
    labels: Sequence[str] | None = None,
    tooltips: Sequence[str] | None = None,
    numbers: Sequence[int | None] | None = None,
) -> None:
    """Join consecutive steps with edges styled by what the packet crosses there:

    * the internet (from the first NAT or internet gateway on) → INTERNET;
    * a region boundary → CROSS_REGION;
    * anything else → BACKBONE;
    * the last edge of an unreachable flow → BLOCKED, labelled with the reason.

    `labels[i]`/`tooltips[i]` describe the edge from step i to step i+1; `numbers[i]` is its
    step number (a flow's hop drawn as a line), else with `numbered` the edges count 1, 2, 3.
    """
    hops = result.hops
    public_from = next(
        (
            i
            for i, hop in enumerate(hops)
            if hop.kind in (HopKind.NAT_GATEWAY, HopKind.INTERNET_GATEWAY)
        ),
        None,
    )
    region: str | None = None
    regions: list[str | None] = []
    for step in steps:
        region = step.region if step.region is not None else region
        regions.append(region)
    last = len(steps) - 2
    for i in range(len(steps) - 1):
        a, b = steps[i], steps[i + 1]
        label = labels[i] if labels is not None else ""
        tooltip = tooltips[i] if tooltips is not None and tooltips[i] else None
        if not result.reachable and i == last:
            style = EdgeStyle.BLOCKED
            words = reason_words(result.reason or "")
            label = f"✗ {words}" if not label else f"{label}\n✗ {words}"
            fix = f"; fix: {result.fix}" if result.fix else ""
            tooltip = f"blocked: {result.reason}{fix}"
        elif public_from is not None and 0 <= public_from <= a.hop:
            style = EdgeStyle.INTERNET
        elif regions[i] is not None and regions[i + 1] is not None and regions[i] != regions[i + 1]:
            style = EdgeStyle.CROSS_REGION
        else:
            style = EdgeStyle.BACKBONE
        builder.traffic(
            a.node,
            b.node,
            style=style,
            flow=result.id,
            label=label,
            tooltip=tooltip,
            number=numbers[i] if numbers is not None else i + 1 if numbered else None,
        )
