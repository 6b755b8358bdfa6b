"""What a flow to an AWS service would cost another way, and the NAT/endpoint break-even.

For every flow to an AWS service, four ways are priced from the flow's source (facts §7.6):

* `gateway-endpoint`: free, feasible only for a service with gateway endpoints (S3, DynamoDB) in
  the source's own region (facts §1.6: never across regions);
* `interface-endpoint`: endpoint processing at the region's marginal tier price, in the source's
  VPC. Feasible when the catalogue offers interface endpoints and the service is in the source's
  region; a flow already using an interface endpoint (also a remote one, over peering or a transit
  gateway) is its own current way;
* `nat-gateway`: NAT processing in the source's region, plus inter-region transfer when the service
  is elsewhere (facts §6.2); always feasible;
* `cross-region-privatelink` (only for flows to another region): an interface endpoint in the
  source's region with `service_region` set: endpoint processing plus inter-region transfer
  (facts §2.8, §7.6), feasible when the catalogue lists the service as cross-region enabled.

`monthly_usd` is the flow's per-GB charges that way; `fixed_monthly_usd` the fixed monthly cost of
what would have to be **added** (0 when the resource already exists, as the note says). The way
the flow takes now is marked `current` and carries the flow's own figures.

**Break-even** (per flow): the monthly GB above which an interface endpoint is cheaper than a NAT
gateway for this flow = the endpoint's full fixed monthly cost (730 h × its AZs × the hourly
rate; the existing endpoint's or the proposed one's) ÷ (NAT path's price per GB − endpoint path's
price per GB). The NAT gateway's own hours are not counted: it usually serves other traffic.
None when either way is infeasible or the endpoint is not cheaper per GB.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from vpcdocs.analysis.paths.index import index
from vpcdocs.analysis.pricing.charges import fmt_usd, total
from vpcdocs.analysis.pricing.flows import FlowCharges, flow_charges
from vpcdocs.analysis.pricing.resources import endpoint_azs
from vpcdocs.analysis.pricing.table import (
    HOURS_PER_MONTH,
    PriceTable,
    Rate,
    inter_region_rate,
    rate,
    round_usd,
)
from vpcdocs.analysis.pricing.volumes import Volumes, interface_marginal_price
from vpcdocs.analysis.result import FlowResult, HopKind
from vpcdocs.loader.catalogue import assumed as assumed_service
from vpcdocs.loader.catalogue import service as catalogue_service
from vpcdocs.model import EndpointType, Topology


class Via(StrEnum):
    """The ways a flow to an AWS service can go, in the order they are listed."""

    GATEWAY_ENDPOINT = "gateway-endpoint"
    INTERFACE_ENDPOINT = "interface-endpoint"
    NAT_GATEWAY = "nat-gateway"
    CROSS_REGION_PRIVATELINK = "cross-region-privatelink"


VIAS = tuple(Via)


@dataclass(frozen=True)
class Alternative:
    """One way for a flow. `usd_per_gb` is the way's price per GB (None when infeasible);
    `endpoint_fixed_usd` the full fixed cost of the interface endpoint it relies on."""

    via: Via
    feasible: bool
    monthly_usd: float | None
    fixed_monthly_usd: float | None
    note: str
    current: bool = False
    usd_per_gb: float | None = None
    endpoint_fixed_usd: float | None = None
    rates: tuple[Rate, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "via": self.via.value,
            "feasible": self.feasible,
            "monthly_usd": self.monthly_usd,
            "fixed_monthly_usd": self.fixed_monthly_usd,
            "note": self.note,
            "current": self.current,
        }


@dataclass(frozen=True)
class _Context:
    topology: Topology
    flow: FlowResult
    charges: FlowCharges
    table: PriceTable
    vols: Volumes
    src_vpc: str
    src_region: str
    src_az: str
    service_region: str

    @property
    def gb(self) -> float:
        return self.flow.gb_per_month

    @property
    def cross_region(self) -> bool:
        return self.service_region != self.src_region

    def uses(self, kind: HopKind) -> bool:
        """Whether the flow's current (working) way goes through a hop of `kind`."""
        return self.flow.reachable and any(h.kind is kind for h in self.flow.hops)

    def current_usd(self) -> float:
        return total(self.charges.charges)

    def current_usd_per_gb(self) -> float:
        """The current way's price per GB (priced at 1 GB for a flow of 0 GB)."""
        if self.gb > 0:
            return sum(c.usd for c in self.charges.charges) / self.gb
        one = replace(self.flow, gb_per_month=1.0)
        return sum(c.usd for c in flow_charges(self.topology, one, self.table, self.vols).charges)


def _infeasible(via: Via, note: str) -> Alternative:
    return Alternative(via, False, None, None, note)


def _current(
    ctx: _Context, via: Via, note: str, endpoint_fixed: float | None = None
) -> Alternative:
    usd = ctx.current_usd()
    per_gb = ctx.current_usd_per_gb()
    return Alternative(via, True, usd, 0.0, note, True, per_gb, endpoint_fixed)


def _inter_region(ctx: _Context) -> tuple[float, tuple[Rate, ...]]:
    """Inter-region price per GB between the source and service regions (average of the two
    directions, which is the flow price when half the data goes each way)."""
    if not ctx.cross_region:
        return 0.0, ()
    there = inter_region_rate(ctx.table, ctx.src_region, ctx.service_region)
    back = inter_region_rate(ctx.table, ctx.service_region, ctx.src_region)
    return (there.usd + back.usd) / 2, (there, back)


def _endpoint_fixed(ctx: _Context, azs: int) -> tuple[float, Rate]:
    r = rate(ctx.table, ctx.src_region, "interface_endpoint_hour")
    return round_usd(HOURS_PER_MONTH * azs * r.usd), r


def _consumer_azs(ctx: _Context) -> int:
    """AZs a new endpoint in the source VPC would need: those with workloads, at least one."""
    return max(1, len(index(ctx.topology).workload_azs.get(ctx.src_vpc, ())))


def _existing_endpoint(ctx: _Context, service_region: str) -> str | None:
    """An interface endpoint in the source VPC for the flow's service in `service_region`."""
    for ep in index(ctx.topology).interface_endpoints.get((ctx.flow.to, service_region), ()):
        if ep.vpc == ctx.src_vpc:
            return ep.name
    return None


def _used_endpoint_fixed(ctx: _Context) -> float | None:
    """The full fixed monthly cost of the interface endpoint the flow uses now, if any."""
    for hop in ctx.flow.hops:
        region = hop.where.region
        if hop.kind is HopKind.INTERFACE_ENDPOINT and hop.id in ctx.topology.endpoints \
                and region is not None:
            azs = len(endpoint_azs(ctx.topology, hop.id))
            r = rate(ctx.table, region, "interface_endpoint_hour")
            return round_usd(HOURS_PER_MONTH * azs * r.usd)
    return None


def _gateway(ctx: _Context) -> Alternative:
    via = Via.GATEWAY_ENDPOINT
    svc = catalogue_service(ctx.flow.to)
    if svc is None or not svc.gateway:
        return _infeasible(via, f"{ctx.flow.to} has no gateway endpoints (only S3 and DynamoDB do)")
    if ctx.cross_region:
        return _infeasible(
            via,
            f"a gateway endpoint reaches {ctx.flow.to} in its own region only "
            f"({ctx.src_region}), not {ctx.service_region}",
        )
    if ctx.uses(HopKind.GATEWAY_ENDPOINT):
        return _current(ctx, via, "the current way: free")
    t = ctx.topology
    existing = sorted(
        n for n in t.vpcs[ctx.src_vpc].endpoints
        if t.endpoints[n].type is EndpointType.GATEWAY and t.endpoints[n].service == ctx.flow.to
    )
    where = (
        f"add the source subnet's route table to {existing[0]}"
        if existing
        else f"add a {ctx.flow.to} gateway endpoint to {ctx.src_vpc}"
    )
    return Alternative(via, True, 0.0, 0.0, f"free: {where}", False, 0.0, None)


def _interface(ctx: _Context) -> Alternative:
    via = Via.INTERFACE_ENDPOINT
    # a flow to an AWS service: the catalogue's entry, or the one assumed for a service it lacks
    svc = catalogue_service(ctx.flow.to) or assumed_service(ctx.flow.to)
    if ctx.uses(HopKind.INTERFACE_ENDPOINT):
        return _current(ctx, via, "the current way", _used_endpoint_fixed(ctx))
    if svc is None or not svc.interface:
        return _infeasible(via, f"{ctx.flow.to} offers no interface endpoints")
    if ctx.cross_region:
        return _infeasible(
            via,
            f"an interface endpoint in {ctx.src_region} reaches {ctx.flow.to} in "
            f"{ctx.service_region} only as cross-region PrivateLink (see that option), or one in "
            f"{ctx.service_region} reached over peering or a transit gateway",
        )
    price = interface_marginal_price(ctx.table, ctx.vols, ctx.src_region, ctx.gb)
    monthly = round_usd(ctx.gb * price.usd_per_gb)
    full_fixed, hour = _endpoint_fixed(ctx, _consumer_azs(ctx))
    existing = _existing_endpoint(ctx, ctx.service_region)
    if existing is not None:
        fixed = 0.0
        azs_there = len(endpoint_azs(ctx.topology, existing))
        full_fixed = round_usd(HOURS_PER_MONTH * azs_there * hour.usd)
        note = f"use the existing {existing} (its DNS name, or private DNS)"
    else:
        fixed = full_fixed
        azs = _consumer_azs(ctx)
        note = (
            f"a new {ctx.flow.to} interface endpoint in {ctx.src_vpc} "
            f"({azs} AZ, {fmt_usd(full_fixed)}/month fixed)"
        )
    rates = (*price.rates, hour)
    return Alternative(via, True, monthly, fixed, note, False, price.usd_per_gb, full_fixed, rates)


def _nat(ctx: _Context) -> Alternative:
    via = Via.NAT_GATEWAY
    if ctx.uses(HopKind.NAT_GATEWAY):
        return _current(ctx, via, "the current way")
    nat_gb = rate(ctx.table, ctx.src_region, "nat_gateway_gb")
    inter, inter_rates = _inter_region(ctx)
    per_gb = nat_gb.usd + inter
    monthly = round_usd(ctx.gb * per_gb)
    t = ctx.topology
    nats = index(t).nats_of_vpc.get(ctx.src_vpc, ())
    same_az = [n.name for n in nats if t.subnets[n.subnet].az == ctx.src_az]
    rates: tuple[Rate, ...] = (nat_gb, *inter_rates)
    if same_az:
        return Alternative(
            via, True, monthly, 0.0, f"route through the existing {same_az[0]}", False, per_gb,
            None, rates,
        )
    hour = rate(ctx.table, ctx.src_region, "nat_gateway_hour")
    ipv4 = rate(ctx.table, ctx.src_region, "public_ipv4_hour")
    fixed = round_usd(HOURS_PER_MONTH * (hour.usd + ipv4.usd))
    need = "" if t.vpcs[ctx.src_vpc].internet_gateway else " (and an internet gateway)"
    note = (
        f"a new NAT gateway in {ctx.src_az}{need}: {fmt_usd(fixed)}/month fixed with its "
        "public IPv4 address"
    )
    return Alternative(
        via, True, monthly, fixed, note, False, per_gb, None, (*rates, hour, ipv4)
    )


def _cross_region_privatelink(ctx: _Context) -> Alternative:
    via = Via.CROSS_REGION_PRIVATELINK
    svc = catalogue_service(ctx.flow.to)
    if ctx.flow.reachable and "CROSS_REGION_PRIVATELINK" in ctx.flow.codes:
        return _current(ctx, via, "the current way", _used_endpoint_fixed(ctx))
    if svc is None or not svc.cross_region:
        return _infeasible(
            via,
            f"{ctx.flow.to} is not among the AWS services that offer cross-region interface "
            "endpoints",
        )
    price = interface_marginal_price(ctx.table, ctx.vols, ctx.src_region, ctx.gb)
    inter, inter_rates = _inter_region(ctx)
    per_gb = price.usd_per_gb + inter
    monthly = round_usd(ctx.gb * per_gb)
    full_fixed, hour = _endpoint_fixed(ctx, _consumer_azs(ctx))
    existing = _existing_endpoint(ctx, ctx.service_region)
    fixed = 0.0 if existing else full_fixed
    note = (
        f"use the existing {existing}"
        if existing
        else (
            f"a new interface endpoint in {ctx.src_vpc} for the service in "
            f"{ctx.service_region}: endpoint charges plus inter-region transfer"
        )
    )
    rates = (*price.rates, *inter_rates, hour)
    return Alternative(via, True, monthly, fixed, note, False, per_gb, full_fixed, rates)


def alternatives_for(
    topology: Topology,
    flow: FlowResult,
    charges: FlowCharges,
    table: PriceTable,
    vols: Volumes,
) -> tuple[Alternative, ...]:
    """The priced ways for a flow to an AWS service (empty for other flows), in `VIAS` order."""
    if flow.to_kind == "service" and flow.source in topology.onprem_workloads:
        return _from_on_premises(topology, flow, charges, table, vols)
    if flow.to_kind != "service" or flow.source not in topology.workloads:
        return ()
    workload = topology.workloads[flow.source]
    ctx = _Context(
        topology=topology,
        flow=flow,
        charges=charges,
        table=table,
        vols=vols,
        src_vpc=workload.vpc,
        src_region=topology.vpcs[workload.vpc].region,
        src_az=topology.subnets[workload.subnet].az,
        service_region=flow.to_region or topology.vpcs[workload.vpc].region,
    )
    found = [_gateway(ctx), _interface(ctx), _nat(ctx)]
    if ctx.cross_region:
        found.append(_cross_region_privatelink(ctx))
    return tuple(found)


def _from_on_premises(
    topology: Topology, flow: FlowResult, charges: FlowCharges, table: PriceTable, vols: Volumes
) -> tuple[Alternative, ...]:
    """paths-json-hybrid.md "`vpcdocs cost` additions": from on premises a gateway endpoint is
    never feasible (facts §1.5); an interface endpoint in the VPC the flow enters AWS by adds a
    two-ENI inbound Resolver endpoint when that VPC has none (facts §13.6, §13.9)."""
    w = topology.onprem_workloads[flow.source]
    region = topology.on_premises[w.network].region
    vpc = next((h.where.vpc for h in flow.hops if h.where.vpc is not None), None)
    ctx = _Context(topology=topology, flow=flow, charges=charges, table=table, vols=vols,
                   src_vpc=vpc or "", src_region=region, src_az="",
                   service_region=flow.to_region or region)
    gateway = _infeasible(Via.GATEWAY_ENDPOINT,
                          "a gateway endpoint is not usable from outside its VPC (on premises)")
    svc = catalogue_service(flow.to) or assumed_service(flow.to)
    if ctx.uses(HopKind.INTERFACE_ENDPOINT):
        return (gateway, _current(ctx, Via.INTERFACE_ENDPOINT, "the current way",
                                  _used_endpoint_fixed(ctx)))
    if vpc is None or not svc.interface or ctx.cross_region:
        return (gateway, _infeasible(Via.INTERFACE_ENDPOINT,
                                     "no VPC in the service's Region on the way to host one"))
    price = interface_marginal_price(table, vols, region, ctx.gb)
    monthly = round_usd(ctx.gb * price.usd_per_gb)
    full_fixed, hour = _endpoint_fixed(ctx, 2)
    has_inbound = vpc in index(topology).inbound_resolver_vpcs
    resolver = 0.0 if has_inbound else round_usd(
        HOURS_PER_MONTH * 2 * rate(table, region, "resolver_endpoint_hour").usd)
    existing = _existing_endpoint(ctx, ctx.service_region)
    added = 0.0 if existing is not None else full_fixed
    note = (f"use the existing {existing}" if existing is not None else
            f"a new {flow.to} interface endpoint in {vpc} (2 AZ, {fmt_usd(full_fixed)}/month)")
    note += ("" if has_inbound else
             f" and a two-ENI inbound Resolver endpoint ({fmt_usd(resolver)}/month)")
    interface = Alternative(Via.INTERFACE_ENDPOINT, True, monthly, round_usd(added + resolver),
                            note, False, price.usd_per_gb, full_fixed, (*price.rates, hour))
    return (gateway, interface)


def endpoint_way(alternatives: tuple[Alternative, ...]) -> Alternative | None:
    """The interface-endpoint way the break-even compares with NAT: `interface-endpoint` when
    feasible, else `cross-region-privatelink` when feasible (a flow to another region)."""
    by_via = {a.via: a for a in alternatives}
    for via in (Via.INTERFACE_ENDPOINT, Via.CROSS_REGION_PRIVATELINK):
        way = by_via.get(via)
        if way is not None and way.feasible:
            return way
    return None


def break_even_gb(alternatives: tuple[Alternative, ...]) -> float | None:
    """GB per month above which the interface endpoint beats the NAT gateway for this flow."""
    nat = next((a for a in alternatives if a.via is Via.NAT_GATEWAY), None)
    endpoint = endpoint_way(alternatives)
    if nat is None or endpoint is None or not nat.feasible:
        return None
    if nat.usd_per_gb is None or endpoint.usd_per_gb is None:
        return None
    if endpoint.endpoint_fixed_usd is None:
        return None
    saving = nat.usd_per_gb - endpoint.usd_per_gb
    if saving <= 1e-12:
        return None
    return round(endpoint.endpoint_fixed_usd / saving, 2)
