"""A scene as an editable diagrams.net (draw.io) file, laid out as the SVG is.

Architects annotate pictures in reviews; a `.drawio` file opens in diagrams.net (desktop, web,
VS Code) with every box and icon movable. The positions come from Graphviz's own layout of the
same DOT the SVG is drawn from (`dot -Tjson`): regions, VPCs, AZs and subnets become nested
containers at the places Graphviz gave their boxes, each node an icon of diagrams.net's AWS
library (`mxgraph.aws4.*`, the shapes its "AWS 2021" palette inserts) at its place, each edge a
connector between the two cells with its label, colour and dash. Lines are left to diagrams.net
to route (straight), since they are redrawn as soon as a box moves anyway.

Deterministic bytes: cell ids come from the DOT ids (themselves from the scene ids), numbers are
rounded to 0.01 pt and nothing depends on time or machine. With a `link_base` each node and box
that has a docs page links to it (`join_link`; only links vpcdocs' one link rule allows).
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from vpcdocs.render import palette
from vpcdocs.render.scene import Arrow, Cluster, ClusterKind, Edge, Emphasis, Node, Scene

__all__ = ["AWS_SHAPES", "scene_to_drawio"]

_RESOURCE: Final = "shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4."
#: Logical icon name -> the diagrams.net AWS library shape (mxgraph.aws4.*) and its fill colour
#: (AWS category colours, as the library's palette uses them).
AWS_SHAPES: Final[Mapping[str, tuple[str, str]]] = {
    "aws-service": (_RESOURCE + "general", "#232F3E"),
    "client": ("shape=mxgraph.aws4.client", "#232F3D"),
    "customer-gateway": ("shape=mxgraph.aws4.customer_gateway", "#8C4FFF"),
    "direct-connect": (_RESOURCE + "direct_connect", "#8C4FFF"),
    "dynamodb": (_RESOURCE + "dynamodb", "#C925D1"),
    "ec2": (_RESOURCE + "ec2", "#ED7100"),
    "eni": ("shape=mxgraph.aws4.elastic_network_interface", "#8C4FFF"),
    "gateway-endpoint": ("shape=mxgraph.aws4.endpoints", "#8C4FFF"),
    "gwlb": ("shape=mxgraph.aws4.gateway_load_balancer", "#8C4FFF"),
    "gwlb-endpoint": ("shape=mxgraph.aws4.gateway_load_balancer_endpoint", "#8C4FFF"),
    "hosted-zone": ("shape=mxgraph.aws4.hosted_zone", "#8C4FFF"),
    "interface-endpoint": ("shape=mxgraph.aws4.endpoints", "#8C4FFF"),
    "internet": ("shape=mxgraph.aws4.internet_alt1", "#232F3D"),
    "internet-gateway": ("shape=mxgraph.aws4.internet_gateway", "#8C4FFF"),
    "lambda": (_RESOURCE + "lambda", "#ED7100"),
    "nacl": ("shape=mxgraph.aws4.network_access_control_list", "#DD344C"),
    "nat-gateway": ("shape=mxgraph.aws4.nat_gateway", "#8C4FFF"),
    "network-firewall": (_RESOURCE + "network_firewall", "#DD344C"),
    "nlb": ("shape=mxgraph.aws4.network_load_balancer", "#8C4FFF"),
    "alb": ("shape=mxgraph.aws4.application_load_balancer", "#8C4FFF"),
    "on-prem": ("shape=mxgraph.aws4.corporate_data_center", "#7D8998"),
    "peering": ("shape=mxgraph.aws4.peering", "#8C4FFF"),
    "rds": (_RESOURCE + "rds", "#C925D1"),
    "route-table": ("shape=mxgraph.aws4.route_table", "#8C4FFF"),
    "route53": (_RESOURCE + "route_53", "#8C4FFF"),
    "s3": (_RESOURCE + "s3", "#7AA116"),
    "server": ("shape=mxgraph.aws4.traditional_server", "#7D8998"),
    "subnet-private": ("shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_security_group", "#00A4A6"),
    "subnet-public": ("shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_security_group", "#7AA116"),
    "tgw-attachment": ("shape=mxgraph.aws4.transit_gateway_attachment", "#8C4FFF"),
    "transit-gateway": (_RESOURCE + "transit_gateway", "#8C4FFF"),
    "users": ("shape=mxgraph.aws4.users", "#232F3D"),
    "vpc": (_RESOURCE + "vpc", "#8C4FFF"),
    "vpc-router": ("shape=mxgraph.aws4.router", "#8C4FFF"),
    "vpn-connection": ("shape=mxgraph.aws4.vpn_connection", "#8C4FFF"),
    "vpn-gateway": ("shape=mxgraph.aws4.vpn_gateway", "#8C4FFF"),
}

_GROUP: Final = ("container=1;collapsible=0;recursiveResize=0;pointerEvents=0;html=1;"
                 "whiteSpace=wrap;fontSize=12;verticalAlign=top;align=left;")
#: The diagrams.net AWS group for each kind of box (its icon in the top-left corner).
_CONTAINERS: Final[Mapping[ClusterKind, str]] = {
    ClusterKind.ACCOUNT: "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_account;spacingLeft=30;",
    ClusterKind.REGION: "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_region;spacingLeft=30;",
    ClusterKind.VPC: "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_vpc2;spacingLeft=30;",
    ClusterKind.AZ: "rounded=1;arcSize=4;spacingLeft=8;",
    ClusterKind.SUBNET_PUBLIC: "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_security_group;"
                               "grStroke=0;spacingLeft=30;",
    ClusterKind.SUBNET_PRIVATE: "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_security_group;"
                                "grStroke=0;spacingLeft=30;",
    ClusterKind.ON_PREM: "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_corporate_data_center;"
                         "spacingLeft=30;",
    ClusterKind.GROUP: "rounded=1;arcSize=4;spacingLeft=8;",
}
_ICON: Final = 60.0  # points, as in the DOT (`vpcdocs.render.dot`)


@dataclass(frozen=True, slots=True)
class _Box:
    x: float
    y: float
    w: float
    h: float


def _num(value: float) -> str:
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(*lines: str) -> str:
    """Lines as the HTML value of a cell (html=1): escaped, joined by <br>."""
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def _link(link_base: str | None, link: str | None) -> str | None:
    """The docs link of a cell under `link_base`, when the one link rule of vpcdocs
    (`vpcdocs.render.markdown.links.allowed`: http, https, mailto or relative) allows it."""
    from vpcdocs.render.markdown.links import allowed
    from vpcdocs.render.svg import join_link

    if link_base is None or link is None:
        return None
    url = join_link(link_base, link)
    return url if allowed(url) else None


def _layout(scene: Scene) -> dict[str, Any]:
    from vpcdocs.render.dot import icon_dirs, scene_to_dot
    from vpcdocs.render.graphviz_run import render

    data: dict[str, Any] = json.loads(render(scene_to_dot(scene), "json", image_dir=icon_dirs()))
    return data


def _boxes(layout: Mapping[str, Any]) -> tuple[float, dict[str, _Box]]:
    """The graph's height and {DOT name: box (top-left origin)} of every node and cluster."""
    height = float(str(layout["bb"]).split(",")[3])
    boxes: dict[str, _Box] = {}
    for obj in layout.get("objects", []):
        name = str(obj.get("name", ""))
        if "bb" in obj:
            a, b, c, d = (float(v) for v in str(obj["bb"]).split(","))
            boxes[name] = _Box(a, height - d, c - a, d - b)
        elif "pos" in obj:
            cx, cy = (float(v) for v in str(obj["pos"]).split(","))
            w, h = float(obj.get("width", 0)) * 72, float(obj.get("height", 0)) * 72
            boxes[name] = _Box(cx - w / 2, height - cy - h / 2, w, h)
    return height, boxes


class _Writer:
    def __init__(self, scene: Scene, link_base: str | None) -> None:
        from vpcdocs.render.dot import dot_names

        self.scene = scene
        self.link_base = link_base
        self.node_names, self.cluster_names = dot_names(scene)
        _, self.boxes = _boxes(_layout(scene))
        self.root = ET.Element("root")
        ET.SubElement(self.root, "mxCell", id="0")
        ET.SubElement(self.root, "mxCell", {"id": "1", "parent": "0"})
        self.where: dict[str, tuple[str, _Box]] = {}  # cell id -> (parent cell id, its box)

    def cell(self, cell_id: str, value: str, style: str, parent: str, box: _Box, *,
             tooltip: str | None, link: str | None) -> None:
        holder = ET.SubElement(self.root, "UserObject", id=cell_id, label=value)
        if tooltip:
            holder.set("tooltip", tooltip)
        url = _link(self.link_base, link)
        if url is not None:
            holder.set("link", url)
        cell = ET.SubElement(holder, "mxCell", {"style": style, "vertex": "1", "parent": parent})
        origin = self.where.get(parent, ("", _Box(0, 0, 0, 0)))[1]
        ET.SubElement(cell, "mxGeometry", {
            "x": _num(box.x - origin.x), "y": _num(box.y - origin.y),
            "width": _num(box.w), "height": _num(box.h), "as": "geometry"})
        self.where[cell_id] = (parent, box)

    def cluster(self, cluster: Cluster, parent: str) -> None:
        name = self.cluster_names[cluster.id]
        box = self.boxes.get(name)
        if box is None:  # Graphviz leaves out a box with nothing in it
            return
        look = palette.cluster_look(cluster.kind, cluster.emphasis)
        dashed = "1" if "dashed" in look.style else "0"
        style = (_GROUP + _CONTAINERS[cluster.kind] + f"strokeColor={look.border};"
                 f"fillColor={look.fill};fontColor={palette.TEXT};dashed={dashed};")
        numbers = " ".join(str(n) for n in cluster.numbers)
        label = f"{numbers}  {cluster.label}" if numbers else cluster.label
        cell_id = "c-" + name.removeprefix("cluster_")
        self.cell(cell_id, _text(*label.split("\n")), style, parent, box,
                  tooltip=cluster.tooltip, link=cluster.link)
        for child in cluster.clusters:
            self.cluster(child, cell_id)
        for node_id in cluster.node_ids:
            self.node(self.scene.node(node_id), cell_id)

    def node(self, node: Node, parent: str) -> None:
        name = self.node_names[node.id]
        box = self.boxes[name]
        numbers = " ".join(str(n) for n in node.numbers)
        lines = node.label.split("\n")
        if numbers:
            lines[0] = f"{numbers}  {lines[0]}"
        value = _text(*lines, *node.details)
        frame = palette.emphasis_color(node.emphasis)
        font = palette.MUTED_TEXT if node.emphasis is Emphasis.MUTED else palette.TEXT
        if node.icon is None:
            style = (f"rounded=1;whiteSpace=wrap;html=1;fontSize=11;fillColor=#FFFFFF;"
                     f"strokeColor={frame or palette.MUTED_LINE};fontColor={font};")
            self.cell("n-" + name, value, style, parent, box, tooltip=node.tooltip, link=node.link)
            return
        shape, fill = AWS_SHAPES[node.icon]
        if node.emphasis is Emphasis.MUTED:
            fill = palette.MUTED_LINE
        # The icon where Graphviz drew it: centred at the top of the node's box (cellpadding 3).
        icon = _Box(box.x + (box.w - _ICON) / 2, box.y + 3, _ICON, _ICON)
        style = (f"{shape};sketch=0;outlineConnect=0;aspect=fixed;html=1;whiteSpace=wrap;"
                 f"verticalLabelPosition=bottom;verticalAlign=top;align=center;fontSize=11;"
                 f"fillColor={fill};gradientColor=none;strokeColor={frame or 'none'};"
                 f"fontColor={font};labelBackgroundColor=none;")
        self.cell("n-" + name, value, style, parent, icon, tooltip=node.tooltip, link=node.link)

    def edge(self, index: int, edge: Edge) -> None:
        look = palette.edge_look(edge.style, edge.emphasis)
        source = ("c-" + self.cluster_names[edge.src_cluster].removeprefix("cluster_")
                  if edge.src_cluster else "n-" + self.node_names[edge.src])
        target = ("c-" + self.cluster_names[edge.dst_cluster].removeprefix("cluster_")
                  if edge.dst_cluster else "n-" + self.node_names[edge.dst])
        if source not in self.where or target not in self.where:
            return
        label = f"{edge.number}  {edge.label}".strip() if edge.number else edge.label
        end = {"normal": "classic", "tee": "baseDash", "none": "none"}.get(look.arrowhead, "classic")
        start = end if edge.arrow is Arrow.BOTH else "none"
        if edge.arrow is Arrow.NONE:
            end = "none"
        dashed = {"dashed": "dashed=1;", "dotted": "dashed=1;dashPattern=1 3;"}.get(look.style, "")
        style = (f"edgeStyle=none;html=1;rounded=0;strokeColor={look.color};"
                 f"strokeWidth={_num(look.penwidth)};endArrow={end};startArrow={start};{dashed}"
                 f"fontSize=11;fontColor={palette.TEXT};labelBackgroundColor=#FFFFFF;")
        holder = ET.SubElement(self.root, "UserObject", id=f"e-{index}", label=_text(label))
        if edge.tooltip:
            holder.set("tooltip", edge.tooltip)
        cell = ET.SubElement(holder, "mxCell", {"style": style, "edge": "1", "parent": "1",
                                                "source": source, "target": target})
        ET.SubElement(cell, "mxGeometry", {"relative": "1", "as": "geometry"})

    def build(self) -> bytes:
        placed = {n for c in self.scene.all_clusters() for n in c.node_ids}
        for cluster in self.scene.clusters:
            self.cluster(cluster, "1")
        for node in self.scene.nodes:
            if node.id not in placed:
                self.node(node, "1")
        for index, edge in enumerate(self.scene.edges, start=1):
            self.edge(index, edge)
        graph = _extent(self.boxes)
        mxfile = ET.Element("mxfile", host="vpcdocs", type="device")
        diagram = ET.SubElement(mxfile, "diagram", id="vpcdocs", name=self.scene.title[:100])
        model = ET.SubElement(diagram, "mxGraphModel", {
            "dx": "0", "dy": "0", "grid": "1", "gridSize": "10", "guides": "1", "tooltips": "1",
            "connect": "1", "arrows": "1", "fold": "1", "page": "0", "pageScale": "1",
            "pageWidth": _num(graph.w), "pageHeight": _num(graph.h), "math": "0", "shadow": "0"})
        model.append(self.root)
        ET.indent(mxfile, space="  ")
        text = ET.tostring(mxfile, encoding="unicode")
        return (text + "\n").encode("utf-8")


def _extent(boxes: Mapping[str, _Box]) -> _Box:
    """The box around every box (the page size)."""
    if not boxes:
        return _Box(0, 0, 0, 0)
    right = max(b.x + b.w for b in boxes.values())
    bottom = max(b.y + b.h for b in boxes.values())
    return _Box(0, 0, right, bottom)


def scene_to_drawio(scene: Scene, *, link_base: str | None = None) -> bytes:
    """The scene as a diagrams.net file (uncompressed XML, UTF-8). Needs Graphviz for the
    layout; raises `vpcdocs.render.graphviz_run.RenderError` when it is missing or fails."""
    return _Writer(scene, link_base).build()
