"""Unit tests of the path analysis' building blocks: route selection (AWS's priority rules),
prefix lists, principals, hosted-zone matching, and checks the loader would normally refuse
earlier (tested on a model changed with `dataclasses.replace`)."""

from __future__ import annotations

import dataclasses
from ipaddress import IPv4Network

import pytest
from paths_support import SCENARIO_DIR, load_scenario

from vpcdocs.analysis.paths import analyse_flow
from vpcdocs.analysis.paths.addresses import PrivateDest, PublicDest, is_private, prefix_list_text
from vpcdocs.analysis.paths.dns import zone_for
from vpcdocs.analysis.paths.endpoint_service import principal_allowed
from vpcdocs.analysis.paths.routing import lookup_tgw, lookup_vpc


def test_prefix_list_names_and_known_ids() -> None:
    assert prefix_list_text("s3", "eu-west-2") == "pl-7ca54015 (com.amazonaws.eu-west-2.s3)"
    ddb = "pl-6fa54006 (com.amazonaws.eu-west-1.dynamodb)"
    assert prefix_list_text("dynamodb", "eu-west-1") == ddb
    assert prefix_list_text("s3", "me-south-1") == "pl-… (com.amazonaws.me-south-1.s3)"


def test_private_ranges() -> None:
    assert is_private(IPv4Network("10.1.0.0/16"))
    assert is_private(IPv4Network("100.64.1.0/24"))
    assert not is_private(IPv4Network("0.0.0.0/0"))
    assert not is_private(IPv4Network("52.95.0.0/16"))
    assert not is_private(IPv4Network("10.0.0.0/7"))


def test_vpc_routes_prefix_list_only_for_its_service_and_region() -> None:
    topo, _ = load_scenario(SCENARIO_DIR / "gateway-endpoint.yaml")
    same = lookup_vpc(topo, "app-private", PublicDest("s3", "eu-west-2"))
    assert same is not None and same.route.text.startswith("pl-7ca54015")
    assert [r.text for r in same.losers] == ["0.0.0.0/0 -> nat-a"]
    other_region = lookup_vpc(topo, "app-private", PublicDest("s3", "us-east-1"))
    assert other_region is not None and other_region.route.text == "0.0.0.0/0 -> nat-a"
    other_service = lookup_vpc(topo, "app-private", PublicDest("dynamodb", "eu-west-2"))
    assert other_service is not None and other_service.route.target == "nat-a"
    # a written public route never beats the prefix list (recorded as an assumption instead)
    pinned = lookup_vpc(topo, "app-pinned", PublicDest("s3", "eu-west-2"))
    assert pinned is not None and pinned.route.target == "s3-gw"
    assert [r.text for r in pinned.public_cidr_routes] == ["52.95.0.0/16 -> nat-a"]
    # without a prefix list, the longest public route wins
    longest = lookup_vpc(topo, "app-pinned", PublicDest("sqs", "eu-west-2"))
    assert longest is not None and longest.route.text == "52.95.0.0/16 -> nat-a"


def test_vpc_routes_longest_prefix_for_private_destinations() -> None:
    topo, _ = load_scenario(SCENARIO_DIR / "peering.yaml")
    lonely = topo.subnets["lonely-a"]
    m = lookup_vpc(topo, "hub-app", PrivateDest(lonely.cidr, "lonely-vpc", "lonely-a", "x"))
    assert m is not None and m.route.text == "10.13.0.0/16 -> hub-to-lonely"
    own = topo.subnets["hub-ep-a"]
    m = lookup_vpc(topo, "hub-app", PrivateDest(own.cidr, "hub-vpc", "hub-ep-a", "x"))
    assert m is not None and m.route.text == "10.10.0.0/16 -> local"
    stray = PrivateDest(IPv4Network("192.168.1.0/24"), "none", "none", "x")
    assert lookup_vpc(topo, "hub-ep", stray) is None


def test_tgw_static_beats_propagated_and_longest_wins() -> None:
    topo, _ = load_scenario(SCENARIO_DIR / "tgw.yaml")
    x = topo.subnets["x-app-a"]
    m = lookup_tgw(topo, "tgw1-rt", PrivateDest(x.cidr, "x-vpc", "x-app-a", "x"))
    assert m is not None and m.route.blackhole and not m.route.propagated
    assert m.losers[0].text == "10.9.0.0/16 -> att-x" and m.losers[0].propagated
    b = topo.subnets["b-app-a"]
    m = lookup_tgw(topo, "tgw1-rt", PrivateDest(b.cidr, "b-vpc", "b-app-a", "x"))
    assert m is not None and m.route.text == "10.2.0.0/16 -> att-b" and m.route.propagated
    assert lookup_tgw(topo, "tgw1-rt", PublicDest("s3", "us-east-1")) is None


def test_principals() -> None:
    allowed = ("arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:role/app")
    assert principal_allowed("arn:aws:iam::111111111111:user/bob", allowed)
    assert principal_allowed("arn:aws:iam::222222222222:role/app", allowed)
    assert not principal_allowed("arn:aws:iam::222222222222:role/other", allowed)
    assert not principal_allowed("arn:aws:iam::333333333333:root", allowed)
    assert principal_allowed("arn:aws:iam::333333333333:root", ("*",))
    assert not principal_allowed("arn:aws:iam::333333333333:root", ())


def test_hosted_zone_answers_its_domain_and_names_under_it() -> None:
    topo, _ = load_scenario(SCENARIO_DIR / "peering.yaml")
    zone = zone_for(topo, "spoke-vpc", "dynamodb.eu-west-2.amazonaws.com")
    assert zone is not None and zone.name == "ddb-zone"
    assert zone_for(topo, "spoke-vpc", "mytable.dynamodb.eu-west-2.amazonaws.com") is not None
    assert zone_for(topo, "spoke-vpc", "xdynamodb.eu-west-2.amazonaws.com") is None
    assert zone_for(topo, "hub-vpc", "dynamodb.eu-west-2.amazonaws.com") is None


def test_region_missing_from_supported_regions_is_refused() -> None:
    topo, _ = load_scenario(SCENARIO_DIR / "endpoint-service.yaml")
    svc = topo.endpoint_services["api-svc"]
    narrowed = dataclasses.replace(topo, endpoint_services={
        **topo.endpoint_services, "api-svc": dataclasses.replace(svc, supported_regions=())})
    result = analyse_flow(narrowed, "far-to-api")
    assert (result.reachable, result.reason) == (False, "REGION_NOT_SUPPORTED")
    assert result.hops[-1].kind.value == "endpoint-service"
    assert result.fix == "add us-east-1 to the `supported_regions` of endpoint service `api-svc`"
    assert analyse_flow(topo, "far-to-api").reachable


def test_unknown_flow_raises_key_error() -> None:
    topo, _ = load_scenario(SCENARIO_DIR / "tgw.yaml")
    with pytest.raises(KeyError):
        analyse_flow(topo, "nope")
