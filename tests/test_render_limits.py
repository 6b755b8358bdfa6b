"""A design that validates always draws: the renderer keeps every text within Graphviz's limits
(vpcdocs.render.limits), and a Graphviz failure that still happens names the topology and the
picture.

* The limit itself, checked against the installed `dot`: a run of more than 16,381 bytes in a
  quoted or HTML string fails dot 2.43's lexer; the same text cut in short runs does not.
* Clipping: deterministic, within the caps, "…" where something was cut, untouched below them.
* Stress designs at the format's edges (tests/stressgen.py: 64-character names everywhere,
  hundreds of routes in one table, many subnets, endpoints, flows, principals, kilobytes of free
  text) and long-named generated designs (tests/topogen.py, long=True, drawn by Hypothesis): every
  view's DOT stays far within the limit and draws as SVG and PNG; the pages keep every text whole.
* A failing `dot` (a stand-in program) gives `FILE:LINE:COL: cannot draw <what>: ...`, exit 1,
  no traceback, from `diagram` and from `generate`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from stressgen import name, stress
from topogen import Design, designs

from vpcdocs.analysis.paths import analyse
from vpcdocs.loader import load_bytes
from vpcdocs.model import Topology
from vpcdocs.render import graphviz_run, limits
from vpcdocs.render.dot import scene_to_dot
from vpcdocs.render.draw import draw
from vpcdocs.render.limits import (
    DOT_RUN_BYTES,
    LABEL_LINES,
    LINE_CHARS,
    TITLE_CHARS,
    TOOLTIP_CHARS,
    clip,
    clip_lines,
    longest_run,
)
from vpcdocs.render.scene import Cluster, Edge, Node, Scene
from vpcdocs.render.views import flow_view, overview, service_view, vpc_view

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# The longest run vpcdocs' DOT may hold: a tooltip of TOOLTIP_CHARS characters of 4 UTF-8 bytes
# each, the largest clipped text (limits.py); a quarter of what dot reads.
RUN_BOUND = 4 * TOOLTIP_CHARS + 64
assert RUN_BOUND < DOT_RUN_BYTES // 3


@pytest.fixture
def needs_dot() -> None:
    if graphviz_run.find_dot() is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz `dot` is missing in CI; scripts/bootstrap.sh must install it")
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz); CI runs this")


def dot_accepts(source: str) -> tuple[bool, str]:
    done = subprocess.run([graphviz_run.find_dot() or "dot", "-Tsvg"], input=source.encode(),
                          capture_output=True, timeout=120, check=False)
    return done.returncode == 0, done.stderr.decode("utf-8", "replace")


def load(design: Design) -> Topology:
    result = load_bytes("stress.yaml", design.raw)
    assert result.ok and result.topology is not None, [str(d) for d in result.errors][:5]
    return result.topology


def every_scene(topology: Topology) -> Iterator[tuple[str, Scene]]:
    results = analyse(topology)
    yield "overview", overview(topology, results)
    for vpc in topology.vpcs:
        yield f"vpc {vpc}", vpc_view(topology, results, vpc)
    for service in topology.endpoint_services:
        yield f"service {service}", service_view(topology, results, service)
    for result in results:
        yield f"flow {result.id}", flow_view(topology, result)


def tooltips(svg: bytes) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [a.get(XLINK_TITLE) or "" for a in root.iter(f"{SVG}a")]


# --- the limit, as the installed Graphviz has it -------------------------------------------------

def test_the_dot_lexer_limit_is_per_run_of_a_string(needs_dot: None) -> None:
    at_limit = "x" * DOT_RUN_BYTES
    assert dot_accepts(f'digraph {{ a [tooltip="{at_limit}"] }}')[0]
    assert dot_accepts(f'digraph {{ a [label=<<b>{at_limit}</b>>] }}')[0]
    # the same amount of text and far more, in short runs, is fine: the limit is per run
    short_runs = ("y" * 50 + "\\n") * 2_000
    assert dot_accepts(f'digraph {{ a [tooltip="{short_runs}"] }}')[0]
    version = graphviz_run.graphviz_version() or ""
    if not version.startswith("2.43."):
        pytest.skip(f"the limit was measured on dot 2.43; this is {version} (it may take more)")
    over = "x" * (DOT_RUN_BYTES + 1)
    ok, stderr = dot_accepts(f'digraph {{ a [tooltip="{over}"] }}')
    assert not ok and "longer than 16384" in stderr
    assert not dot_accepts(f'digraph {{ a [label=<<b>{over}</b>>] }}')[0]
    # bytes, not characters: 8,191 two-byte letters are 16,382 bytes
    assert not dot_accepts('digraph { a [tooltip="' + "é" * 8_191 + '"] }')[0]


# --- clipping ------------------------------------------------------------------------------------

def test_clip_cuts_long_text_and_marks_it() -> None:
    assert clip("short", 10) == "short"
    assert clip("x" * 10, 10) == "x" * 10
    assert clip("x" * 11, 10) == "x" * 9 + "…"
    assert clip("word " * 10, 12) == "word word w…"
    assert clip("ab   cd", 6) == "ab…"  # no space before the ellipsis
    assert all(len(clip("é" * n, 7)) <= 7 for n in range(20))
    with pytest.raises(ValueError):
        clip("x", 0)


def test_clip_lines_keeps_the_first_lines_and_counts_the_rest() -> None:
    assert clip_lines(["a", "b"], 3) == ["a", "b"]
    assert clip_lines(["a", "b", "c"], 3) == ["a", "b", "c"]
    assert clip_lines([str(i) for i in range(10)], 3) == ["0", "1", "… 8 more"]
    assert clip_lines(["x" * 500], 3, 20) == ["x" * 19 + "…"]
    assert clip_lines([str(i) for i in range(5_000)])[-1] == f"… {5_000 - LABEL_LINES + 1:,} more"
    with pytest.raises(ValueError):
        clip_lines(["a"], 1)


def test_longest_run_counts_bytes_between_quotes_backslashes_and_brackets() -> None:
    assert longest_run('a [tooltip="' + "é" * 10 + '"]') == 20
    assert longest_run('"ab\\ncd" <xy>') == 3  # ab, ncd, xy
    assert longest_run("") == 0


def huge_scene() -> Scene:
    """Every text of a scene far over its cap."""
    many_lines = "\n".join(f"line {i} " + "w" * 30 for i in range(5_000))
    nodes = (
        Node("a", many_lines, icon="route-table", tooltip="tip " * 50_000, link="vpcs/a/"),
        Node("b", "B" * 20_000, tooltip="é" * 20_000, link="vpcs/" + "b" * 5_000 + "/"),
        Node("c", "plain box\n" * 3_000),
    )
    cluster = Cluster("k", "cluster " * 5_000, node_ids=("a", "b"), tooltip="t" * 50_000,
                      link="vpcs/k/")
    edges = (Edge("a", "b", "edge label " * 5_000, tooltip="&<>\"'" * 10_000, number=1),
             Edge("b", "c", "\n".join(["x" * 300] * 300)))
    return Scene("Title " * 20_000, clusters=(cluster,), nodes=nodes, edges=edges)


def test_every_text_of_a_scene_is_clipped_in_the_dot() -> None:
    source = scene_to_dot(huge_scene())
    assert longest_run(source) <= RUN_BOUND
    assert len(source) < 100_000  # the 2 MB of text in the scene is not all there
    assert "vpcs/a/" in source and "b" * 5_000 not in source  # an overlong link is left out
    title = re.search(r'label="(Title[^"]*)"', source)
    assert title is not None and len(title.group(1)) <= TITLE_CHARS
    assert title.group(1).endswith("…")
    assert f"… {5_000 - LABEL_LINES + 1:,} more" in source  # the node label's last line


def test_a_scene_with_huge_texts_draws(needs_dot: None) -> None:
    scene = huge_scene()
    svg = draw(scene, "svg", link_base="")
    tips = tooltips(svg)
    assert tips and all(len(t) <= TOOLTIP_CHARS for t in tips)
    assert any(t.startswith("tip tip") and t.endswith("…") for t in tips)
    assert draw(scene, "png").startswith(b"\x89PNG")


def test_clipping_is_deterministic() -> None:
    assert scene_to_dot(huge_scene()) == scene_to_dot(huge_scene())


# --- designs at the format's edges ---------------------------------------------------------------

STRESS = {
    "everything": {},
    "routes": {"routes": 2_000, "subnets": 3, "endpoints": 0, "flows": 2, "principals": 0},
    "flows over one line": {"flows": 150, "workloads": 3, "routes": 0, "endpoints": 2},
    "endpoints and subnets": {"endpoints": 39, "subnets": 60, "flows": 3, "routes": 10},
}


@pytest.fixture(scope="module", params=sorted(STRESS))
def stressed(request: pytest.FixtureRequest) -> tuple[str, Design, Topology]:
    design = stress(**STRESS[request.param])
    return request.param, design, load(design)


def test_every_view_of_a_stress_design_stays_within_the_limit(
    stressed: tuple[str, Design, Topology],
) -> None:
    _, _, topology = stressed
    for what, scene in every_scene(topology):
        source = scene_to_dot(scene)
        assert longest_run(source) <= RUN_BOUND, what


def test_every_view_of_a_stress_design_draws(
    needs_dot: None, stressed: tuple[str, Design, Topology]
) -> None:
    label, _, topology = stressed
    scenes = list(every_scene(topology))
    flows = [s for s in scenes if s[0].startswith("flow ")]
    drawn = [s for s in scenes if not s[0].startswith("flow ")] + flows[:1] + flows[-1:]
    for what, scene in drawn:
        svg = draw(scene, "svg", link_base="")
        assert all(len(t) <= TOOLTIP_CHARS for t in tooltips(svg)), what
    if label == "routes":  # PNG too, of pictures small enough for a shared test machine
        for what, scene in drawn:
            assert draw(scene, "png").startswith(b"\x89PNG"), what


@settings(max_examples=6, deadline=None, derandomize=bool(os.environ.get("CI")),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@given(designs(long=True))
def test_long_named_generated_designs_draw(design: Design) -> None:
    if graphviz_run.find_dot() is None:
        pytest.skip("Graphviz `dot` is not installed")
    result = load_bytes("long.yaml", design.raw)
    if not result.ok or result.topology is None:
        return  # the generator's rare invalid design (see test_pipeline_fuzz)
    drawn_a_flow = False
    for what, scene in every_scene(result.topology):
        source = scene_to_dot(scene)
        assert longest_run(source) <= RUN_BOUND, what
        if what.startswith("flow "):  # one flow a design: they are alike, and Graphviz is slow
            if drawn_a_flow:
                continue
            drawn_a_flow = True
        assert draw(scene, "svg").startswith(b"<?xml"), what


# --- the command line: the picture is clipped, the page keeps every text ------------------------

def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vpcdocs", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600, check=False, env={**os.environ, **(env or {})})


def test_generate_draws_a_stress_design_and_keeps_every_route_on_its_page(
    needs_dot: None, tmp_path: Path
) -> None:
    design = stress(routes=400, subnets=4, endpoints=2, workloads=2, flows=2, principals=40,
                    tgw_tables=3)
    (tmp_path / "network.yaml").write_bytes(design.raw)
    (tmp_path / "docs").mkdir()
    done = run_cli("generate", "network.yaml", "--out", "docs", cwd=tmp_path,
                   env={"VPCDOCS_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    vpc = name("vpc", 0)
    svgs = [p for p in (tmp_path / "docs").rglob("*.svg") if vpc.lower()[:20] in str(p).lower()]
    pages = [p for p in (tmp_path / "docs").rglob("*.md") if vpc.lower()[:20] in str(p).lower()]
    assert svgs and pages
    page = "".join(p.read_text(encoding="utf-8") for p in pages)
    picture = "".join(p.read_text(encoding="utf-8") for p in svgs)
    last_route = "172.16.143.0/24"  # the 400th /24 of 172.16.0.0/12
    assert last_route in page  # in full on the page ...
    assert last_route not in picture  # ... clipped in the picture
    assert "…" in picture


def test_diagram_draws_a_stress_design(needs_dot: None, tmp_path: Path) -> None:
    (tmp_path / "network.yaml").write_bytes(stress(flows=10, endpoints=10).raw)
    for output in ("o.svg", "o.dot"):
        done = run_cli("diagram", "network.yaml", "-o", output, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    assert longest_run((tmp_path / "o.dot").read_text(encoding="utf-8")) <= RUN_BOUND


# --- a Graphviz failure names the topology and the picture --------------------------------------

FAILING_DOT = """#!/bin/sh
if [ "$1" = "-V" ]; then echo "dot - graphviz version 2.43.0 (0)" >&2; exit 0; fi
cat > /dev/null
echo "Error: <stdin>: syntax error in line 3 near 'x'" >&2
echo "a second line" >&2
exit 1
"""
CRASHING_DOT = """#!/bin/sh
if [ "$1" = "-V" ]; then echo "dot - graphviz version 2.43.0 (0)" >&2; exit 0; fi
cat > /dev/null
kill -SEGV $$
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = Path(__file__).resolve().parent.parent
    (tmp_path / "network.yaml").write_bytes((root / "examples" / "course.yaml").read_bytes())
    return tmp_path


def fake_dot(folder: Path, script: str) -> dict[str, str]:
    if os.name != "posix":
        pytest.skip("the stand-in dot is a shell script")
    program = folder / "fake-dot"
    program.write_text(script, encoding="utf-8")
    program.chmod(0o755)
    return {graphviz_run.DOT_ENV: str(program), "VPCDOCS_CACHE_DIR": str(folder / "cache")}


def test_a_failing_dot_names_the_flow_and_its_line(course: Path) -> None:
    topology = load_bytes("network.yaml", (course / "network.yaml").read_bytes()).topology
    assert topology is not None
    flow = sorted(topology.flows)[0]
    loc = topology.flows[flow].loc
    done = run_cli("diagram", "network.yaml", "--flow", flow, "-o", "x.svg", cwd=course,
                   env=fake_dot(course, FAILING_DOT))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"error: network.yaml:{loc.line}:{loc.col}: cannot draw the diagram of flow {flow}: "
        "Graphviz dot failed (exit 1): Error: <stdin>: syntax error in line 3 near 'x'"
    ]


def test_a_crashing_dot_during_generate_names_a_picture(course: Path) -> None:
    (course / "docs").mkdir()
    done = run_cli("generate", "network.yaml", "--out", "docs", cwd=course,
                   env=fake_dot(course, CRASHING_DOT))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert re.fullmatch(r"error: network\.yaml:\d+:\d+: cannot draw the [^:]+: Graphviz dot "
                        r"crashed \(SIGSEGV\)\n", done.stderr), done.stderr


def test_render_errors_without_an_origin_still_read_well(needs_dot: None) -> None:
    with pytest.raises(graphviz_run.RenderError) as caught:
        graphviz_run.render("digraph { a -> }", "svg")
    assert str(caught.value).startswith("cannot draw the diagram: Graphviz dot failed (exit 1): ")
    assert "\n" not in str(caught.value)


def test_every_view_knows_what_it_shows() -> None:
    root = Path(__file__).resolve().parent.parent
    topology = load_bytes("course.yaml", (root / "examples" / "course.yaml").read_bytes()).topology
    assert topology is not None
    for what, scene in every_scene(topology):
        assert scene.origin is not None and scene.origin.file == "course.yaml", what
        assert scene.subject.startswith("the "), what
        source = scene_to_dot(scene)
        assert isinstance(source, graphviz_run.DotSource)
        assert (source.origin, source.subject) == (scene.origin, scene.subject)


def test_limits_module_documents_the_numbers_it_uses() -> None:
    doc = limits.__doc__ or ""
    assert "16,381" in doc and "16384" in doc and "2.43" in doc
    assert LINE_CHARS < TOOLTIP_CHARS and TITLE_CHARS < TOOLTIP_CHARS
