"""Views drawn as SVG: well-formed, self-contained (icons embedded once as data URIs, no path,
no external reference but the docs links), tooltips on every node, links under `link_base`.

Needs the Graphviz `dot` program: skipped without it on a developer machine, failing in CI.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pytest
from views_support import loaded

from vpcdocs.render import graphviz_run
from vpcdocs.render.draw import draw
from vpcdocs.render.svg import SVG_NS, XLINK_NS
from vpcdocs.render.views import flow_view, link_base_for, overview, service_view, vpc_view

HREF = f"{{{XLINK_NS}}}href"
XTITLE = f"{{{XLINK_NS}}}title"
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/(?:usr|home|root|tmp|opt|work|var|Users)/|[A-Za-z]:\\|file:)")


@pytest.fixture
def needs_dot() -> None:
    if graphviz_run.find_dot() is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz `dot` is missing in CI")
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz); CI runs this")


def tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


def check(data: bytes, link_base: str | None) -> ET.Element:
    text = data.decode("utf-8")
    assert "<!--" not in text and not ABSOLUTE_PATH.search(text)
    root = ET.fromstring(data)
    assert root.tag == tag("svg")
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    images = list(root.iter(tag("image")))
    defs = root.find(tag("defs"))
    assert defs is not None and all(image in list(defs) for image in images)
    payloads = [image.get(HREF) or "" for image in images]
    assert all(p.startswith("data:image/png;base64,") for p in payloads)
    assert len(payloads) == len(set(payloads)), "each icon is embedded once"
    for element in root.iter():
        href = element.get(HREF) or element.get("href")
        if href is None or href.startswith("data:"):
            continue
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            assert link_base is not None and href.startswith(link_base), href
    return root


def node_titles(root: ET.Element) -> list[str]:
    return [
        (group.findtext(tag("title")) or "")
        for group in root.iter(tag("g"))
        if "node" in (group.get("class") or "").split()
    ]


def test_overview_svg_is_self_contained_with_links_and_tooltips(needs_dot: None) -> None:
    topo, results = loaded("hub-and-spoke")
    scene = overview(topo, results, detailed=True)
    base = "https://docs.example.com/net/"
    root = check(draw(scene, "svg", link_base=base), base)
    links = {a.get(HREF) for a in root.iter(tag("a")) if a.get(HREF)}
    assert base + "vpcs/use1-shared-vpc/" in links
    assert base + "vpcs/use1-shared-vpc/#endpoints" in links  # a subnet's 6 endpoint ENIs
    assert base + "endpoints/euw1-ledger-if/" in links
    assert base + "regions/us-east-1/#transit-gateways" in links
    titles = node_titles(root)
    assert len(titles) >= len(scene.nodes)
    assert any("ENI of endpoint euw1-ledger-if (ledger-api)" in t for t in titles), \
        "tooltips, not DOT ids"
    assert any("use1-sqs-if (sqs)" in t for t in titles)


def test_flow_svg_from_its_page_folder_links_relatively(needs_dot: None) -> None:
    topo, results = loaded("course")
    result = next(r for r in results if r.id == "web-to-s3-us-east-1")
    base = link_base_for("flows/web-to-s3-us-east-1/diagram.svg")
    root = check(draw(flow_view(topo, result), "svg", link_base=base), base)
    links = {a.get(HREF) for a in root.iter(tag("a")) if a.get(HREF)}
    assert "../../vpcs/london-vpc/#workloads" in links
    edge_tips = [a.get(XTITLE) or "" for a in root.iter(tag("a"))]
    assert any("0.0.0.0/0" in t for t in edge_tips)


def test_svg_without_link_base_has_no_links(needs_dot: None) -> None:
    topo, results = loaded("privatelink")
    data = draw(service_view(topo, results, "api-svc"), "svg")
    root = check(data, None)
    assert not [a for a in root.iter(tag("a")) if a.get(HREF)]


def test_vpc_svg_is_stable_bytes(needs_dot: None) -> None:
    topo, results = loaded("course")
    scene = vpc_view(topo, results, "london-vpc")
    assert draw(scene, "svg", link_base="../../") == draw(scene, "svg", link_base="../../")
