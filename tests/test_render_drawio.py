"""Scenes as diagrams.net files: golden files, valid mxGraph XML, every scene node and edge
present, each node's geometry inside its container, AWS library shapes, links only under a link
base, the same bytes on every run, and the `.drawio` suffix through the CLI.

Needs the Graphviz `dot` program (the layout comes from `dot -Tjson`): skipped without it on a
developer machine, failing in CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from views_support import all_views, loaded

from vpcdocs.render import graphviz_run
from vpcdocs.render.dot import dot_names
from vpcdocs.render.drawio import AWS_SHAPES, scene_to_drawio
from vpcdocs.render.scene import ICON_NAMES, Scene
from vpcdocs.render.views import flow_view, overview

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def needs_dot() -> None:
    if graphviz_run.find_dot() is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz `dot` is missing in CI")
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz); CI runs this")


def cells(data: bytes) -> tuple[ET.Element, dict[str, tuple[ET.Element, ET.Element]]]:
    """The mxfile root and {cell id: (UserObject or mxCell, its mxCell)}."""
    root = ET.fromstring(data)
    assert root.tag == "mxfile"
    model = root.find("diagram/mxGraphModel/root")
    assert model is not None
    found: dict[str, tuple[ET.Element, ET.Element]] = {}
    for child in model:
        cell = child if child.tag == "mxCell" else child.find("mxCell")
        assert cell is not None and child.get("id"), ET.tostring(child)
        assert child.get("id") not in found, child.get("id")
        found[str(child.get("id"))] = (child, cell)
    return root, found


def geometry(cell: ET.Element) -> tuple[float, float, float, float]:
    g = cell.find("mxGeometry")
    assert g is not None
    return (float(g.get("x", 0)), float(g.get("y", 0)), float(g.get("width", 0)),
            float(g.get("height", 0)))


def check_structure(scene: Scene, data: bytes) -> None:
    _, found = cells(data)
    nodes, clusters = dot_names(scene)
    assert found["0"][1].get("parent") is None and found["1"][1].get("parent") == "0"
    for cluster in scene.all_clusters():
        holds = any(c.node_ids for c in cluster.walk())
        assert (f"c-{clusters[cluster.id].removeprefix('cluster_')}" in found) == holds, cluster.id
    container = {n: f"c-{clusters[c.id].removeprefix('cluster_')}"
                 for c in scene.all_clusters() for n in c.node_ids}
    for node in scene.nodes:
        holder, cell = found[f"n-{nodes[node.id]}"]
        assert cell.get("vertex") == "1"
        assert cell.get("parent") == container.get(node.id, "1"), node.id
        if node.icon is not None:
            assert AWS_SHAPES[node.icon][0] in (cell.get("style") or "")
        assert node.label.split("\n")[-1].replace("&", "&amp;").replace("<", "&lt;") in (
            holder.get("label") or "")
    for cell_id, (_, cell) in found.items():  # geometry inside its container
        parent = cell.get("parent")
        if cell.get("vertex") != "1" or parent == "1":
            continue
        x, y, w, h = geometry(cell)
        _, _, pw, ph = geometry(found[str(parent)][1])
        assert x >= -0.5 and y >= -0.5 and x + w <= pw + 0.5 and y + h <= ph + 0.5, cell_id
    edges = [(c.get("source"), c.get("target")) for _, c in found.values() if c.get("edge") == "1"]
    assert len(edges) == len(scene.edges)
    for edge in scene.edges:
        src = (f"c-{clusters[edge.src_cluster].removeprefix('cluster_')}" if edge.src_cluster
               else f"n-{nodes[edge.src]}")
        dst = (f"c-{clusters[edge.dst_cluster].removeprefix('cluster_')}" if edge.dst_cluster
               else f"n-{nodes[edge.dst]}")
        assert (src, dst) in edges, (edge.src, edge.dst)


def test_every_icon_has_an_aws_library_shape() -> None:
    assert set(AWS_SHAPES) == set(ICON_NAMES)
    assert all("mxgraph.aws4." in shape for shape, _ in AWS_SHAPES.values())


@pytest.mark.parametrize("case", ["course", "hub-and-spoke"])
def test_every_view_of_the_examples_is_complete_and_nested(case: str) -> None:
    for _, scene in all_views(case):
        check_structure(scene, scene_to_drawio(scene))


def test_the_overview_and_a_cross_region_flow_match_their_goldens(golden) -> None:  # type: ignore[no-untyped-def]
    topo, results = loaded("course")
    golden("render/course-overview.drawio", scene_to_drawio(overview(topo, results, detailed=True),
                                                            link_base="https://docs.example.com/"))
    topo, results = loaded("hub-and-spoke")
    flow = next(r for r in results if r.id == "payments-eu-api-to-ledger-api")
    golden("render/hub-flow-payments-eu-api-to-ledger-api.drawio", scene_to_drawio(
        flow_view(topo, flow)))


def test_links_only_under_a_link_base_and_only_web_or_relative() -> None:
    topo, results = loaded("course")
    scene = overview(topo, results, detailed=True)
    _, plain = cells(scene_to_drawio(scene))
    assert not any(h.get("link") for h, _ in plain.values())
    _, linked = cells(scene_to_drawio(scene, link_base="https://docs.example.com/net"))
    links = [h.get("link") for h, _ in linked.values() if h.get("link")]
    assert "https://docs.example.com/net/vpcs/london-vpc/" in links
    _, bad = cells(scene_to_drawio(scene, link_base="javascript:alert(1)//"))
    assert not any(h.get("link") for h, _ in bad.values())


def test_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    out = [tmp_path / "a.drawio", tmp_path / "b.drawio"]
    for target, cwd in zip(out, (ROOT, tmp_path), strict=True):
        done = subprocess.run(
            [sys.executable, "-m", "vpcdocs", "diagram", str(ROOT / "examples" / "course.yaml"),
             "--flow", "reporting-to-dynamodb", "-o", str(target)],
            cwd=cwd, capture_output=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
    assert out[0].read_bytes() == out[1].read_bytes()
    assert out[0].read_bytes().startswith(b"<mxfile ")
