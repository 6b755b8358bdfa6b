"""The analysis result types: what `paths` computes for each flow (the `paths-json.md` contract).

These frozen dataclasses are the single shape that pricing, diagrams, the site and `diff` read.
`to_json()` gives exactly the contract's field order; fields may be added, never renamed.

Some fields are internal (never in the JSON): where each hop is (`Hop.where`: region, VPC, AZ,
subnet, as the path analysis knew them when it took the hop), and what each cost item charges
for (`CostItem.kind`, `.fixed`, `.subject`), so that later stages never work these facts out
again from names or display text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from vpcdocs.model import TargetKind


class HopKind(StrEnum):
    WORKLOAD = "workload"
    SUBNET = "subnet"
    ROUTE_TABLE = "route-table"
    LOCAL = "local"
    NAT_GATEWAY = "nat-gateway"
    INTERNET_GATEWAY = "internet-gateway"
    INTERNET = "internet"
    GATEWAY_ENDPOINT = "gateway-endpoint"
    INTERFACE_ENDPOINT = "interface-endpoint"
    GATEWAY_LOAD_BALANCER_ENDPOINT = "gateway-load-balancer-endpoint"
    PEERING = "peering"
    TRANSIT_GATEWAY = "transit-gateway"
    TRANSIT_GATEWAY_PEERING = "transit-gateway-peering"
    LOAD_BALANCER = "load-balancer"
    ENDPOINT_SERVICE = "endpoint-service"
    SERVICE = "service"
    # hybrid networks and filters (paths-json-hybrid.md)
    ON_PREMISES = "on-premises"
    VPN_CONNECTION = "vpn-connection"
    VPN_GATEWAY = "vpn-gateway"
    DIRECT_CONNECT = "direct-connect"
    DIRECT_CONNECT_GATEWAY = "direct-connect-gateway"
    NETWORK_ACL = "network-acl"


class ChargeKind(StrEnum):
    """What a cost item charges for (internal: the JSON shows only the item's words)."""

    NOT_REACHABLE = "not-reachable"  # an unreachable flow moves no data
    NAT_PROCESSING = "nat-processing"
    CROSS_AZ_TO_NAT = "cross-az-to-nat"
    INTERFACE_ENDPOINT_PROCESSING = "interface-endpoint-processing"
    CROSS_AZ_TO_INTERFACE_ENDPOINT = "cross-az-to-interface-endpoint"  # free since 2022-04
    GWLB_ENDPOINT_PROCESSING = "gwlb-endpoint-processing"
    GATEWAY_ENDPOINT = "gateway-endpoint"  # free
    INTERNET_GATEWAY = "internet-gateway"  # free
    INTERNET_EGRESS = "internet-egress"
    TGW_PROCESSING = "tgw-processing"
    INTER_REGION = "inter-region"
    CROSS_AZ = "cross-az"  # within a VPC or over an in-region peering
    # hourly (fixed) charges of resources
    INTERFACE_ENDPOINT_HOURS = "interface-endpoint-hours"
    GWLB_ENDPOINT_HOURS = "gwlb-endpoint-hours"
    NAT_GATEWAY_HOURS = "nat-gateway-hours"
    PUBLIC_IPV4 = "public-ipv4"
    TGW_ATTACHMENT_HOURS = "tgw-attachment-hours"
    # paths-json-hybrid.md "`vpcdocs cost` additions"
    VPN_CONNECTION_HOURS = "vpn-connection-hours"
    RESOLVER_ENDPOINT_HOURS = "resolver-endpoint-hours"
    DIRECT_CONNECT_OUT = "direct-connect-out"
    VPN_OUT = "vpn-out"


#: How a flow's `cost.items` (paths JSON) mark a fixed monthly charge of a resource it uses.
FIXED_PREFIX = "fixed: "


class Code(StrEnum):
    """What happened along a flow's way (paths-json.md `codes`, in contract order)."""

    VIA_GATEWAY_ENDPOINT = "VIA_GATEWAY_ENDPOINT"
    VIA_INTERFACE_ENDPOINT = "VIA_INTERFACE_ENDPOINT"
    VIA_NAT_GATEWAY = "VIA_NAT_GATEWAY"
    VIA_INTERNET_GATEWAY = "VIA_INTERNET_GATEWAY"
    VIA_PEERING = "VIA_PEERING"
    VIA_TRANSIT_GATEWAY = "VIA_TRANSIT_GATEWAY"
    VIA_TRANSIT_GATEWAY_PEERING = "VIA_TRANSIT_GATEWAY_PEERING"
    VIA_ENDPOINT_SERVICE = "VIA_ENDPOINT_SERVICE"
    PRIVATE_DNS = "PRIVATE_DNS"
    HOSTED_ZONE_DNS = "HOSTED_ZONE_DNS"
    ENDPOINT_DNS_NAME = "ENDPOINT_DNS_NAME"
    PUBLIC_DNS = "PUBLIC_DNS"
    CROSS_REGION = "CROSS_REGION"
    CROSS_AZ = "CROSS_AZ"
    CROSS_REGION_PRIVATELINK = "CROSS_REGION_PRIVATELINK"
    # paths-json-hybrid.md, after format 1's
    VIA_VPN = "VIA_VPN"
    VIA_DIRECT_CONNECT = "VIA_DIRECT_CONNECT"
    VIA_VPN_GATEWAY = "VIA_VPN_GATEWAY"
    VIA_ON_PREMISES_INTERNET = "VIA_ON_PREMISES_INTERNET"
    PROPAGATED_ROUTE = "PROPAGATED_ROUTE"
    RESOLVER_INBOUND_ENDPOINT = "RESOLVER_INBOUND_ENDPOINT"
    RESOLVER_FORWARDING_RULE = "RESOLVER_FORWARDING_RULE"


class Reason(StrEnum):
    """Why a flow is blocked (paths-json.md `reason`)."""

    NO_ROUTE = "NO_ROUTE"
    BLACKHOLE = "BLACKHOLE"
    NO_INTERNET_GATEWAY = "NO_INTERNET_GATEWAY"
    GATEWAY_ENDPOINT_NOT_TRANSITIVE = "GATEWAY_ENDPOINT_NOT_TRANSITIVE"
    PEERING_NOT_TRANSITIVE = "PEERING_NOT_TRANSITIVE"
    PEERING_NOT_ACTIVE = "PEERING_NOT_ACTIVE"
    NO_RETURN_ROUTE = "NO_RETURN_ROUTE"
    DNS_NOT_RESOLVABLE = "DNS_NOT_RESOLVABLE"
    PRINCIPAL_NOT_ALLOWED = "PRINCIPAL_NOT_ALLOWED"
    CONNECTION_NOT_ACCEPTED = "CONNECTION_NOT_ACCEPTED"
    REGION_NOT_SUPPORTED = "REGION_NOT_SUPPORTED"
    SECURITY_GROUP_DENIES = "SECURITY_GROUP_DENIES"
    NO_TGW_ATTACHMENT_IN_AZ = "NO_TGW_ATTACHMENT_IN_AZ"
    SERVICE_NOT_AVAILABLE = "SERVICE_NOT_AVAILABLE"
    NO_PUBLIC_IP = "NO_PUBLIC_IP"
    NO_ENDPOINT = "NO_ENDPOINT"
    # paths-json-hybrid.md
    NACL_DENIES = "NACL_DENIES"
    NACL_RETURN_DENIES = "NACL_RETURN_DENIES"
    ENDPOINT_POLICY_DENIES = "ENDPOINT_POLICY_DENIES"
    VPN_GATEWAY_NOT_TRANSITIVE = "VPN_GATEWAY_NOT_TRANSITIVE"


class Network(StrEnum):
    AWS_BACKBONE = "aws-backbone"
    INTERNET = "internet"
    NONE = "none"
    VPN = "vpn"  # paths-json-hybrid.md
    DIRECT_CONNECT = "direct-connect"


@dataclass(frozen=True)
class Where:
    """Where a hop is (internal, not in the JSON): the region, VPC, AZ and subnet the path
    analysis knew when it took the hop. A field is None when the hop is not inside one:
    a peering or transit gateway peering joins two places (no region), a transit gateway is
    in a region but no VPC, an AWS service or the internet is in no VPC. For a route table,
    `az` and `subnet` are those of the subnet whose table decided."""

    region: str | None = None
    vpc: str | None = None
    az: str | None = None
    subnet: str | None = None


@dataclass(frozen=True)
class Lookup:
    """How the flow's source found its destination's address (internal, not in the JSON): the
    `name` it looked up, how it was answered (`code`: PRIVATE_DNS, HOSTED_ZONE_DNS,
    ENDPOINT_DNS_NAME or PUBLIC_DNS), the interface endpoint whose ENIs the answer names (None:
    public addresses) and the private hosted zone that answered (HOSTED_ZONE_DNS only)."""

    name: str
    code: Code
    endpoint: str | None = None
    zone: str | None = None


@dataclass(frozen=True)
class Gate:
    """A security group check on the way (internal, not in the JSON): at interface endpoint
    `at` (the hop `hop`, an index into `FlowResult.hops`), whose `allow_from` is `allowed`
    (None: not stated, assumed to allow), for the source subnet `source` (`source_cidr`);
    `passed` says whether it let the packet in."""

    at: str
    hop: int
    allowed: tuple[str, ...] | None
    source: str
    source_cidr: str
    passed: bool
    kind: str = "security-group"


@dataclass(frozen=True)
class Hop:
    kind: HopKind
    id: str
    region: str | None = None  # JSON: printed where the contract shows it
    az: str | None = None  # JSON: printed where the contract shows it
    route: str | None = None
    note: str | None = None
    where: Where = field(default_factory=Where, compare=False)  # internal

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value, "id": self.id}
        for key in ("region", "az", "route", "note"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class CostItem:
    """One charge as reported. `kind`, `fixed` (a monthly charge of an hourly-billed resource,
    not a per-GB charge of the flow's data) and `subject` (the resource or hop it charges for)
    are internal: the JSON shows the words of `item`."""

    item: str
    usd: float
    basis: str
    kind: ChargeKind | None = field(default=None, compare=False)
    fixed: bool = False
    subject: str | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"item": self.item, "usd": self.usd, "basis": self.basis}


@dataclass(frozen=True)
class FlowCost:
    """Per-flow cost. `monthly_usd` is the flow's per-GB charges (None until priced);
    `fixed_usd` the monthly fixed charges of the resources it uses (not split between flows)."""

    monthly_usd: float | None = None
    fixed_usd: float | None = None
    items: tuple[CostItem, ...] = ()

    @property
    def per_gb_items(self) -> tuple[CostItem, ...]:
        return tuple(i for i in self.items if not i.fixed)

    @property
    def fixed_items(self) -> tuple[CostItem, ...]:
        return tuple(i for i in self.items if i.fixed)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"monthly_usd": self.monthly_usd}
        if self.fixed_usd is not None:
            out["fixed_usd"] = self.fixed_usd
        # the contract marks a fixed charge by its words: `fixed: <item>`
        out["items"] = [
            {**i.to_json(), "item": FIXED_PREFIX + i.item} if i.fixed else i.to_json()
            for i in self.items
        ]
        return out


@dataclass(frozen=True)
class FlowResult:
    id: str
    source: str  # JSON "from"
    to: str
    to_region: str | None
    reachable: bool
    network: Network
    cross_region: bool
    regions: tuple[str, ...]
    hops: tuple[Hop, ...]
    codes: tuple[Code, ...]
    reason: Reason | None
    explanation: str
    cost: FlowCost = field(default_factory=FlowCost)
    assumptions: tuple[str, ...] = ()
    # Not in the JSON contract's required set, but useful to renderers:
    to_kind: TargetKind = TargetKind.SERVICE
    gb_per_month: float = 0.0
    description: str | None = None
    fix: str | None = None  # for a blocked flow: what to change to make it work
    why: str | None = None  # for a blocked flow: the sentence saying where and why it stops
    # replies a network ACL lets through on part of 1024-65535: (nacl, direction, ports)
    nacl_partial: tuple[tuple[str, str, str], ...] = ()
    # hourly-billed resources the flow uses off its hops: the Resolver endpoints of its DNS step
    uses: tuple[str, ...] = ()
    # Internal (never in the JSON), for the pictures: the DNS step and the security group checks.
    lookup: Lookup | None = field(default=None, compare=False)
    gates: tuple[Gate, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "from": self.source,
            "to": self.to,
            "to_region": self.to_region,
            "reachable": self.reachable,
            "network": self.network.value,
            "cross_region": self.cross_region,
            "regions": list(self.regions),
            "hops": [h.to_json() for h in self.hops],
            "codes": [c.value for c in self.codes],
            "reason": None if self.reason is None else self.reason.value,
            "explanation": self.explanation,
            "cost": self.cost.to_json(),
            "assumptions": list(self.assumptions),
        }
        out["to_kind"] = self.to_kind.value
        out["gb_per_month"] = self.gb_per_month
        if self.fix is not None:
            out["fix"] = self.fix
        return out


def paths_document(flows: tuple[FlowResult, ...]) -> dict[str, Any]:
    """The whole `vpcdocs paths --format json` document: flows sorted by id."""
    return {"vpcdocs": 1, "flows": [f.to_json() for f in sorted(flows, key=lambda f: f.id)]}
