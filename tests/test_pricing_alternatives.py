"""Alternatives for flows to AWS services: feasibility by the catalogue and region, their prices
(derived here from the table), what would be added, and the NAT/interface-endpoint break-even."""

from __future__ import annotations

import pytest
from pricing_support import example

from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.pricing import (
    HOURS_PER_MONTH,
    Alternative,
    CostReport,
    FlowReport,
    cost_report,
    rate,
    round_usd,
    table_for,
)
from vpcdocs.model import Topology


@pytest.fixture(scope="module")
def course() -> tuple[Topology, CostReport]:
    topo = example("course.yaml")
    return topo, cost_report(topo, analyse(topo), table_for(topo))


@pytest.fixture(scope="module")
def hub() -> tuple[Topology, CostReport]:
    topo = example("hub-and-spoke.yaml")
    return topo, cost_report(topo, analyse(topo), table_for(topo))


def flow(report: CostReport, fid: str) -> FlowReport:
    return {f.flow.id: f for f in report.flows}[fid]


def ways(report: CostReport, fid: str) -> dict[str, Alternative]:
    return {a.via: a for a in flow(report, fid).alternatives}


def r(topo_report: tuple[Topology, CostReport], region: str, key: str) -> float:
    topo, _ = topo_report
    return rate(table_for(topo), region, key).usd


def test_cross_region_s3_through_nat(course: tuple[Topology, CostReport]) -> None:
    topo, report = course
    alts = ways(report, "web-to-s3-us-east-1")
    assert list(alts) == [
        "gateway-endpoint",
        "interface-endpoint",
        "nat-gateway",
        "cross-region-privatelink",
    ]
    assert not alts["gateway-endpoint"].feasible  # a gateway endpoint never crosses regions
    assert not alts["interface-endpoint"].feasible
    nat = alts["nat-gateway"]
    assert nat.current and nat.monthly_usd == flow(report, "web-to-s3-us-east-1").monthly_usd
    xr = alts["cross-region-privatelink"]
    gb = topo.flows["web-to-s3-us-east-1"].gb_per_month
    inter = (
        r(course, "eu-west-2", "inter_region_gb") + r(course, "us-east-1", "inter_region_gb")
    ) / 2
    per_gb = r(course, "eu-west-2", "interface_endpoint_gb") + inter
    assert xr.feasible and xr.monthly_usd == round_usd(gb * per_gb)
    azs = 2  # london-vpc has workloads in eu-west-2a and eu-west-2b
    fixed = round_usd(HOURS_PER_MONTH * azs * r(course, "eu-west-2", "interface_endpoint_hour"))
    assert xr.fixed_monthly_usd == fixed
    # break-even: the endpoint's fixed cost over the per-GB saving against the NAT gateway
    nat_per_gb = r(course, "eu-west-2", "nat_gateway_gb") + inter
    expected = round(fixed / (nat_per_gb - per_gb), 2)
    assert flow(report, "web-to-s3-us-east-1").break_even_gb_per_month == expected


def test_dynamodb_has_no_cross_region_privatelink(course: tuple[Topology, CostReport]) -> None:
    _, report = course
    alts = ways(report, "reporting-to-dynamodb")
    assert not alts["cross-region-privatelink"].feasible
    # in words a reader understands (it once said "(catalogue)", an internal word)
    assert alts["cross-region-privatelink"].note == (
        "dynamodb is not among the AWS services that offer cross-region interface endpoints")
    assert alts["interface-endpoint"].current  # the London endpoint over the peering


def test_interface_flow_compared_with_the_existing_nat(course: tuple[Topology, CostReport]) -> None:
    topo, report = course
    alts = ways(report, "worker-to-sqs")
    assert not alts["gateway-endpoint"].feasible  # SQS has no gateway endpoint
    assert alts["interface-endpoint"].current
    nat = alts["nat-gateway"]
    gb = topo.flows["worker-to-sqs"].gb_per_month
    assert nat.monthly_usd == round_usd(gb * r(course, "eu-west-2", "nat_gateway_gb"))
    assert nat.fixed_monthly_usd == 0.0 and "nat-london-b" in nat.note  # same AZ, exists
    fixed = round_usd(HOURS_PER_MONTH * 2 * r(course, "eu-west-2", "interface_endpoint_hour"))
    saving = r(course, "eu-west-2", "nat_gateway_gb") - r(
        course, "eu-west-2", "interface_endpoint_gb"
    )
    assert flow(report, "worker-to-sqs").break_even_gb_per_month == round(fixed / saving, 2)


def test_gateway_endpoint_flow_and_its_priced_alternatives(
    course: tuple[Topology, CostReport],
) -> None:
    topo, report = course
    alts = ways(report, "web-to-s3")
    assert alts["gateway-endpoint"].current and alts["gateway-endpoint"].monthly_usd == 0.0
    gb = topo.flows["web-to-s3"].gb_per_month
    interface = alts["interface-endpoint"]
    assert interface.monthly_usd == round_usd(gb * r(course, "eu-west-2", "interface_endpoint_gb"))
    assert interface.fixed_monthly_usd == round_usd(
        HOURS_PER_MONTH * 2 * r(course, "eu-west-2", "interface_endpoint_hour")
    )


def test_new_nat_gateway_costs_its_hours_and_address(course: tuple[Topology, CostReport]) -> None:
    _, report = course
    nat = ways(report, "batch-to-dynamodb")["nat-gateway"]
    hours = r(course, "eu-west-1", "nat_gateway_hour") + r(course, "eu-west-1", "public_ipv4_hour")
    assert nat.fixed_monthly_usd == round_usd(HOURS_PER_MONTH * hours)
    assert "internet gateway" in nat.note  # batch-vpc has none


def test_flows_to_endpoint_services_and_workloads_have_none(
    course: tuple[Topology, CostReport], hub: tuple[Topology, CostReport]
) -> None:
    assert flow(course[1], "partner-to-orders-api").alternatives == ()
    assert flow(hub[1], "payments-api-to-orders-web").alternatives == ()
    assert flow(hub[1], "payments-api-to-orders-web").break_even_gb_per_month is None


def test_a_blocked_flow_is_offered_the_fix(hub: tuple[Topology, CostReport]) -> None:
    _, report = hub
    alts = ways(report, "analytics-notebook-to-s3")
    assert not any(a.current for a in alts.values())
    gateway = alts["gateway-endpoint"]
    assert gateway.feasible and gateway.monthly_usd == 0.0
    assert "euw1-analytics-vpc" in gateway.note


def test_central_egress_nat_is_current(hub: tuple[Topology, CostReport]) -> None:
    topo, report = hub
    alts = ways(report, "orders-web-to-sns")
    assert alts["nat-gateway"].current
    gb = topo.flows["orders-web-to-sns"].gb_per_month
    interface = alts["interface-endpoint"]
    assert interface.monthly_usd == round_usd(gb * r(hub, "us-east-1", "interface_endpoint_gb"))
