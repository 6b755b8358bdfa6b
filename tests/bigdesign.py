"""A large, regular, valid design for testing pictures and pages at scale: `big_design(100, 4)`
is 100 VPCs in 4 Regions (25 each), every VPC attached to its Region's transit gateway, the
transit gateways peered in a chain, a shared-services VPC per Region whose interface endpoints
the spokes reach by private hosted zones, an egress VPC per Region, a few VPC peerings, one
PrivateLink endpoint service with consumers in two Regions, and a flow of each kind.

Deterministic (no randomness): the same arguments give the same YAML text. Not a test module.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1", "us-west-2", "eu-central-1",
           "us-east-2", "ap-northeast-1", "eu-west-2")
ACCOUNTS = {"111111111111": "Network", "222222222222": "Payments", "333333333333": "Orders",
            "444444444444": "Analytics", "555555555555": "Data"}


def _short(region: str) -> str:
    parts = region.split("-")
    return parts[0][:2] + parts[1][0] + parts[2]


def big_design(vpcs: int = 100, regions: int = 4) -> str:
    """The YAML text of a design with `vpcs` VPCs spread evenly over `regions` Regions."""
    if not 1 <= regions <= len(REGIONS) or vpcs < 3 * regions:
        raise ValueError("need 1-8 Regions and at least 3 VPCs per Region")
    data: dict[str, Any] = {"vpcdocs": 1, "title": f"{vpcs} VPCs in {regions} Regions",
                            "accounts": dict(ACCOUNTS), "vpcs": {}, "transit_gateways": {}}
    accounts = sorted(ACCOUNTS)
    zones: dict[str, Any] = {}
    flows: dict[str, Any] = {}
    peerings: dict[str, Any] = {}
    per_region = [vpcs // regions + (1 if r < vpcs % regions else 0) for r in range(regions)]
    for r, region in enumerate(REGIONS[:regions]):
        short = _short(region)
        azs = (f"{region}a", f"{region}b")
        tgw = f"tgw-{short}"
        attachments: dict[str, Any] = {}
        names: list[str] = []
        for i in range(per_region[r]):
            kind = "shared" if i == 0 else "egress" if i == 1 else f"app{i:02d}"
            name = f"{short}-{kind}-vpc"
            names.append(name)
            second = r * 32 + i
            cidr = f"10.{second}.0.0/16"
            vpc: dict[str, Any] = {
                "region": region, "account": accounts[0 if i < 2 else 1 + i % 4], "cidr": cidr,
                "subnets": {
                    f"{short}-{kind}-a": {"az": azs[0], "cidr": f"10.{second}.1.0/24"},
                    f"{short}-{kind}-b": {"az": azs[1], "cidr": f"10.{second}.2.0/24"},
                },
                "route_tables": {f"{short}-{kind}-rt": {
                    "main": True, "routes": [{"to": "10.0.0.0/8", "via": tgw}]}},
            }
            if kind == "shared":
                vpc["endpoints"] = {
                    f"{short}-{svc}-if": {"type": "interface", "service": svc,
                                          "subnets": [f"{short}-shared-a", f"{short}-shared-b"],
                                          "private_dns": False, "allow_from": ["10.0.0.0/8"]}
                    for svc in ("sqs", "kms")}
            elif kind == "egress":
                vpc["internet_gateway"] = f"{short}-igw"
                vpc["subnets"][f"{short}-egress-pub"] = {"az": azs[0], "cidr": f"10.{second}.3.0/24",
                                                         "route_table": f"{short}-egress-pub-rt"}
                vpc["route_tables"][f"{short}-egress-rt"]["routes"].insert(
                    0, {"to": "0.0.0.0/0", "via": f"{short}-nat"})
                vpc["route_tables"][f"{short}-egress-pub-rt"] = {"routes": [
                    {"to": "0.0.0.0/0", "via": f"{short}-igw"}, {"to": "10.0.0.0/8", "via": tgw}]}
                vpc["nat_gateways"] = {f"{short}-nat": {"subnet": f"{short}-egress-pub"}}
            else:
                vpc["route_tables"][f"{short}-{kind}-rt"]["routes"] = [{"to": "0.0.0.0/0", "via": tgw}]
                vpc["workloads"] = {f"{short}-{kind}-app": {"subnet": f"{short}-{kind}-a",
                                                             "kind": "ecs", "count": 2}}
            data["vpcs"][name] = vpc
            attachments[f"att-{short}-{kind}"] = {"vpc": name,
                                                   "subnets": [f"{short}-{kind}-a", f"{short}-{kind}-b"]}
        spokes = names[2:]
        for svc in ("sqs", "kms"):
            zones[f"{short}-{svc}-zone"] = {"domain": f"{svc}.{region}.amazonaws.com",
                                            "alias_to": f"{short}-{svc}-if", "vpcs": list(spokes)}
        routes: list[dict[str, Any]] = [{"to": "0.0.0.0/0", "via": f"att-{short}-egress"}]
        for other in (r - 1, r + 1):
            if 0 <= other < regions:
                peer = f"tgw-{_short(REGIONS[other])}"
                attachments[f"att-{short}-to-{_short(REGIONS[other])}"] = {"peer": peer}
        for other in range(regions):
            if other != r:
                hop = r - 1 if other < r else r + 1
                routes.append({"to": f"10.{other * 32}.0.0/11",
                               "via": f"att-{short}-to-{_short(REGIONS[hop])}"})
        data["transit_gateways"][tgw] = {
            "region": region, "attachments": attachments,
            "route_tables": {f"{tgw}-rt": {
                "propagations": [a for a, v in attachments.items() if "vpc" in v],
                "routes": routes}}}
        for a in attachments.values():
            a["route_table"] = f"{tgw}-rt"
        # a few same-Region VPC peerings between neighbouring spokes
        for j in range(0, min(len(spokes) - 1, 6), 3):
            peerings[f"{short}-peer-{j:02d}"] = {"requester": spokes[j], "accepter": spokes[j + 1]}
        app = f"{spokes[0].removesuffix('-vpc')}-app"
        flows[f"{short}-app-to-sqs"] = {"from": app, "to": "sqs", "gb_per_month": 100}
        flows[f"{short}-app-to-neighbour"] = {"from": app,
                                              "to": f"{spokes[1].removesuffix('-vpc')}-app",
                                              "gb_per_month": 50}
        flows[f"{short}-app-to-s3"] = {"from": app, "to": "s3", "gb_per_month": 500}
    # PrivateLink: a service in the first Region, consumers in the first two
    first, second = _short(REGIONS[0]), _short(REGIONS[min(1, regions - 1)])
    provider = f"{first}-app03-vpc"
    data["endpoint_services"] = {"ledger-api": {
        "vpc": provider, "load_balancer": {"name": "ledger-nlb", "type": "network",
                                           "subnets": [f"{first}-app03-a", f"{first}-app03-b"],
                                           "targets": [f"{first}-app03-app"]},
        "acceptance_required": False, "allowed_principals": ["*"],
        **({"supported_regions": [REGIONS[1]]} if regions > 1 else {})}}
    for consumer in (f"{first}-app04", f"{second}-app05"):
        vpc = data["vpcs"][f"{consumer}-vpc"]
        vpc.setdefault("endpoints", {})[f"{consumer}-ledger-if"] = {
            "type": "interface", "service": "ledger-api",
            "subnets": [f"{consumer}-a", f"{consumer}-b"],
            **({"service_region": REGIONS[0]} if consumer.startswith(second) and regions > 1 else {})}
        flows[f"{consumer}-to-ledger"] = {"from": f"{consumer}-app", "to": "ledger-api",
                                          "gb_per_month": 10}
    if regions > 1:
        flows["cross-region-app"] = {"from": f"{first}-app02-app", "to": f"{second}-app02-app",
                                     "gb_per_month": 5}
    data["peerings"] = peerings
    data["hosted_zones"] = zones
    data["flows"] = flows
    import io

    yaml = YAML()
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda data: True
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


if __name__ == "__main__":
    import sys

    sys.stdout.write(big_design(*(int(a) for a in sys.argv[1:3])))
