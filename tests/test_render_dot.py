"""Scene → DOT: golden files, determinism across processes, escaping, safe ids, no paths or uuids.

Also the scene model's own checks, since a view's mistake must fail where it is made.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vpcdocs.render import dot as dot_module
from vpcdocs.render.draw import format_for_path
from vpcdocs.render.scene import (
    ICON_NAMES,
    Cluster,
    ClusterKind,
    Edge,
    EdgeStyle,
    Node,
    Scene,
    default_legend,
)
from vpcdocs.render.scene_examples import EXAMPLES, synthetic_scene

REPO = Path(__file__).resolve().parent.parent
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/(?:usr|home|root|tmp|opt|work|var|Users)/|[A-Za-z]:\\|file:)")
UUID_HEX = re.compile(r"\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


def all_dot() -> str:
    return "".join(f"// {name}\n{dot_module.scene_to_dot(make())}" for name, make in EXAMPLES.items())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_dot_matches_golden(name: str, golden) -> None:  # type: ignore[no-untyped-def]
    golden(f"render/{name}.dot", dot_module.scene_to_dot(EXAMPLES[name]()))


def test_dot_is_identical_across_processes_hash_seeds_and_folders(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from vpcdocs.render.dot import scene_to_dot\n"
        "from vpcdocs.render.scene_examples import EXAMPLES, synthetic_scene\n"
        "out = ''.join(scene_to_dot(make()) for _, make in sorted(EXAMPLES.items()))\n"
        "out += scene_to_dot(synthetic_scene(60, 8, 80))\n"
        "sys.stdout.buffer.write(out.encode('utf-8'))\n"
    )
    outputs = []
    for seed in ("1", "4242"):
        folder = tmp_path / f"cwd-{seed}"
        folder.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=folder,
            env=env,
            capture_output=True,
            check=True,
            timeout=120,
        )
        outputs.append(done.stdout)
        assert list(folder.iterdir()) == [], "building DOT wrote into the working directory"
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000


def test_nothing_is_written_to_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    all_dot()
    assert list(tmp_path.iterdir()) == []


def test_dot_has_no_absolute_path_and_no_uuid() -> None:
    text = all_dot() + dot_module.scene_to_dot(synthetic_scene(100, 12, 120))
    assert not ABSOLUTE_PATH.search(text), ABSOLUTE_PATH.search(text)
    assert not UUID_HEX.search(text), UUID_HEX.search(text)
    assert "site-packages" not in text
    assert str(dot_module.icon_root()) not in text


def test_builder_leaves_diagrams_global_state_untouched() -> None:
    import diagrams

    before = (diagrams.getdiagram(), diagrams.getcluster())
    dot_module.scene_to_dot(EXAMPLES["numbered_flow"]())
    assert (diagrams.getdiagram(), diagrams.getcluster()) == before


def test_html_looking_label_is_literal_text() -> None:
    scene = Scene("t", nodes=(Node("a", "<b>x</b>", icon="ec2"), Node("b", "<b>y</b>")))
    text = dot_module.scene_to_dot(scene)
    # icon node: inside an HTML-like label, so entities; plain node: a quoted string.
    assert "&lt;b&gt;x&lt;/b&gt;" in text
    assert 'label="<b>y</b>"' in text
    assert 'tooltip="<b>x</b>"' in text  # quoted, so literal
    assert "label=<b>" not in text and "<td><b>x" not in text


def test_quotes_backslashes_and_newlines_are_escaped() -> None:
    scene = Scene('say "hi"', nodes=(Node("a", 'q"\\N\nz'),))
    text = dot_module.scene_to_dot(scene)
    assert 'label="q\\"\\\\N\\nz"' in text  # q\" \\N \n z: quote, literal backslash, line break
    assert 'digraph "say \\"hi\\""' in text


def test_escaped_text_lays_out(tmp_path: Path) -> None:
    """Graphviz itself accepts every golden case (skipped without Graphviz)."""
    from vpcdocs.render.graphviz_run import find_dot

    if find_dot() is None:
        pytest.skip("Graphviz `dot` is not installed (CI installs it)")
    for name, make in sorted(EXAMPLES.items()):
        done = subprocess.run(
            [find_dot() or "dot", "-Tplain",
             "-Gimagepath=" + os.pathsep.join(map(str, dot_module.icon_dirs()))],
            input=dot_module.scene_to_dot(make()).encode(),
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, (name, done.stderr)
        assert b"Warning" not in done.stderr and b"Error" not in done.stderr, (name, done.stderr)


def test_hostile_text_survives_a_graphviz_round_trip() -> None:
    """Labels come back from Graphviz exactly as written (skipped without Graphviz)."""
    from vpcdocs.render.graphviz_run import find_dot

    if find_dot() is None:
        pytest.skip("Graphviz `dot` is not installed (CI installs it)")
    labels = ["<b>x</b>", 'q"uote', "back\\slash", "\\N \\G \\l", "a & b", "<tag>"]
    nodes = tuple(Node(f"n{i}", text) for i, text in enumerate(labels))
    done = subprocess.run(
        [find_dot() or "dot", "-Tsvg"],
        input=dot_module.scene_to_dot(Scene("t", nodes=nodes)).encode(),
        capture_output=True,
        timeout=60,
        check=True,
    )
    import xml.etree.ElementTree as ET

    root = ET.fromstring(done.stdout)
    texts = {el.text for el in root.iter("{http://www.w3.org/2000/svg}text")}
    for text in labels:
        assert text in texts, (text, texts)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("web", "web"),
        ("web_1", "web_1"),
        ("a:b", "a_b_"),
        ("web server 1", "web_server_1_"),
        ("1st", "n1st_"),
        ("arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc", "arn_aws_ec2_eu_west_1_"),
        (":::", "id_"),
    ],
)
def test_dot_ids_are_plain_identifiers(raw: str, expected: str) -> None:
    result = dot_module.dot_id(raw)
    assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", result)
    assert ":" not in result
    if expected.endswith("_"):
        assert result.startswith(expected)
        assert re.fullmatch(r".*_[0-9a-f]{8}", result)
    else:
        assert result == expected


def test_ids_that_sanitise_alike_stay_distinct() -> None:
    ids = ["a:b", "a_b", "a b", "a-b", "a/b", "A_B"]
    assert len({dot_module.dot_id(i) for i in ids}) == len(ids)


def test_sibling_clusters_with_equal_labels_get_distinct_names() -> None:
    text = dot_module.scene_to_dot(EXAMPLES["equal_labels"]())
    names = re.findall(r"subgraph (\w+) \{", text)
    assert len(names) == len(set(names)) == 5
    assert all(name.startswith("cluster_") for name in names)
    assert text.count('label="eu-west-1a"') == 2


def test_icons_are_relative_files_that_exist() -> None:
    for icon in sorted(ICON_NAMES):
        name = dot_module.icon_file(icon)
        assert not Path(name).is_absolute() and ".." not in name
        assert any((root / name).is_file() for root in dot_module.icon_dirs()), icon


def test_the_route_table_icon_is_vpcdocs_own_drawing_without_addresses() -> None:
    """The stock icon shows 172.16.x addresses; vpcdocs ships a neutral one of its own
    (scripts/draw_icons.py), a 200 x 200 RGBA PNG like the stock icons."""
    name = dot_module.icon_file("route-table")
    path = dot_module.icon_path(name)
    assert path.parent == dot_module.OWN_ICONS
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
    assert data[16:24] == (200).to_bytes(4, "big") * 2 and data[24:26] == bytes((8, 6))
    stock = dot_module.icon_root() / "aws" / "network" / "route-table.png"
    assert stock.is_file() and data != stock.read_bytes()


def test_order_in_the_scene_does_not_change_the_dot() -> None:
    scene = EXAMPLES["review_sample"]()
    shuffled = Scene(
        scene.title,
        tuple(reversed(scene.clusters)),
        tuple(reversed(scene.nodes)),
        tuple(reversed(scene.edges)),
        scene.legend,
    )
    assert dot_module.scene_to_dot(shuffled) == dot_module.scene_to_dot(scene)


def test_numbered_edges_come_first_in_number_order_with_bold_numbers() -> None:
    text = dot_module.scene_to_dot(EXAMPLES["numbered_flow"]())
    edge_lines = [line for line in text.splitlines() if " -> " in line]
    numbers = [int(m.group(1)) for line in edge_lines if (m := re.search(r"<b>(\d+)</b>", line))]
    assert numbers == [1, 2, 3, 4]
    assert "arrowhead=tee" in text and "style=dashed" in text  # the blocked edge


def test_links_become_urls_and_nested_clusters_do_not_inherit_them() -> None:
    scene = Scene(
        "t",
        clusters=(Cluster("outer", "outer", link="vpcs/a/", clusters=(Cluster("inner", "inner"),)),),
        nodes=(Node("n", "n", link="x/"),),
    )
    text = dot_module.scene_to_dot(scene)
    assert 'URL="vpcs/a/"' in text and 'URL="x/"' in text and 'URL=""' in text


# --- the scene model -------------------------------------------------------------------------


def test_scene_rejects_inconsistent_pictures() -> None:
    a, b = Node("a", "a"), Node("b", "b")
    with pytest.raises(ValueError, match="duplicate node id"):
        Scene("t", nodes=(a, a))
    with pytest.raises(ValueError, match="unknown node"):
        Scene("t", nodes=(a,), edges=(Edge("a", "zz"),))
    with pytest.raises(ValueError, match="unknown node"):
        Scene("t", clusters=(Cluster("c", "c", node_ids=("zz",)),), nodes=(a,))
    with pytest.raises(ValueError, match="two clusters"):
        Scene(
            "t",
            clusters=(Cluster("c", "c", node_ids=("a",)), Cluster("d", "d", node_ids=("a",))),
            nodes=(a, b),
        )
    with pytest.raises(ValueError, match="duplicate cluster id"):
        Scene("t", clusters=(Cluster("c", "c", clusters=(Cluster("c", "x"),)),))
    with pytest.raises(ValueError, match="unknown icon"):
        Node("x", "x", icon="not-an-icon")
    with pytest.raises(ValueError, match="relative docs path"):
        Node("x", "x", link="https://example.com/")
    with pytest.raises(ValueError, match="relative docs path"):
        Node("x", "x", link="/abs/path")
    with pytest.raises(ValueError, match="number"):
        Edge("a", "b", number=-1)


def test_scene_is_frozen_and_accepts_plain_strings_for_enums() -> None:
    edge = Edge("a", "b", style="internet")  # type: ignore[arg-type]
    assert edge.style is EdgeStyle.INTERNET
    cluster = Cluster("c", "c", kind="vpc")  # type: ignore[arg-type]
    assert cluster.kind is ClusterKind.VPC
    with pytest.raises(AttributeError):
        edge.label = "x"  # type: ignore[misc]


def test_default_legend_lists_used_styles_in_a_fixed_order() -> None:
    edges = (Edge("a", "b", style=EdgeStyle.BLOCKED), Edge("a", "b", style=EdgeStyle.BACKBONE))
    legend = default_legend(edges)
    assert legend is not None
    assert [e.edge_style for e in legend.entries] == [EdgeStyle.BACKBONE, EdgeStyle.BLOCKED]
    assert default_legend(()) is None


def test_format_for_path_follows_the_suffix() -> None:
    assert format_for_path("review.SVG") == "svg"
    assert format_for_path("a/b.dot") == "dot"
    assert format_for_path("x.gv") == "dot"
    assert format_for_path("x.png") == "png"
    assert format_for_path("x.pdf") == "pdf"
    with pytest.raises(ValueError, match=r"\.svg"):
        format_for_path("x.jpeg")


def test_every_edge_style_has_a_look_and_a_legend_text() -> None:
    from vpcdocs.render import palette
    from vpcdocs.render.scene import EDGE_STYLE_DESCRIPTIONS

    assert set(palette.EDGE_LOOKS) == set(EdgeStyle) == set(EDGE_STYLE_DESCRIPTIONS)
    looks = {(look.color, look.style, look.arrowhead) for look in palette.EDGE_LOOKS.values()}
    assert len(looks) == len(EdgeStyle), "two edge styles would look the same"


def test_added_and_removed_are_green_and_red_dashed() -> None:
    from vpcdocs.render import palette
    from vpcdocs.render.scene import Emphasis

    scene = Scene(
        "change",
        nodes=(
            Node("a", "+ a", "ec2", emphasis=Emphasis.ADDED),
            Node("b", "− b", "nat-gateway", emphasis=Emphasis.REMOVED),
            Node("c", "+ c", emphasis=Emphasis.ADDED),
            Node("d", "− d", emphasis=Emphasis.REMOVED),
        ),
        edges=(
            Edge("a", "b", "+ x", EdgeStyle.ADDED),
            Edge("b", "c", "− y", EdgeStyle.REMOVED),
            Edge("c", "d", "− z", EdgeStyle.BLOCKED, emphasis=Emphasis.REMOVED),
        ),
        clusters=(
            Cluster("v1", "v1", ClusterKind.VPC, node_ids=("a", "b"), emphasis=Emphasis.ADDED),
            Cluster("v2", "v2", ClusterKind.VPC, node_ids=("c", "d"), emphasis=Emphasis.REMOVED),
        ),
    )
    scene = Scene(scene.title, scene.clusters, scene.nodes, scene.edges, default_legend(scene.edges))
    text = dot_module.scene_to_dot(scene)
    green, red = palette.ADDED, palette.REMOVED
    assert re.search(rf'a -> b \[[^]]*color="{green}"[^]]*penwidth=2\.4[^]]*style=solid', text)
    assert re.search(rf'b -> c \[[^]]*color="{red}"[^]]*style=dashed', text)
    # emphasis "removed" draws any edge as a removal (red, dashed, plain arrowhead)
    assert re.search(rf'c -> d \[[^]]*arrowhead=normal[^]]*color="{red}"[^]]*style=dashed', text)
    # icon nodes get a coloured frame, plain boxes a coloured border, boxes a wide border;
    # whatever was removed is dashed too (a cue that does not rest on colour)
    assert f'border="2" color="{green}" style="rounded"' in text
    assert f'border="2" color="{red}" style="rounded,dashed"' in text
    assert re.search(rf'\bc \[[^]]*color="{green}"[^]]*style="rounded,filled,bold"', text)
    assert re.search(rf'\bd \[[^]]*color="{red}"[^]]*style="rounded,filled,dashed"', text)
    assert re.search(rf'pencolor="{green}" penwidth=2\.4 style="rounded,filled"', text)
    assert re.search(rf'pencolor="{red}" penwidth=2\.4 style="rounded,filled,dashed"', text)
    # the legend names both, with samples in their colours
    assert "Added (new version only)" in text and "Removed (old version only)" in text
    assert f'<font color="{green}">' in text and f'<font color="{red}">' in text


@pytest.mark.parametrize("text", ["a &#X3A; b", "a &colon; b", "&#x3a;", "&amp;", "x &", "&#X3A"])
def test_character_references_in_user_text_draw_as_text(tmp_path: Path, text: str) -> None:
    """HTML's `&#X3A;` (capital X) and named references such as `&colon;` are not XML: Graphviz
    passed them through to the SVG, which no XML reader (nor vpcdocs) could read, and `diagram`
    died with a traceback. User text is text: the SVG parses and shows it literally."""
    import xml.etree.ElementTree as ET

    from click.testing import CliRunner

    from vpcdocs.cli import cli

    topo = tmp_path / "t.yaml"
    title = text.replace("'", "''")
    topo.write_text(
        f"vpcdocs: 1\ntitle: '{title}'\nvpcs:\n  v1:\n    region: eu-west-2\n"
        "    cidr: 10.0.0.0/16\n    subnets:\n"
        "      s1: {az: eu-west-2a, cidr: 10.0.0.0/24, route_table: rt}\n"
        "    route_tables:\n      rt: {}\n", encoding="utf-8")
    out = tmp_path / "net.svg"
    result = CliRunner().invoke(cli, ["diagram", str(topo), "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_bytes())
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any(text in t for t in texts), texts
