"""What every source is read into: the AWS objects of an estate, keyed by AWS id or address.

Each reader (terraform, snapshot, cloudformation) fills one `Estate`; several inputs merge into one
(a peering and its accepter, read from two states, become one `Peering` under one key). The
mapping to the topology format (names, defaults, stubs, comments) is `design.py`'s job; nothing
here knows the format.

A reference between objects is the other object's key: its AWS id when the source knows it, else
the source's own address (`module.net.aws_subnet.a["x"]`, `spoke.yml:SubnetA`). A reference to a
key that no object has is an object outside the input; the design keeps it as a comment or a stub.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar


def source_int(value: Any) -> int | None:
    """A number as the sources write it (an int, a float, or a string of digits such as a
    Terraform port or rule number); None for anything else, booleans included."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return None


@dataclass
class Obj:
    key: str
    origin: str  # where it came from, for the YAML comment: `plan.json: aws_subnet.a["x"]`
    tag_name: str | None = None  # the Name tag
    label: str | None = None  # the name to use without a Name tag (address, logical id, AWS id)


@dataclass
class Vpc(Obj):
    region: str | None = None
    account: str | None = None
    cidrs: list[str] = field(default_factory=list)  # primary first, then associations
    dns_support: bool | None = None  # None: not in the source (AWS default applies)
    dns_hostnames: bool | None = None
    is_default: bool = False


@dataclass
class Subnet(Obj):
    vpc: str = ""
    az: str | None = None
    cidr: str | None = None


@dataclass
class Route:
    dest: str  # an IPv4 CIDR, an IPv6 CIDR or a prefix list id
    target: str | None  # the key of the target object
    kind: str  # igw, nat, pcx, tgw, vpce, local, blackhole, or what else the route names
    origin: str = ""


@dataclass
class RouteTable(Obj):
    vpc: str = ""
    main: bool = False
    routes: list[Route] = field(default_factory=list)
    subnets: list[str] = field(default_factory=list)


@dataclass
class InternetGateway(Obj):
    vpc: str | None = None


@dataclass
class NatGateway(Obj):
    subnet: str = ""
    public: bool = True


@dataclass
class SgRule:
    cidrs: list[str]
    protocol: str  # "-1" (all), "tcp", "udp", "icmp", or a number
    from_port: int | None
    to_port: int | None
    others: list[str] = field(default_factory=list)  # security groups / prefix lists admitted


@dataclass
class SecurityGroup(Obj):
    vpc: str | None = None
    ingress: list[SgRule] = field(default_factory=list)
    egress: list[SgRule] = field(default_factory=list)
    egress_known: bool = False  # the source lists the group's outbound rules (AWS adds allow-all)


@dataclass
class NaclEntry:
    number: int
    egress: bool
    allow: bool
    protocol: str  # "-1" (all), "tcp", "udp", "icmp", or a number
    from_port: int | None
    to_port: int | None
    cidr: str | None  # IPv4; None for an IPv6 entry


@dataclass
class NetworkAcl(Obj):
    vpc: str = ""
    is_default: bool = False
    entries: list[NaclEntry] = field(default_factory=list)
    entries_known: bool = True  # False: the source lists no entry at all (not even AWS's `*`)
    subnets: list[str] = field(default_factory=list)


@dataclass
class VpnGateway(Obj):
    vpc: str | None = None  # the VPC it is attached to
    region: str | None = None


@dataclass
class CustomerGateway(Obj):
    ip: str | None = None
    bgp_asn: str | None = None
    region: str | None = None


@dataclass
class VpnConnection(Obj):
    customer_gateway: str | None = None
    vpn_gateway: str | None = None  # exactly one of vpn_gateway / transit_gateway
    transit_gateway: str | None = None
    static_routes_only: bool | None = None
    static_routes: list[str] = field(default_factory=list)  # CIDRs (VPN to a VGW)
    region: str | None = None


@dataclass
class DxGateway(Obj):
    pass


@dataclass
class DxAssociation:
    dx_gateway: str
    gateway: str  # a VGW or TGW key
    allowed_prefixes: list[str] | None  # None: not in the source
    origin: str = ""


@dataclass
class TgwOtherAttachment(Obj):
    """A transit gateway attachment to a VPN connection or a Direct Connect gateway."""

    tgw: str = ""
    kind: str = ""  # vpn | direct-connect-gateway
    resource: str = ""  # the VPN connection or Direct Connect gateway key


@dataclass
class ResolverEndpoint(Obj):
    vpc: str = ""
    direction: str = ""  # INBOUND | OUTBOUND
    subnets: list[str] = field(default_factory=list)
    security_groups: list[str] = field(default_factory=list)


@dataclass
class ResolverRule(Obj):
    domain: str = ""
    rule_type: str = "FORWARD"  # FORWARD | SYSTEM | RECURSIVE
    endpoint: str | None = None
    targets: list[str] = field(default_factory=list)
    vpcs: list[str] = field(default_factory=list)


@dataclass
class PrefixList(Obj):
    name: str | None = None  # PrefixListName (com.amazonaws.<region>.s3 for AWS's lists)
    region: str | None = None
    aws_managed: bool = False
    cidrs: list[str] = field(default_factory=list)
    entries_known: bool = False


@dataclass
class Endpoint(Obj):
    vpc: str = ""
    type: str = "Interface"  # Interface | Gateway | GatewayLoadBalancer | Resource | ServiceNetwork
    service_name: str = ""  # com.amazonaws.eu-west-1.s3, com.amazonaws.vpce.eu-west-1.vpce-svc-…
    service_region: str | None = None
    route_tables: list[str] = field(default_factory=list)
    subnets: list[str] = field(default_factory=list)
    private_dns: bool | None = None
    inbound_only: bool | None = None
    security_groups: list[str] | None = None  # None: not in the source
    state: str | None = None  # available, pendingAcceptance, ...
    dns_names: list[str] = field(default_factory=list)
    policy: Any = None  # the policy document (parsed JSON), None when not in the source


@dataclass
class EndpointService(Obj):
    service_name: str | None = None
    region: str | None = None
    load_balancers: list[str] = field(default_factory=list)  # keys (ARNs)
    acceptance_required: bool | None = None
    principals: list[str] = field(default_factory=list)
    supported_regions: list[str] = field(default_factory=list)
    private_dns_name: str | None = None


@dataclass
class LoadBalancer(Obj):
    name: str | None = None
    type: str = "network"  # network | gateway | application
    vpc: str | None = None
    subnets: list[str] = field(default_factory=list)


@dataclass
class TargetGroup(Obj):
    load_balancers: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # instance keys (or IPs)


@dataclass
class Peering(Obj):
    requester: str | None = None  # VPC keys
    accepter: str | None = None
    status: str | None = None  # AWS status code (active, pending-acceptance, ...)
    accepted: bool = False  # an accepter resource was read
    # what the source says of the VPCs (for a VPC outside the input)
    requester_info: dict[str, Any] = field(default_factory=dict)
    accepter_info: dict[str, Any] = field(default_factory=dict)


@dataclass
class TransitGateway(Obj):
    region: str | None = None
    account: str | None = None
    default_association_rt: str | None = None
    default_propagation_rt: str | None = None
    auto_association: bool = True
    auto_propagation: bool = True


@dataclass
class TgwVpcAttachment(Obj):
    tgw: str = ""
    vpc: str = ""
    subnets: list[str] = field(default_factory=list)
    default_association: bool | None = None  # None: the TGW's setting applies
    default_propagation: bool | None = None


@dataclass
class TgwPeering(Obj):
    """A transit gateway peering attachment: one AWS object, seen from two transit gateways."""

    requester_tgw: str | None = None
    accepter_tgw: str | None = None
    requester_region: str | None = None
    accepter_region: str | None = None
    status: str | None = None
    accepted: bool = False


@dataclass
class TgwRouteTable(Obj):
    tgw: str = ""
    default_association: bool = False
    default_propagation: bool = False


@dataclass
class TgwAssociation:
    route_table: str
    attachment: str
    tgw: str | None = None  # which side, for a peering attachment (None: the route table's)


@dataclass
class TgwRoute:
    route_table: str
    dest: str
    attachment: str | None
    blackhole: bool
    origin: str = ""


@dataclass
class HostedZone(Obj):
    domain: str = ""
    private: bool = True
    vpcs: list[str] = field(default_factory=list)
    vpc_regions: dict[str, str] = field(default_factory=dict)


@dataclass
class AliasRecord:
    zone: str
    name: str
    target: str  # the alias target's DNS name
    origin: str = ""


@dataclass
class Workload(Obj):
    subnets: list[str] = field(default_factory=list)
    kind: str = "ec2"
    count: int = 1
    public_ip: bool = False
    security_groups: list[str] = field(default_factory=list)
    private_ip: str | None = None


T = TypeVar("T", bound=Obj)


@dataclass
class Estate:
    """Everything read from one or more inputs, plus what was not read and why."""

    vpcs: dict[str, Vpc] = field(default_factory=dict)
    subnets: dict[str, Subnet] = field(default_factory=dict)
    route_tables: dict[str, RouteTable] = field(default_factory=dict)
    internet_gateways: dict[str, InternetGateway] = field(default_factory=dict)
    nat_gateways: dict[str, NatGateway] = field(default_factory=dict)
    security_groups: dict[str, SecurityGroup] = field(default_factory=dict)
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    endpoint_services: dict[str, EndpointService] = field(default_factory=dict)
    load_balancers: dict[str, LoadBalancer] = field(default_factory=dict)
    target_groups: dict[str, TargetGroup] = field(default_factory=dict)
    peerings: dict[str, Peering] = field(default_factory=dict)
    transit_gateways: dict[str, TransitGateway] = field(default_factory=dict)
    tgw_vpc_attachments: dict[str, TgwVpcAttachment] = field(default_factory=dict)
    tgw_peerings: dict[str, TgwPeering] = field(default_factory=dict)
    tgw_route_tables: dict[str, TgwRouteTable] = field(default_factory=dict)
    tgw_associations: list[TgwAssociation] = field(default_factory=list)
    tgw_propagations: list[TgwAssociation] = field(default_factory=list)
    tgw_routes: list[TgwRoute] = field(default_factory=list)
    hosted_zones: dict[str, HostedZone] = field(default_factory=dict)
    alias_records: list[AliasRecord] = field(default_factory=list)
    workloads: dict[str, Workload] = field(default_factory=dict)
    network_acls: dict[str, NetworkAcl] = field(default_factory=dict)
    vpn_gateways: dict[str, VpnGateway] = field(default_factory=dict)
    customer_gateways: dict[str, CustomerGateway] = field(default_factory=dict)
    vpn_connections: dict[str, VpnConnection] = field(default_factory=dict)
    dx_gateways: dict[str, DxGateway] = field(default_factory=dict)
    dx_associations: list[DxAssociation] = field(default_factory=list)
    tgw_other_attachments: dict[str, TgwOtherAttachment] = field(default_factory=dict)
    resolver_endpoints: dict[str, ResolverEndpoint] = field(default_factory=dict)
    resolver_rules: dict[str, ResolverRule] = field(default_factory=dict)
    prefix_lists: dict[str, PrefixList] = field(default_factory=dict)
    # route tables' VGW route propagation: route table key -> VGW keys
    vgw_propagations: dict[str, list[str]] = field(default_factory=dict)
    # prefixes a VGW or a TGW attachment has learned by BGP (propagated routes seen in the input)
    learned: dict[str, list[str]] = field(default_factory=dict)
    # ids an object is also known by (an ARN, a name, a DNS name) -> key
    aliases: dict[str, str] = field(default_factory=dict)
    # what was not read: resource type (or describe key) -> count
    not_read: Counter[str] = field(default_factory=Counter)
    # objects skipped on purpose (deleted, failed, being destroyed): reason -> count
    skipped: Counter[str] = field(default_factory=Counter)
    # sentences for the summary (and the file's header): things the reader could not do
    notes: list[str] = field(default_factory=list)

    def put(self, table: dict[str, T], obj: T) -> T:
        """Add `obj`, or merge it into the object already under its key (fields it knows win)."""
        old = table.get(obj.key)
        if old is None:
            table[obj.key] = obj
            return obj
        merge_into(old, obj)
        return old

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def resolve(self, ref: str | None) -> str | None:
        """The key an id, ARN or address stands for (itself when it is a key or unknown)."""
        if ref is None:
            return None
        return self.aliases.get(ref, ref)

    def merge(self, other: Estate) -> None:
        """Add another input's estate to this one."""
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, Counter):
                mine.update(theirs)
            elif isinstance(mine, dict) and f.name in ("vgw_propagations", "learned"):
                for k, v in theirs.items():
                    have = mine.setdefault(k, [])
                    have.extend(x for x in v if x not in have)
            elif isinstance(mine, dict) and f.name == "aliases":
                for k, v in theirs.items():
                    mine.setdefault(k, v)
            elif isinstance(mine, dict):
                for obj in theirs.values():
                    self.put(mine, obj)
            elif f.name == "notes":
                for text in theirs:
                    self.note(text)
            else:
                mine.extend(x for x in theirs if x not in mine)


def merge_into(old: Any, new: Any) -> None:
    """Fill `old`'s unknown fields from `new`; lists are united; a known scalar stays."""
    for f in fields(old):
        a, b = getattr(old, f.name), getattr(new, f.name)
        if isinstance(a, list):
            a.extend(x for x in b if x not in a)
        elif isinstance(a, dict):
            for k, v in b.items():
                a.setdefault(k, v)
        elif f.name == "origin":
            if b and not a:
                setattr(old, f.name, b)
            elif b and b not in a.split("; "):
                setattr(old, f.name, f"{a}; {b}")
        elif isinstance(a, bool) and isinstance(b, bool):
            if b and not a:
                setattr(old, f.name, b)  # accepted / main / default flags: any source saying so
        elif a in (None, "") and b not in (None, ""):
            setattr(old, f.name, b)
