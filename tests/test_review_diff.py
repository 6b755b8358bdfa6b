"""`vpcdocs diff`: golden Markdown and JSON for pairs of examples and edited copies of the course
network, the comparison rules, the change diagram's scene, and the command (files and --git)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import GoldenCheck

from vpcdocs.analysis.analysis import Analysis, analyse
from vpcdocs.analysis.pricing.report import CostReport
from vpcdocs.analysis.result import FlowResult
from vpcdocs.cli import cli
from vpcdocs.loader import load_bytes
from vpcdocs.model import Topology
from vpcdocs.render.scene import EdgeStyle, Emphasis, Scene
from vpcdocs.review import diff, diff_view
from vpcdocs.review.diff import ADDED, CHANGED, REMOVED, TopologyDiff, way
from vpcdocs.review.diff_mermaid import change_mermaid
from vpcdocs.review.diff_render import headline, json_text, markdown

ROOT = Path(__file__).resolve().parent.parent
COURSE = "examples/course.yaml"
HUB = "examples/hub-and-spoke.yaml"


def _text(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def _replace(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, f"edit does not apply: {old!r}"
    return text.replace(old, new, 1)


def _route_removed(text: str) -> str:
    return _replace(text, "          - {to: 10.20.0.0/16, via: tgw-ireland}\n", "")


def _endpoint_added(text: str) -> str:
    return _replace(
        text,
        "      ddb-if:\n        type: interface\n",
        "      s3-use1-if:\n        type: interface\n        service: s3\n"
        "        service_region: us-east-1\n"
        "        subnets: [london-endpoints-a, london-endpoints-b]\n"
        "        allow_from: [10.20.0.0/16]\n"
        "      ddb-if:\n        type: interface\n",
    )


def _gb_changed(text: str) -> str:
    start = text.index("  web-to-s3-us-east-1:")
    at = text.index("gb_per_month: 40\n", start)
    return text[:at] + "gb_per_month: 400\n" + text[at + len("gb_per_month: 40\n"):]


EDITS = {
    "route-removed": _route_removed,
    "endpoint-added": _endpoint_added,
    "gb-changed": _gb_changed,
}


def _topology(name: str, text: str) -> Topology:
    result = load_bytes(name, text.encode("utf-8"))
    assert result.ok and result.topology is not None, result.diagnostics
    return result.topology


@dataclass(frozen=True)
class Side:
    """One version of the design as `vpcdocs diff` shows it: its name and its analysis."""

    name: str
    analysis: Analysis

    @property
    def flows(self) -> tuple[FlowResult, ...]:
        return self.analysis.flows

    @property
    def report(self) -> CostReport:
        return self.analysis.report


def _side(name: str, text: str) -> Side:
    return Side(name, analyse(_topology(name, text)))


def diff_designs(old: Side, new: Side) -> TopologyDiff:
    return diff.diff_designs(old.analysis, new.analysis, old_name=old.name, new_name=new.name)


def change_scene(change: TopologyDiff, old: Side, new: Side) -> Scene:
    return diff_view.change_scene(change, old.analysis, new.analysis)


def _case(case: str) -> tuple[Side, Side]:
    course = _side(COURSE, _text(COURSE))
    if case == "course-to-hub-and-spoke":
        return course, _side(HUB, _text(HUB))
    if case == "course-unchanged":
        return course, _side("course-copy.yaml", _text(COURSE))
    edit = case.removeprefix("course-")
    return course, _side(f"course-{edit}.yaml", EDITS[edit](_text(COURSE)))


CASES = ["course-to-hub-and-spoke", "course-unchanged", *(f"course-{e}" for e in EDITS)]


@pytest.fixture(scope="module")
def diffs() -> dict[str, tuple[Side, Side, TopologyDiff]]:
    out = {}
    for case in CASES:
        old, new = _case(case)
        out[case] = (old, new, diff_designs(old, new))
    return out


@pytest.mark.parametrize("case", CASES)
def test_golden_markdown_and_json(
    case: str, diffs: dict[str, tuple[Side, Side, TopologyDiff]], golden: GoldenCheck
) -> None:
    old, new, change = diffs[case]
    drawn = change_mermaid(change_scene(change, old, new))
    golden(f"diff/{case}.md", markdown(change, mermaid=drawn))
    golden(f"diff/{case}.json", json_text(change))


def test_route_removed_blocks_the_flow(diffs: dict[str, tuple[Side, Side, TopologyDiff]]) -> None:
    change = diffs["course-route-removed"][2]
    (flow,) = change.flows
    assert flow.id == "batch-to-dynamodb" and flow.change == CHANGED and flow.newly_blocked
    assert flow.after is not None and flow.after.reason == "NO_ROUTE"
    assert {"reachable", "reason", "network", "way"} <= set(flow.changed)
    assert flow.cost_delta_usd == -20.0
    (table,) = change.resources
    assert (table.kind, table.name, table.change) == ("route-table", "batch-rt", CHANGED)
    (routes,) = table.fields
    assert routes.removed == ("10.20.0.0/16 → tgw-ireland",) and routes.added == ()
    assert headline(change) == "1 flow changed, 1 now blocked, -$20.00/month"
    text = markdown(change)
    assert "> Now blocked: `batch-to-dynamodb` (`NO_ROUTE`)." in text
    assert "<details>\n<summary><code>batch-to-dynamodb</code>" in text


def test_endpoint_added_costs_its_hours(diffs: dict[str, tuple[Side, Side, TopologyDiff]]) -> None:
    change = diffs["course-endpoint-added"][2]
    assert [(r.kind, r.name, r.change, r.vpc) for r in change.resources] == [
        ("endpoint", "s3-use1-if", ADDED, "london-vpc")
    ]
    assert change.flows == ()
    (cost,) = change.cost.resources
    assert (cost.id, cost.before, cost.after) == ("s3-use1-if", None, cost.delta_usd)
    assert change.cost.delta_usd == cost.delta_usd > 0
    assert [f.code for f in change.findings if f.change == ADDED] == ["UNUSED_INTERFACE_ENDPOINT"]


def test_gb_changed_shows_cost_before_and_after(
    diffs: dict[str, tuple[Side, Side, TopologyDiff]],
) -> None:
    change = diffs["course-gb-changed"][2]
    (flow,) = change.flows
    assert flow.changed == ("monthly_usd", "gb_per_month")
    assert flow.before is not None and flow.after is not None
    assert (flow.before.gb_per_month, flow.after.gb_per_month) == (40.0, 400.0)
    assert change.cost.delta_usd == flow.cost_delta_usd
    assert change.resources == ()
    # the finding's figure changed: one `changed` entry keeping the old message
    assert [(f.change, f.code) for f in change.findings] == [
        (CHANGED, "CROSS_REGION_LOCAL_ENDPOINT")
    ]


def test_unchanged_design_is_empty(diffs: dict[str, tuple[Side, Side, TopologyDiff]]) -> None:
    change = diffs["course-unchanged"][2]
    assert change.empty and change.flows == () and change.resources == ()
    assert len(change.unchanged_flows) == 10
    assert headline(change) == "no change, no change in monthly cost"


def test_examples_pair(diffs: dict[str, tuple[Side, Side, TopologyDiff]]) -> None:
    old, new, change = diffs["course-to-hub-and-spoke"]
    assert {f.id for f in change.flows_with(REMOVED)} == {f.id for f in old.flows}
    assert {f.id for f in change.flows_with(ADDED)} == {f.id for f in new.flows}
    assert old.report is not None and new.report is not None
    assert change.cost.delta_usd == pytest.approx(
        new.report.monthly_total_usd - old.report.monthly_total_usd, abs=0.01
    )
    data = json.loads(json_text(change))
    # a flow that only the new design has is added, even blocked, never "newly blocked"
    assert data["summary"]["newly_blocked"] == []
    assert data["summary"]["added_blocked"] == ["analytics-notebook-to-s3"]
    # stable: keys sorted at every level
    assert list(data) == sorted(data)


def test_way_is_a_few_words(diffs: dict[str, tuple[Side, Side, TopologyDiff]]) -> None:
    _, new, _ = diffs["course-to-hub-and-spoke"]
    ways = {f.id: way(f) for f in new.flows}
    assert ways["analytics-etl-to-ledger-b"] == "TGW peering"
    assert ways["analytics-etl-to-sqs-us-east-1"] == "TGW peering → interface endpoint"
    assert ways["orders-web-to-dynamodb"] == "gateway endpoint"
    assert ways["analytics-etl-to-s3-us-east-1"] == "TGW → NAT → IGW"


def test_change_scene_colours_additions_and_removals(
    diffs: dict[str, tuple[Side, Side, TopologyDiff]],
) -> None:
    old, new, change = diffs["course-route-removed"]
    scene = change_scene(change, old, new)
    gone = [e for e in scene.edges if e.src != "batch-rt" and e.dst != "batch-rt"]
    assert gone and all(e.emphasis is Emphasis.REMOVED for e in gone)
    assert all(e.label.startswith("− ") for e in gone)
    table = scene.node("batch-rt")
    assert table.label == "~ batch-rt" and table.emphasis is Emphasis.HIGHLIGHT
    # an added endpoint is a highlighted node inside its VPC, inside its Region
    old, new, change = diffs["course-endpoint-added"]
    scene = change_scene(change, old, new)
    assert scene.node("s3-use1-if").label == "+ s3-use1-if"
    assert scene.node("s3-use1-if").emphasis is Emphasis.ADDED
    (region,) = scene.clusters
    assert region.label == "eu-west-2" and region.clusters[0].node_ids == ("s3-use1-if",)
    # the reverse change draws the same objects with the other marks
    scene = change_scene(diff_designs(new, old), new, old)
    assert scene.node("s3-use1-if").label == "− s3-use1-if"
    assert scene.node("s3-use1-if").emphasis is Emphasis.REMOVED


def test_change_scene_for_examples_is_deterministic(
    diffs: dict[str, tuple[Side, Side, TopologyDiff]],
) -> None:
    old, new, change = diffs["course-to-hub-and-spoke"]
    first = change_scene(change, old, new)
    assert first == change_scene(change, old, new)
    styles = {e.style for e in first.edges}
    assert EdgeStyle.ADDED in styles
    assert {Emphasis.HIGHLIGHT, Emphasis.REMOVED} <= {e.emphasis for e in first.edges}
    # the legend explains the looks drawn: green for added, red dashed for removed, the
    # network's colour for a changed flow, red for one now blocked
    assert first.legend is not None
    assert [e.edge_style for e in first.legend.entries] == [
        EdgeStyle.ADDED, EdgeStyle.REMOVED, EdgeStyle.BACKBONE, EdgeStyle.BLOCKED]


# --------------------------------------------------------------------------- the command


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_command_files_markdown_json_and_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "old.yaml", _text(COURSE))
    _write(tmp_path, "new.yaml", _gb_changed(_text(COURSE)))
    runner = CliRunner()
    result = runner.invoke(cli, ["diff", "old.yaml", "new.yaml"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## vpcdocs diff: 1 flow changed, +$25.20/month\n")
    result = runner.invoke(cli, ["diff", "old.yaml", "new.yaml", "--format", "json"])
    assert json.loads(result.output)["summary"]["monthly_delta_usd"] == 25.2
    assert runner.invoke(cli, ["diff", "old.yaml", "new.yaml", "--exit-code"]).exit_code == 1
    assert runner.invoke(cli, ["diff", "old.yaml", "old.yaml", "--exit-code"]).exit_code == 0
    assert runner.invoke(cli, ["diff", "old.yaml"]).exit_code == 2
    assert runner.invoke(cli, ["diff", "old.yaml", "new.yaml", "--git", "HEAD"]).exit_code == 2


def test_command_reports_an_invalid_side(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "old.yaml", _text(COURSE))
    _write(tmp_path, "bad.yaml", "vpcdocs: 1\nvpcs: {a: {region: eu-west-1}}\n")
    result = CliRunner().invoke(cli, ["diff", "old.yaml", "bad.yaml"])
    assert result.exit_code == 1
    assert "bad.yaml:2:" in result.output and "error[" in result.output


def test_command_diagram(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "old.yaml", _text(COURSE))
    _write(tmp_path, "new.yaml", _route_removed(_text(COURSE)))
    result = CliRunner().invoke(cli, ["diff", "old.yaml", "new.yaml", "--diagram", "c.dot"])
    assert result.exit_code == 0, result.output
    dot = (tmp_path / "c.dot").read_text(encoding="utf-8")
    assert "batch-to-dynamodb" in dot and "digraph" in dot
    bad = CliRunner().invoke(cli, ["diff", "old.yaml", "new.yaml", "--diagram", "c.txt"])
    assert bad.exit_code == 2


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_command_git_from_a_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "net").mkdir(parents=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    _write(repo / "net", "network.yaml", _text(COURSE))
    _git(repo, "add", "net/network.yaml")
    _git(repo, "commit", "-q", "-m", "first")
    _write(repo / "net", "network.yaml", _route_removed(_text(COURSE)))
    monkeypatch.chdir(repo / "net")
    runner = CliRunner()
    result = runner.invoke(cli, ["diff", "--git", "HEAD", "network.yaml", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["old"] == "HEAD:net/network.yaml" and data["new"] == "network.yaml"
    assert data["summary"]["newly_blocked"] == ["batch-to-dynamodb"]
    # the old version's diagnostics name REF:PATH
    _write(repo / "net", "network.yaml", "vpcdocs: 1\n")
    _git(repo, "commit", "-qam", "broken")
    _write(repo / "net", "network.yaml", _text(COURSE))
    result = runner.invoke(cli, ["diff", "--git", "HEAD", "network.yaml"])
    assert result.exit_code == 1 and "HEAD:net/network.yaml:1:1: error[" in result.output
    # an unknown revision or a file git does not have is a one-line error, exit 1
    result = runner.invoke(cli, ["diff", "--git", "no-such-ref", "network.yaml"])
    assert result.exit_code == 1 and result.output.startswith("error: ")
    result = runner.invoke(cli, ["diff", "--git", "HEAD~1", "other.yaml"])
    assert result.exit_code == 1 and "error: " in result.output


def test_mermaid_colours_and_limits(diffs: dict[str, tuple[Side, Side, TopologyDiff]]) -> None:
    old, new, change = diffs["course-route-removed"]
    removed = change_mermaid(change_scene(change, old, new))
    assert removed is not None and removed.startswith("flowchart LR\n")
    assert '-.->|"− batch-to-dynamodb"|' in removed and "stroke:#C62828" in removed
    assert '["~ batch-rt"]:::changed' in removed
    added = change_mermaid(change_scene(diff_designs(new, old), new, old))
    assert added is not None and '-->|"+ batch-to-dynamodb"|' in added
    assert "stroke:#2E7D32" in added
    # too big to read inline: left out, and the Markdown says how to draw it
    old, new, change = diffs["course-to-hub-and-spoke"]
    assert change_mermaid(change_scene(change, old, new)) is None
    assert "-o change.svg" in markdown(change)
    # nothing to draw
    old, new, change = diffs["course-unchanged"]
    assert change_mermaid(change_scene(change, old, new)) is None


def test_mermaid_labels_cannot_break_the_syntax() -> None:
    from vpcdocs.render.scene import Edge, Node, Scene

    scene = Scene("t", nodes=(Node("a", 'say "hi" <b>'), Node("b", "+ b")),
                  edges=(Edge("a", "b", "+ x", EdgeStyle.BACKBONE, emphasis=Emphasis.HIGHLIGHT),))
    text = change_mermaid(scene)
    assert text is not None
    assert 'n0["say #quot;hi#quot; #lt;b#gt;"]' in text and 'n1["+ b"]:::added' in text


def test_added_and_removed_flows_are_never_newly_blocked_or_fixed(
    diffs: dict[str, tuple[Side, Side, TopologyDiff]],
) -> None:
    _, _, change = diffs["course-to-hub-and-spoke"]
    added = change.flows_with("added")
    removed = change.flows_with("removed")
    assert added and removed
    assert not any(f.newly_blocked or f.newly_reachable for f in (*added, *removed))
    blocked_added = [f.id for f in added if f.added_blocked]
    assert blocked_added
    summary = change.to_json()["summary"]
    assert summary["newly_blocked"] == [] and summary["added_blocked"] == blocked_added
    text = markdown(change)
    assert "Now blocked" not in text and "now blocked" not in text
    assert "Added, and blocked from the start: " in text
    assert f"({len(blocked_added)} of them blocked)" in headline(change)


def test_the_change_diagram_highlights_a_broken_path_and_the_edit_on_it(
    diffs: dict[str, tuple[Side, Side, TopologyDiff]],
) -> None:
    old, new, change = diffs["course-route-removed"]
    scene = change_scene(change, old, new)
    edges = {(e.src, e.dst): e for e in scene.edges}
    # the edited route table sits on the flow's path, framed and marked
    table = scene.node("batch-rt")
    assert table.label == "~ batch-rt" and table.emphasis is Emphasis.HIGHLIGHT
    now = edges[("batch", "batch-rt")]
    assert now.style is EdgeStyle.BLOCKED and now.label == "~ batch-to-dynamodb: blocked (NO_ROUTE)"
    # the way it no longer takes is drawn as removed, never left grey
    assert all(e.emphasis is not Emphasis.MUTED and e.style is not EdgeStyle.NEUTRAL
               for e in scene.edges)
    assert edges[("batch-rt", "tgw-ireland")].emphasis is Emphasis.REMOVED


def test_the_change_diagram_highlights_a_flow_whose_cost_alone_changed(
    diffs: dict[str, tuple[Side, Side, TopologyDiff]],
) -> None:
    old, new, change = diffs["course-gb-changed"]
    scene = change_scene(change, old, new)
    changed = {f.id for f in change.flows_with("changed")}
    assert changed and scene.edges
    for edge in scene.edges:
        assert edge.emphasis is Emphasis.HIGHLIGHT and edge.label.startswith("~ ")
        assert edge.style in (EdgeStyle.BACKBONE, EdgeStyle.INTERNET, EdgeStyle.CROSS_REGION)
