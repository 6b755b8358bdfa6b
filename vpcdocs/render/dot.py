"""Scene → Graphviz DOT, built with mingrammer `diagrams` and cleaned of its habits.

This is the only module of vpcdocs that imports `diagrams`. The library is used for what it is good
at (its icon catalogue and its Diagram/Cluster/Node/Edge builder) and its habits are undone here:

* node ids come from scene ids made DOT-safe (an id with ``:`` would be read as node:port), with a
  short stable hash appended when sanitising changed the id, never from ``uuid4``;
* cluster DOT names are ``cluster_<scene id>`` (the library names them after their label, so two
  sibling boxes with equal labels would merge into one);
* icons are named relative to the icon folders (``aws/network/nat-gateway.png``); the image path
  is given to Graphviz at render time (`icon_dirs()`), so DOT holds no absolute path; the one
  stock icon that shows invented data (the route table's 172.16.x addresses) is replaced by one
  vpcdocs draws itself (`OWN_ICONS`);
* nothing is rendered or written: the DOT text is taken from the builder, ``Diagram.__exit__`` is
  never run, and the library's ContextVars are set inside a copied context that is then dropped;
* every user text is escaped (Graphviz reads ``<...>`` as HTML and interprets backslashes) and
  clipped to the sizes of `vpcdocs.render.limits` (longer texts made dot 2.43 fail the whole
  graph); the page around the picture has every text in full;
* clusters, nodes and edges are emitted in sorted order, so the same scene gives the same bytes in
  any process, folder or hash seed.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import html
import itertools
import re
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, cast

import diagrams
import graphviz
from diagrams.aws import compute as aws_compute
from diagrams.aws import database as aws_database
from diagrams.aws import general as aws_general
from diagrams.aws import network as aws_network
from diagrams.aws import storage as aws_storage
from diagrams.generic import place as generic_place
from diagrams.onprem import compute as onprem_compute
from diagrams.onprem import network as onprem_network

from vpcdocs.render import limits, palette
from vpcdocs.render.graphviz_run import DotSource
from vpcdocs.render.scene import (
    ICON_NAMES,
    Arrow,
    Cluster,
    Edge,
    Emphasis,
    Legend,
    Node,
    Scene,
)

__all__ = [
    "ICON_CLASSES",
    "LAYOUT",
    "OWN_ICONS",
    "OWN_ICON_FILES",
    "dot_id",
    "dot_names",
    "escape_text",
    "icon_dirs",
    "icon_file",
    "icon_path",
    "icon_root",
    "scene_to_dot",
    "standalone_icon",
    "standalone_icons",
    "used_icons",
]

#: Logical icon name (scene.ICON_NAMES) → the `diagrams` node class whose image it uses.
ICON_CLASSES: Final[Mapping[str, type[Any]]] = MappingProxyType(
    {
        "alb": aws_network.ElbApplicationLoadBalancer,
        "aws-service": aws_general.General,
        "client": aws_general.Client,
        "customer-gateway": aws_network.VPCCustomerGateway,
        "direct-connect": aws_network.DirectConnect,
        "dynamodb": aws_database.Dynamodb,
        "ec2": aws_compute.EC2,
        "eni": aws_network.VPCElasticNetworkInterface,
        "gateway-endpoint": aws_network.Endpoint,
        "gwlb": aws_network.ElasticLoadBalancing,
        "gwlb-endpoint": aws_network.Endpoint,
        "hosted-zone": aws_network.Route53HostedZone,
        "interface-endpoint": aws_network.Privatelink,
        "internet": onprem_network.Internet,
        "internet-gateway": aws_network.InternetGateway,
        "lambda": aws_compute.Lambda,
        "nacl": aws_network.Nacl,
        "nat-gateway": aws_network.NATGateway,
        "network-firewall": aws_network.NetworkFirewall,
        "nlb": aws_network.ElbNetworkLoadBalancer,
        "on-prem": generic_place.Datacenter,
        "peering": aws_network.VPCPeering,
        "rds": aws_database.RDS,
        "route53": aws_network.Route53,
        "s3": aws_storage.S3,
        "server": onprem_compute.Server,
        "subnet-private": aws_network.PrivateSubnet,
        "subnet-public": aws_network.PublicSubnet,
        "tgw-attachment": aws_network.TransitGatewayAttachment,
        "transit-gateway": aws_network.TransitGateway,
        "users": aws_general.Users,
        "vpc": aws_network.VPC,
        "vpc-router": aws_network.VPCRouter,
        "vpn-connection": aws_network.VpnConnection,
        "vpn-gateway": aws_network.VpnGateway,
    }
)
#: Logical icon name → an icon vpcdocs draws itself (scripts/draw_icons.py), in `OWN_ICONS`:
#: the stock route-table icon shows 172.16.x addresses, invented data next to any design.
OWN_ICON_FILES: Final[Mapping[str, str]] = MappingProxyType({"route-table": "route-table.png"})
assert set(ICON_CLASSES) | set(OWN_ICON_FILES) == ICON_NAMES, "every logical icon needs an image"
assert not set(ICON_CLASSES) & set(OWN_ICON_FILES)

#: The folder of the icons vpcdocs draws itself.
OWN_ICONS: Final = Path(__file__).resolve().parent / "icons"

#: Layout settings, measured (benchmarks/diagram_layout.py, 500 nodes / 55 clusters / 600 edges):
#: `splines=spline` takes about 1.1 s where `ortho` takes about 128 s with these labelled edges,
#: and only spline places edge labels next to their edges (ortho needs xlabel, which drifts).
#: Never `curved` (slow) and never fdp with ortho (very slow).
LAYOUT: Final[Mapping[str, str]] = MappingProxyType(
    {
        "splines": "spline",
        "nodesep": "0.45",
        "ranksep": "0.9",
        "pad": "0.3",
        "newrank": "true",
        "outputorder": "edgesfirst",
    }
)

#: Spacing of a dense scene (a summary of many small boxes): rows and columns closer together
#: (0.12 in ≈ 12 px between boxes; with 0.18 and 0.28 the benchmark's 100-VPC summary was
#: 2,911 × 1,573 px, 9.7 px text fitted to 1920 × 1080; with these, 10 px or more).
DENSE: Final[Mapping[str, str]] = MappingProxyType({"nodesep": "0.12", "ranksep": "0.22"})

_ICON_SIZE: Final = 60  # points (= px in SVG at 100 %); icons are square
_WRAP: Final = 22  # characters per label line before wrapping at a space
_MAX_ID: Final = 40
_SAFE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LEGEND_NODE: Final = "legend__"


@functools.cache  # the installed package does not move while vpcdocs runs (a resolve per icon)
def icon_root() -> Path:
    """The folder that icon file names in the DOT are relative to (pass it as Graphviz imagepath)."""
    return Path(diagrams.__file__).resolve().parent.parent / "resources"


def icon_dirs() -> tuple[Path, ...]:
    """The folders icon file names in the DOT are relative to, searched in this order (Graphviz'
    imagepath): the `diagrams` package's icons, then vpcdocs' own (`OWN_ICONS`)."""
    return (icon_root(), OWN_ICONS)


def icon_path(name: str) -> Path:
    """The file of a relative icon name (as `icon_file` gives), in the first of `icon_dirs()` that
    has it (the first folder when none has it)."""
    dirs = icon_dirs()
    return next((d / name for d in dirs if (d / name).is_file()), dirs[0] / name)


def icon_file(icon: str) -> str:
    """The icon's file name relative to one of `icon_dirs()`, e.g. ``aws/network/nat-gateway.png``
    (the `diagrams` icons) or ``route-table.png`` (vpcdocs' own)."""
    if icon in OWN_ICON_FILES:
        return OWN_ICON_FILES[icon]
    cls = ICON_CLASSES[icon]
    folder = str(cls._icon_dir).removeprefix("resources/")
    return f"{folder}/{cls._icon}"


def dot_id(raw: str) -> str:
    """A DOT identifier for a scene id: the id itself when it is a plain identifier, otherwise the
    id with every run of other characters replaced by ``_`` plus 8 hex digits of its SHA-256."""
    if _SAFE_ID.match(raw) and len(raw) <= _MAX_ID:
        return raw
    base = _UNSAFE_RUN.sub("_", raw).strip("_")[:_MAX_ID].rstrip("_") or "id"
    if base[0].isdigit():
        base = "n" + base
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8]
    return f"{base}_{digest}"


def _clean(text: str) -> str:
    """Text with Windows line ends unified, tabs as spaces and other control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def escape_text(text: str) -> str:
    """User text as a literal Graphviz escString: never HTML, backslashes literal, newlines as
    centred line breaks. The result is a `graphviz.nohtml` string the builder quotes safely.

    `&` is written as `&amp;`: Graphviz passes what looks like a character reference through
    to SVG unchanged, and HTML's `&#X3A;` (capital X) is not XML: a title holding it made every
    SVG of the design unreadable. Graphviz reads `&amp;` back as `&` for layout and PNG."""
    escaped = graphviz.escape(_clean(text).replace("&", "&amp;"))
    # cast, not str(): the NoHtml subclass is what keeps "<...>" from being read as HTML.
    return cast(str, graphviz.nohtml(escaped.replace("\n", "\\n")))


def _lines(text: str) -> list[str]:
    """A label's lines, clipped to the limits (at most LABEL_LINES of LINE_CHARS each)."""
    return limits.clip_lines(_clean(text).split("\n"))


def _label(text: str) -> str:
    """A plain (one-box) label: its lines clipped, escaped."""
    return escape_text("\n".join(_lines(text)))


def _tooltip(text: str) -> str:
    """A tooltip: clipped to TOOLTIP_CHARS, escaped."""
    return escape_text(limits.clip(_clean(text), limits.TOOLTIP_CHARS))


def _url(link: str) -> str | None:
    """A link, escaped; None (no link) when it is too long to be one of vpcdocs' page paths."""
    return escape_text(link) if len(link) <= limits.URL_CHARS else None


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    for line in _lines(text):
        wrapped = textwrap.wrap(line, width=_WRAP, break_long_words=False, break_on_hyphens=False)
        lines.extend(wrapped or [""])
    return lines


def _html(text: str) -> str:
    """User text for inside an HTML-like label: entities for & < > ", lines joined by <br/>."""
    return '<br align="center"/>'.join(html.escape(line, quote=True) for line in _lines(text))


def _badges(numbers: tuple[int, ...]) -> str:
    """A flow's step numbers as bold badges, for the start of an HTML label's first line."""
    if not numbers:
        return ""
    text = ", ".join(str(n) for n in numbers)
    return f'<font color="{palette.HIGHLIGHT}"><b>{text}</b></font>&nbsp;&nbsp;'


def _details_rows(details: tuple[str, ...]) -> str:
    """Detail lines as one left-aligned table cell, never wrapped (clipped to the limits)."""
    if not details:
        return ""
    lines = limits.clip_lines([_clean(line) for line in details])
    body = "".join(f'{html.escape(line, quote=True)}<br align="left"/>' for line in lines)
    size = f"{palette.FONT_SIZES.detail:g}"
    return f'<tr><td align="left" balign="left"><font point-size="{size}">{body}</font></td></tr>'


def _icon_label(image: str | None, lines: list[str], emphasis: Emphasis,
                details: tuple[str, ...] = (), numbers: tuple[int, ...] = ()) -> str:
    """An HTML-like label: the icon in a fixed-size cell (when there is one), the text lines
    centred below it, the step badges before the first line, the details listed under them."""
    escaped = [html.escape(line, quote=True) for line in lines] or [""]
    escaped[0] = _badges(numbers) + escaped[0]
    text = '<br align="center"/>'.join(escaped)
    frame = 'border="0"'
    color = palette.emphasis_color(emphasis)
    if color is not None:
        dashed = ",dashed" if emphasis is Emphasis.REMOVED else ""
        frame = f'border="2" color="{color}" style="rounded{dashed}"'
    icon = ""
    if image is not None:
        icon = (f'<tr><td fixedsize="true" width="{_ICON_SIZE}" height="{_ICON_SIZE}">'
                f'<img src="{html.escape(image, quote=True)}" scale="true"/></td></tr>')
    return (
        f'<<table {frame} cellborder="0" cellspacing="0" cellpadding="3">{icon}'
        f"<tr><td>{text}</td></tr>{_details_rows(details)}</table>>"
    )


def _cluster_label(cluster: Cluster) -> str:
    """A box's label: plain text, or HTML with the flow's step numbers in bold first."""
    if not cluster.numbers:
        return _label(cluster.label)
    lines = [html.escape(line, quote=True) for line in _lines(cluster.label)] or [""]
    lines[0] = _badges(cluster.numbers) + lines[0]
    return "<" + '<br align="left"/>'.join(lines) + ">"


def _edge_label(edge: Edge, color: str) -> str | None:
    """An HTML label on a white box (readable over any fill), the step number in bold first."""
    parts: list[str] = []
    if edge.number is not None:
        parts.append(f'<font color="{color}"><b>{edge.number}</b></font>')
    if edge.label:
        parts.append(_html(edge.label))
    if not parts:
        return None
    body = "&nbsp;&nbsp;".join(parts)
    return (
        '<<table border="0" cellborder="0" cellspacing="0" cellpadding="2" '
        f'bgcolor="{palette.BACKGROUND}"><tr><td>{body}</td></tr></table>>'
    )


def _edge_text(edge: Edge, scene: Scene) -> str:
    if edge.tooltip is not None:
        return edge.tooltip
    words = [str(edge.number)] if edge.number is not None else []
    if edge.label:
        words.append(edge.label.replace("\n", " "))
    if words:
        return " ".join(words)
    return f"{scene.node(edge.src).label} → {scene.node(edge.dst).label}".replace("\n", " ")


def _edge_key(edge: Edge) -> tuple[object, ...]:
    return (
        edge.number is None,
        edge.number if edge.number is not None else 0,
        edge.src,
        edge.dst,
        edge.style.value,
        edge.label,
        edge.arrow.value,
        edge.emphasis.value,
        edge.tooltip or "",
        edge.src_cluster or "",
        edge.dst_cluster or "",
        edge.constraint,
    )


def _classes(*names: str) -> str:
    return " ".join(name for name in names if name)


class _Builder:
    """One scene's worth of `diagrams` calls; run inside a copied context (see scene_to_dot)."""

    def __init__(self, scene: Scene, icon_folder: str | None = None) -> None:
        self.scene = scene
        self.icon_folder = icon_folder
        self.node_ids: dict[str, str] = {}
        self.made: dict[str, Any] = {}
        taken: dict[str, str] = {}
        for node in scene.nodes:
            self.node_ids[node.id] = self._unique(dot_id(node.id), node.id, taken, "node")
        self.cluster_names: dict[str, str] = {}
        taken_clusters: dict[str, str] = {}
        for cluster in scene.all_clusters():
            name = "cluster_" + dot_id(cluster.id)
            self.cluster_names[cluster.id] = self._unique(name, cluster.id, taken_clusters, "cluster")
        self.legend_taken = taken

    @staticmethod
    def _unique(candidate: str, raw: str, taken: dict[str, str], what: str) -> str:
        if candidate in taken and taken[candidate] != raw:
            raise ValueError(f"{what} ids {taken[candidate]!r} and {raw!r} both map to DOT id {candidate!r}")
        taken[candidate] = raw
        return candidate

    def build(self) -> str:
        scene = self.scene
        sizes = palette.FONT_SIZES
        title = escape_text(limits.clip(_clean(scene.title), limits.TITLE_CHARS))
        diagram = diagrams.Diagram(
            name=title,
            filename="vpcdocs",
            direction=scene.direction,
            outformat="dot",
            show=False,
            graph_attr={
                **LAYOUT,
                **(DENSE if scene.dense else {}),
                "label": title,
                "labelloc": "t",
                "labeljust": "l",
                "fontname": palette.FONT,
                "fontsize": f"{sizes.title:g}",
                "fontcolor": palette.TEXT,
                "bgcolor": palette.BACKGROUND,
                "rankdir": scene.direction,
                **({"compound": "true"} if any(
                    e.src_cluster or e.dst_cluster for e in scene.edges) else {}),
            },
            node_attr={
                # undo the library's defaults (fixed 1.4 in squares); icon nodes set their own
                "fixedsize": "false",
                "width": "0.8",
                "height": "0.4",
                "labelloc": "c",
                "fontname": palette.FONT,
                "fontsize": f"{sizes.node:g}",
                "fontcolor": palette.TEXT,
            },
            edge_attr={
                "fontname": palette.FONT,
                "fontsize": f"{sizes.edge:g}",
                "fontcolor": palette.TEXT,
                "arrowsize": "0.8",
            },
        )
        diagrams.setdiagram(diagram)
        in_cluster = {node_id for c in scene.all_clusters() for node_id in c.node_ids}
        for cluster in sorted(scene.clusters, key=lambda c: c.id):
            self._cluster(cluster, inherited_link=False)
        for node in sorted(scene.nodes, key=lambda n: n.id):
            if node.id not in in_cluster:
                self._node(node)
        if scene.legend is not None and scene.legend.entries:
            self._legend(scene.legend)
        for edge in sorted(scene.edges, key=_edge_key):
            self._edge(edge)
        self._hints(diagram.dot)
        source: str = diagram.dot.source
        diagrams.setdiagram(None)
        return source

    def _hints(self, graph: Any) -> None:
        """The scene's rows (one rank, in order) and columns (successive ranks) as invisible
        edges; they carry no meaning, only placement."""
        for row in self.scene.rows:
            ids = [self.node_ids[n] for n in row]
            if len(ids) > 1:
                chain = " -> ".join(ids)
                graph.body.append(f"\t{{rank=same; {chain} [style=invis]}}\n")
        for column in self.scene.columns:
            ids = [self.node_ids[n] for n in column]
            for a, b in itertools.pairwise(ids):
                graph.body.append(f"\t{a} -> {b} [style=invis]\n")

    def _cluster(self, cluster: Cluster, *, inherited_link: bool) -> None:
        look = palette.cluster_look(cluster.kind, cluster.emphasis)
        attrs = {
            "label": _cluster_label(cluster),
            "style": look.style,
            "fillcolor": look.fill,
            "pencolor": look.border,
            "penwidth": f"{look.penwidth:g}",
            "fontname": palette.FONT,
            "fontsize": f"{palette.FONT_SIZES.cluster:g}",
            "fontcolor": palette.MUTED_TEXT if cluster.emphasis is Emphasis.MUTED else palette.TEXT,
            "labeljust": "l",
            "margin": "12",
            "tooltip": _tooltip(cluster.tooltip if cluster.tooltip is not None else cluster.label),
            "class": _classes("cluster-" + cluster.kind.value, _emphasis_class(cluster.emphasis)),
        }
        url = _url(cluster.link) if cluster.link is not None else None
        if url is not None:
            attrs["URL"] = url
        elif inherited_link:
            attrs["URL"] = ""  # a subgraph inherits its parent's URL unless it sets its own
        with diagrams.Cluster(label=attrs["label"], graph_attr=attrs) as made:
            name = self.cluster_names[cluster.id]
            made.name = name
            made.dot.name = name
            made.dot.graph_attr.pop("bgcolor", None)
            made.dot.graph_attr.pop("rankdir", None)
            made.dot.graph_attr.pop("shape", None)
            for node_id in sorted(cluster.node_ids):
                self._node(self.scene.node(node_id))
            for child in sorted(cluster.clusters, key=lambda c: c.id):
                self._cluster(child, inherited_link=inherited_link or cluster.link is not None)

    def _node(self, node: Node) -> None:
        lines = _wrap(node.label)
        attrs: dict[str, str] = {
            "tooltip": _tooltip(node.tooltip if node.tooltip is not None else node.label),
        }
        css = _emphasis_class(node.emphasis)
        if css:
            attrs["class"] = css
        url = _url(node.link) if node.link is not None else None
        if url is not None:
            attrs["URL"] = url
        if node.emphasis is Emphasis.MUTED:
            attrs["fontcolor"] = palette.MUTED_TEXT
        if node.icon is None and not node.details and not node.numbers:
            label = escape_text("\n".join(lines))
            bold = ",bold" if palette.emphasis_color(node.emphasis) is not None else ""
            if node.emphasis is Emphasis.REMOVED:
                bold = ",dashed"
                attrs["penwidth"] = "2"
            attrs.update(
                shape="box",
                style="rounded,filled" + bold,
                fillcolor=palette.BACKGROUND,
                color=_node_border(node.emphasis),
                margin="0.12,0.06",
            )
        else:
            # An HTML-like label puts the icon above the text in one table, so the node is as
            # wide as its longest line and text never overlaps the icon. The icon file name is
            # relative; Graphviz finds it through imagepath at render time.
            image = None if node.icon is None else icon_file(node.icon) \
                if self.icon_folder is None else f"{self.icon_folder}/{standalone_icon(node.icon)}"
            label = _icon_label(image, lines, node.emphasis, node.details, node.numbers)
            if node.icon is None:  # a text box with details or badges: drawn as a box
                attrs.update(shape="box", style="rounded,filled", fillcolor=palette.BACKGROUND,
                             color=_node_border(node.emphasis), margin="0.06,0.03")
            else:
                attrs.update(shape="plain")
        # Plain `diagrams.Node`: the icon classes would compute an absolute image path.
        self.made[node.id] = diagrams.Node(label, nodeid=self.node_ids[node.id], **attrs)

    def _legend(self, legend: Legend) -> None:
        """One compact node: a table of line samples (box-drawing text in the edge colours).
        A single node keeps the legend from stretching the ranks of the picture."""
        rows = [f'<tr><td colspan="2" align="left"><b>{_html(legend.title)}</b></td></tr>']
        for entry in legend.entries:
            look = palette.edge_look(entry.edge_style)
            rows.append(
                f'<tr><td align="left"><font color="{look.color}">{look.sample}</font></td>'
                f'<td align="left">{_html(entry.label)}</td></tr>'
            )
        label = (
            f'<<table border="1" color="{palette.MUTED_LINE}" style="rounded" cellborder="0" '
            f'cellspacing="0" cellpadding="3" bgcolor="{palette.BACKGROUND}">' + "".join(rows) + "</table>>"
        )
        node_id = self._unique(_LEGEND_NODE, "(legend)", self.legend_taken, "node")
        diagrams.Node(
            label,
            nodeid=node_id,
            shape="plain",
            fontsize=f"{palette.FONT_SIZES.legend:g}",
            tooltip=_tooltip(legend.title),
            **{"class": "legend"},
        )

    def _edge(self, edge: Edge) -> None:
        look = palette.edge_look(edge.style, edge.emphasis)
        attrs: dict[str, str] = {
            "color": look.color,
            "penwidth": f"{look.penwidth:g}",
            "arrowhead": look.arrowhead,
            "tooltip": _tooltip(_edge_text(edge, self.scene)),
            "class": _classes(edge.style.value, _emphasis_class(edge.emphasis)),
            "fontname": palette.FONT,
            "fontsize": f"{palette.FONT_SIZES.edge:g}",
            "fontcolor": palette.TEXT,
        }
        if edge.arrow is Arrow.BOTH:
            attrs["arrowtail"] = look.arrowhead
        if not edge.constraint:
            attrs["constraint"] = "false"
        if edge.src_cluster is not None:
            attrs["ltail"] = self.cluster_names[edge.src_cluster]
        if edge.dst_cluster is not None:
            attrs["lhead"] = self.cluster_names[edge.dst_cluster]
        if edge.emphasis is Emphasis.MUTED:
            attrs["fontcolor"] = palette.MUTED_TEXT
        label = _edge_label(edge, look.color)
        if label is not None:
            attrs["labeltooltip"] = attrs["tooltip"]
        made = diagrams.Edge(
            forward=edge.arrow in (Arrow.FORWARD, Arrow.BOTH),
            reverse=edge.arrow is Arrow.BOTH,
            label=label or "",
            style=look.style,
            **attrs,
        )
        self.made[edge.src].connect(self.made[edge.dst], made)


def _emphasis_class(emphasis: Emphasis) -> str:
    return "" if emphasis is Emphasis.NORMAL else emphasis.value


def _node_border(emphasis: Emphasis) -> str:
    frame = palette.emphasis_color(emphasis)
    if frame is not None:
        return frame
    if emphasis is Emphasis.MUTED:
        return palette.MUTED_LINE
    return "#7B8894"


def dot_names(scene: Scene) -> tuple[dict[str, str], dict[str, str]]:
    """({scene node id: DOT node id}, {scene cluster id: DOT subgraph name}) as `scene_to_dot`
    names them: how Graphviz's layout output (``dot -Tjson``) is read back (`render.drawio`)."""
    builder = _Builder(scene)
    return dict(builder.node_ids), dict(builder.cluster_names)


def standalone_icon(icon: str) -> str:
    """The file name of a logical icon beside a standalone DOT file (``nat-gateway.png``)."""
    return f"{icon}.png"


def scene_to_dot(scene: Scene, *, icon_folder: str | None = None) -> DotSource:
    """The scene as Graphviz DOT text: deterministic bytes, no absolute path, no random id.

    Nothing is rendered and no file is written. Icons are file names relative to `icon_dirs()`,
    so render with ``dot -Gimagepath=<icon_dirs()>`` (see `vpcdocs.render.graphviz_run`). With
    `icon_folder` (a relative folder name), icons are ``<icon_folder>/<icon>.png`` instead: a
    standalone file that plain `dot` renders from its folder, next to `standalone_icons(scene)`.
    The text is a `DotSource`: it carries the scene's origin and subject for error messages.
    """
    context = contextvars.copy_context()
    return DotSource(context.run(_Builder(scene, icon_folder).build), scene.origin, scene.subject)


def standalone_icons(scene: Scene) -> dict[str, bytes]:
    """{`standalone_icon` name: PNG bytes} of the icons a scene uses: what a DOT file made with
    `scene_to_dot(scene, icon_folder=F)` needs in folder F beside it to render with plain `dot`
    run from its folder."""
    used = sorted({n.icon for n in scene.nodes if n.icon is not None})
    return {standalone_icon(icon): icon_path(icon_file(icon)).read_bytes() for icon in used}


def used_icons(scenes: Iterable[Scene]) -> list[str]:
    """The relative icon files that these scenes use, sorted (e.g. for packaging or checks)."""
    return sorted({icon_file(n.icon) for s in scenes for n in s.nodes if n.icon is not None})
