"""The change diagram as a Mermaid flowchart, for the Markdown of `vpcdocs diff`.

GitHub (and GitLab) draw a ```mermaid block inside a pull-request comment, where an SVG file
cannot be attached, so the comment can show the change itself: additions in green, removals in
red and dashed, context in grey, each object in its Region and VPC. It is drawn from the same
`Scene` as `-o FILE` (`diff_view.change_scene`). Node ids are generated (`n0`, `n1` ...) and
labels quoted, so no name can break the syntax. Pure; None when the picture would be too big to
read inline.
"""

from __future__ import annotations

from vpcdocs.render.scene import Cluster, EdgeStyle, Emphasis, Scene

#: Above this many nodes or edges the inline picture is omitted (use -o FILE).
MAX_ITEMS = 60

GREEN = "#2E7D32"
RED = "#C62828"
AMBER = "#B26A00"
GREY = "#9AA5B1"


_NAMED = {'"': "#quot;", "<": "#lt;", ">": "#gt;"}


def _label(text: str) -> str:
    """A quoted Mermaid label that shows `text` as text, whatever it holds. Labels hold names
    (`A-Za-z0-9._-`), regions and vpcdocs' marks today; any other character is written as a
    Mermaid entity code (`#35;`), so no text can close the quotes, start a statement (`;`,
    `click ... href`), use Markdown-string backticks or HTML (`<a href>`, `<img>`)."""
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append("<br/>")
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        elif ch.isalnum() or ch in _PLAIN:
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return '"' + "".join(out) + '"'


_PLAIN = frozenset(" ._-+−~→,()/@")


def _status(label: str) -> str | None:
    for mark, status in (("+ ", "added"), ("− ", "removed"), ("~ ", "changed")):
        if label.startswith(mark):
            return status
    return None


def change_mermaid(scene: Scene) -> str | None:
    """The scene as Mermaid text, or None when it has more than `MAX_ITEMS` nodes or edges."""
    if len(scene.nodes) > MAX_ITEMS or len(scene.edges) > MAX_ITEMS or not scene.edges:
        return None
    ids = {node.id: f"n{i}" for i, node in enumerate(sorted(scene.nodes, key=lambda n: n.id))}
    lines = ["flowchart LR"]
    placed: set[str] = set()

    def node_line(node_id: str, indent: str) -> str:
        node = scene.node(node_id)
        placed.add(node_id)
        status = _status(node.label)
        suffix = f":::{status}" if status else ""
        return f"{indent}{ids[node_id]}[{_label(node.label)}]{suffix}"

    def cluster(c: Cluster, depth: int, counter: list[int]) -> None:
        indent = "  " * depth
        counter[0] += 1
        lines.append(f"{indent}subgraph c{counter[0]}[{_label(c.label)}]")
        for child in c.clusters:
            cluster(child, depth + 1, counter)
        for node_id in c.node_ids:
            lines.append(node_line(node_id, indent + "  "))
        lines.append(f"{indent}end")

    counter = [0]
    for c in scene.clusters:
        cluster(c, 1, counter)
    for node in sorted(scene.nodes, key=lambda n: n.id):
        if node.id not in placed:
            lines.append(node_line(node.id, "  "))
    styles: list[str] = []
    edges = sorted(scene.edges, key=lambda e: (e.src, e.dst))
    for i, edge in enumerate(edges):
        arrow = "-.->" if edge.style is EdgeStyle.BLOCKED else "-->"
        text = f"|{_label(edge.label)}|" if edge.label else ""
        lines.append(f"  {ids[edge.src]} {arrow}{text} {ids[edge.dst]}")
        if edge.style is EdgeStyle.BLOCKED:
            styles.append(f"  linkStyle {i} stroke:{RED},stroke-width:2px")
        elif edge.emphasis is Emphasis.HIGHLIGHT:
            styles.append(f"  linkStyle {i} stroke:{GREEN},stroke-width:3px")
        else:
            styles.append(f"  linkStyle {i} stroke:{GREY}")
    lines += styles
    lines += [
        f"  classDef added stroke:{GREEN},stroke-width:3px,color:{GREEN}",
        f"  classDef removed stroke:{RED},stroke-width:2px,stroke-dasharray:5 5,color:{RED}",
        f"  classDef changed stroke:{AMBER},stroke-width:3px",
    ]
    return "\n".join(lines) + "\n"


__all__ = ["MAX_ITEMS", "change_mermaid"]
