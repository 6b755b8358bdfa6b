"""The bundled example topologies stay valid, well-formed and as designed.

Users copy these files, and the README, docs site and golden tests use them, so they must load
with zero diagnostics, keep the design rules they are meant to teach (NAT gateway per AZ,
transit gateway attachments in every AZ that sends to it, labelled accounts, described flows)
and, once the analysis engine exists, give the flow results they were designed for.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vpcdocs.cli import cli
from vpcdocs.loader import load_file
from vpcdocs.model import Topology

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_FILES = ("course.yaml", "hub-and-spoke.yaml")
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/vpcdocs.schema.json"


def _load(name: str) -> Topology:
    result = load_file(EXAMPLES / name)
    assert result.topology is not None, [str(d) for d in result.diagnostics]
    return result.topology


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_validates_with_zero_diagnostics(name: str) -> None:
    result = load_file(EXAMPLES / name)
    assert result.diagnostics == ()
    assert result.ok


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_starts_with_schema_comment(name: str) -> None:
    first = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_LINE


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_account_is_labelled(name: str) -> None:
    topo = _load(name)
    used = {v.account for v in topo.vpcs.values() if v.account is not None}
    for service in topo.endpoint_services.values():
        used |= {p.split(":")[4] for p in service.allowed_principals if p != "*"}
    for endpoint in topo.endpoints.values():
        if endpoint.principal is not None:
            used.add(endpoint.principal.split(":")[4])
    assert used
    assert used <= set(topo.accounts), sorted(used - set(topo.accounts))
    assert all(v.account is not None for v in topo.vpcs.values())


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_flow_is_declared_described_and_sized(name: str) -> None:
    topo = _load(name)
    assert topo.flows_declared
    assert topo.title and topo.description
    for flow in topo.flows.values():
        assert flow.description, flow.name
        assert flow.gb_per_month > 0, flow.name


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_nat_routes_use_the_nat_gateway_in_the_same_az(name: str) -> None:
    topo = _load(name)
    checked = 0
    for subnet in topo.subnets.values():
        table = topo.route_table_of(subnet.name)
        for route in table.routes if table else ():
            if route.via_kind == "nat-gateway":
                nat_subnet = topo.subnets[topo.nat_gateways[route.via].subnet]
                assert nat_subnet.az == subnet.az, (subnet.name, route.via)
                checked += 1
    assert checked >= 2


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_subnets_routing_to_a_tgw_have_an_attachment_in_their_az(name: str) -> None:
    topo = _load(name)
    checked = 0
    for subnet in topo.subnets.values():
        table = topo.route_table_of(subnet.name)
        for route in table.routes if table else ():
            if route.via_kind != "transit-gateway":
                continue
            azs = {
                topo.subnets[s].az
                for a in topo.tgw_attachments.values()
                if a.tgw == route.via and a.vpc == subnet.vpc
                for s in a.subnets
            }
            assert subnet.az in azs, (subnet.name, route.via)
            checked += 1
    assert checked >= 4


def test_course_covers_the_taught_patterns() -> None:
    topo = _load("course.yaml")
    principals = next(iter(topo.endpoint_services.values())).allowed_principals
    assert any(p.endswith(":root") for p in principals)
    assert any(":user/" in p for p in principals)
    assert any(":role/" in p for p in principals)
    consumer = topo.endpoints["orders-if"]
    assert consumer.principal in principals and consumer.accepted
    assert topo.peerings and len(topo.transit_gateways) == 2
    assert {"eu-west-1", "eu-west-2"} == set(topo.regions())


def test_hub_and_spoke_has_the_promised_size() -> None:
    topo = _load("hub-and-spoke.yaml")
    assert len(topo.vpcs) >= 6
    assert set(topo.regions()) == {"us-east-1", "eu-west-1"}
    assert len(topo.flows) >= 15
    assert len(topo.transit_gateways) == 2
    assert sum(1 for a in topo.tgw_attachments.values() if a.peer) == 2
    assert topo.endpoint_services and len(topo.hosted_zones) >= 4


# --- results of the analysis (paths-json.md), checked once `vpcdocs paths` exists -------------

# flow -> (reachable, network, reason, codes that must be among the flow's codes)
Expected = tuple[bool, str, str | None, frozenset[str]]


def _ok(network: str, *codes: str) -> Expected:
    return (True, network, None, frozenset(codes))


GW, IF, TGW = "VIA_GATEWAY_ENDPOINT", "VIA_INTERFACE_ENDPOINT", "VIA_TRANSIT_GATEWAY"
NAT, IGW, XR = "VIA_NAT_GATEWAY", "VIA_INTERNET_GATEWAY", "CROSS_REGION"
TGWP, HZ = "VIA_TRANSIT_GATEWAY_PEERING", "HOSTED_ZONE_DNS"
BB, NET = "aws-backbone", "internet"

EXPECTED: dict[str, dict[str, Expected]] = {
    "course.yaml": {
        "web-to-s3": _ok(BB, GW),
        "worker-to-sqs": _ok(BB, IF, "PRIVATE_DNS"),
        "web-to-kms": _ok(BB, IF, "PRIVATE_DNS"),
        "worker-to-ecr": _ok(BB, IF, "PRIVATE_DNS"),
        "worker-to-ecr-api": _ok(BB, IF, "PRIVATE_DNS"),
        "worker-to-ecr-layers": _ok(BB, GW),
        "web-to-s3-us-east-1": _ok(NET, NAT, IGW, "PUBLIC_DNS", XR),
        "reporting-to-dynamodb": _ok(BB, "VIA_PEERING", IF, HZ, XR),
        "batch-to-dynamodb": _ok(BB, TGW, TGWP, IF, "ENDPOINT_DNS_NAME", XR),
        "partner-to-orders-api": _ok(BB, "VIA_ENDPOINT_SERVICE", "ENDPOINT_DNS_NAME"),
    },
    "hub-and-spoke.yaml": {
        "payments-api-to-s3": _ok(BB, GW),
        "payments-api-to-kms": _ok(BB, TGW, IF, HZ),
        "payments-api-to-secretsmanager": _ok(BB, TGW, IF, HZ),
        "payments-api-to-orders-web": _ok(BB, TGW),
        "orders-worker-to-sqs": _ok(BB, TGW, IF, HZ),
        "orders-worker-to-ecr": _ok(BB, TGW, IF, HZ),
        "orders-web-to-dynamodb": _ok(BB, GW),
        "orders-web-to-sns": _ok(NET, TGW, NAT, IGW, "PUBLIC_DNS"),
        "orders-worker-to-ledger-api": _ok(BB, "VIA_ENDPOINT_SERVICE", "ENDPOINT_DNS_NAME"),
        "payments-eu-api-to-s3": _ok(BB, GW),
        "payments-eu-api-to-kms": _ok(BB, TGW, IF, HZ),
        "payments-eu-api-to-sts": _ok(NET, TGW, NAT, IGW, "PUBLIC_DNS"),
        "payments-eu-api-to-ledger-api": _ok(
            BB, "VIA_ENDPOINT_SERVICE", "CROSS_REGION_PRIVATELINK", XR
        ),
        "analytics-etl-to-logs": _ok(BB, TGW, IF, HZ),
        "analytics-etl-to-sqs-us-east-1": _ok(BB, TGW, TGWP, IF, HZ, XR),
        "analytics-etl-to-ledger-b": _ok(BB, TGW, TGWP, XR),
        "analytics-etl-to-s3-us-east-1": _ok(NET, TGW, NAT, IGW, "PUBLIC_DNS", XR),
        "analytics-notebook-to-s3": (
            False, "none", "GATEWAY_ENDPOINT_NOT_TRANSITIVE", frozenset({TGW})
        ),
    },
}


def _paths_json(name: str) -> Mapping[str, Mapping[str, Any]]:
    result = CliRunner().invoke(cli, ["paths", str(EXAMPLES / name), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    return {flow["id"]: flow for flow in document["flows"]}


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_flow_gives_the_designed_result(name: str) -> None:
    flows = _paths_json(name)
    expected = EXPECTED[name]
    assert set(flows) == set(expected)
    wrong = {}
    for flow_id, (reachable, network, reason, codes) in sorted(expected.items()):
        got = flows[flow_id]
        actual = (got["reachable"], got["network"], got["reason"])
        if actual != (reachable, network, reason) or not codes <= set(got["codes"]):
            wrong[flow_id] = (actual, sorted(got["codes"]))
    assert wrong == {}
