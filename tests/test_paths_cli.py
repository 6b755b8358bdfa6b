"""`vpcdocs paths`: the JSON contract on the bundled examples (goldens), flow selection, the table
and Markdown formats, and exit codes (0 ok, 1 invalid input or `--strict` with a blocked flow,
2 usage)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vpcdocs.cli import cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CONTRACT_KEYS = ["id", "from", "to", "to_region", "reachable", "network", "cross_region",
                 "regions", "hops", "codes", "reason", "explanation", "cost", "assumptions"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["paths", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("name", ["course", "hub-and-spoke"])
def test_example_json_matches_its_golden(name: str, golden) -> None:  # type: ignore[no-untyped-def]
    code, out = run(str(EXAMPLES / f"{name}.yaml"), "--format", "json")
    assert code == 0, out
    golden(f"paths/example-{name}.json", out)


def test_json_follows_the_contract_shape() -> None:
    code, out = run(str(EXAMPLES / "course.yaml"), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["vpcdocs", "flows"] and doc["vpcdocs"] == 1
    ids = [f["id"] for f in doc["flows"]]
    assert ids == sorted(ids)
    for flow in doc["flows"]:
        assert list(flow)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
        assert isinstance(flow["cost"]["monthly_usd"], float)
        assert isinstance(flow["cost"]["items"], list)
        for hop in flow["hops"]:
            assert list(hop)[:2] == ["kind", "id"]


def test_one_flow_and_unknown_flow() -> None:
    code, out = run(str(EXAMPLES / "course.yaml"), "--format", "json", "--flow", "web-to-s3")
    assert code == 0
    assert [f["id"] for f in json.loads(out)["flows"]] == ["web-to-s3"]
    code, out = run(str(EXAMPLES / "course.yaml"), "--flow", "web-to-s4")
    assert code == 2
    assert "did you mean `web-to-s3`" in out


def test_strict_fails_only_when_a_flow_is_blocked() -> None:
    assert run(str(EXAMPLES / "course.yaml"), "--strict")[0] == 0
    code, out = run(str(EXAMPLES / "hub-and-spoke.yaml"), "--strict")
    assert code == 1
    assert "analytics-notebook-to-s3" in out and "GATEWAY_ENDPOINT_NOT_TRANSITIVE" in out
    assert run(str(EXAMPLES / "hub-and-spoke.yaml"))[0] == 0


def test_table_lists_every_flow_with_its_way() -> None:
    code, out = run(str(EXAMPLES / "course.yaml"))
    assert code == 0
    for fid in ("web-to-s3", "batch-to-dynamodb", "partner-to-orders-api"):
        assert fid in out
    assert "gateway endpoint s3-gw" in out and "Monthly cost" in out
    assert "\x1b[" not in out  # no colour codes when not on a terminal


def test_markdown_has_a_summary_and_a_section_per_flow() -> None:
    code, out = run(str(EXAMPLES / "hub-and-spoke.yaml"), "--format", "markdown")
    assert code == 0
    assert out.startswith("# Traffic paths: Two-Region hub and spoke\n")
    assert "| `analytics-notebook-to-s3` |" in out
    assert out.count("\n## `") == 18
    assert "**Fix:** give `euw1-analytics-vpc` its own Amazon S3 gateway endpoint" in out


def test_invalid_file_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("vpcdocs: 1\nvpcs: {a: {region: nowhere-1, cidr: 10.0.0.0/16}}\n")
    assert run(str(bad))[0] == 1


def test_a_region_without_prices_leaves_costs_empty(tmp_path: Path) -> None:
    from paths_support import SCENARIO_DIR, topology_text
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load((SCENARIO_DIR / "endpoint-service.yaml").read_text())
    path = tmp_path / "network.yaml"
    path.write_text(topology_text(data["topology"]))
    result = CliRunner().invoke(cli, ["paths", str(path), "--format", "json",
                                      "--flow", "role-to-api"])
    assert result.exit_code == 0, result.output
    assert "warning[UNKNOWN_PRICE_REGION]" in result.stderr
    assert "costs left empty" in result.stderr
    flow = json.loads(result.stdout)["flows"][0]
    assert flow["reachable"] and flow["cost"]["monthly_usd"] is None
