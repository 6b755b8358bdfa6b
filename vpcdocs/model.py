"""The loaded topology as frozen, cross-referenced data: what every later stage reads.

The loader (`vpcdocs.loader`) validates the YAML against the schema and the semantic rules, then
builds these objects with every default resolved (a subnet knows its effective route table, an
endpoint its service region and private-DNS setting, a flow its destination kind). Every object keeps
the `Location` of its YAML key for diagnostics. Names share one namespace (topology-format.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from ipaddress import IPv4Network

from vpcdocs.diagnostics import Diagnostic, Location


class EndpointType(StrEnum):
    GATEWAY = "gateway"
    INTERFACE = "interface"
    GATEWAY_LOAD_BALANCER = "gateway-load-balancer"


class RouteTarget(StrEnum):
    """What a written VPC route sends its traffic to."""

    NAT_GATEWAY = "nat-gateway"
    INTERNET_GATEWAY = "internet-gateway"
    PEERING = "peering"
    TRANSIT_GATEWAY = "transit-gateway"
    GWLB_ENDPOINT = "gwlb-endpoint"


class Status(StrEnum):
    """Of a VPC peering or a transit gateway peering attachment."""

    ACTIVE = "active"
    PENDING = "pending"


class LoadBalancerType(StrEnum):
    NETWORK = "network"
    GATEWAY = "gateway"


class TargetKind(StrEnum):
    """What a flow's `to` names."""

    SERVICE = "service"  # an AWS service from the catalogue
    ENDPOINT_SERVICE = "endpoint-service"
    WORKLOAD = "workload"


@dataclass(frozen=True)
class Route:
    to: IPv4Network
    via: str  # a NAT gateway, the VPC's internet gateway, a peering, a TGW or a GWLB endpoint
    via_kind: RouteTarget
    loc: Location


@dataclass(frozen=True)
class RouteTable:
    name: str
    vpc: str
    main: bool
    routes: tuple[Route, ...]
    loc: Location


@dataclass(frozen=True)
class Subnet:
    name: str
    vpc: str
    az: str
    cidr: IPv4Network
    route_table: str | None  # effective table: explicit, else the VPC's main table, else None
    explicit_route_table: bool
    loc: Location


@dataclass(frozen=True)
class NatGateway:
    name: str
    vpc: str
    subnet: str
    loc: Location


@dataclass(frozen=True)
class InternetGateway:
    name: str
    vpc: str
    loc: Location


@dataclass(frozen=True)
class Endpoint:
    name: str
    vpc: str
    type: EndpointType
    service: str  # catalogue service name or endpoint-service name
    service_kind: TargetKind  # SERVICE or ENDPOINT_SERVICE
    service_region: str  # resolved: explicit, else the endpoint service's region, else the VPC's
    route_tables: tuple[str, ...]  # gateway endpoints
    subnets: tuple[str, ...]  # interface / GWLB endpoints, sorted by AZ then name
    private_dns: bool  # resolved default (AWS services: true; endpoint services: has a DNS name)
    private_dns_inbound_only: bool  # resolved (S3 interface endpoint with private DNS: default true)
    allow_from: tuple[IPv4Network, ...] | None  # None: not stated (allowed, an assumption)
    principal: str | None  # resolved: explicit, else arn:aws:iam::<vpc account>:root, else None
    accepted: bool  # resolved: explicit, else True when no acceptance is required
    loc: Location


@dataclass(frozen=True)
class Workload:
    name: str
    vpc: str
    subnet: str
    kind: str
    count: int
    public_ip: bool
    loc: Location


@dataclass(frozen=True)
class Vpc:
    name: str
    region: str
    account: str | None
    cidrs: tuple[IPv4Network, ...]
    dns_support: bool
    dns_hostnames: bool
    internet_gateway: str | None
    subnets: tuple[str, ...]
    route_tables: tuple[str, ...]
    main_route_table: str | None
    nat_gateways: tuple[str, ...]
    endpoints: tuple[str, ...]
    workloads: tuple[str, ...]
    loc: Location


@dataclass(frozen=True)
class Peering:
    name: str
    requester: str
    accepter: str
    status: Status
    loc: Location

    def other(self, vpc: str) -> str:
        return self.accepter if vpc == self.requester else self.requester


@dataclass(frozen=True)
class TgwAttachment:
    name: str
    tgw: str
    vpc: str | None  # a VPC attachment ...
    subnets: tuple[str, ...]
    peer: str | None  # ... or a peering attachment naming the other transit gateway
    route_table: str | None  # the associated TGW route table
    status: Status  # peering attachments; a VPC attachment is always active
    loc: Location


@dataclass(frozen=True)
class TgwRoute:
    to: IPv4Network
    via: str | None  # an attachment of the same TGW
    blackhole: bool
    loc: Location


@dataclass(frozen=True)
class TgwRouteTable:
    name: str
    tgw: str
    propagations: tuple[str, ...]
    routes: tuple[TgwRoute, ...]
    loc: Location


@dataclass(frozen=True)
class TransitGateway:
    name: str
    region: str
    attachments: tuple[str, ...]
    route_tables: tuple[str, ...]
    loc: Location


@dataclass(frozen=True)
class LoadBalancer:
    name: str
    service: str  # the endpoint service it fronts
    vpc: str
    type: LoadBalancerType
    subnets: tuple[str, ...]
    targets: tuple[str, ...]  # workloads
    loc: Location


@dataclass(frozen=True)
class EndpointService:
    name: str
    vpc: str
    region: str
    load_balancer: str
    acceptance_required: bool
    allowed_principals: tuple[str, ...]
    supported_regions: tuple[str, ...]
    private_dns_name: str | None
    loc: Location


@dataclass(frozen=True)
class HostedZone:
    name: str
    domain: str
    alias_to: str  # an interface endpoint
    vpcs: tuple[str, ...]
    loc: Location


@dataclass(frozen=True)
class Flow:
    name: str
    source: str  # a workload ("from" in YAML)
    to: str
    to_kind: TargetKind
    region: str | None  # AWS services: resolved service region; otherwise the target's region
    via_endpoint: str | None
    gb_per_month: float
    description: str | None
    implicit: bool  # generated because `flows` was absent
    loc: Location


@dataclass(frozen=True)
class Topology:
    """A validated topology. Mappings are keyed by name and iterate in sorted order."""

    source: str  # the file name as given on the command line
    title: str | None
    description: str | None
    accounts: Mapping[str, str]
    vpcs: Mapping[str, Vpc]
    subnets: Mapping[str, Subnet]
    route_tables: Mapping[str, RouteTable]
    nat_gateways: Mapping[str, NatGateway]
    internet_gateways: Mapping[str, InternetGateway]
    endpoints: Mapping[str, Endpoint]
    workloads: Mapping[str, Workload]
    peerings: Mapping[str, Peering]
    transit_gateways: Mapping[str, TransitGateway]
    tgw_attachments: Mapping[str, TgwAttachment]
    tgw_route_tables: Mapping[str, TgwRouteTable]
    endpoint_services: Mapping[str, EndpointService]
    load_balancers: Mapping[str, LoadBalancer]
    hosted_zones: Mapping[str, HostedZone]
    flows: Mapping[str, Flow]
    flows_declared: bool  # False when `flows` was absent and defaults were generated
    pricing_as_of: str | None = None
    pricing_overrides: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    # the loader's warnings about this file (valid, but worth a look), sorted by position
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)

    # --- convenience lookups (pure) ---

    def vpc_of(self, name: str) -> Vpc:
        """The VPC that holds a subnet, workload, endpoint, NAT gateway, route table or IGW."""
        for table in (
            self.subnets,
            self.workloads,
            self.endpoints,
            self.nat_gateways,
            self.route_tables,
            self.internet_gateways,
        ):
            obj = table.get(name)
            if obj is not None:
                return self.vpcs[obj.vpc]
        return self.vpcs[name]

    def region_of(self, name: str) -> str:
        if name in self.transit_gateways:
            return self.transit_gateways[name].region
        if name in self.endpoint_services:
            return self.endpoint_services[name].region
        return self.vpc_of(name).region

    def account_of(self, vpc: str) -> str | None:
        return self.vpcs[vpc].account

    def route_table_of(self, subnet: str) -> RouteTable | None:
        rt = self.subnets[subnet].route_table
        return self.route_tables[rt] if rt is not None else None

    def regions(self) -> tuple[str, ...]:
        return tuple(sorted({v.region for v in self.vpcs.values()}))

    def kind_of(self, name: str) -> str | None:
        """The kind of a named object, as the docs name it, or None."""
        for kind, table in self._tables():
            if name in table:
                return kind
        return None

    def _tables(self) -> tuple[tuple[str, Mapping[str, object]], ...]:
        return (
            ("vpc", self.vpcs),
            ("subnet", self.subnets),
            ("route-table", self.route_tables),
            ("nat-gateway", self.nat_gateways),
            ("internet-gateway", self.internet_gateways),
            ("endpoint", self.endpoints),
            ("workload", self.workloads),
            ("peering", self.peerings),
            ("transit-gateway", self.transit_gateways),
            ("tgw-attachment", self.tgw_attachments),
            ("tgw-route-table", self.tgw_route_tables),
            ("endpoint-service", self.endpoint_services),
            ("load-balancer", self.load_balancers),
            ("hosted-zone", self.hosted_zones),
            ("flow", self.flows),
        )
