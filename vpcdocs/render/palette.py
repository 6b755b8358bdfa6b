"""Colours, dash patterns and font sizes of vpcdocs diagrams, in one place.

Chosen to read in light and dark docs themes: the picture has its own white background, every
text is dark on a light fill (cluster fills are pale tints, edge labels sit on a white box), and
line colours are mid-saturation so that they hold up on white, in print and for the common kinds
of colour blindness (each edge style also differs by dash pattern or width, not by colour alone).
Change diagrams add green (added) and red (removed); their labels also carry "+" and "−", since
red and green are the pair the commonest colour blindness confuses. Both read on the white
background every diagram has (contrast about 5:1), in light and dark docs themes alike.
Renderers read these values; views never do.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from vpcdocs.render.scene import ClusterKind, EdgeStyle, Emphasis

__all__ = [
    "ADDED",
    "BACKGROUND",
    "CHANGE_FRAME_WIDTH",
    "CLUSTER_LOOKS",
    "EDGE_LOOKS",
    "FONT",
    "HIGHLIGHT",
    "MUTED_LINE",
    "MUTED_TEXT",
    "REMOVED",
    "TEXT",
    "ClusterLook",
    "EdgeLook",
    "FontSizes",
    "cluster_look",
    "edge_look",
    "emphasis_color",
]

TEXT: Final = "#232F3E"  # AWS "squid ink": dark text on every light fill
MUTED_TEXT: Final = "#8A96A3"
MUTED_LINE: Final = "#C3CAD2"
BACKGROUND: Final = "#FFFFFF"
HIGHLIGHT: Final = "#D9730D"  # frame around highlighted nodes
ADDED: Final = "#2E7D32"  # green: lines and frames only the new version of a design has
REMOVED: Final = "#C62828"  # red: lines and frames only the old version has (always dashed)
CHANGE_FRAME_WIDTH: Final = 2.4  # border of an added or removed box, wider than any cluster's
FONT: Final = "Sans-Serif"


@dataclass(frozen=True, slots=True)
class FontSizes:
    """Point sizes, readable at 100 % zoom (Graphviz draws 1 pt as 1 px in SVG)."""

    title: float = 18.0
    cluster: float = 13.0
    node: float = 12.0
    edge: float = 11.0
    legend: float = 11.0
    detail: float = 11.0


FONT_SIZES: Final = FontSizes()


@dataclass(frozen=True, slots=True)
class EdgeLook:
    """How one edge style is drawn: Graphviz colour, style, pen width and arrowhead."""

    color: str
    style: str  # "solid" | "dashed" | "dotted" | "bold"
    penwidth: float
    arrowhead: str = "normal"
    sample: str = "━━━━━━▶"  # the line as box-drawing text, for legends


@dataclass(frozen=True, slots=True)
class ClusterLook:
    """How one kind of box is drawn: fill, border colour, border style and width."""

    fill: str
    border: str
    style: str = "rounded,filled"
    penwidth: float = 1.4


EDGE_LOOKS: Final = MappingProxyType(
    {
        EdgeStyle.BACKBONE: EdgeLook("#2B7BB9", "solid", 1.6),
        EdgeStyle.INTERNET: EdgeLook("#D9730D", "solid", 2.4),
        EdgeStyle.CROSS_REGION: EdgeLook("#8E5BB5", "dashed", 1.8, sample="╍╍╍╍╍╍▶"),
        EdgeStyle.BLOCKED: EdgeLook("#C62828", "dashed", 1.6, "tee", sample="╍╍╍╍╍╍┫"),
        EdgeStyle.NEUTRAL: EdgeLook("#7B8894", "solid", 1.0, sample="──────▶"),
        EdgeStyle.ASSOCIATION: EdgeLook("#8C4FFF", "dotted", 1.4, "none", sample="┈┈┈┈┈┈┈"),
        EdgeStyle.RESOLVES: EdgeLook("#3F7FBF", "dotted", 1.4, sample="┈┈┈┈┈┈▶"),
        EdgeStyle.ADDED: EdgeLook(ADDED, "solid", 2.4),
        EdgeStyle.REMOVED: EdgeLook(REMOVED, "dashed", 2.0, sample="╍╍╍╍╍╍▶"),
    }
)

CLUSTER_LOOKS: Final = MappingProxyType(
    {
        ClusterKind.ACCOUNT: ClusterLook("#FBF3F8", "#C7377E"),
        ClusterKind.REGION: ClusterLook("#F5F7FA", "#5A6B7D", "rounded,filled,dashed"),
        ClusterKind.VPC: ClusterLook("#F1F8EC", "#4E8A21"),
        ClusterKind.AZ: ClusterLook("#F7FAFD", "#3F7FBF", "rounded,filled,dashed"),
        ClusterKind.SUBNET_PUBLIC: ClusterLook("#E8F4DC", "#5E9A2A"),
        ClusterKind.SUBNET_PRIVATE: ClusterLook("#E3EFFA", "#2F6FAF"),
        ClusterKind.ON_PREM: ClusterLook("#F2F2F2", "#6B6B6B"),
        ClusterKind.GROUP: ClusterLook("#FAFAFA", "#9AA5B1"),
    }
)


def emphasis_color(emphasis: Emphasis) -> str | None:
    """The frame colour of a node with this emphasis; None for no frame (normal, muted)."""
    return {
        Emphasis.HIGHLIGHT: HIGHLIGHT,
        Emphasis.ADDED: ADDED,
        Emphasis.REMOVED: REMOVED,
    }.get(emphasis)


def edge_look(style: EdgeStyle, emphasis: Emphasis = Emphasis.NORMAL) -> EdgeLook:
    """The look of an edge of this style, thicker when highlighted, pale when muted. An edge
    emphasised as added or removed is drawn as an addition or a removal, whatever its style."""
    if emphasis is Emphasis.ADDED:
        return EDGE_LOOKS[EdgeStyle.ADDED]
    if emphasis is Emphasis.REMOVED:
        return EDGE_LOOKS[EdgeStyle.REMOVED]
    look = EDGE_LOOKS[style]
    if emphasis is Emphasis.HIGHLIGHT:
        return EdgeLook(look.color, look.style, look.penwidth + 1.2, look.arrowhead, look.sample)
    if emphasis is Emphasis.MUTED:
        return EdgeLook(MUTED_LINE, look.style, 1.0, look.arrowhead, look.sample)
    return look


def cluster_look(kind: ClusterKind, emphasis: Emphasis = Emphasis.NORMAL) -> ClusterLook:
    """The look of a box of this kind: highlighted boxes get a bold border in the highlight
    colour, added ones a wide green border, removed ones a wide red dashed border."""
    look = CLUSTER_LOOKS[kind]
    if emphasis is Emphasis.HIGHLIGHT:
        return ClusterLook(look.fill, HIGHLIGHT, look.style + ",bold")
    if emphasis is Emphasis.ADDED:
        return ClusterLook(look.fill, ADDED, look.style, CHANGE_FRAME_WIDTH)
    if emphasis is Emphasis.REMOVED:
        style = look.style if "dashed" in look.style else look.style + ",dashed"
        return ClusterLook(look.fill, REMOVED, style, CHANGE_FRAME_WIDTH)
    if emphasis is Emphasis.MUTED:
        return ClusterLook("#FBFBFC", MUTED_LINE, look.style)
    return look
