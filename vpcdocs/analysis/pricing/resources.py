"""The fixed monthly cost of every resource that bills by the hour.

Rules (a month is 730 h, paths-json.md; figures from the price table, facts §5):

* interface endpoint: `interface_endpoint_hour` per endpoint per AZ (one AZ per subnet), in the
  region of the VPC it is in. A cross-region endpoint (`service_region` elsewhere) is billed where
  it is created, i.e. in its VPC's region (facts §2.8: the consumer creates a normal endpoint);
* gateway load balancer endpoint: `gwlb_endpoint_hour` per endpoint per AZ (one subnet each);
* NAT gateway: `nat_gateway_hour`, plus `public_ipv4_hour` for its Elastic IP (public IPv4
  addresses bill per hour since Feb 2024, facts §5);
* transit gateway attachment: `tgw_attachment_hour` for every attachment, VPC or peering, in the
  transit gateway's region. A TGW peering is declared on both transit gateways (two names, one
  per side) and each side bills its own attachment-hour (facts §5 lists peering among the
  attachment types; third-party guides say both regions are charged: UNCERTAIN);
* workload with `public_ip`: `public_ipv4_hour` × `count` (facts §5: public instances).

Gateway endpoints, internet gateways, VPC peering connections and transit gateways themselves cost
nothing by the hour and are not listed. The Network/Gateway Load Balancer behind an endpoint
service bills hours and capacity units that the price table does not hold; it is left out and
said so in the report's assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from vpcdocs.analysis.pricing.charges import Charge, hourly, total
from vpcdocs.analysis.pricing.table import PriceTable, rate
from vpcdocs.analysis.result import ChargeKind, CostItem
from vpcdocs.model import ConnectionType, EndpointType, Topology


class ResourceKind(StrEnum):
    """The kinds of hourly-billed resource (the hop vocabulary, plus attachments and addresses)."""

    INTERFACE_ENDPOINT = "interface-endpoint"
    GATEWAY_LOAD_BALANCER_ENDPOINT = "gateway-load-balancer-endpoint"
    NAT_GATEWAY = "nat-gateway"
    TRANSIT_GATEWAY_ATTACHMENT = "transit-gateway-attachment"
    PUBLIC_IPV4 = "public-ipv4"
    VPN_CONNECTION = "vpn-connection"  # paths-json-hybrid.md "`vpcdocs cost` additions"
    RESOLVER_ENDPOINT = "resolver-endpoint"


@dataclass(frozen=True)
class ResourceCost:
    """One hourly-billed resource."""

    id: str
    kind: ResourceKind
    region: str
    charges: tuple[Charge, ...]

    @property
    def monthly_usd(self) -> float:
        return total(self.charges)

    def items(self) -> tuple[CostItem, ...]:
        return tuple(c.cost_item() for c in self.charges)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "region": self.region,
            "monthly_usd": self.monthly_usd,
            "items": [i.to_json() for i in self.items()],
        }


def endpoint_azs(topology: Topology, endpoint: str) -> tuple[str, ...]:
    """The AZs an interface or GWLB endpoint has an ENI in, sorted."""
    return tuple(sorted({topology.subnets[s].az for s in topology.endpoints[endpoint].subnets}))


def _endpoints(topology: Topology, table: PriceTable) -> list[ResourceCost]:
    out = []
    for ep in topology.endpoints.values():
        if ep.type is EndpointType.GATEWAY:
            continue
        region = topology.vpcs[ep.vpc].region
        azs = len(endpoint_azs(topology, ep.name))
        if ep.type is EndpointType.INTERFACE:
            kind, key = ResourceKind.INTERFACE_ENDPOINT, "interface_endpoint_hour"
            item, charge_kind = "interface endpoint hours", ChargeKind.INTERFACE_ENDPOINT_HOURS
        else:
            kind, key = ResourceKind.GATEWAY_LOAD_BALANCER_ENDPOINT, "gwlb_endpoint_hour"
            item, charge_kind = "GWLB endpoint hours", ChargeKind.GWLB_ENDPOINT_HOURS
        charge = hourly(charge_kind, ep.name, item, rate(table, region, key), azs, "AZ")
        out.append(ResourceCost(ep.name, kind, region, (charge,)))
    return out


def _nat_gateways(topology: Topology, table: PriceTable) -> list[ResourceCost]:
    out = []
    for nat in topology.nat_gateways.values():
        region = topology.vpcs[nat.vpc].region
        charges = (
            hourly(ChargeKind.NAT_GATEWAY_HOURS, nat.name, "NAT gateway hours",
                   rate(table, region, "nat_gateway_hour")),
            hourly(ChargeKind.PUBLIC_IPV4, nat.name, "public IPv4 address",
                   rate(table, region, "public_ipv4_hour")),
        )
        out.append(ResourceCost(nat.name, ResourceKind.NAT_GATEWAY, region, charges))
    return out


def _tgw_attachments(topology: Topology, table: PriceTable) -> list[ResourceCost]:
    out = []
    for att in topology.tgw_attachments.values():
        region = topology.transit_gateways[att.tgw].region
        item = "transit gateway attachment hours"
        if att.peer is not None:
            item = "transit gateway peering attachment hours"
        charge = hourly(ChargeKind.TGW_ATTACHMENT_HOURS, att.name, item,
                        rate(table, region, "tgw_attachment_hour"))
        out.append(ResourceCost(att.name, ResourceKind.TRANSIT_GATEWAY_ATTACHMENT, region,
                                (charge,)))
    return out


def _public_workloads(topology: Topology, table: PriceTable) -> list[ResourceCost]:
    out = []
    for w in topology.workloads.values():
        if not w.public_ip:
            continue
        region = topology.vpcs[w.vpc].region
        ipv4 = rate(table, region, "public_ipv4_hour")
        if w.count == 1:
            charge = hourly(ChargeKind.PUBLIC_IPV4, w.name, "public IPv4 address", ipv4)
        else:
            charge = hourly(ChargeKind.PUBLIC_IPV4, w.name, "public IPv4 addresses", ipv4,
                            w.count, "addresses")
        out.append(ResourceCost(w.name, ResourceKind.PUBLIC_IPV4, region, (charge,)))
    return out


def _hybrid(topology: Topology, table: PriceTable) -> list[ResourceCost]:
    """Site-to-Site VPN connections (730 h each, in their gateway's Region; facts §10.10) and
    Route 53 Resolver endpoints (730 h per ENI, §13.9). Virtual private and Direct Connect
    gateways are free and not listed; Direct Connect ports are out of scope."""
    out = []
    for c in topology.connections.values():
        if c.type is not ConnectionType.VPN:
            continue
        if c.gateway in topology.transit_gateways:
            region = topology.transit_gateways[c.gateway].region
        else:
            region = topology.vpcs[topology.vpn_gateways[c.gateway].vpc].region
        charge = hourly(ChargeKind.VPN_CONNECTION_HOURS, c.name, "VPN connection hours",
                        rate(table, region, "vpn_connection_hour"))
        out.append(ResourceCost(c.name, ResourceKind.VPN_CONNECTION, region, (charge,)))
    for r in topology.resolver_endpoints.values():
        region = topology.vpcs[r.vpc].region
        charge = hourly(ChargeKind.RESOLVER_ENDPOINT_HOURS, r.name, "Resolver endpoint hours",
                        rate(table, region, "resolver_endpoint_hour"), len(r.subnets), "ENI")
        out.append(ResourceCost(r.name, ResourceKind.RESOLVER_ENDPOINT, region, (charge,)))
    return out


def resource_costs(topology: Topology, table: PriceTable) -> tuple[ResourceCost, ...]:
    """Every hourly-billed resource of the topology, sorted by id (then kind); items by name."""
    found = (
        _endpoints(topology, table)
        + _nat_gateways(topology, table)
        + _tgw_attachments(topology, table)
        + _public_workloads(topology, table)
        + _hybrid(topology, table)
    )
    ordered = [
        ResourceCost(r.id, r.kind, r.region, tuple(sorted(r.charges, key=lambda c: c.item)))
        for r in found
    ]
    return tuple(sorted(ordered, key=lambda r: (r.id, r.kind)))
