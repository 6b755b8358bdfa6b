"""Where pages live: every named object links to a page that exists, through the one mapping the
diagrams use, and page paths are portable and distinct even for awkward names."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from vpcdocs.loader import load_file
from vpcdocs.render.markdown import fmt, layout
from vpcdocs.site import page_paths
from vpcdocs.site.diagrams import relink_svg, svg_size
from vpcdocs.site.pages import build_pages
from vpcdocs.write import validate_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("example", ["course", "hub-and-spoke"])
def test_every_named_object_links_to_an_existing_page(example: str) -> None:
    result = load_file(str(ROOT / "examples" / f"{example}.yaml"))
    topology = result.topology
    assert topology is not None
    pages = build_pages(topology, diagrams=False)
    validate_paths(pages)
    for kind, table in topology._tables():
        for name in table:
            ref = layout.ref_for(topology, kind, name)
            assert ref.page is not None, (kind, name)
            path, _, anchor = ref.page.partition("#")
            assert path in pages, (kind, name, ref.page)
            if anchor:
                headings = [
                    line[3:].lower()
                    for line in pages[path].decode().splitlines()
                    if line.startswith("## ")
                ]
                assert anchor.replace("-", " ") in headings, (kind, name, ref.page)
    # the files the site writes are the pages the links (and diagrams) point at
    expected = {
        **{v: page_paths.vpc_page(v) for v in topology.vpcs},
        **{e: page_paths.endpoint_page(e) for e in topology.endpoints},
        **{f: page_paths.flow_page(f) for f in topology.flows},
        **{s: page_paths.service_page(s) for s in topology.endpoint_services},
        **{r: page_paths.region_page(r) for r in topology.regions()},
    }
    for name, path in expected.items():
        kind = topology.kind_of(name) or "region"
        assert layout.ref_for(topology, kind, name).page == path
    assert layout.ref_for(topology, "service", "s3").page is None
    assert layout.ref_for(topology, "internet", "internet").page is None
    for region in topology.regions():
        assert layout.ref_for(topology, "region", region).page == f"regions/{region}/index.md"


def test_page_paths_and_urls() -> None:
    assert page_paths.flow_page("web-to-s3") == "flows/web-to-s3/index.md"
    assert page_paths.flow_page("Web") != page_paths.flow_page("web")  # never one file on macOS
    assert layout.diagram_of("flows/a/index.md") == "flows/a/diagram.svg"
    assert layout.diagram_of("index.md") == "diagram.svg"
    assert layout.url_of("flows/a/index.md#x") == "flows/a/#x"
    assert layout.url_of("pricing.md") == "pricing/"
    assert layout.url_of("index.md") == ""
    assert fmt.relative("flows/a/index.md", "endpoints/e/index.md#dns") == (
        "../../endpoints/e/index.md#dns"
    )
    assert fmt.relative("index.md", "pricing.md") == "pricing.md"


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'width="983pt" height="409pt">'
    b'<a xlink:href="vpcs/app/#subnets"><rect/></a>'
    b'<a xlink:href="flows/x/index.md"><rect/></a>'
    b'<a xlink:href="https://docs.aws.amazon.com/"><rect/></a></svg>'
)


def test_diagram_links_point_at_pages_from_where_the_svg_sits() -> None:
    out = relink_svg(SVG, "flows/web/diagram.svg").decode()
    assert 'xlink:href="../../vpcs/app/index.html#subnets" target="_top"' in out
    assert 'xlink:href="../x/index.html" target="_top"' in out
    assert 'xlink:href="https://docs.aws.amazon.com/"' in out
    assert 'href="https://docs.aws.amazon.com/" target' not in out
    home = relink_svg(SVG, "diagram.svg").decode()
    assert 'xlink:href="vpcs/app/index.html#subnets"' in home
    assert svg_size(SVG) == (1311, 545)
    assert svg_size(b'<svg xmlns="http://www.w3.org/2000/svg" width="100%"/>') == (0, 0)
    # Only the root's start tag is read: after a long prolog, across the reader's 4 KB steps.
    prolog = b'<?xml version="1.0"?>\n<!-- ' + b"x" * 5000 + b" -->\n"
    long_tag = b'<svg xmlns="http://www.w3.org/2000/svg" class="' + b"c" * 9000 + b'" '
    assert svg_size(prolog + long_tag + b'width="30pt" height="1in"><g/></svg>') == (40, 96)
    with pytest.raises(ET.ParseError):
        svg_size(b"<!-- nothing -->")


def test_relinking_while_finishing_writes_what_relinking_after_it_does() -> None:
    """`render_svgs` relinks the tree `finalize_svg` finishes (one parse, not two): the bytes
    are those of relinking the finished SVG afterwards."""
    from vpcdocs.render.dot import icon_dirs
    from vpcdocs.render.svg import finalize_svg
    from vpcdocs.site.diagrams import relink_tree

    for where in ("flows/web/diagram.svg", "diagram.svg"):
        after = relink_svg(finalize_svg(SVG, icon_root=icon_dirs(), link_base=""), where)
        during = finalize_svg(SVG, icon_root=icon_dirs(), link_base="",
                              rewrite=lambda tree, where=where: relink_tree(tree, where))
        assert during == after
        assert b"index.html" in during
