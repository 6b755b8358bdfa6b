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
    VPN_GATEWAY = "vpn-gateway"  # the VPC's virtual private gateway


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


class Protocol(StrEnum):
    TCP = "tcp"
    UDP = "udp"
    ICMP = "icmp"
    ALL = "all"


class ConnectionType(StrEnum):
    VPN = "vpn"
    DIRECT_CONNECT = "direct-connect"


class VpnRouting(StrEnum):
    BGP = "bgp"
    STATIC = "static"


class ResolverDirection(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


@dataclass(frozen=True)
class Route:
    to: IPv4Network
    via: str  # a NAT gateway, the VPC's internet gateway, a peering, a TGW, a GWLB endpoint, a VGW
    via_kind: RouteTarget
    loc: Location


@dataclass(frozen=True)
class RouteTable:
    name: str
    vpc: str
    main: bool
    routes: tuple[Route, ...]
    loc: Location
    propagate: bool = False  # routes learned by the VPC's virtual private gateway appear here


# --- filters (topology-format-hybrid.md) --------------------------------------------------


@dataclass(frozen=True)
class SgRule:
    """A security group rule: exactly one of `cidr`, `prefix_list` (a customer list's name, or
    an AWS service whose managed list is meant), `security_group`."""

    protocol: Protocol
    ports: tuple[int, int] | None  # (first, last); None for icmp / all
    cidr: IPv4Network | None
    prefix_list: str | None
    security_group: str | None
    loc: Location


@dataclass(frozen=True)
class SecurityGroup:
    name: str
    vpc: str
    inbound: tuple[SgRule, ...]
    outbound: tuple[SgRule, ...]  # resolved: absent in the file = one rule allowing everything
    loc: Location
    outbound_default: bool = False  # outbound was absent (AWS's default allow-all rule)


@dataclass(frozen=True)
class NaclRule:
    number: int
    allow: bool
    protocol: Protocol
    ports: tuple[int, int] | None
    cidr: IPv4Network
    loc: Location


@dataclass(frozen=True)
class NetworkAcl:
    """A declared network ACL; rules sorted by number, each direction ending with the implicit
    rule `*` that denies everything."""

    name: str
    vpc: str
    default: bool
    inbound: tuple[NaclRule, ...]
    outbound: tuple[NaclRule, ...]
    loc: Location


@dataclass(frozen=True)
class EndpointPolicy:
    """The small form: one Allow statement for all actions, on `resources`, for `principals`
    (`*`, 12-digit accounts, role or user ARNs), with bucket names expanded to ARNs."""

    principals: tuple[str, ...]
    resources: tuple[str, ...]  # ARN patterns or `*`
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
    network_acl: str | None = None  # effective: explicit, else the VPC's default one, else None
    #                                 (AWS's default NACL, which allows everything)


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
    security_groups: tuple[str, ...] = ()
    policy: EndpointPolicy | None = None  # None: full access (AWS's default policy)


@dataclass(frozen=True)
class Workload:
    name: str
    vpc: str
    subnet: str
    kind: str
    count: int
    public_ip: bool
    loc: Location
    security_groups: tuple[str, ...] = ()
    principal: str | None = None  # the IAM role or user its requests are signed with


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
    vpn_gateway: str | None = None  # its virtual private gateway
    security_groups: tuple[str, ...] = ()
    network_acls: tuple[str, ...] = ()
    default_network_acl: str | None = None  # the declared NACL with `default: true`
    resolver_endpoints: tuple[str, ...] = ()


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
    vpn: str | None = None  # ... or a VPN attachment naming its connection
    direct_connect_gateway: str | None = None  # ... or a Direct Connect gateway attachment
    security_group_referencing: bool = True  # VPC attachments (AWS's default: on)


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
    security_group_referencing: bool = False  # AWS's default: off


@dataclass(frozen=True)
class LoadBalancer:
    name: str
    service: str  # the endpoint service it fronts
    vpc: str
    type: LoadBalancerType
    subnets: tuple[str, ...]
    targets: tuple[str, ...]  # workloads
    loc: Location
    security_groups: tuple[str, ...] = ()
    enforce_security_groups_on_privatelink: bool = True


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


# --- hybrid networks (topology-format-hybrid.md) ------------------------------------------


@dataclass(frozen=True)
class Connection:
    """A Site-to-Site VPN connection or a Direct Connect virtual interface of a network."""

    name: str
    network: str  # the on-premises network it belongs to
    type: ConnectionType
    gateway: str  # VPN: a virtual private gateway or a transit gateway; DX: a DX gateway
    routing: VpnRouting | None  # VPN only (resolved: default BGP)
    static_routes: tuple[IPv4Network, ...]  # static VPN to a VGW
    advertise: tuple[IPv4Network, ...]  # resolved: BGP VPN and DX (default: the network's cidrs)
    loc: Location


@dataclass(frozen=True)
class OnPremisesRoute:
    to: IPv4Network
    via: str  # a connection of the network, or "internet"
    loc: Location


@dataclass(frozen=True)
class DnsForwarder:
    domain: str  # lower case, no trailing dot
    to: str  # an inbound Resolver endpoint
    loc: Location


@dataclass(frozen=True)
class OnPremisesWorkload:
    name: str
    network: str
    cidr: IPv4Network  # resolved: explicit, else the network's first block
    kind: str
    count: int
    principal: str | None
    loc: Location


@dataclass(frozen=True)
class OnPremisesNetwork:
    name: str
    region: str
    cidrs: tuple[IPv4Network, ...]
    dns_domain: str | None  # lower case, no trailing dot
    dns_server: IPv4Network  # resolved: the /32 of `dns_server`, else the first block
    connections: tuple[str, ...]
    routes: tuple[OnPremisesRoute, ...]
    dns_forwarders: tuple[DnsForwarder, ...]
    workloads: tuple[str, ...]
    loc: Location


@dataclass(frozen=True)
class VpnGateway:
    """A virtual private gateway, attached to one VPC."""

    name: str
    vpc: str
    loc: Location


@dataclass(frozen=True)
class DxAssociation:
    gateway: str  # a virtual private gateway or a transit gateway
    allowed_prefixes: tuple[IPv4Network, ...]  # resolved (VGW default: the VPC's blocks)
    loc: Location


@dataclass(frozen=True)
class DirectConnectGateway:
    name: str
    associations: tuple[DxAssociation, ...]
    loc: Location


@dataclass(frozen=True)
class ResolverEndpoint:
    name: str
    vpc: str
    direction: ResolverDirection
    subnets: tuple[str, ...]  # sorted by AZ then name
    security_groups: tuple[str, ...]
    loc: Location
    groups_stated: bool = False  # `security_groups` written (else unrestricted, an assumption)


@dataclass(frozen=True)
class ResolverRule:
    name: str
    domain: str  # lower case, no trailing dot
    endpoint: str  # an outbound Resolver endpoint
    targets: tuple[IPv4Network, ...]  # /32 each
    vpcs: tuple[str, ...]
    loc: Location


@dataclass(frozen=True)
class PrefixList:
    name: str
    region: str
    cidrs: tuple[IPv4Network, ...]
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
    port: int = 443
    protocol: Protocol = Protocol.TCP
    resource: str | None = None  # resolved to an ARN (a bucket name B is arn:aws:s3:::B/*)
    principal: str | None = None  # resolved: explicit, else the source workload's


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
    # hybrid networks, security groups, network ACLs (topology-format-hybrid.md)
    on_premises: Mapping[str, OnPremisesNetwork] = field(default_factory=dict)
    onprem_workloads: Mapping[str, OnPremisesWorkload] = field(default_factory=dict)
    connections: Mapping[str, Connection] = field(default_factory=dict)
    vpn_gateways: Mapping[str, VpnGateway] = field(default_factory=dict)
    direct_connect_gateways: Mapping[str, DirectConnectGateway] = field(default_factory=dict)
    resolver_endpoints: Mapping[str, ResolverEndpoint] = field(default_factory=dict)
    resolver_rules: Mapping[str, ResolverRule] = field(default_factory=dict)
    security_groups: Mapping[str, SecurityGroup] = field(default_factory=dict)
    network_acls: Mapping[str, NetworkAcl] = field(default_factory=dict)
    prefix_lists: Mapping[str, PrefixList] = field(default_factory=dict)

    # --- convenience lookups (pure) ---

    def vpc_of(self, name: str) -> Vpc:
        """The VPC that holds a subnet, workload, endpoint, NAT gateway, route table, IGW, VGW,
        security group, NACL or Resolver endpoint."""
        for table in (
            self.subnets,
            self.workloads,
            self.endpoints,
            self.nat_gateways,
            self.route_tables,
            self.internet_gateways,
            self.vpn_gateways,
            self.security_groups,
            self.network_acls,
            self.resolver_endpoints,
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
        if name in self.on_premises:
            return self.on_premises[name].region
        if name in self.onprem_workloads:
            return self.on_premises[self.onprem_workloads[name].network].region
        return self.vpc_of(name).region

    def is_on_premises(self, workload: str) -> bool:
        """Whether a flow end names an on-premises workload."""
        return workload in self.onprem_workloads

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
            ("on-premises", self.on_premises),
            ("on-premises-workload", self.onprem_workloads),
            ("connection", self.connections),
            ("vpn-gateway", self.vpn_gateways),
            ("direct-connect-gateway", self.direct_connect_gateways),
            ("resolver-endpoint", self.resolver_endpoints),
            ("resolver-rule", self.resolver_rules),
            ("security-group", self.security_groups),
            ("network-acl", self.network_acls),
            ("prefix-list", self.prefix_lists),
        )
