"""A neutral, frozen description of a picture: what views produce and what renderers draw.

Views (overview, per-VPC, per-flow ...) turn the analysed topology into a `Scene`; `vpcdocs.render.dot`
turns a scene into Graphviz DOT. This module knows nothing of `diagrams` or Graphviz: it names icons
logically (`"nat-gateway"`), styles edges by meaning (`EdgeStyle.INTERNET`) and leaves colours to
`vpcdocs.render.palette`.

A scene is validated when it is built (unique ids, edges and clusters refer to existing nodes, each
node in at most one cluster, links relative), so a view's mistake fails where it is made, not inside
Graphviz. The order of clusters, nodes and edges in a scene does not matter: the renderer sorts them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

from vpcdocs.diagnostics import Location

__all__ = [
    "EDGE_STYLE_DESCRIPTIONS",
    "ICON_NAMES",
    "Arrow",
    "Cluster",
    "ClusterKind",
    "Edge",
    "EdgeStyle",
    "Emphasis",
    "Legend",
    "LegendEntry",
    "Node",
    "Scene",
    "default_legend",
]


class EdgeStyle(StrEnum):
    """What a line means; the palette gives each meaning a colour and a dash pattern."""

    BACKBONE = "backbone"  # stays on the AWS network (private addresses, endpoints, peering, TGW)
    INTERNET = "internet"  # leaves through an internet gateway or reaches public addresses
    CROSS_REGION = "cross-region"  # crosses an AWS region boundary (inter-region charges)
    BLOCKED = "blocked"  # the flow cannot pass here (no route, policy, black hole)
    NEUTRAL = "neutral"  # structure (attached to, served by, sends to) without a traffic meaning
    ASSOCIATION = "association"  # a route table and the subnet it serves (dotted, no arrow)
    RESOLVES = "resolves"  # a name looked up in DNS: the question and who answers it
    ADDED = "added"  # a change diagram: only the new version has this line
    REMOVED = "removed"  # a change diagram: only the old version has this line


class Emphasis(StrEnum):
    """How prominent an element is, e.g. the hops of one flow highlighted, the rest muted; in a
    change diagram also whether it was added or removed (always with a "+"/"−" in its label too,
    so that the change does not rest on colour alone)."""

    NORMAL = "normal"
    HIGHLIGHT = "highlight"
    MUTED = "muted"
    ADDED = "added"  # a change diagram: only the new version has it (green frame)
    REMOVED = "removed"  # a change diagram: only the old version has it (red frame)


class Arrow(StrEnum):
    """Which ends of an edge carry an arrowhead."""

    FORWARD = "forward"
    BOTH = "both"
    NONE = "none"


class ClusterKind(StrEnum):
    """What a box groups; the palette gives each kind its fill and border."""

    ACCOUNT = "account"
    REGION = "region"
    VPC = "vpc"
    AZ = "az"
    SUBNET_PUBLIC = "subnet-public"
    SUBNET_PRIVATE = "subnet-private"
    ON_PREM = "on-prem"
    GROUP = "group"


#: Logical icon names a `Node` may use; `vpcdocs.render.dot` maps each to a bundled image.
ICON_NAMES: frozenset[str] = frozenset(
    {
        "aws-service",
        "client",
        "customer-gateway",
        "direct-connect",
        "dynamodb",
        "ec2",
        "eni",
        "gateway-endpoint",
        "gwlb",
        "gwlb-endpoint",
        "hosted-zone",
        "interface-endpoint",
        "internet",
        "internet-gateway",
        "lambda",
        "nacl",
        "nat-gateway",
        "network-firewall",
        "nlb",
        "alb",
        "on-prem",
        "peering",
        "rds",
        "route-table",
        "route53",
        "s3",
        "server",
        "subnet-private",
        "subnet-public",
        "tgw-attachment",
        "transit-gateway",
        "users",
        "vpc",
        "vpc-router",
        "vpn-connection",
        "vpn-gateway",
    }
)

#: Default legend wording for each edge style, in the order a legend lists them.
EDGE_STYLE_DESCRIPTIONS: dict[EdgeStyle, str] = {
    EdgeStyle.BACKBONE: "AWS backbone (private)",
    EdgeStyle.INTERNET: "Public internet",
    EdgeStyle.CROSS_REGION: "Crosses a region",
    EdgeStyle.BLOCKED: "Blocked",
    EdgeStyle.NEUTRAL: "Structure (attached, served by)",
    EdgeStyle.ASSOCIATION: "Route table of a subnet",
    EdgeStyle.RESOLVES: "DNS lookup",
    EdgeStyle.ADDED: "Added (new version only)",
    EdgeStyle.REMOVED: "Removed (old version only)",
}


def _check_text(what: str, value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, not {type(value).__name__}")


def _check_id(what: str, value: object) -> None:
    _check_text(what, value)
    assert isinstance(value, str)
    if not value:
        raise ValueError(f"{what} must not be empty")


def _check_numbers(what: str, numbers: Iterable[int]) -> tuple[int, ...]:
    found = tuple(numbers)
    for number in found:
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ValueError(f"{what}: step numbers must be ints >= 1, got {number!r}")
    return found


def _check_link(what: str, link: str | None) -> None:
    """A link is a path relative to the docs root: no scheme, no host, not absolute."""
    if link is None:
        return
    _check_id(what, link)
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("/", "\\")) or "\\" in link:
        raise ValueError(f"{what} must be a relative docs path, got {link!r}")


@dataclass(frozen=True, slots=True)
class Node:
    """A thing in the picture: an icon (or a plain box when `icon` is None) with a label under it.

    `label` may hold newlines; long lines are wrapped at spaces by the renderer. `details` are
    lines listed under the label, left-aligned and never wrapped (a route table's routes, a VPC's
    CIDR and account). `numbers` are the steps of a flow this node stands for (the hop numbers of
    the flow's table), shown as badges before the label. `tooltip` defaults to the label. `link`
    is a docs path relative to the site root (e.g. ``"vpcs/prod/"``); SVGs turn it into a
    hyperlink when given a link base.
    """

    id: str
    label: str
    icon: str | None = None
    tooltip: str | None = None
    link: str | None = None
    emphasis: Emphasis = Emphasis.NORMAL
    details: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        _check_id("Node.id", self.id)
        _check_text(f"label of node {self.id!r}", self.label)
        if self.icon is not None and self.icon not in ICON_NAMES:
            raise ValueError(
                f"node {self.id!r}: unknown icon {self.icon!r}; known: {', '.join(sorted(ICON_NAMES))}"
            )
        if self.tooltip is not None:
            _check_text(f"tooltip of node {self.id!r}", self.tooltip)
        _check_link(f"link of node {self.id!r}", self.link)
        object.__setattr__(self, "emphasis", Emphasis(self.emphasis))
        object.__setattr__(self, "details", tuple(self.details))
        for line in self.details:
            _check_text(f"detail of node {self.id!r}", line)
        object.__setattr__(self, "numbers", _check_numbers(f"node {self.id!r}", self.numbers))


@dataclass(frozen=True, slots=True)
class Edge:
    """A line from node `src` to node `dst`.

    `number` numbers the steps of one flow (1, 2, 3 ...); it is shown in bold before the label and
    orders the edges. `tooltip` defaults to the label (or "src → dst" when there is none).
    `dst_cluster` (`src_cluster`) makes the line end (start) at the border of that box, which
    must hold `dst` (`src`): a route table joined to the subnet it serves. With `constraint`
    False the line does not shape the layout (the scene's `rows` and `columns` do).
    """

    src: str
    dst: str
    label: str = ""
    style: EdgeStyle = EdgeStyle.NEUTRAL
    number: int | None = None
    tooltip: str | None = None
    arrow: Arrow = Arrow.FORWARD
    emphasis: Emphasis = Emphasis.NORMAL
    src_cluster: str | None = None
    dst_cluster: str | None = None
    constraint: bool = True

    def __post_init__(self) -> None:
        _check_id("Edge.src", self.src)
        _check_id("Edge.dst", self.dst)
        _check_text(f"label of edge {self.src!r} -> {self.dst!r}", self.label)
        if self.tooltip is not None:
            _check_text(f"tooltip of edge {self.src!r} -> {self.dst!r}", self.tooltip)
        if self.number is not None and (
            isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 0
        ):
            raise ValueError(f"edge {self.src!r} -> {self.dst!r}: number must be an int >= 0")
        object.__setattr__(self, "style", EdgeStyle(self.style))
        object.__setattr__(self, "arrow", Arrow(self.arrow))
        object.__setattr__(self, "emphasis", Emphasis(self.emphasis))


@dataclass(frozen=True, slots=True)
class Cluster:
    """A labelled box around nodes and nested boxes (region, VPC, AZ, subnet ...).

    `id` must be unique in the scene (two boxes may share a label, e.g. two AZs called
    "eu-west-1a" in two VPCs, and stay two boxes). `node_ids` are the nodes directly inside.
    """

    id: str
    label: str
    kind: ClusterKind = ClusterKind.GROUP
    clusters: tuple[Cluster, ...] = ()
    node_ids: tuple[str, ...] = ()
    tooltip: str | None = None
    link: str | None = None
    emphasis: Emphasis = Emphasis.NORMAL
    numbers: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        _check_id("Cluster.id", self.id)
        _check_text(f"label of cluster {self.id!r}", self.label)
        if self.tooltip is not None:
            _check_text(f"tooltip of cluster {self.id!r}", self.tooltip)
        _check_link(f"link of cluster {self.id!r}", self.link)
        object.__setattr__(self, "kind", ClusterKind(self.kind))
        object.__setattr__(self, "emphasis", Emphasis(self.emphasis))
        object.__setattr__(self, "clusters", tuple(self.clusters))
        object.__setattr__(self, "node_ids", tuple(self.node_ids))
        for child in self.clusters:
            if not isinstance(child, Cluster):
                raise TypeError(f"cluster {self.id!r}: children must be Cluster objects")
        for node_id in self.node_ids:
            _check_id(f"node id in cluster {self.id!r}", node_id)
        object.__setattr__(self, "numbers", _check_numbers(f"cluster {self.id!r}", self.numbers))

    def walk(self) -> Iterator[Cluster]:
        """This cluster and every cluster nested in it, depth first."""
        yield self
        for child in self.clusters:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One legend line: a sample edge drawn in `edge_style`, followed by `label`."""

    label: str
    edge_style: EdgeStyle

    def __post_init__(self) -> None:
        _check_text("LegendEntry.label", self.label)
        object.__setattr__(self, "edge_style", EdgeStyle(self.edge_style))


@dataclass(frozen=True, slots=True)
class Legend:
    """A small box explaining the edge styles, drawn in the order given."""

    entries: tuple[LegendEntry, ...]
    title: str = "Legend"

    def __post_init__(self) -> None:
        _check_text("Legend.title", self.title)
        object.__setattr__(self, "entries", tuple(self.entries))


def default_legend(edges: Iterable[Edge]) -> Legend | None:
    """A legend for the edge styles that `edges` use, in a fixed order; None when there are none."""
    used = {edge.style for edge in edges}
    entries = tuple(
        LegendEntry(text, style) for style, text in EDGE_STYLE_DESCRIPTIONS.items() if style in used
    )
    return Legend(entries) if entries else None


@dataclass(frozen=True, slots=True)
class Scene:
    """A whole picture: a title, nested clusters, nodes, edges and an optional legend.

    Nodes not listed in any cluster's `node_ids` are drawn at the top level. `direction` is the
    Graphviz rank direction ("LR": flows go left to right; "TB": top to bottom). `origin` and
    `subject` say what the picture is of, for a message when it cannot be drawn: the place in
    the topology (the flow's, VPC's or service's line; 1:1 for the whole network) and words
    ("flow web-to-s3"); a scene built by hand may leave them out.
    """

    title: str
    clusters: tuple[Cluster, ...] = ()
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    legend: Legend | None = None
    direction: str = "LR"
    origin: Location | None = None
    subject: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    columns: tuple[tuple[str, ...], ...] = ()
    dense: bool = False
    _node_index: dict[str, Node] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        _check_text("Scene.title", self.title)
        _check_text("Scene.subject", self.subject)
        if self.origin is not None and not isinstance(self.origin, Location):
            raise TypeError("Scene.origin must be a Location")
        object.__setattr__(self, "clusters", tuple(self.clusters))
        object.__setattr__(self, "nodes", tuple(self.nodes))
        object.__setattr__(self, "edges", tuple(self.edges))
        if self.direction not in ("LR", "TB", "RL", "BT"):
            raise ValueError(f"Scene.direction must be LR, TB, RL or BT, got {self.direction!r}")
        index: dict[str, Node] = {}
        for node in self.nodes:
            if not isinstance(node, Node):
                raise TypeError("Scene.nodes must hold Node objects")
            if node.id in index:
                raise ValueError(f"duplicate node id {node.id!r}")
            index[node.id] = node
        object.__setattr__(self, "_node_index", index)
        cluster_ids: set[str] = set()
        placed: dict[str, str] = {}
        for cluster in self.all_clusters():
            if cluster.id in cluster_ids:
                raise ValueError(f"duplicate cluster id {cluster.id!r}")
            cluster_ids.add(cluster.id)
            for node_id in cluster.node_ids:
                if node_id not in index:
                    raise ValueError(f"cluster {cluster.id!r} lists unknown node {node_id!r}")
                if node_id in placed:
                    raise ValueError(
                        f"node {node_id!r} is in two clusters: {placed[node_id]!r} and {cluster.id!r}"
                    )
                placed[node_id] = cluster.id
        holders: dict[str, set[str]] = {}  # cluster id -> every node inside it, nested ones too
        for cluster in self.all_clusters():
            holders[cluster.id] = {n for c in cluster.walk() for n in c.node_ids}
        for edge in self.edges:
            if not isinstance(edge, Edge):
                raise TypeError("Scene.edges must hold Edge objects")
            for end in (edge.src, edge.dst):
                if end not in index:
                    raise ValueError(f"edge {edge.src!r} -> {edge.dst!r}: unknown node {end!r}")
            for end, box in ((edge.src, edge.src_cluster), (edge.dst, edge.dst_cluster)):
                if box is not None and end not in holders.get(box, set()):
                    raise ValueError(
                        f"edge {edge.src!r} -> {edge.dst!r}: cluster {box!r} does not hold {end!r}")
        object.__setattr__(self, "rows", tuple(tuple(r) for r in self.rows))
        object.__setattr__(self, "columns", tuple(tuple(c) for c in self.columns))
        for line in (*self.rows, *self.columns):
            for node_id in line:
                if node_id not in index:
                    raise ValueError(f"layout hint names unknown node {node_id!r}")

    def all_clusters(self) -> Iterator[Cluster]:
        """Every cluster of the scene, nested ones included, depth first."""
        for cluster in self.clusters:
            if not isinstance(cluster, Cluster):
                raise TypeError("Scene.clusters must hold Cluster objects")
            yield from cluster.walk()

    def node(self, node_id: str) -> Node:
        """The node with this id (KeyError if there is none)."""
        return self._node_index[node_id]
