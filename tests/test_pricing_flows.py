"""A worked example per charge type: each expected figure is computed in the test from the price
table's figures and the billing rule stated next to it (aws-networking-facts.md §5, §7.5), on
hand-built flow results shaped like the paths-json.md hop sequences."""

from __future__ import annotations

import pytest
from pricing_support import example, flow_result, from_text, hop, scenario, usd

from vpcdocs.analysis.pricing import (
    GB_PER_PB,
    HOURS_PER_MONTH,
    PriceTable,
    interface_endpoint_gb_tiers,
    load_price_table,
    price_flows,
    round_usd,
    tiered_cost,
)
from vpcdocs.analysis.result import FIXED_PREFIX, FlowResult
from vpcdocs.model import Topology


@pytest.fixture(scope="module")
def table() -> PriceTable:
    return load_price_table()


def priced(topo: Topology, table: PriceTable, *flows: FlowResult) -> dict[str, FlowResult]:
    return {f.id: f for f in price_flows(topo, flows, table)}


def items(flow: FlowResult) -> dict[str, float]:
    """The flow's cost items as the paths JSON names them (fixed ones: `fixed: <item>`)."""
    return {i["item"]: i["usd"] for i in flow.cost.to_json()["items"]}


def per_gb_items(flow: FlowResult) -> dict[str, float]:
    return {k: v for k, v in items(flow).items() if not k.startswith(FIXED_PREFIX)}


# --- NAT gateway ---------------------------------------------------------------------------------

LONDON_NAT = [
    ("workload", "web"),
    ("subnet", "london-app-a"),
    ("route-table", "london-app-a-rt"),
    ("nat-gateway", "nat-london-a"),
    ("route-table", "london-public"),
    ("internet-gateway", "london-igw"),
    ("service", "s3"),
]


def test_nat_processing_and_inter_region_to_a_service_elsewhere(table: PriceTable) -> None:
    # Rule: NAT processing on all data; S3 in another region adds inter-region transfer, each
    # direction at its source region's rate (equal here, so rate × all the data).
    topo = example("course.yaml")
    flow = flow_result(topo, "web-to-s3-us-east-1", LONDON_NAT, codes=("VIA_NAT_GATEWAY",))
    got = priced(topo, table, flow)["web-to-s3-us-east-1"]
    gb = topo.flows["web-to-s3-us-east-1"].gb_per_month
    nat = round_usd(gb * usd(table, "eu-west-2", "nat_gateway_gb"))
    assert usd(table, "eu-west-2", "inter_region_gb") == usd(table, "us-east-1", "inter_region_gb")
    inter = round_usd(gb * usd(table, "eu-west-2", "inter_region_gb"))
    assert per_gb_items(got) == {
        "NAT gateway processing (nat-london-a)": nat,
        "internet gateway (london-igw)": 0.0,
        "inter-region transfer (eu-west-2 ↔ us-east-1)": inter,
    }
    assert got.cost.monthly_usd == round_usd(nat + inter)
    # fixed: the NAT gateway's hours and its address, not split
    hours = HOURS_PER_MONTH * usd(table, "eu-west-2", "nat_gateway_hour")
    ipv4 = HOURS_PER_MONTH * usd(table, "eu-west-2", "public_ipv4_hour")
    assert got.cost.fixed_usd == round_usd(round_usd(hours) + round_usd(ipv4))


def test_nat_in_another_az_adds_cross_az_each_way(table: PriceTable) -> None:
    # Rule: $0.01/GB each way; gb_per_month counts both directions, so rate × gb_per_month.
    topo = scenario("use1-worked.yaml")
    flow = flow_result(
        topo,
        "worker-to-s3-cross-az-nat",
        [
            ("workload", "worker"),
            ("subnet", "app-b"),
            ("route-table", "app-b-rt"),
            ("nat-gateway", "nat-a"),
            ("route-table", "public-rt"),
            ("internet-gateway", "app-igw"),
            ("service", "s3"),
        ],
    )
    got = priced(topo, table, flow)["worker-to-s3-cross-az-nat"]
    gb = topo.flows["worker-to-s3-cross-az-nat"].gb_per_month
    cross = round_usd(gb * usd(table, "us-east-1", "cross_az_gb"))
    nat = round_usd(gb * usd(table, "us-east-1", "nat_gateway_gb"))
    assert items(got)["cross-AZ transfer to NAT gateway nat-a (us-east-1b → us-east-1a)"] == cross
    assert got.cost.monthly_usd == round_usd(nat + cross)


def test_same_az_nat_has_no_cross_az_charge(table: PriceTable) -> None:
    topo = example("course.yaml")
    flow = flow_result(topo, "web-to-s3-us-east-1", LONDON_NAT)
    got = priced(topo, table, flow)["web-to-s3-us-east-1"]
    assert not any(k.startswith("cross-AZ") for k in items(got))


def test_central_egress_nat_az_comes_from_the_attachment_subnet(table: PriceTable) -> None:
    # The egress VPC's attachment subnet in eu-west-1a routes to the NAT gateway in eu-west-1a.
    topo = example("hub-and-spoke.yaml")
    flow = flow_result(
        topo,
        "payments-eu-api-to-sts",
        [
            ("workload", "payments-eu-api"),
            ("subnet", "euw1-payments-app-a"),
            ("route-table", "euw1-payments-app-rt"),
            ("transit-gateway", "tgw-euw1"),
            ("route-table", "euw1-egress-tgw-a-rt"),
            ("nat-gateway", "euw1-nat-a"),
            ("route-table", "euw1-egress-public-rt"),
            ("internet-gateway", "euw1-igw"),
            ("service", "sts"),
        ],
    )
    got = priced(topo, table, flow)["payments-eu-api-to-sts"]
    gb = topo.flows["payments-eu-api-to-sts"].gb_per_month
    tgw = round_usd(gb * usd(table, "eu-west-1", "tgw_gb", own=False))
    nat = round_usd(gb * usd(table, "eu-west-1", "nat_gateway_gb"))
    assert per_gb_items(got) == {
        "transit gateway processing (tgw-euw1)": tgw,
        "NAT gateway processing (euw1-nat-a)": nat,
        "internet gateway (euw1-igw)": 0.0,
    }
    fixed = {k for k in items(got) if k.startswith(FIXED_PREFIX)}
    assert fixed == {
        "fixed: NAT gateway hours (euw1-nat-a)",
        "fixed: public IPv4 address (euw1-nat-a)",
        "fixed: transit gateway attachment hours (att-euw1-payments)",
        "fixed: transit gateway attachment hours (att-euw1-egress)",
    }


# --- endpoints -----------------------------------------------------------------------------------


def test_gateway_endpoint_is_free(table: PriceTable) -> None:
    topo = example("course.yaml")
    flow = flow_result(
        topo,
        "web-to-s3",
        [
            ("workload", "web"),
            ("subnet", "london-app-a"),
            ("route-table", "london-app-a-rt"),
            ("gateway-endpoint", "s3-gw"),
            ("service", "s3"),
        ],
    )
    got = priced(topo, table, flow)["web-to-s3"]
    assert (got.cost.monthly_usd, got.cost.fixed_usd) == (0.0, 0.0)
    assert [(i.item, i.usd, i.basis) for i in got.cost.items] == [
        ("gateway endpoint (s3-gw)", 0.0, "free")
    ]


def sqs_flow(topo: Topology) -> FlowResult:
    return flow_result(
        topo,
        "worker-to-sqs",
        [
            ("workload", "worker"),
            ("subnet", "london-app-b"),
            ("local", "london-vpc"),
            ("interface-endpoint", "sqs-if"),
            ("service", "sqs"),
        ],
    )


def test_interface_endpoint_processing_and_its_az_hours(table: PriceTable) -> None:
    topo = example("course.yaml")
    got = priced(topo, table, sqs_flow(topo))["worker-to-sqs"]
    gb = topo.flows["worker-to-sqs"].gb_per_month
    assert got.cost.monthly_usd == round_usd(gb * usd(table, "eu-west-2", "interface_endpoint_gb"))
    azs = len({topo.subnets[s].az for s in topo.endpoints["sqs-if"].subnets})
    assert azs == 2
    hourly = HOURS_PER_MONTH * azs * usd(table, "eu-west-2", "interface_endpoint_hour")
    assert got.cost.fixed_usd == round_usd(hourly)
    (fixed,) = got.cost.fixed_items
    assert fixed.basis == f"730 h × 2 AZ × ${usd(table, 'eu-west-2', 'interface_endpoint_hour'):g}"


def test_interface_endpoint_tiers_are_regional_and_apportioned(table: PriceTable) -> None:
    # Rule: the region's tiered cost of all its interface-endpoint GB, shared pro rata.
    topo = scenario("use1-worked.yaml")
    hops = [
        ("workload", "web"),
        ("subnet", "app-a"),
        ("local", "app-vpc"),
        ("interface-endpoint", "sqs-if"),
        ("service", "sqs"),
    ]
    big, small = 1.2 * GB_PER_PB, 0.3 * GB_PER_PB
    a = flow_result(topo, "web-to-sqs", hops, gb=big)
    b = flow_result(topo, "web-to-s3-via-nat", hops, gb=small)  # same hops, another flow id
    got = priced(topo, table, a, b)
    region_cost = tiered_cost(big + small, interface_endpoint_gb_tiers(table, "us-east-1"))
    average = region_cost / (big + small)
    assert got["web-to-sqs"].cost.monthly_usd == round_usd(big * average)
    assert got["web-to-s3-via-nat"].cost.monthly_usd == round_usd(small * average)
    total = (got["web-to-sqs"].cost.monthly_usd or 0) + (
        got["web-to-s3-via-nat"].cost.monthly_usd or 0
    )
    assert total == pytest.approx(region_cost, abs=0.011)
    first = usd(table, "us-east-1", "interface_endpoint_gb")
    assert average < first  # past the first petabyte the average falls


def test_cross_az_to_an_interface_endpoint_is_free(table: PriceTable) -> None:
    # Rule: no inter-AZ charge to reach an interface endpoint since 2022-04 (facts §5).
    topo = from_text(ONE_AZ_ENDPOINT)
    flow = flow_result(
        topo,
        "app-to-sqs",
        [
            ("workload", "app"),
            ("subnet", "app-b"),
            ("local", "v"),
            ("interface-endpoint", "sqs-if"),
            ("service", "sqs"),
        ],
        codes=("VIA_INTERFACE_ENDPOINT", "PRIVATE_DNS", "CROSS_AZ"),
    )
    got = priced(topo, table, flow)["app-to-sqs"]
    gb = topo.flows["app-to-sqs"].gb_per_month
    assert per_gb_items(got) == {
        "interface endpoint processing (sqs-if)": round_usd(
            gb * usd(table, "us-east-1", "interface_endpoint_gb")
        ),
        "cross-AZ to interface endpoint sqs-if": 0.0,
    }


ONE_AZ_ENDPOINT = """
vpcdocs: 1
vpcs:
  v:
    region: us-east-1
    cidr: 10.0.0.0/16
    subnets:
      ep-a: {az: us-east-1a, cidr: 10.0.1.0/24}
      app-b: {az: us-east-1b, cidr: 10.0.2.0/24}
    route_tables:
      rt: {main: true}
    endpoints:
      sqs-if: {type: interface, service: sqs, subnets: [ep-a], allow_from: [10.0.0.0/16]}
    workloads:
      app: {subnet: app-b}
flows:
  app-to-sqs: {from: app, to: sqs, gb_per_month: 700}
"""


def test_gwlb_endpoint_processing(table: PriceTable) -> None:
    topo = scenario("gwlb.yaml")
    flow = flow_result(
        topo,
        "web-to-sqs",
        [
            ("workload", "web"),
            ("subnet", "app-a"),
            ("route-table", "app-rt"),
            hop("gateway-load-balancer-endpoint", "fw-gwlbe", az="us-east-1a"),
            ("route-table", "inspect-rt"),
            ("nat-gateway", "nat-a"),
            ("route-table", "public-rt"),
            ("internet-gateway", "igw"),
            ("service", "sqs"),
        ],
    )
    got = priced(topo, table, flow)["web-to-sqs"]
    gb = topo.flows["web-to-sqs"].gb_per_month
    gwlb = round_usd(gb * usd(table, "us-east-1", "gwlb_endpoint_gb"))
    nat = round_usd(gb * usd(table, "us-east-1", "nat_gateway_gb"))
    assert items(got)["GWLB endpoint processing (fw-gwlbe)"] == gwlb
    assert got.cost.monthly_usd == round_usd(gwlb + nat)
    hourly = round_usd(HOURS_PER_MONTH * 1 * usd(table, "us-east-1", "gwlb_endpoint_hour"))
    assert items(got)["fixed: GWLB endpoint hours (fw-gwlbe)"] == hourly


# --- transit gateways ---------------------------------------------------------------------------


def test_one_transit_gateway_processes_both_directions(table: PriceTable) -> None:
    # Rule: processing on data sent from a VPC attachment into the TGW: the request from the
    # source VPC, the reply from the destination VPC: all of gb_per_month once.
    topo = scenario("use1-worked.yaml")
    flow = flow_result(
        topo,
        "web-to-db",
        [
            ("workload", "web"),
            ("subnet", "app-a"),
            ("route-table", "app-a-rt"),
            ("transit-gateway", "tgw"),
            ("subnet", "data-a"),
            ("workload", "db"),
        ],
    )
    got = priced(topo, table, flow)["web-to-db"]
    gb = topo.flows["web-to-db"].gb_per_month
    assert per_gb_items(got) == {
        "transit gateway processing (tgw)": round_usd(gb * usd(table, "us-east-1", "tgw_gb"))
    }
    attachment = round_usd(HOURS_PER_MONTH * usd(table, "us-east-1", "tgw_attachment_hour"))
    assert got.cost.fixed_usd == round_usd(2 * attachment)  # att-app and att-data


def test_tgw_peering_processes_each_byte_once_and_adds_inter_region(table: PriceTable) -> None:
    # Rule (UNCERTAIN, documented): data arriving over a TGW peering is not processed again; each
    # TGW entered from a VPC processes one direction, half the data each; plus inter-region.
    topo = example("course.yaml")
    flow = flow_result(
        topo,
        "batch-to-dynamodb",
        [
            ("workload", "batch"),
            ("subnet", "batch-a"),
            ("route-table", "batch-rt"),
            ("transit-gateway", "tgw-ireland"),
            ("transit-gateway-peering", "att-ireland-to-london"),
            ("transit-gateway", "tgw-london"),
            hop("interface-endpoint", "ddb-if", region="eu-west-2", az="eu-west-2a"),
            ("service", "dynamodb"),
        ],
        codes=("VIA_TRANSIT_GATEWAY", "VIA_TRANSIT_GATEWAY_PEERING", "CROSS_REGION"),
    )
    got = priced(topo, table, flow)["batch-to-dynamodb"]
    gb = topo.flows["batch-to-dynamodb"].gb_per_month
    tgw_ie = usd(table, "eu-west-1", "tgw_gb", own=False)
    tgw_uk = usd(table, "eu-west-2", "tgw_gb", own=False)
    inter = usd(table, "eu-west-1", "inter_region_gb", own=False)
    assert inter == usd(table, "eu-west-2", "inter_region_gb")
    endpoint = usd(table, "eu-west-2", "interface_endpoint_gb")
    assert per_gb_items(got) == {
        "transit gateway processing (tgw-ireland)": round_usd(gb / 2 * tgw_ie),
        "transit gateway processing (tgw-london)": round_usd(gb / 2 * tgw_uk),
        "inter-region transfer (eu-west-1 ↔ eu-west-2)": round_usd(gb * inter),
        "interface endpoint processing (ddb-if)": round_usd(gb * endpoint),
    }
    used = {k[len(FIXED_PREFIX) :] for k in items(got) if k.startswith(FIXED_PREFIX)}
    assert used == {
        "transit gateway attachment hours (att-batch)",
        "transit gateway peering attachment hours (att-ireland-to-london)",
        "transit gateway peering attachment hours (att-london-to-ireland)",
        "transit gateway attachment hours (att-london)",
        "interface endpoint hours (ddb-if)",
    }
    # eu-west-1 and eu-west-2 TGW figures are null in the table: assumptions, never silent
    assert any("No eu-west-1 figure for transit gateway data processing" in a
               for a in got.assumptions)
    assert any("TGW peering" in a and "not confirmed" in a for a in got.assumptions)


# --- peering, in-VPC, inter-region ----------------------------------------------------------------


def peering_flow(topo: Topology, fid: str) -> FlowResult:
    flow = topo.flows[fid]
    src = topo.workloads[flow.source]
    dst = topo.workloads[flow.to]
    hops: list[tuple[str, str]] = [
        ("workload", flow.source),
        ("subnet", src.subnet),
        ("route-table", topo.subnets[src.subnet].route_table or ""),
    ]
    if src.vpc == dst.vpc:
        hops.append(("local", src.vpc))
    else:
        (peering,) = [
            p for p in topo.peerings.values() if {p.requester, p.accepter} == {src.vpc, dst.vpc}
        ]
        hops.append(("peering", peering.name))
    hops += [("subnet", dst.subnet), ("workload", dst.name)]
    return flow_result(topo, fid, hops)


def test_same_az_peering_is_free_and_cross_az_is_charged(table: PriceTable) -> None:
    topo = scenario("peering.yaml")
    got = priced(
        topo, table, peering_flow(topo, "same-az-peering"), peering_flow(topo, "cross-az-peering")
    )
    assert got["same-az-peering"].cost.monthly_usd == 0.0
    gb = topo.flows["cross-az-peering"].gb_per_month
    assert got["cross-az-peering"].cost.monthly_usd == round_usd(
        gb * usd(table, "eu-west-2", "cross_az_gb")
    )
    assert got["cross-az-peering"].cost.fixed_usd == 0.0  # a peering has no hourly charge


def test_workload_in_another_az_of_the_same_vpc(table: PriceTable) -> None:
    topo = scenario("peering.yaml")
    got = priced(
        topo, table, peering_flow(topo, "cross-az-in-vpc"), peering_flow(topo, "same-az-in-vpc")
    )
    gb = topo.flows["cross-az-in-vpc"].gb_per_month
    assert got["cross-az-in-vpc"].cost.monthly_usd == round_usd(
        gb * usd(table, "eu-west-2", "cross_az_gb")
    )
    assert got["same-az-in-vpc"].cost.monthly_usd == 0.0


def test_inter_region_rates_that_differ_by_direction_split_the_data(table: PriceTable) -> None:
    # Rule: each direction pays its source region's rate; the split being unknown, half each way.
    topo = scenario("peering.yaml")
    got = priced(topo, table, peering_flow(topo, "sg-to-london"))["sg-to-london"]
    gb = topo.flows["sg-to-london"].gb_per_month
    out_sg = usd(table, "ap-southeast-1", "inter_region_gb")
    out_uk = usd(table, "eu-west-2", "inter_region_gb")
    assert out_sg != out_uk
    assert per_gb_items(got) == {
        "inter-region transfer (ap-southeast-1 → eu-west-2)": round_usd(gb / 2 * out_sg),
        "inter-region transfer (eu-west-2 → ap-southeast-1)": round_usd(gb / 2 * out_uk),
    }
    assert any("half of the flow's data" in a for a in got.assumptions)


US_EAST_PEERING = """
vpcdocs: 1
vpcs:
  va:
    region: us-east-1
    cidr: 10.1.0.0/16
    subnets: {a1: {az: us-east-1a, cidr: 10.1.1.0/24}}
    route_tables: {ra: {main: true, routes: [{to: 10.2.0.0/16, via: va-oh}]}}
    workloads: {app: {subnet: a1}}
  oh:
    region: us-east-2
    cidr: 10.2.0.0/16
    subnets: {o1: {az: us-east-2a, cidr: 10.2.1.0/24}}
    route_tables: {ro: {main: true, routes: [{to: 10.1.0.0/16, via: va-oh}]}}
    workloads: {db: {subnet: o1}}
peerings:
  va-oh: {requester: va, accepter: oh}
flows:
  app-to-db: {from: app, to: db, gb_per_month: 900}
"""


def test_us_east_pair_uses_its_cheaper_rate(table: PriceTable) -> None:
    # Rule: N. Virginia <-> Ohio has its own rate in both directions (inter_region_pairs).
    topo = from_text(US_EAST_PEERING)
    (pair,) = [p.usd for p in table.inter_region_pairs if p.regions == ("us-east-1", "us-east-2")]
    assert pair != usd(table, "us-east-1", "inter_region_gb")
    flow = flow_result(
        topo,
        "app-to-db",
        [
            ("workload", "app"),
            ("subnet", "a1"),
            ("route-table", "ra"),
            ("peering", "va-oh"),
            ("subnet", "o1"),
            ("workload", "db"),
        ],
    )
    got = priced(topo, table, flow)["app-to-db"]
    gb = topo.flows["app-to-db"].gb_per_month
    assert per_gb_items(got) == {
        "inter-region transfer (us-east-1 ↔ us-east-2)": round_usd(gb * pair)
    }


# --- internet egress, unreachable ---------------------------------------------------------------


def test_internet_egress_free_allowance_applies_once_across_regions(table: PriceTable) -> None:
    # Rule: 100 GB/month free account-wide across regions, shared pro rata; the rest at each
    # region's first tier here.
    topo = scenario("peering.yaml")
    a = flow_result(
        topo, "same-az-peering", [("workload", "a-app-1"), ("internet", "internet")], gb=300
    )
    b = flow_result(
        topo, "sg-to-london", [("workload", "sg-app"), ("internet", "internet")], gb=100
    )
    got = priced(topo, table, a, b)
    free = usd(table, "eu-west-2", "internet_egress_free_gb")
    assert free == usd(table, "ap-southeast-1", "internet_egress_free_gb")
    uk = (300 - free * 300 / 400) * usd(table, "eu-west-2", "internet_egress_gb")
    sg = (100 - free * 100 / 400) * usd(table, "ap-southeast-1", "internet_egress_gb")
    assert got["same-az-peering"].cost.monthly_usd == round_usd(uk)
    assert got["sg-to-london"].cost.monthly_usd == round_usd(sg)


def test_unreachable_flow_moves_no_data(table: PriceTable) -> None:
    topo = example("course.yaml")
    flow = flow_result(
        topo, "web-to-s3-us-east-1", LONDON_NAT[:3], reachable=False, reason="NO_ROUTE"
    )
    got = priced(topo, table, flow)["web-to-s3-us-east-1"]
    assert (got.cost.monthly_usd, got.cost.fixed_usd) == (0.0, 0.0)
    assert [i.item for i in got.cost.items] == ["not reachable"]


def test_pricing_keeps_the_flows_own_assumptions_first(table: PriceTable) -> None:
    topo = example("course.yaml")
    flow = flow_result(topo, "web-to-s3-us-east-1", LONDON_NAT)
    flow = flow.__class__(**{**flow.__dict__, "assumptions": ("from the path analysis",)})
    got = priced(topo, table, flow)["web-to-s3-us-east-1"]
    assert got.assumptions[0] == "from the path analysis"
    again = priced(topo, table, got)["web-to-s3-us-east-1"]
    assert again.assumptions == got.assumptions  # pricing twice adds nothing twice
