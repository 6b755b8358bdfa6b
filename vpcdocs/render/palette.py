"""Colours, dash patterns and font sizes of vpcdocs diagrams, in one place.

Chosen to read in light and dark docs themes: the picture has its own white background, every
text is dark on a light fill (cluster fills are pale tints, edge labels sit on a white box), and
line colours are mid-saturation so that they hold up on white, in print and for the common kinds
of colour blindness (each edge style also differs by dash pattern or width, not by colour alone).
Renderers read these values; views never do.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from vpcdocs.render.scene import ClusterKind, EdgeStyle, Emphasis

__all__ = [
    "BACKGROUND",
    "CLUSTER_LOOKS",
    "EDGE_LOOKS",
    "FONT",
    "HIGHLIGHT",
    "MUTED_LINE",
    "MUTED_TEXT",
    "TEXT",
    "ClusterLook",
    "EdgeLook",
    "FontSizes",
    "cluster_look",
    "edge_look",
]

TEXT: Final = "#232F3E"  # AWS "squid ink": dark text on every light fill
MUTED_TEXT: Final = "#8A96A3"
MUTED_LINE: Final = "#C3CAD2"
BACKGROUND: Final = "#FFFFFF"
HIGHLIGHT: Final = "#D9730D"  # frame around highlighted nodes
FONT: Final = "Sans-Serif"


@dataclass(frozen=True, slots=True)
class FontSizes:
    """Point sizes, readable at 100 % zoom (Graphviz draws 1 pt as 1 px in SVG)."""

    title: float = 18.0
    cluster: float = 13.0
    node: float = 12.0
    edge: float = 11.0
    legend: float = 11.0


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
    """How one kind of box is drawn: fill, border colour and border style."""

    fill: str
    border: str
    style: str = "rounded,filled"


EDGE_LOOKS: Final = MappingProxyType(
    {
        EdgeStyle.BACKBONE: EdgeLook("#2B7BB9", "solid", 1.6),
        EdgeStyle.INTERNET: EdgeLook("#D9730D", "solid", 2.4),
        EdgeStyle.CROSS_REGION: EdgeLook("#8E5BB5", "dashed", 1.8, sample="╍╍╍╍╍╍▶"),
        EdgeStyle.BLOCKED: EdgeLook("#C62828", "dashed", 1.6, "tee", sample="╍╍╍╍╍╍┫"),
        EdgeStyle.NEUTRAL: EdgeLook("#7B8894", "solid", 1.0, sample="──────▶"),
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


def edge_look(style: EdgeStyle, emphasis: Emphasis = Emphasis.NORMAL) -> EdgeLook:
    """The look of an edge of this style, thicker when highlighted, pale when muted."""
    look = EDGE_LOOKS[style]
    if emphasis is Emphasis.HIGHLIGHT:
        return EdgeLook(look.color, look.style, look.penwidth + 1.2, look.arrowhead, look.sample)
    if emphasis is Emphasis.MUTED:
        return EdgeLook(MUTED_LINE, look.style, 1.0, look.arrowhead, look.sample)
    return look


def cluster_look(kind: ClusterKind, emphasis: Emphasis = Emphasis.NORMAL) -> ClusterLook:
    """The look of a box of this kind; highlighted boxes get the highlight border colour."""
    look = CLUSTER_LOOKS[kind]
    if emphasis is Emphasis.HIGHLIGHT:
        return ClusterLook(look.fill, HIGHLIGHT, look.style + ",bold")
    if emphasis is Emphasis.MUTED:
        return ClusterLook("#FBFBFC", MUTED_LINE, look.style)
    return look
