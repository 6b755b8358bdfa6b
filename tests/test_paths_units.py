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


# --- the shortest entry of a prefix list (paths-json.md, rulings of 2026-12-07) -----------------


def _pinned_assumptions(route: str, region: str = "eu-west-2") -> tuple[str, ...]:
    """The assumptions of `pinned-to-s3` when `app-pinned` routes `route` to the NAT gateway."""
    text = (SCENARIO_DIR / "gateway-endpoint.yaml").read_text(encoding="utf-8")
    text = text.replace("{to: 52.95.0.0/16, via: nat-a}", f"{{to: {route}, via: nat-a}}")
    text = text.replace("region: eu-west-2", f"region: {region}")
    text = text.replace("eu-west-2a", f"{region}a")
    from paths_support import topology_text
    from ruamel.yaml import YAML

    from vpcdocs.loader import load_bytes

    data = YAML(typ="safe", pure=True).load(text)
    result = load_bytes("t.yaml", topology_text(data["topology"]).encode("utf-8"))
    assert result.ok and result.topology is not None
    return analyse_flow(result.topology, "pinned-to-s3").assumptions


@pytest.mark.parametrize(
    ("route", "region", "recorded"),
    [
        ("52.95.0.0/16", "eu-west-2", False),  # shortest eu-west-2 S3 entry: /22
        ("52.95.148.0/24", "eu-west-2", True),  # longer than /22: may beat an entry
        ("52.95.0.0/22", "eu-west-2", False),  # the same length is not longer
        ("52.95.0.0/23", "eu-west-2", True),
        ("0.0.0.0/1", "eu-west-2", False),  # never
        ("52.216.0.0/16", "us-east-1", True),  # us-east-1 S3 has a /15 entry
        ("52.0.0.0/15", "us-east-1", False),
        ("52.0.0.0/16", "us-west-1", True),  # not checked: the S3 floor (/15) is used
        ("52.0.0.0/15", "us-west-1", False),
    ],
)
def test_a_public_route_is_an_assumption_only_when_longer_than_the_shortest_entry(
    route: str, region: str, recorded: bool
) -> None:
    found = [a for a in _pinned_assumptions(route, region) if "may be more specific" in a]
    assert bool(found) is recorded, found


def test_prefix_list_data_fallbacks() -> None:
    from vpcdocs.analysis.paths import prefix_lists

    checked = prefix_lists.prefix_list("s3", "eu-west-2")
    assert checked.shortest == 22 and checked.shortest_checked
    assert IPv4Network("52.95.150.0/24") in checked.entries
    unchecked = prefix_lists.prefix_list("s3", "us-west-1")
    assert unchecked.shortest == 15 and not unchecked.shortest_checked
    unknown_region = prefix_lists.prefix_list("s3", "me-south-1")
    assert unknown_region.entries == () and unknown_region.shortest == 15
    unknown_service = prefix_lists.prefix_list("s3-express", "eu-west-2")
    assert unknown_service.shortest == 1  # every written public route but /0 and /1
    assert prefix_lists.may_beat(IPv4Network("64.0.0.0/2"), "s3-express", "eu-west-2")
    assert not prefix_lists.may_beat(IPv4Network("0.0.0.0/1"), "s3-express", "eu-west-2")
    assert prefix_lists.list_command("s3", "eu-west-2") == (
        "aws ec2 get-managed-prefix-list-entries --region eu-west-2 --prefix-list-id pl-7ca54015")


def test_every_recorded_shortest_entry_is_no_longer_than_the_entries() -> None:
    from vpcdocs.analysis.paths import prefix_lists
    from vpcdocs.data import read_data

    lists = read_data("prefix_lists.yaml")["lists"]
    for service, regions in lists.items():
        for region in regions:
            pl = prefix_lists.prefix_list(service, region)
            floor = read_data("prefix_lists.yaml")["services"][service]["floor"]
            assert pl.shortest >= floor, (service, region)
            assert all(e.prefixlen >= pl.shortest for e in pl.entries), (service, region)
