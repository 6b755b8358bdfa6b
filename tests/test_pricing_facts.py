"""The us-east-1 worked examples of aws-networking-facts.md §5, reproduced to the cent by the
cost engine (resources and flows), not only by the price table.

The literals below are the facts file's; everything else is the engine's output on the
`use1-worked.yaml` scenario, whose flows are given here as hand-built results shaped like the
paths-json.md hop sequences (and, in the last test, as the path analysis computes them).
"""

from __future__ import annotations

import pytest
from pricing_support import flow_result, scenario

from vpcdocs.analysis.pricing import (
    GB_PER_TB,
    PriceTable,
    cost_report,
    load_price_table,
    price_flows,
    resource_costs,
    table_for,
)
from vpcdocs.analysis.result import FlowResult
from vpcdocs.model import Topology


@pytest.fixture(scope="module")
def topo() -> Topology:
    return scenario("use1-worked.yaml")


@pytest.fixture(scope="module")
def table(topo: Topology) -> PriceTable:
    return table_for(topo)


def hand_built(topo: Topology) -> tuple[FlowResult, ...]:
    nat_tail = [
        ("nat-gateway", "nat-a"),
        ("route-table", "public-rt"),
        ("internet-gateway", "app-igw"),
        ("service", "s3"),
    ]
    return (
        flow_result(
            topo,
            "web-to-s3-via-nat",
            [("workload", "web"), ("subnet", "app-a"), ("route-table", "app-a-rt"), *nat_tail],
            codes=("VIA_NAT_GATEWAY", "VIA_INTERNET_GATEWAY", "PUBLIC_DNS"),
        ),
        flow_result(
            topo,
            "batch-to-s3-via-gateway",
            [
                ("workload", "batch"),
                ("subnet", "app-c"),
                ("route-table", "app-c-rt"),
                ("gateway-endpoint", "s3-gw"),
                ("service", "s3"),
            ],
            codes=("VIA_GATEWAY_ENDPOINT", "PUBLIC_DNS"),
        ),
        flow_result(
            topo,
            "web-to-sqs",
            [
                ("workload", "web"),
                ("subnet", "app-a"),
                ("route-table", "app-a-rt"),
                ("local", "app-vpc"),
                ("interface-endpoint", "sqs-if"),
                ("service", "sqs"),
            ],
            codes=("VIA_INTERFACE_ENDPOINT", "PRIVATE_DNS"),
        ),
    )


def resource(topo: Topology, table: PriceTable, rid: str) -> float:
    (found,) = [r for r in resource_costs(topo, table) if r.id == rid]
    return found.monthly_usd


def test_interface_endpoint_in_three_azs(topo: Topology, table: PriceTable) -> None:
    assert resource(topo, table, "sqs-if") == 21.90


def test_one_tb_processed_by_an_interface_endpoint(topo: Topology, table: PriceTable) -> None:
    priced = {f.id: f for f in price_flows(topo, hand_built(topo), table)}
    assert topo.flows["web-to-sqs"].gb_per_month == 1 * GB_PER_TB
    assert priced["web-to-sqs"].cost.monthly_usd == 10.24


def test_nat_gateway_month_and_address(topo: Topology, table: PriceTable) -> None:
    (nat,) = [r for r in resource_costs(topo, table) if r.id == "nat-a"]
    by_item = {c.item: c for c in nat.items()}
    assert by_item["NAT gateway hours"].usd == 32.85
    assert by_item["public IPv4 address"].usd == 3.65
    assert nat.monthly_usd == round(32.85 + 3.65, 2)


def test_one_tb_through_a_nat_gateway(topo: Topology, table: PriceTable) -> None:
    priced = {f.id: f for f in price_flows(topo, hand_built(topo), table)}
    assert topo.flows["web-to-s3-via-nat"].gb_per_month == 1 * GB_PER_TB
    assert priced["web-to-s3-via-nat"].cost.monthly_usd == 46.08  # "about $46" in the facts


def test_one_tb_of_s3_through_a_gateway_endpoint_is_free(topo: Topology, table: PriceTable) -> None:
    priced = {f.id: f for f in price_flows(topo, hand_built(topo), table)}
    assert priced["batch-to-s3-via-gateway"].cost.monthly_usd == 0.0
    assert priced["batch-to-s3-via-gateway"].cost.fixed_usd == 0.0


def test_tgw_vpc_attachment_month(topo: Topology, table: PriceTable) -> None:
    assert resource(topo, table, "att-app") == 36.50
    assert resource(topo, table, "att-data") == 36.50


def test_the_bundled_table_is_what_the_scenario_uses(topo: Topology, table: PriceTable) -> None:
    assert table == load_price_table()  # no overrides in the scenario


def test_path_analysis_gives_the_same_figures(topo: Topology, table: PriceTable) -> None:
    from vpcdocs.analysis.paths import analyse

    report = cost_report(topo, analyse(topo), table)
    flows = {f.flow.id: f for f in report.flows}
    assert flows["web-to-sqs"].monthly_usd == 10.24
    assert flows["web-to-s3-via-nat"].monthly_usd == 46.08
    assert flows["batch-to-s3-via-gateway"].monthly_usd == 0.0
