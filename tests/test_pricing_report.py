"""The `vpcdocs cost` document and its renderings: the contract's keys and order, sorting, totals
that add up, every hourly resource listed, determinism, goldens for the examples, and the same
per-flow figure as `vpcdocs paths`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import GoldenCheck
from pricing_support import EXAMPLES, example, from_text

from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.pricing import (
    HOURS_PER_MONTH,
    CostReport,
    cost_report,
    rate,
    round_usd,
    table_for,
)
from vpcdocs.analysis.pricing.render import render_markdown, render_table
from vpcdocs.cli import cli

EXAMPLE_FILES = ("course.yaml", "hub-and-spoke.yaml")
TOP_KEYS = [
    "vpcdocs",
    "currency",
    "prices_as_of",
    "monthly_total_usd",
    "resources",
    "flows",
    "findings",
]


def cost_json(path: str, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["cost", path, "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.fixture(scope="module", params=EXAMPLE_FILES)
def doc(request: pytest.FixtureRequest) -> dict[str, Any]:
    return cost_json(str(EXAMPLES / request.param))


def test_keys_follow_the_contract(doc: dict[str, Any]) -> None:
    assert list(doc)[: len(TOP_KEYS)] == TOP_KEYS
    assert doc["vpcdocs"] == 1 and doc["currency"] == "USD"
    for res in doc["resources"]:
        assert list(res) == ["id", "kind", "region", "monthly_usd", "items"]
        for item in res["items"]:
            assert list(item) == ["item", "usd", "basis"]
    for flow in doc["flows"]:
        assert list(flow)[:4] == ["id", "monthly_usd", "items", "alternatives"]
        for alt in flow["alternatives"]:
            assert list(alt)[:5] == ["via", "feasible", "monthly_usd", "fixed_monthly_usd", "note"]
    for finding in doc["findings"]:
        assert list(finding) == ["code", "severity", "subject", "message", "saves_monthly_usd"]


def test_sorted_and_adding_up(doc: dict[str, Any]) -> None:
    ids = [r["id"] for r in doc["resources"]]
    assert ids == sorted(ids)
    flow_ids = [f["id"] for f in doc["flows"]]
    assert flow_ids == sorted(flow_ids)
    for res in doc["resources"]:
        assert res["monthly_usd"] == round_usd(sum(i["usd"] for i in res["items"]))
        names = [i["item"] for i in res["items"]]
        assert names == sorted(names)
    for flow in doc["flows"]:
        assert flow["monthly_usd"] == round_usd(sum(i["usd"] for i in flow["items"]))
        assert flow["fixed_usd"] == round_usd(sum(i["usd"] for i in flow["fixed_items"]))
    total = sum(r["monthly_usd"] for r in doc["resources"]) + sum(
        f["monthly_usd"] for f in doc["flows"]
    )
    assert doc["monthly_total_usd"] == round_usd(total)


def test_every_hourly_resource_is_listed_once() -> None:
    for name in EXAMPLE_FILES:
        topo = example(name)
        doc = cost_json(str(EXAMPLES / name))
        expected = {e.name for e in topo.endpoints.values() if e.type.value != "gateway"}
        expected |= set(topo.nat_gateways) | set(topo.tgw_attachments)
        expected |= {w.name for w in topo.workloads.values() if w.public_ip}
        assert [r["id"] for r in doc["resources"]] == sorted(expected)


PUBLIC = """
vpcdocs: 1
vpcs:
  v:
    region: eu-west-2
    cidr: 10.0.0.0/16
    internet_gateway: igw
    subnets: {pub: {az: eu-west-2a, cidr: 10.0.0.0/24, route_table: rt}}
    route_tables: {rt: {routes: [{to: 0.0.0.0/0, via: igw}]}}
    workloads:
      bastion: {subnet: pub, public_ip: true}
      web: {subnet: pub, public_ip: true, count: 3}
flows:
  web-to-s3: {from: web, to: s3, gb_per_month: 10}
"""


def test_public_addresses_of_workloads_bill_by_the_hour() -> None:
    topo = from_text(PUBLIC)
    table = table_for(topo)
    report = cost_report(topo, analyse(topo), table)
    ipv4 = rate(table, "eu-west-2", "public_ipv4_hour").usd
    resources = {r.id: r for r in report.resources}
    assert resources["bastion"].monthly_usd == round_usd(HOURS_PER_MONTH * ipv4)
    assert resources["web"].monthly_usd == round_usd(HOURS_PER_MONTH * 3 * ipv4)
    assert resources["web"].items()[0].basis == f"730 h × 3 addresses × ${ipv4:g}"
    # S3 in its own region through an internet gateway: no charge (facts §6.2)
    (flow,) = report.flows
    assert flow.monthly_usd == 0.0


def report_for(name: str) -> CostReport:
    topo = example(name)
    return cost_report(topo, analyse(topo), table_for(topo))


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_json_golden(name: str, golden: GoldenCheck) -> None:
    doc = cost_json(str(EXAMPLES / name))
    stem = name.removesuffix(".yaml")
    golden(f"cost/{stem}.json", json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_markdown_golden(name: str, golden: GoldenCheck) -> None:
    result = CliRunner().invoke(cli, ["cost", str(EXAMPLES / name), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    golden(f"cost/{name.removesuffix('.yaml')}.md", result.stdout)


def test_output_is_deterministic() -> None:
    a = report_for("hub-and-spoke.yaml")
    b = report_for("hub-and-spoke.yaml")
    assert json.dumps(a.to_json()) == json.dumps(b.to_json())
    assert render_markdown(a) == render_markdown(b)
    assert render_table(a) == render_table(b)


def test_table_shows_the_total_and_every_flow() -> None:
    report = report_for("course.yaml")
    text = render_table(report, width=160)
    assert f"${report.monthly_total_usd:,.2f}" in text
    for flow in report.flows:
        assert flow.flow.id in text
    result = CliRunner().invoke(cli, ["cost", str(EXAMPLES / "course.yaml")])
    assert result.exit_code == 0 and f"${report.monthly_total_usd:,.2f}" in result.stdout


def test_paths_shows_the_same_per_flow_figure() -> None:
    for name in EXAMPLE_FILES:
        result = CliRunner().invoke(cli, ["paths", str(EXAMPLES / name), "--format", "json"])
        assert result.exit_code == 0, result.output
        paths = {f["id"]: f["cost"] for f in json.loads(result.stdout)["flows"]}
        assert any(c["monthly_usd"] is not None for c in paths.values())
        cost = {f["id"]: f for f in cost_json(str(EXAMPLES / name))["flows"]}
        assert set(paths) == set(cost)
        for fid, c in paths.items():
            assert c["monthly_usd"] == cost[fid]["monthly_usd"], fid
            assert c["fixed_usd"] == cost[fid]["fixed_usd"], fid
