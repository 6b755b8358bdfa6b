"""Per-flow charges: the per-GB charge of every hop, and the hourly resources a flow uses.

`gb_per_month` is all of a flow's data, both directions together, and a per-GB charge applies to
all of it (paths-json.md). The rules, hop by hop (facts §5 and §7.5):

* **NAT gateway**: `nat_gateway_gb` on all data, whatever the direction or destination (facts §5,
  §6.2). If the subnet whose route table sends the data to the NAT gateway is in another AZ,
  **cross-AZ** transfer is added: $0.01/GB in each direction, and as `gb_per_month` counts both
  directions, `cross_az_gb` × `gb_per_month` (facts §5, §6.2). Data arriving from a transit gateway
  leaves it in the sender's AZ when the attachment has a subnet there (AZ affinity).
* **Interface endpoint**: `interface_endpoint_gb` in the endpoint's region, tiered per region
  (see volumes.py). No inter-AZ charge to reach it, from any AZ, since 2022-04 (facts §5).
* **Gateway endpoint** and **internet gateway**: free; data through an internet gateway to an AWS
  service in the same region is free too (facts §5, §6.2).
* **GWLB endpoint**: `gwlb_endpoint_gb`.
* **Transit gateway**: `tgw_gb` on data sent from a VPC attachment into the transit gateway
  (facts §5). A flow's request enters from the source's VPC and its reply from the destination's,
  so one transit gateway between two VPCs processes all of `gb_per_month`. Across a TGW peering,
  data arriving over the peering attachment is assumed not to be processed again (facts §5,
  UNCERTAIN); each transit gateway that data enters from a VPC then processes one direction, and
  the split between directions being unknown, half of `gb_per_month` is charged at each. No
  inter-AZ charge through a transit gateway since 2022-04 (facts §5).
* **Inter-region transfer**, wherever consecutive hops change region (inter-region peering, TGW
  peering, NAT or internet gateway to a service in another region, cross-region PrivateLink):
  each direction is charged by the region it leaves (`inter_region_rate`, which knows the cheaper
  pairs). Equal rates both ways: `gb_per_month` × rate; otherwise half the data at each (split
  unknown, reported as an assumption). For cross-region PrivateLink it is not documented which
  side pays (facts §5, UNCERTAIN); the transfer is priced on the flow, on top of the endpoint's
  charges, whoever is billed.
* **VPC peering** in one region: free within an AZ, `cross_az_gb` × `gb_per_month` across AZs
  (facts §4.1, §5); to an interface endpoint the 2022-04 waiver applies instead. The same rule
  prices a flow to a workload in another AZ of the same VPC.
* **Internet egress** (a hop of kind `internet`, i.e. data leaving AWS): the region's tiers after a
  share of the account-wide free allowance (see volumes.py), on all of `gb_per_month` (the
  contract's rule; inbound data is free, so this is an upper bound).

An unreachable flow moves no data and is not priced. The fixed charges of the resources a flow
uses (endpoint AZ-hours, NAT gateway hours and address, attachment hours) are collected as
resource ids; they are reported with the flow but never split between flows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from vpcdocs.analysis.paths.codes import Code
from vpcdocs.analysis.pricing.charges import Charge, free, per_gb, per_gb_average
from vpcdocs.analysis.pricing.hops import (
    region_crossings,
    source_az,
    source_region,
    tgw_visits,
    unique,
)
from vpcdocs.analysis.pricing.resources import endpoint_azs
from vpcdocs.analysis.pricing.table import PriceTable, Rate, inter_region_rate, rate
from vpcdocs.analysis.pricing.volumes import Volumes, egress_price, egress_region, interface_price
from vpcdocs.analysis.result import ChargeKind, FlowResult, Hop, HopKind
from vpcdocs.model import TargetKind, Topology

TGW_PEERING_NOTE = (
    "transit gateway processing is charged where data enters a transit gateway from a VPC, not "
    "again when it arrives over a TGW peering (not confirmed on "
    "https://aws.amazon.com/transit-gateway/pricing/); the split of the data "
    "between directions is unknown, so half is charged at each transit gateway entered from a VPC"
)
XR_PRIVATELINK_NOTE = (
    "cross-region PrivateLink: endpoint charges plus inter-region transfer of all the flow's data; "
    "which side pays the transfer is not confirmed on https://aws.amazon.com/privatelink/pricing/"
)
PROVIDER_LB_NOTE = (
    "the endpoint service's load balancer (hours and capacity units) is not priced: vpcdocs' "
    "price table has no load balancer prices"
)
EGRESS_NOTE = (
    "internet egress is charged on all of the flow's data (direction split unknown; data in "
    "from the internet is free, so this is an upper bound)"
)


@dataclass(frozen=True)
class FlowCharges:
    """What pricing found for one flow: per-GB `charges` in hop order, the ids of the hourly
    resources it uses, and notes on the billing rules it had to assume."""

    flow: str
    charges: tuple[Charge, ...]
    resources: tuple[str, ...]
    notes: tuple[str, ...]

    def rates(self) -> tuple[Rate, ...]:
        return tuple(r for c in self.charges for r in c.rates)


def flow_charges(
    topology: Topology, flow: FlowResult, table: PriceTable, vols: Volumes
) -> FlowCharges:
    """The per-GB charges and used resources of one flow (see the module's rules)."""
    if not flow.reachable:
        reason = flow.reason or "unreachable"
        unreached = free(ChargeKind.NOT_REACHABLE, None, "not reachable", f"no data flows ({reason})")
        return FlowCharges(flow.id, (unreached,), (), ())
    found: list[tuple[int, Charge]] = []
    resources: list[str] = []
    notes: list[str] = []
    for i in range(len(flow.hops)):
        found.extend((i, c) for c in _hop_charges(topology, flow, table, vols, i, resources))
    found.extend(_tgw_charges(topology, flow, table, resources, notes))
    resources.extend(flow.uses)  # the Resolver endpoints of its DNS step
    found.extend(_region_charges(flow, table, notes))
    found.extend(_az_charges(flow, table))
    if any(h.kind in (HopKind.ENDPOINT_SERVICE, HopKind.LOAD_BALANCER) for h in flow.hops):
        notes.append(PROVIDER_LB_NOTE)
    if Code.CROSS_REGION_PRIVATELINK in flow.codes:
        notes.append(XR_PRIVATELINK_NOTE)
    if any(h.kind is HopKind.INTERNET for h in flow.hops):
        notes.append(EGRESS_NOTE)
    notes.extend(_hybrid_notes(flow))
    ordered = tuple(c for _, c in sorted(found, key=lambda ic: ic[0]))
    return FlowCharges(flow.id, ordered, unique(resources), tuple(dict.fromkeys(notes)))


# --- hop by hop -------------------------------------------------------------------------------


def _hop_charges(
    topology: Topology,
    flow: FlowResult,
    table: PriceTable,
    vols: Volumes,
    i: int,
    resources: list[str],
) -> list[Charge]:
    hop = flow.hops[i]
    gb = flow.gb_per_month
    region = hop.where.region
    kind = hop.kind
    if kind is HopKind.NAT_GATEWAY and region is not None:
        resources.append(hop.id)
        nat_gb = rate(table, region, "nat_gateway_gb")
        out = [per_gb(ChargeKind.NAT_PROCESSING, hop.id, f"NAT gateway processing ({hop.id})",
                      gb, nat_gb)]
        azs = nat_azs(flow, i)
        if azs is not None and azs[0] != azs[1]:
            out.append(
                per_gb(
                    ChargeKind.CROSS_AZ_TO_NAT,
                    hop.id,
                    f"cross-AZ transfer to NAT gateway {hop.id} ({azs[0]} → {azs[1]})",
                    gb,
                    rate(table, region, "cross_az_gb"),
                    "per GB each way; the GB count both directions",
                )
            )
        return out
    if kind is HopKind.INTERFACE_ENDPOINT and region is not None:
        resources.append(hop.id)
        return _interface_charges(topology, flow, table, vols, hop, region)
    if kind is HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT and region is not None:
        resources.append(hop.id)
        key = "gwlb_endpoint_gb"
        return [per_gb(ChargeKind.GWLB_ENDPOINT_PROCESSING, hop.id,
                       f"GWLB endpoint processing ({hop.id})", gb, rate(table, region, key))]
    if kind is HopKind.GATEWAY_ENDPOINT:
        return [free(ChargeKind.GATEWAY_ENDPOINT, hop.id, f"gateway endpoint ({hop.id})", "free")]
    if kind is HopKind.INTERNET_GATEWAY:
        nxt = flow.hops[i + 1] if i + 1 < len(flow.hops) else None
        item = f"internet gateway ({hop.id})"
        to_service = nxt is not None and nxt.kind is HopKind.SERVICE
        if to_service and nxt is not None and nxt.where.region == region:
            return [free(ChargeKind.INTERNET_GATEWAY, hop.id, item,
                         "free, and free to an AWS service in its region")]
        return [free(ChargeKind.INTERNET_GATEWAY, hop.id, item, "free")]
    if kind is HopKind.DIRECT_CONNECT:
        out_region = _aws_side_region(flow, i)
        if out_region is None:
            return []
        return [per_gb(ChargeKind.DIRECT_CONNECT_OUT, hop.id,
                       f"Direct Connect data out of {out_region} ({hop.id})", gb,
                       rate(table, out_region, "direct_connect_out_gb"),
                       "upper bound: data in is free")]
    if kind is HopKind.VPN_CONNECTION and region is not None:
        resources.append(hop.id)
        usd_per_gb, rates = egress_price(table, vols, region)
        return [per_gb_average(ChargeKind.VPN_OUT, hop.id, f"VPN data out of {region} ({hop.id})",
                               gb, usd_per_gb, rates,
                               "upper bound: data in is free; internet egress tiers")]
    if kind is HopKind.INTERNET and flow.hops[i - 1].kind is HopKind.ON_PREMISES:
        # a site's own internet route: egress of the service's Region (paths-json-hybrid.md)
        svc = flow.hops[i + 1].where.region if i + 1 < len(flow.hops) else None
        if svc is None:
            return []
        usd_per_gb, rates = egress_price(table, vols, svc)
        return [per_gb_average(ChargeKind.INTERNET_EGRESS, None,
                               f"internet egress from {svc} (to the site)", gb, usd_per_gb,
                               rates, "upper bound: the service's replies leave its Region")]
    if kind is HopKind.INTERNET:
        src = egress_region(flow, i)
        if src is None:
            return []
        usd_per_gb, rates = egress_price(table, vols, src)
        return [
            per_gb_average(
                ChargeKind.INTERNET_EGRESS,
                None,
                f"internet egress from {src}",
                gb,
                usd_per_gb,
                rates,
                "region's tiers after its share of the account-wide free allowance, pro rata",
            )
        ]
    return []


def _aws_side_region(flow: FlowResult, i: int) -> str | None:
    """The Region data leaves over a Direct Connect hop: the nearest virtual private gateway's
    or transit gateway's (facts §11.6, §11.7)."""
    for j in sorted(range(len(flow.hops)), key=lambda j: abs(j - i)):
        hop = flow.hops[j]
        if hop.kind in (HopKind.VPN_GATEWAY, HopKind.TRANSIT_GATEWAY) and hop.where.region:
            return hop.where.region
    return None


def _interface_charges(
    topology: Topology, flow: FlowResult, table: PriceTable, vols: Volumes, hop: Hop, region: str
) -> list[Charge]:
    gb = flow.gb_per_month
    price = interface_price(table, vols, region)
    item = f"interface endpoint processing ({hop.id})"
    kind = ChargeKind.INTERFACE_ENDPOINT_PROCESSING
    if price.first_tier:
        out = [per_gb(kind, hop.id, item, gb, price.rates[0])]
    else:
        total_gb = vols.interface_gb.get(region, 0.0)
        note = f"average of the tiers at {total_gb:.6g} GB through interface endpoints in {region}"
        out = [per_gb_average(kind, hop.id, item, gb, price.usd_per_gb, price.rates, note)]
    src_az = source_az(flow)
    same_region = source_region(flow) == region
    if (
        hop.id in topology.endpoints
        and same_region
        and src_az is not None
        and src_az not in endpoint_azs(topology, hop.id)
    ):
        item = f"cross-AZ to interface endpoint {hop.id}"
        out.append(free(ChargeKind.CROSS_AZ_TO_INTERFACE_ENDPOINT, hop.id, item,
                        "no inter-AZ charge since 2022-04"))
    return out


def nat_azs(flow: FlowResult, i: int) -> tuple[str, str] | None:
    """(AZ the data comes from, AZ of the NAT gateway) for the NAT hop at `i`, if known: the AZ
    of the nearest hop before it in the NAT gateway's VPC that has one (the route table that sent
    the data there knows the subnet it decided for), never looking past a transit gateway."""
    nat = flow.hops[i].where
    if nat.az is None or nat.vpc is None:
        return None
    for hop in reversed(flow.hops[:i]):
        if hop.kind is HopKind.TRANSIT_GATEWAY:
            break
        if hop.where.vpc == nat.vpc and hop.where.az is not None:
            return (hop.where.az, nat.az)
    return None


# --- transit gateways -------------------------------------------------------------------------


def _tgw_charges(
    topology: Topology,
    flow: FlowResult,
    table: PriceTable,
    resources: list[str],
    notes: list[str],
) -> list[tuple[int, Charge]]:
    visits = tgw_visits(flow)
    if not visits:
        return []
    gb = flow.gb_per_month
    out = []
    for visit in visits:
        resources.extend(visit.attachments(topology))
        directions = (visit.from_vpc is not None) + (visit.to_vpc is not None)
        if directions == 0:
            continue
        region = topology.transit_gateways[visit.tgw].region
        item = f"transit gateway processing ({visit.tgw})"
        r = rate(table, region, "tgw_gb")
        kind = ChargeKind.TGW_PROCESSING
        if directions == 2:
            out.append((visit.index, per_gb(kind, visit.tgw, item, gb, r)))
        else:
            out.append((visit.index, per_gb(kind, visit.tgw, item, gb / 2, r,
                                            "half the data: one direction")))
    if any(v.from_tgw or v.to_tgw for v in visits):
        notes.append(TGW_PEERING_NOTE)
    return out


# --- regions ----------------------------------------------------------------------------------


def _region_charges(
    flow: FlowResult, table: PriceTable, notes: list[str]
) -> list[tuple[int, Charge]]:
    gb = flow.gb_per_month
    kind = ChargeKind.INTER_REGION
    out = []
    for crossing in region_crossings(flow):
        index, a, b = crossing.index, crossing.a, crossing.b
        there = inter_region_rate(table, a, b)
        back = inter_region_rate(table, b, a)
        if there.usd == back.usd:
            charge = per_gb(kind, None, f"inter-region transfer ({a} ↔ {b})", gb, there)
            out.append((index, replace(charge, rates=(there, back))))
            continue
        notes.append(
            f"inter-region rates differ by direction between {a} and {b}; half of the flow's "
            "data is assumed to go each way"
        )
        out.append((index, per_gb(kind, None, f"inter-region transfer ({a} → {b})", gb / 2,
                                  there, "half")))
        out.append((index, per_gb(kind, None, f"inter-region transfer ({b} → {a})", gb / 2,
                                  back, "half")))
    return out


# --- availability zones (peering and in-VPC) -------------------------------------------------


def _az_charges(flow: FlowResult, table: PriceTable) -> list[tuple[int, Charge]]:
    """Cross-AZ transfer to a workload in another AZ of the same region, reached inside its VPC
    or over an in-region VPC peering. Transit gateways and PrivateLink waive it (facts §5); a
    NAT gateway path is priced at its hop; between regions the inter-region rate applies."""
    waived = {
        HopKind.TRANSIT_GATEWAY,
        HopKind.TRANSIT_GATEWAY_PEERING,
        HopKind.ENDPOINT_SERVICE,
        HopKind.INTERFACE_ENDPOINT,
        HopKind.NAT_GATEWAY,
    }
    kinds = {h.kind for h in flow.hops}
    if flow.to_kind is not TargetKind.WORKLOAD or kinds & waived or HopKind.INTERNET in kinds:
        return []
    if region_crossings(flow) or not flow.hops:
        return []
    ends = [h for h in flow.hops if h.kind in (HopKind.SUBNET, HopKind.WORKLOAD)]
    source, destination = flow.hops[0].where, ends[-1].where
    if source.region != destination.region:
        return []
    src, dst = source.az, destination.az
    if src is None or dst is None or src == dst or source.region is None:
        return []
    index = next(
        (i for i, h in enumerate(flow.hops) if h.kind is HopKind.PEERING), len(flow.hops) - 1
    )
    how = "over VPC peering" if HopKind.PEERING in kinds else "within the VPC"
    if HopKind.INTERNET_GATEWAY in kinds:
        how = "between public addresses in one region, at the cross-AZ rate"
    charge = per_gb(
        ChargeKind.CROSS_AZ,
        None,
        f"cross-AZ transfer {how} ({src} → {dst})",
        flow.gb_per_month,
        rate(table, source.region, "cross_az_gb"),
        "per GB each way; the GB count both directions",
    )
    return [(index, charge)]


def _hybrid_notes(flow: FlowResult) -> list[str]:
    """The upper bounds and omissions of hybrid pricing (paths-json-hybrid.md "Assumptions
    added")."""
    kinds = {h.kind for h in flow.hops}
    out = []
    if HopKind.DIRECT_CONNECT in kinds:
        out.append("Direct Connect data out is charged on all of the flow's data (an upper bound: "
                   "data in is free); Direct Connect port hours and partner fees are not priced")
    if HopKind.VPN_CONNECTION in kinds:
        out.append("VPN data out is charged on all of the flow's data at internet egress rates "
                   "(an upper bound: data in is free)")
    if HopKind.ON_PREMISES in kinds and HopKind.INTERNET in kinds:
        out.append("the site's internet traffic is charged as internet egress of the service's "
                   "Region on all of the flow's data (an upper bound)")
    return out
