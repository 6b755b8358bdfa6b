"""Regions the price table does not know, and the topology's `pricing` overrides.

Rule under test (vpcdocs/analysis/pricing/known.py): a null figure of a region the table knows
falls back to us-east-1 and is reported as an assumption; a region with no figures of its own is
an error naming each `pricing.regions.<region>.<key>` to set, unless the topology sets every
figure the report uses there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pricing_support import SCENARIOS, example, from_text, scenario, usd

from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.pricing import (
    HOURS_PER_MONTH,
    UnknownPriceError,
    cost_report,
    known_region,
    load_price_table,
    price_flows,
    round_usd,
    table_for,
)
from vpcdocs.cli import cli

SAO_PAULO = (SCENARIOS / "sao-paulo.yaml").read_text(encoding="utf-8")
NEEDED = (
    "interface_endpoint_gb",
    "interface_endpoint_hour",
    "nat_gateway_gb",
    "nat_gateway_hour",
    "public_ipv4_hour",
)


def with_pricing(text: str, block: str) -> str:
    return text + "\n" + block.strip() + "\n"


def test_the_bundled_table_knows_its_regions_and_not_others() -> None:
    table = load_price_table()
    assert known_region(table, "eu-west-2") and known_region(table, "us-east-2")
    assert not known_region(table, "sa-east-1")


def test_unknown_region_is_an_error_naming_every_key_it_needs() -> None:
    topo = scenario("sao-paulo.yaml")
    with pytest.raises(UnknownPriceError) as err:
        table_for(topo)
    assert err.value.missing == tuple(("sa-east-1", k) for k in NEEDED)
    for key in NEEDED:
        assert f"pricing.regions.sa-east-1.{key}" in str(err.value)
    (diag,) = err.value.diagnostics(topo)
    assert diag.code == "UNKNOWN_PRICE_REGION" and diag.is_error
    assert diag.location == topo.vpcs["sp-vpc"].loc


def test_setting_those_keys_prices_the_region_with_them() -> None:
    figures = {
        "interface_endpoint_gb": 0.011,
        "interface_endpoint_hour": 0.014,
        "nat_gateway_gb": 0.093,
        "nat_gateway_hour": 0.093,
        "public_ipv4_hour": 0.005,
    }
    block = "pricing:\n  as_of: 2026-07-01\n  regions:\n    sa-east-1:\n" + "".join(
        f"      {k}: {v}\n" for k, v in figures.items()
    )
    topo = from_text(with_pricing(SAO_PAULO, block))
    table = table_for(topo)
    report = cost_report(topo, analyse(topo), table)
    assert report.prices_as_of == "2026-07-01"
    resources = {r.id: r.monthly_usd for r in report.resources}
    assert resources["sp-nat"] == round_usd(
        round_usd(HOURS_PER_MONTH * figures["nat_gateway_hour"])
        + round_usd(HOURS_PER_MONTH * figures["public_ipv4_hour"])
    )
    assert resources["sp-sqs-if"] == round_usd(
        HOURS_PER_MONTH * 1 * figures["interface_endpoint_hour"]
    )
    flows = {f.flow.id: f for f in report.flows}
    gb = topo.flows["sp-app-to-s3"].gb_per_month
    assert flows["sp-app-to-s3"].monthly_usd == round_usd(gb * figures["nat_gateway_gb"])
    assert not any("sa-east-1" in a for a in report.assumptions)  # nothing was copied


def test_a_partly_priced_unknown_region_fails_on_exactly_the_missing_figures() -> None:
    block = """
pricing:
  regions:
    sa-east-1: {nat_gateway_hour: 0.093, public_ipv4_hour: 0.005, interface_endpoint_hour: 0.014}
"""
    topo = from_text(with_pricing(SAO_PAULO, block))
    table = table_for(topo)  # the region is mentioned: the check moves to the figures used
    with pytest.raises(UnknownPriceError) as err:
        price_flows(topo, analyse(topo), table)
    assert err.value.missing == (
        ("sa-east-1", "interface_endpoint_gb"),
        ("sa-east-1", "nat_gateway_gb"),
    )


def test_a_null_figure_of_a_known_region_is_an_assumption_not_an_error() -> None:
    topo = example("course.yaml")
    table = table_for(topo)
    assert table.regions["eu-west-1"]["tgw_gb"].usd is None
    report = cost_report(topo, analyse(topo), table)
    fallback = usd(table, "us-east-1", "tgw_gb")
    note = ("No eu-west-1 figure for transit gateway data processing in vpcdocs' price table: "
            f"the us-east-1 figure (${fallback:g}/GB) is used")
    assert note in report.assumptions
    batch = {f.flow.id: f for f in report.flows}["batch-to-dynamodb"]
    assert note in batch.flow.assumptions


def test_an_override_replaces_a_known_regions_figure() -> None:
    text = (Path(__file__).parent.parent / "examples" / "course.yaml").read_text(encoding="utf-8")
    topo = from_text(
        with_pricing(text, "pricing:\n  regions:\n    eu-west-2: {nat_gateway_gb: 0.07}")
    )
    report = cost_report(topo, analyse(topo), table_for(topo))
    flow = {f.flow.id: f for f in report.flows}["web-to-s3-us-east-1"]
    by_item = {i.item: i for i in flow.items}
    gb = topo.flows["web-to-s3-us-east-1"].gb_per_month
    assert by_item["NAT gateway processing (nat-london-a)"].usd == round_usd(gb * 0.07)
    assert by_item["NAT gateway processing (nat-london-a)"].basis == f"{gb:g} GB × $0.07/GB"


def test_cost_command_reports_the_keys_and_exits_1() -> None:
    result = CliRunner().invoke(cli, ["cost", str(SCENARIOS / "sao-paulo.yaml")])
    assert result.exit_code == 1
    assert "error[UNKNOWN_PRICE_REGION]" in result.output
    assert "pricing.regions.sa-east-1.nat_gateway_gb" in result.output


REMOTE_BUCKET = """
vpcdocs: 1
vpcs:
  v:
    region: eu-west-2
    cidr: 10.0.0.0/16
    internet_gateway: igw
    subnets:
      pub: {az: eu-west-2a, cidr: 10.0.0.0/24, route_table: pub-rt}
      app: {az: eu-west-2a, cidr: 10.0.1.0/24, route_table: app-rt}
    route_tables:
      pub-rt: {routes: [{to: 0.0.0.0/0, via: igw}]}
      app-rt: {routes: [{to: 0.0.0.0/0, via: nat}]}
    nat_gateways: {nat: {subnet: pub}}
    workloads: {job: {subnet: app}}
flows:
  job-to-s3-sao-paulo: {from: job, to: s3, region: sa-east-1, gb_per_month: 100}
"""


def test_a_flow_to_an_unknown_region_needs_its_outbound_rate() -> None:
    # The reply leaves sa-east-1, so sa-east-1's inter-region rate is needed, not us-east-1's.
    topo = from_text(REMOTE_BUCKET)
    with pytest.raises(UnknownPriceError) as err:
        table_for(topo)
    assert err.value.missing == (("sa-east-1", "inter_region_gb"),)
    (diag,) = err.value.diagnostics(topo)
    assert diag.location == topo.flows["job-to-s3-sao-paulo"].loc
    priced_text = REMOTE_BUCKET + "pricing:\n  regions:\n    sa-east-1: {inter_region_gb: 0.138}\n"
    topo = from_text(priced_text)
    report = cost_report(topo, analyse(topo), table_for(topo))
    (flow,) = report.flows
    gb = topo.flows["job-to-s3-sao-paulo"].gb_per_month
    out_uk = usd(table_for(topo), "eu-west-2", "inter_region_gb")
    items = {i.item: i.usd for i in flow.items}
    assert items["inter-region transfer (eu-west-2 → sa-east-1)"] == round_usd(gb / 2 * out_uk)
    assert items["inter-region transfer (sa-east-1 → eu-west-2)"] == round_usd(gb / 2 * 0.138)
