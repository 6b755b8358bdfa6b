"""Realistic network designs of any size, for measuring vpcdocs: the shapes of a landing zone.

    text = design("M")                         # YAML text, the same bytes on every run
    text = design(Shape(regions=4, vpcs=100, flows=10_000))
    python benchmarks/topologies.py M -o m.yaml

Every Region has a transit gateway (peered with every other Region's, static routes to each
Region's address block), a shared-services VPC holding the Region's interface endpoints (private
DNS off, one private hosted zone per service associated with every spoke, as AWS's centralised
endpoint pattern does), an egress VPC (a NAT gateway per AZ behind an internet gateway) and
application spokes. A spoke has ten subnets over three AZs (transit gateway attachment, app,
data, one for its own interface endpoint), S3 and DynamoDB gateway endpoints, an interface
endpoint to a team API published as an endpoint service by every tenth spoke, and workloads.
Flows go from the spokes' workloads to S3 and DynamoDB (gateway endpoints), to the central
endpoints (through the transit gateway), to services without an endpoint (NAT egress), to S3 in
another Region, to workloads in other spokes of the same and of other Regions (transit gateway,
transit gateway peering) and to the team APIs (PrivateLink).

Sizes (`SIZES`):
* S: 2 Regions, 5 VPCs, 10 flows (the size of examples/course.yaml);
* M: 4 Regions, 100 VPCs, 1,000 flows (about 300 KB);
* L: 20 Regions, 1,000 VPCs, 10,000 subnets, about 3,000 endpoints, 100,000 flows.
`Shape` sets the counts independently (the benchmark grows the flows alone, or the VPCs alone).
Regions the bundled price table does not know get a `pricing` override with every key.
Everything is drawn from `random.Random(seed)`: the same shape and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

#: Regions in the order designs use them (the first eight are in the bundled price table).
REGIONS: tuple[tuple[str, str], ...] = (
    ("eu-west-1", "euw1"),
    ("us-east-1", "use1"),
    ("eu-central-1", "euc1"),
    ("us-west-2", "usw2"),
    ("ap-southeast-1", "apse1"),
    ("ap-northeast-1", "apne1"),
    ("eu-west-2", "euw2"),
    ("us-east-2", "use2"),
    ("ca-central-1", "cac1"),
    ("sa-east-1", "sae1"),
    ("eu-west-3", "euw3"),
    ("eu-north-1", "eun1"),
    ("eu-south-1", "eus1"),
    ("ap-northeast-2", "apne2"),
    ("ap-northeast-3", "apne3"),
    ("ap-southeast-2", "apse2"),
    ("ap-south-1", "aps1"),
    ("me-south-1", "mes1"),
    ("af-south-1", "afs1"),
    ("us-west-1", "usw1"),
)
PRICED = frozenset(r for r, _ in REGIONS[:8])
#: Central interface endpoints in every Region's shared-services VPC.
CENTRAL = ("sqs", "kms", "ssm", "logs", "secretsmanager", "sts")
#: Services flows use without any endpoint (NAT egress to the public address).
PUBLIC_ONLY = ("sns", "monitoring", "ecr.api", "events")
WORKLOADS = (("web", "ecs"), ("api", "ecs"), ("worker", "ec2"), ("batch", "ec2"),
             ("cache", "ec2"), ("db", "rds"), ("etl", "lambda"), ("admin", "ec2"))
AZS = ("a", "b", "c")
#: Kinds of flow and their weights.
FLOW_MIX = (("s3", 20), ("dynamodb", 5), ("central", 25), ("public", 5), ("s3-remote", 5),
            ("peer-workload", 20), ("remote-workload", 10), ("api", 10))


@dataclass(frozen=True)
class Shape:
    """How big a design is. `vpcs` counts every VPC (two per Region are shared services and
    egress, at least one spoke per Region); `flows` is exact."""

    regions: int
    vpcs: int
    flows: int
    seed: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.regions <= len(REGIONS):
            raise ValueError(f"regions must be 1-{len(REGIONS)}")
        if self.vpcs < 3 * self.regions or self.vpcs > 120 * self.regions:
            raise ValueError("vpcs must be 3-120 per Region")


SIZES: dict[str, Shape] = {
    "S": Shape(regions=2, vpcs=6, flows=10),
    "M": Shape(regions=4, vpcs=100, flows=1_000),
    "L": Shape(regions=20, vpcs=1_000, flows=100_000),
}


def shape_of(size: str | Shape) -> Shape:
    return SIZES[size.upper()] if isinstance(size, str) else size


@dataclass
class _Region:
    name: str
    abbr: str
    index: int
    spokes: list[str]

    @property
    def block(self) -> str:
        return f"10.{self.index * 8}.0.0/13"

    @property
    def tgw(self) -> str:
        return f"{self.abbr}-tgw"


def _vpc_cidr(region: int, n: int) -> tuple[int, int]:
    """(second octet, third-octet base) of VPC n of a Region: a /20 inside the Region's /13."""
    return region * 8 + n // 16, (n % 16) * 16


def design(size: str | Shape) -> str:
    """The YAML text of a design of `size` ("S", "M", "L" or a `Shape`)."""
    return _Writer(shape_of(size)).text()


class _Writer:
    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.rng = random.Random(shape.seed)
        self.out: list[str] = []
        per = [shape.vpcs // shape.regions] * shape.regions
        for i in range(shape.vpcs % shape.regions):
            per[i] += 1
        self.regions = [
            _Region(name, abbr, i, [f"{abbr}-spoke{j:03d}" for j in range(per[i] - 2)])
            for i, (name, abbr) in enumerate(REGIONS[: shape.regions])
        ]
        self.region_of: dict[str, _Region] = {}
        self.workloads: dict[str, list[str]] = {}  # spoke -> its workloads
        self.apis: dict[str, list[str]] = {}  # region -> endpoint services in it
        self.api_endpoint: dict[str, tuple[str, str]] = {}  # spoke -> (endpoint, service)
        for r in self.regions:
            self.apis[r.name] = [f"{s}-svc" for k, s in enumerate(r.spokes) if k % 10 == 0]
            for s in r.spokes:
                self.region_of[s] = r

    def w(self, line: str) -> None:
        self.out.append(line)

    def text(self) -> str:
        s = self.shape
        self.w("# A generated landing zone (benchmarks/topologies.py): "
               f"{s.regions} Regions, {s.vpcs} VPCs, {s.flows} flows, seed {s.seed}.")
        self.w("vpcdocs: 1")
        self.w(f"title: Landing zone, {s.vpcs} VPCs in {s.regions} Regions")
        self.w("accounts:")
        self.w('  "100000000000": Network')
        for r in self.regions:
            for n in range(2, len(r.spokes) + 2, 10):
                self.w(f"  {_account(r, n)}: Team {n // 10} {r.abbr}")
        self.w("vpcs:")
        for r in self.regions:
            self._shared(r)
            self._egress(r)
            for n, spoke in enumerate(r.spokes):
                self._spoke(r, n + 2, spoke)
        self._transit_gateways()
        self._endpoint_services()
        self._hosted_zones()
        self._flows()
        self._pricing()
        return "\n".join(self.out) + "\n"

    # --- VPCs ---------------------------------------------------------------------------

    def _vpc_head(self, r: _Region, name: str, n: int, account: str) -> tuple[int, int]:
        a, b = _vpc_cidr(r.index, n)
        self.w(f"  {name}:")
        self.w(f"    region: {r.name}")
        self.w(f"    account: {account}")
        self.w(f"    cidr: 10.{a}.{b}.0/20")
        self.region_of[name] = r
        return a, b

    def _tgw_subnets(self, r: _Region, name: str, a: int, b: int, table: str | None = None) -> None:
        for i, az in enumerate(AZS):
            rt = f", route_table: {table}-{az}" if table else ""
            self.w(f"      {name}-tgw-{az}: {{az: {r.name}{az}, cidr: 10.{a}.{b}.{i * 16}/28{rt}}}")

    def _shared(self, r: _Region) -> None:
        name = f"{r.abbr}-shared"
        a, b = self._vpc_head(r, name, 0, '"100000000000"')
        self.w("    subnets:")
        self._tgw_subnets(r, name, a, b)
        for i, az in enumerate(AZS):
            self.w(f"      {name}-ep-{az}: {{az: {r.name}{az}, cidr: 10.{a}.{b + 1 + i}.0/24}}")
        self.w("    route_tables:")
        self.w(f"      {name}-rt:")
        self.w("        main: true")
        self.w(f"        routes: [{{to: 10.0.0.0/8, via: {r.tgw}}}]")
        self.w("    endpoints:")
        subnets = ", ".join(f"{name}-ep-{az}" for az in AZS)
        for svc in CENTRAL:
            self.w(f"      {r.abbr}-{svc}-if: {{type: interface, service: {svc}, "
                   f"subnets: [{subnets}], private_dns: false, allow_from: [10.0.0.0/8]}}")

    def _egress(self, r: _Region) -> None:
        name = f"{r.abbr}-egress"
        a, b = self._vpc_head(r, name, 1, '"100000000000"')
        self.w(f"    internet_gateway: {r.abbr}-igw")
        self.w("    subnets:")
        self._tgw_subnets(r, name, a, b, table=f"{name}-tgw-rt")
        for i, az in enumerate(AZS):
            self.w(f"      {name}-public-{az}: {{az: {r.name}{az}, cidr: 10.{a}.{b + 1 + i}.0/24, "
                   f"route_table: {name}-public-rt}}")
        self.w("    route_tables:")
        for az in AZS:
            self.w(f"      {name}-tgw-rt-{az}:")
            self.w(f"        routes: [{{to: 0.0.0.0/0, via: {r.abbr}-nat-{az}}}, "
                   f"{{to: 10.0.0.0/8, via: {r.tgw}}}]")
        self.w(f"      {name}-public-rt:")
        self.w(f"        routes: [{{to: 0.0.0.0/0, via: {r.abbr}-igw}}, "
               f"{{to: 10.0.0.0/8, via: {r.tgw}}}]")
        self.w("    nat_gateways:")
        for az in AZS:
            self.w(f"      {r.abbr}-nat-{az}: {{subnet: {name}-public-{az}}}")

    def _spoke(self, r: _Region, n: int, name: str) -> None:
        a, b = self._vpc_head(r, name, n, _account(r, n))
        self.w("    subnets:")
        self._tgw_subnets(r, name, a, b)
        for i, az in enumerate(AZS):
            self.w(f"      {name}-app-{az}: {{az: {r.name}{az}, cidr: 10.{a}.{b + 1 + i}.0/24, "
                   f"route_table: {name}-rt}}")
        for i, az in enumerate(AZS):
            self.w(f"      {name}-data-{az}: {{az: {r.name}{az}, cidr: 10.{a}.{b + 4 + i}.0/24, "
                   f"route_table: {name}-rt}}")
        self.w(f"      {name}-ep-a: {{az: {r.name}a, cidr: 10.{a}.{b + 7}.0/24, "
               f"route_table: {name}-rt}}")
        self.w("    route_tables:")
        self.w(f"      {name}-rt:")
        self.w(f"        routes: [{{to: 0.0.0.0/0, via: {r.tgw}}}]")
        self.w(f"      {name}-main: {{main: true}}")
        self.w("    endpoints:")
        self.w(f"      {name}-s3: {{type: gateway, service: s3, route_tables: [{name}-rt]}}")
        self.w(f"      {name}-ddb: {{type: gateway, service: dynamodb, route_tables: [{name}-rt]}}")
        apis = [s for s in self.apis[r.name] if s != f"{name}-svc"]
        if apis:
            api = apis[self.rng.randrange(len(apis))]
            endpoint = f"{name}-api-if"
            self.api_endpoint[name] = (endpoint, api)
            self.w(f"      {endpoint}: {{type: interface, service: {api}, subnets: [{name}-ep-a]}}")
        self.w("    workloads:")
        per_spoke = self.shape.flows // max(1, self._spokes())
        count = min(len(WORKLOADS), max(2, (per_spoke + 3) // 4))
        names: list[str] = []
        for k, (wl, kind) in enumerate(WORKLOADS[:count]):
            subnet = f"{name}-{'data' if kind == 'rds' else 'app'}-{AZS[k % 3]}"
            names.append(f"{name}-{wl}")
            self.w(f"      {name}-{wl}: {{subnet: {subnet}, kind: {kind}, count: {1 + k % 4}}}")
        self.workloads[name] = names

    def _spokes(self) -> int:
        return sum(len(r.spokes) for r in self.regions)

    # --- transit gateways, endpoint services, zones ----------------------------------------

    def _transit_gateways(self) -> None:
        self.w("transit_gateways:")
        for r in self.regions:
            self.w(f"  {r.tgw}:")
            self.w(f"    region: {r.name}")
            self.w("    attachments:")
            vpcs = [f"{r.abbr}-shared", f"{r.abbr}-egress", *r.spokes]
            for v in vpcs:
                table = "services" if v in vpcs[:2] else "spokes"
                subnets = ", ".join(f"{v}-tgw-{az}" for az in AZS)
                self.w(f"      {v}-att: {{vpc: {v}, subnets: [{subnets}], "
                       f"route_table: {r.abbr}-{table}-rt}}")
            others = [o for o in self.regions if o is not r]
            for o in others:
                self.w(f"      {r.abbr}-to-{o.abbr}: {{peer: {o.tgw}, "
                       f"route_table: {r.abbr}-services-rt}}")
            self.w("    route_tables:")
            shared_spokes = ", ".join(f"{v}-att" for v in [vpcs[0], *r.spokes])
            statics = [f"{{to: {o.block}, via: {r.abbr}-to-{o.abbr}}}" for o in others]
            self.w(f"      {r.abbr}-spokes-rt:")
            self.w(f"        propagations: [{shared_spokes}]")
            self.w("        routes:")
            self.w(f"          - {{to: 0.0.0.0/0, via: {r.abbr}-egress-att}}")
            self.w("          - {to: 10.0.0.0/8, blackhole: true}")
            for s in statics:
                self.w(f"          - {s}")
            self.w(f"      {r.abbr}-services-rt:")
            self.w(f"        propagations: [{shared_spokes}]")
            self.w("        routes:" if statics else "        routes: []")
            for s in statics:
                self.w(f"          - {s}")

    def _endpoint_services(self) -> None:
        apis = [(r, s) for r in self.regions for s in self.apis[r.name]]
        if not apis:
            return
        self.w("endpoint_services:")
        for r, api in apis:
            spoke = api[: -len("-svc")]
            principals = ", ".join(f"'arn:aws:iam::{_account(r, n)[1:-1]}:root'"
                                   for n in range(2, len(r.spokes) + 2, 10))
            self.w(f"  {api}:")
            self.w(f"    vpc: {spoke}")
            self.w(f"    load_balancer: {{name: {spoke}-nlb, type: network, "
                   f"subnets: [{spoke}-app-a, {spoke}-app-b], targets: [{spoke}-api]}}")
            self.w("    acceptance_required: false")
            self.w(f"    allowed_principals: [{principals}]")

    def _hosted_zones(self) -> None:
        self.w("hosted_zones:")
        for r in self.regions:
            vpcs = ", ".join(r.spokes)
            for svc in CENTRAL:
                self.w(f"  {r.abbr}-{svc.replace('.', '-')}-zone:")
                self.w(f"    domain: {svc}.{r.name}.amazonaws.com")
                self.w(f"    alias_to: {r.abbr}-{svc}-if")
                self.w(f"    vpcs: [{vpcs}]")

    # --- flows and prices -----------------------------------------------------------------

    def _flows(self) -> None:
        rng = self.rng
        spokes = [s for r in self.regions for s in r.spokes]
        kinds = [k for k, weight in FLOW_MIX for _ in range(weight)]
        self.w("flows:")
        taken: set[str] = set()
        for i in range(self.shape.flows):
            spoke = spokes[i % len(spokes)]
            r = self.region_of[spoke]
            source = self.workloads[spoke][rng.randrange(len(self.workloads[spoke]))]
            kind = kinds[rng.randrange(len(kinds))]
            extra = ""
            if kind == "s3" or kind == "dynamodb":
                target = kind
            elif kind == "central":
                target = CENTRAL[rng.randrange(len(CENTRAL))]
            elif kind == "public":
                target = PUBLIC_ONLY[rng.randrange(len(PUBLIC_ONLY))]
            elif kind == "s3-remote" and len(self.regions) > 1:
                other = self.regions[(r.index + 1 + rng.randrange(len(self.regions) - 1))
                                     % len(self.regions)]
                target, extra = "s3", f", region: {other.name}"
            elif kind == "api" and spoke in self.api_endpoint:
                target = self.api_endpoint[spoke][1]
            elif kind == "remote-workload" and len(self.regions) > 1:
                other = self.regions[(r.index + 1 + rng.randrange(len(self.regions) - 1))
                                     % len(self.regions)]
                peer = other.spokes[rng.randrange(len(other.spokes))]
                target = self.workloads[peer][rng.randrange(len(self.workloads[peer]))]
            else:
                peers = r.spokes if len(r.spokes) > 1 else spokes
                peer = peers[rng.randrange(len(peers))]
                target = self.workloads[peer][rng.randrange(len(self.workloads[peer]))]
                if target == source:
                    target = "s3"
            short = target.split("-spoke")[-1] if "-spoke" in target else target
            base = f"{source}-to-{short.replace('.', '-')}"
            name, n = base, 2
            while name in taken:
                name, n = f"{base}-{n}", n + 1
            taken.add(name)
            gb = (0, 1, 5, 20, 50, 100, 250, 1000, 5000)[rng.randrange(9)]
            self.w(f"  {name}: {{from: {source}, to: {target}{extra}, gb_per_month: {gb}}}")

    def _pricing(self) -> None:
        unpriced = [r for r in self.regions if r.name not in PRICED]
        if not unpriced:
            return
        from vpcdocs.analysis.pricing.table import load_price_table

        base = load_price_table().regions["us-east-1"]
        self.w("pricing:")
        self.w("  regions:")
        for r in unpriced:
            figures = ", ".join(f"{k}: {_figure(v)}" for k, v in sorted(base.items()))
            self.w(f"    {r.name}: {{{figures}}}")


def _figure(value: object) -> str:
    usd = getattr(value, "usd", value)
    return repr(float(usd)) if isinstance(usd, (int, float)) else "0.01"


def _account(r: _Region, n: int) -> str:
    """A team account per ten VPCs of a Region, quoted."""
    return f'"{200000000000 + r.index * 1000 + n // 10:012d}"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("size", help="S, M, L, or REGIONS,VPCS,FLOWS")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.size.upper() in SIZES:
        shape = SIZES[args.size.upper()]
    else:
        regions, vpcs, flows = (int(x) for x in args.size.split(","))
        shape = Shape(regions, vpcs, flows)
    shape = Shape(shape.regions, shape.vpcs, shape.flows, args.seed)
    text = design(shape)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
