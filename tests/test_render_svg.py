"""SVG (and PNG/PDF) output: well-formed, self-contained, icons embedded once, links, stable bytes.

Tests that need the Graphviz `dot` program skip without it on a developer machine, and fail in CI
(CI=true), which installs Graphviz, so that they really run there.
"""

from __future__ import annotations

import base64
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from vpcdocs.render import graphviz_run
from vpcdocs.render.dot import icon_file, icon_root
from vpcdocs.render.draw import draw
from vpcdocs.render.scene import Node, Scene
from vpcdocs.render.scene_examples import EXAMPLES, review_sample
from vpcdocs.render.svg import SVG_NS, XLINK_NS, SvgError, embedded_icon, finalize_svg, join_link

HREF = f"{{{XLINK_NS}}}href"
BASE = "https://docs.example.com/net"
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/(?:usr|home|root|tmp|opt|work|var|Users)/|[A-Za-z]:\\)")


@pytest.fixture
def needs_dot() -> None:
    if graphviz_run.find_dot() is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz `dot` is missing in CI; scripts/bootstrap.sh must install it")
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz); CI runs this")


def tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


def check_self_contained(data: bytes, link_base: str | None) -> ET.Element:
    text = data.decode("utf-8")
    assert text.startswith("<?xml")
    assert "<!--" not in text, "comments carry Graphviz versions and ids"
    assert "file:" not in text
    assert not ABSOLUTE_PATH.search(text), ABSOLUTE_PATH.search(text)
    assert str(icon_root()) not in text and "site-packages" not in text
    root = ET.fromstring(data)  # well-formed
    assert root.tag == tag("svg")
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for element in root.iter():
        href = element.get(HREF) or element.get("href")
        if href is None:
            continue
        if href.startswith("#"):
            assert href[1:] in ids, f"dangling reference {href}"
        elif href.startswith("data:image/png;base64,"):
            assert element.tag == tag("image")
        else:
            assert link_base is not None and href.startswith(link_base + "/"), href
    return root


def test_svg_is_well_formed_self_contained_and_embeds_each_icon_once(needs_dot: None) -> None:
    scene = review_sample()
    data = draw(scene, "svg", link_base=BASE)
    root = check_self_contained(data, BASE)

    defs = root.find(tag("defs"))
    assert defs is not None
    images = list(root.iter(tag("image")))
    assert all(image in list(defs) for image in images), "every raster lives in <defs> only"
    distinct = {icon_file(n.icon) for n in scene.nodes if n.icon is not None}
    assert len(images) == len(distinct)
    uses = list(root.iter(tag("use")))
    assert len(uses) == sum(1 for n in scene.nodes if n.icon is not None)

    # The embedded bytes are each icon file's small copy (scripts/shrink_icons.py), or the file
    # itself when it has none.
    embedded = {base64.b64decode((image.get(HREF) or "").split(",", 1)[1]) for image in images}
    assert embedded == {embedded_icon((icon_root() / name).read_bytes()) for name in distinct}


def test_svg_links_tooltips_and_titles(needs_dot: None) -> None:
    root = check_self_contained(draw(review_sample(), "svg", link_base=BASE), BASE)
    links = {a.get(HREF) for a in root.iter(tag("a")) if a.get(HREF)}
    assert f"{BASE}/services/s3/" in links and f"{BASE}/vpcs/prod/" in links
    titles = {t.text for t in root.iter(tag("title"))}
    assert "Amazon S3\neu-west-1" in titles  # the tooltip, not the DOT id
    assert "prod network — overview" in titles
    assert not any(t and re.fullmatch(r"\w+_[0-9a-f]{8}", t) for t in titles)


def test_svg_without_link_base_has_no_links(needs_dot: None) -> None:
    root = check_self_contained(draw(review_sample(), "svg"), None)
    assert not [a for a in root.iter(tag("a")) if a.get(HREF)]


def test_svg_bytes_are_stable(needs_dot: None) -> None:
    scene = EXAMPLES["numbered_flow"]()
    assert draw(scene, "svg", link_base=BASE) == draw(scene, "svg", link_base=BASE)


def test_muted_elements_are_faded(needs_dot: None) -> None:
    root = check_self_contained(draw(EXAMPLES["numbered_flow"](), "svg"), None)
    faded = [g for g in root.iter(tag("g")) if "muted" in (g.get("class") or "").split()]
    assert faded and all(g.get("opacity") == "0.5" for g in faded)


def test_hostile_text_stays_literal_in_svg(needs_dot: None) -> None:
    root = check_self_contained(draw(EXAMPLES["hostile_text"](), "svg"), None)
    texts = {t.text for t in root.iter(tag("text"))}
    assert "<b>x</b>" in texts and "<td>&amp;</td>" in texts


def test_png_and_pdf_come_from_graphviz_and_pdf_is_reproducible(needs_dot: None) -> None:
    scene = EXAMPLES["equal_labels"]()
    png = draw(scene, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pdf = draw(scene, "pdf")
    assert pdf.startswith(b"%PDF")
    assert draw(scene, "pdf") == pdf
    assert b"/CreationDate (D:19700101000000" in pdf


def test_missing_graphviz_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(graphviz_run.DOT_ENV, "/nonexistent/dot-binary")
    with pytest.raises(graphviz_run.RenderError) as caught:
        draw(Scene("t", nodes=(Node("a", "a"),)), "svg")
    message = str(caught.value)
    assert "\n" not in message
    assert "apt-get install graphviz" in message and "brew install graphviz" in message
    assert graphviz_run.graphviz_version() is None
    # DOT needs no Graphviz at all.
    assert draw(Scene("t", nodes=(Node("a", "a"),)), "dot").startswith(b"digraph t {")


def test_graphviz_failure_is_a_render_error(needs_dot: None) -> None:
    with pytest.raises(graphviz_run.RenderError, match="Graphviz dot failed"):
        graphviz_run.render("digraph { a -> }", "svg")
    with pytest.raises(ValueError, match="unknown format"):
        graphviz_run.render("digraph {}", "jpg")


# --- finalize_svg on hand-written input (no Graphviz needed) ---------------------------------

RAW = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Generated by graphviz version 2.43.0 (0) -->
<svg width="100pt" height="100pt" viewBox="0 0 100 100"
 xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph"><title>t</title>
<!-- n1 -->
<g id="node1" class="node muted"><title>n1</title>
<g id="a_node1"><a xlink:href="vpcs/a/" xlink:title="Node one">
<image xlink:href="{href}" width="54px" height="54px" preserveAspectRatio="xMinYMin meet" x="1" y="2"/>
</a></g></g>
<g id="node2" class="node"><title>n2</title>
<image xlink:href="{href}" width="54px" height="54px" preserveAspectRatio="xMinYMin meet" x="3" y="4"/>
</g></g></svg>
"""


def raw_svg(href: str) -> bytes:
    return RAW.replace("{href}", href).encode()


def test_finalize_replaces_images_by_uses_of_one_definition() -> None:
    name = icon_file("nat-gateway")
    out = finalize_svg(raw_svg(name), icon_root=icon_root(), link_base="../")
    root = ET.fromstring(out)
    images = list(root.iter(tag("image")))
    uses = list(root.iter(tag("use")))
    assert len(images) == 1 and len(uses) == 2
    assert images[0].get("id") == "icon-aws-network-nat-gateway"
    assert images[0].get("width") == "54px" and images[0].get("preserveAspectRatio")
    assert [(u.get(HREF), u.get("x"), u.get("y")) for u in uses] == [
        ("#icon-aws-network-nat-gateway", "1", "2"),
        ("#icon-aws-network-nat-gateway", "3", "4"),
    ]
    assert b"<!--" not in out and b"DOCTYPE" not in out and b"2.43" not in out
    node = next(g for g in root.iter(tag("g")) if g.get("id") == "node1")
    assert node.get("opacity") == "0.5"
    title = node.find(tag("title"))
    assert title is not None and title.text == "Node one"
    assert [a.get(HREF) for a in root.iter(tag("a"))] == ["../vpcs/a/"]
    assert finalize_svg(raw_svg(name), icon_root=icon_root(), link_base="../") == out


def test_finalize_accepts_an_absolute_icon_path_inside_the_icon_folder() -> None:
    absolute = str(icon_root() / icon_file("s3"))
    out = finalize_svg(raw_svg(absolute), icon_root=icon_root())
    assert absolute.encode() not in out
    assert b'id="icon-aws-storage-simple-storage-service-s3"' in out


@pytest.mark.parametrize("href", ["../../etc/passwd", "/etc/passwd", "aws/no-such-icon.png"])
def test_finalize_refuses_images_it_cannot_embed_safely(href: str) -> None:
    with pytest.raises(SvgError):
        finalize_svg(raw_svg(href), icon_root=icon_root())


def test_finalize_refuses_non_png_and_broken_input(tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(b"GIF89a not a png")
    with pytest.raises(SvgError, match="not a PNG"):
        finalize_svg(raw_svg("x.png"), icon_root=tmp_path)
    with pytest.raises(SvgError, match="invalid SVG"):
        finalize_svg(b"<svg", icon_root=tmp_path)


@pytest.mark.parametrize(
    ("base", "link", "expected"),
    [
        ("https://x/docs", "vpcs/a/", "https://x/docs/vpcs/a/"),
        ("https://x/docs/", "vpcs/a/", "https://x/docs/vpcs/a/"),
        ("../", "vpcs/a/", "../vpcs/a/"),
        ("", "vpcs/a/", "vpcs/a/"),
    ],
)
def test_join_link(base: str, link: str, expected: str) -> None:
    assert join_link(base, link) == expected
