"""Valid designs at the edges of the format, for testing that whatever validates also draws.

`stress(...)` writes one topology where every name has the maximum 64 characters and chosen
objects come in large numbers: routes in one route table (the route table's and the VPC router's
labels and tooltips list them), subnets in one Availability Zone (the AZ's note and tooltip name
them), interface endpoints (every subnet's tooltip names the ENIs in it), flows over one line
(its tooltip names them all), principals of an endpoint service (its terms box lists them), TGW
route tables, and free text (title, account labels, workload kinds, descriptions) of many
kilobytes. Before the renderer clipped its texts (vpcdocs.render.limits), such designs validated
and then failed inside Graphviz.

    design = stress(routes=300, flows=60)     # topogen.Design: .data, .text, .raw

Each count is a parameter, so a test can push one dimension at a time or all of them.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from topogen import Design, dump

#: Interface services (catalogue) with private DNS, one endpoint each; s3 and dynamodb are
#: left out (their interface endpoints need a gateway endpoint or private_dns_inbound_only).
INTERFACE_SERVICES: tuple[str, ...] = (
    "athena", "autoscaling", "bedrock-runtime", "cloudformation", "codebuild", "ec2",
    "ec2messages", "ecr.api", "ecr.dkr", "ecs", "ecs-agent", "ecs-telemetry", "elasticache",
    "elasticfilesystem", "elasticloadbalancing", "events", "execute-api", "glue", "iam",
    "kinesis-firehose", "kinesis-streams", "kinesisanalytics", "kms", "lambda", "logs",
    "monitoring", "rds", "route53", "sagemaker.api", "sagemaker.runtime", "secretsmanager",
    "servicecatalog", "sns", "sqs", "ssm", "ssmmessages", "states", "sts", "xray",
)

#: Text that must stay text in every output, repeated to the length asked for.
HOSTILE = "<b>bold</b> & \"quotes\" \\backslash\\ {{ jinja }} | pipe ]]> 日本語 🚀 "


def name(kind: str, serial: int) -> str:
    """A legal name of exactly 64 characters, unique by (kind, serial), with dots, underscores
    and hyphens in it."""
    head = f"{kind}-{serial}."
    filler = "Long_name-with.every_allowed-character." * 2
    return (head + filler)[:64]


def text(length: int, *, words: bool = True) -> str:
    """Free text of `length` characters: hostile words, or (words=False) one unbreakable word."""
    if not words:
        return ("W" * length)[:length]
    return (HOSTILE * (length // len(HOSTILE) + 1))[:length].strip()


def stress(
    *,
    routes: int = 300,
    subnets: int = 24,
    endpoints: int = 20,
    workloads: int = 12,
    flows: int = 40,
    principals: int = 30,
    tgw_tables: int = 12,
    text_chars: int = 20_000,
) -> Design:
    """One valid design with these many objects (see the module's docstring)."""
    if not 1 <= subnets <= 200 or not 0 <= routes <= 4000 or endpoints > len(INTERFACE_SERVICES):
        raise ValueError("a count is out of what this generator can place")
    a, b, c = "eu-west-1a", "eu-west-1b", "eu-west-1c"
    v0, v1, v2 = name("vpc", 0), name("vpc", 1), name("vpc", 2)
    igw, main, public = name("igw", 0), name("rt-main", 0), name("rt-public", 0)
    pcx, tgw, svc = name("pcx", 0), name("tgw", 0), name("svc", 0)

    # VPC 0: every subnet in AZ a but two, so one AZ box holds them all
    subnet_names = [name("subnet", i) for i in range(subnets)]
    v0_subnets: dict[str, Any] = {}
    for i, sub in enumerate(subnet_names):
        az = b if i == 1 else c if i == 2 else a
        v0_subnets[sub] = {"az": az, "cidr": f"10.0.{i}.0/24"}
    v0_subnets[subnet_names[0]]["route_table"] = public
    far = list(ipaddress.IPv4Network("172.16.0.0/12").subnets(new_prefix=24))[:routes]
    main_routes = [{"to": str(net), "via": igw} for net in far]
    main_routes.append({"to": "10.1.0.0/16", "via": pcx})
    main_routes.append({"to": "10.2.0.0/16", "via": tgw})
    nat = name("nat", 0)
    main_routes.append({"to": "0.0.0.0/0", "via": nat})
    v0_endpoints: dict[str, Any] = {
        name("s3-gw", 0): {"type": "gateway", "service": "s3", "route_tables": [main, public]},
    }
    by_az = [subnet_names[0], subnet_names[1], subnet_names[2]]
    for i, service in enumerate(INTERFACE_SERVICES[:endpoints]):
        v0_endpoints[name("ep", i)] = {"type": "interface", "service": service,
                                       "subnets": list(by_az)}
    consumer = name("svc-if", 0)
    v0_endpoints[consumer] = {"type": "interface", "service": svc, "subnets": by_az[:1],
                              "accepted": True}
    kinds = [text(2_000, words=False), text(text_chars), "ec2", "lambda"]
    v0_workloads = {
        name("wl", i): {"subnet": subnet_names[3 + i % max(1, subnets - 3)] if subnets > 3
                        else subnet_names[0], "kind": kinds[i % len(kinds)], "count": 7}
        for i in range(workloads)
    }
    vpc0 = {
        "region": "eu-west-1",
        "account": "111111111111",
        "cidr": "10.0.0.0/16",
        "internet_gateway": igw,
        "subnets": v0_subnets,
        "route_tables": {main: {"main": True, "routes": main_routes},
                         public: {"routes": [{"to": "0.0.0.0/0", "via": igw}]}},
        "nat_gateways": {nat: {"subnet": subnet_names[0]}},
        "endpoints": v0_endpoints,
        "workloads": v0_workloads,
    }

    # VPC 1: the endpoint service's provider, peered with VPC 0
    p_a, p_b = name("prov-subnet", 0), name("prov-subnet", 1)
    app = name("app", 0)
    vpc1 = {
        "region": "eu-west-1",
        "account": "222222222222",
        "cidr": "10.1.0.0/16",
        "subnets": {p_a: {"az": a, "cidr": "10.1.0.0/24"}, p_b: {"az": b, "cidr": "10.1.1.0/24"}},
        "route_tables": {name("rt-prov", 0): {"main": True,
                                              "routes": [{"to": "10.0.0.0/16", "via": pcx}]}},
        "workloads": {app: {"subnet": p_a, "kind": text(300)}},
    }

    # VPC 2: another Region, reached through the transit gateway's peering
    t_a = name("far-subnet", 0)
    vpc2 = {
        "region": "us-east-1",
        "account": "111111111111",
        "cidr": "10.2.0.0/16",
        "subnets": {t_a: {"az": "us-east-1a", "cidr": "10.2.0.0/24"}},
        "route_tables": {name("rt-far", 0): {"main": True}},
        "workloads": {name("far-wl", 0): {"subnet": t_a}},
    }

    att = name("att", 0)
    tgw_tables_spec: dict[str, Any] = {}
    for i in range(max(1, tgw_tables)):
        tgw_tables_spec[name("tgw-rt", i)] = {
            "propagations": [att] if i == 0 else [],
            "routes": [{"to": f"10.{200 + i % 50}.{j}.0/24", "blackhole": True}
                       for j in range(20)],
        }
    arns = [f"arn:aws:iam::{(i % 9 + 1) * 111111111111:012d}:role/"
            + ("path/" * 90)[: 400 - i] + f"r{i}" for i in range(principals)]
    data: dict[str, Any] = {
        "vpcdocs": 1,
        "title": text(text_chars),
        "description": text(text_chars),
        "accounts": {"111111111111": text(5_000, words=False), "222222222222": text(5_000)},
        "vpcs": {v0: vpc0, v1: vpc1, v2: vpc2},
        "peerings": {pcx: {"requester": v0, "accepter": v1}},
        "transit_gateways": {tgw: {
            "region": "eu-west-1",
            "attachments": {att: {"vpc": v0, "subnets": list(by_az), "route_table": name("tgw-rt", 0)}},
            "route_tables": tgw_tables_spec,
        }},
        "endpoint_services": {svc: {
            "vpc": v1,
            "load_balancer": {"name": name("nlb", 0), "type": "network", "subnets": [p_a, p_b],
                              "targets": [app]},
            "acceptance_required": True,
            "allowed_principals": ["arn:aws:iam::111111111111:root", *arns],
            "private_dns_name": "orders.example.com",
        }},
    }
    wl_names = list(v0_workloads)
    flow_specs: dict[str, Any] = {}
    targets = ["s3", "sqs", "kms", svc, app, name("far-wl", 0)]
    for i in range(flows):
        flow_specs[name("flow", i)] = {
            "from": wl_names[i % len(wl_names)] if wl_names else app,
            "to": targets[i % len(targets)],
            "gb_per_month": 10 * i,
            "description": text(min(text_chars, 2_000)),
        }
    if flows:
        data["flows"] = flow_specs
    return Design(data, dump(data))
