"""Concrete changes that would unblock a flow: the `fix` of a blocked `FlowResult`.

Each function looks at the topology around the point where the packet stopped and names the
smallest change in the file's own terms (a route to add, an attachment to propagate, a key to
set), e.g. "add a route `10.2.0.0/16 -> app-to-shared` to route table `shared-private`".
"""

from __future__ import annotations

from ipaddress import IPv4Network

from vpcdocs.analysis.paths.addresses import (
    Dest,
    PrivateDest,
    SiteDest,
    article,
    service_dns_name,
    service_title,
)
from vpcdocs.analysis.paths.dns import linked_vpcs
from vpcdocs.analysis.paths.index import index
from vpcdocs.analysis.paths.routing import lookup_vpc
from vpcdocs.loader import catalogue
from vpcdocs.model import RouteTarget, Topology


def vpc_cidr_of(topo: Topology, dest: PrivateDest) -> IPv4Network:
    """The block of the destination's VPC that holds it (what a route should point at)."""
    for c in topo.vpcs[dest.vpc].cidrs:
        if dest.net.subnet_of(c):
            return c
    return dest.net


def peering_between(topo: Topology, a: str, b: str) -> str | None:
    return index(topo).peering.get(frozenset((a, b)))


def attachment_of(topo: Topology, vpc: str, tgw: str) -> str | None:
    return index(topo).attachment.get((vpc, tgw))


def tgws_of(topo: Topology, vpc: str) -> tuple[str, ...]:
    return index(topo).tgws_of_vpc.get(vpc, ())


def nat_for(topo: Topology, vpc: str, az: str, table: str | None = None) -> str | None:
    """The VPC's NAT gateway in `az`, else its first one; never one whose own subnet uses
    `table` (routing that table to it would take away the NAT gateway's way out)."""
    nats = [n for n in topo.vpcs[vpc].nat_gateways if _nat_works(topo, n, table)]
    same = [n for n in nats if topo.subnets[topo.nat_gateways[n].subnet].az == az]
    return (same or nats)[0] if nats else None


def remote_endpoint(topo: Topology, vpc: str, service: str, region: str) -> str | None:
    """An interface endpoint for `service` in `region` in another VPC that `vpc` is connected to
    (peering or a shared transit gateway): the central-endpoint pattern (facts §4.3)."""
    linked = linked_vpcs(topo, vpc)
    for ep in index(topo).interface_endpoints.get((service, region), ()):
        if ep.vpc in linked:
            return ep.name
    return None


def nat_placement(topo: Topology, nat: str, table: str) -> str:
    """A NAT gateway whose own subnet (route table `table`) does not lead to an internet gateway:
    use a NAT gateway that does, or move this one to a subnet that routes to the IGW."""
    n = topo.nat_gateways[nat]
    az = topo.subnets[n.subnet].az
    other = nat_for(topo, n.vpc, az, table)
    if other is not None:
        return f"route `0.0.0.0/0` of route table `{table}` to NAT gateway `{other}`"
    igw = topo.vpcs[n.vpc].internet_gateway
    if igw is None:
        return (f"attach an internet gateway to `{n.vpc}` and put NAT gateway `{nat}` in a subnet "
                "whose route table sends `0.0.0.0/0` to it")
    public = sorted((s.az != az, s.name) for s in topo.subnets.values()
                    if s.vpc == n.vpc and s.route_table is not None and s.route_table != table
                    and any(r.via == igw and r.to.prefixlen == 0
                            for r in topo.route_tables[s.route_table].routes))
    where = f" (such as `{public[0][1]}`)" if public else ""
    return (f"put NAT gateway `{nat}` in a subnet whose route table sends `0.0.0.0/0` to "
            f"`{igw}`{where}")


def _nat_works(topo: Topology, nat: str, table: str | None) -> bool:
    """Whether a NAT gateway's own subnet routes 0.0.0.0/0 to an internet gateway."""
    own = topo.subnets[topo.nat_gateways[nat].subnet].route_table
    if own is None or own == table:
        return False
    return any(r.via_kind is RouteTarget.INTERNET_GATEWAY and r.to.prefixlen == 0
               for r in topo.route_tables[own].routes)


def own_endpoint_fix(topo: Topology, vpc: str, service: str, region: str) -> str | None:
    """When `vpc` has an interface endpoint for the service that its name does not reach."""
    v = topo.vpcs[vpc]
    for name in v.endpoints:
        ep = topo.endpoints[name]
        if ep.type.value != "interface" or ep.service != service or ep.service_region != region:
            continue
        if not ep.private_dns:
            return (f"turn on `private_dns` on endpoint `{name}`, or have clients call its own "
                    f"DNS name (`via_endpoint: {name}`)")
        if ep.private_dns_inbound_only:
            return f"set `private_dns_inbound_only: false` on endpoint `{name}`"
        if not (v.dns_support and v.dns_hostnames):
            return (f"turn on `dns_support` and `dns_hostnames` in `{vpc}` so that the private "
                    f"DNS of `{name}` answers")
    return None


def no_vpc_route(topo: Topology, table: str, dest: Dest, az: str, *, from_tgw: bool) -> str:
    vpc = topo.route_tables[table].vpc
    if isinstance(dest, SiteDest):
        vgw = topo.vpcs[vpc].vpn_gateway
        if vgw is not None:
            return (f"set `propagate: true` on route table `{table}`, or add a route "
                    f"`{dest.net} -> {vgw}`")
        return (f"route {dest.net} from route table `{table}` to the virtual private gateway or "
                f"transit gateway that reaches `{dest.network}`")
    if isinstance(dest, PrivateDest):
        cidr = vpc_cidr_of(topo, dest)
        peering = peering_between(topo, vpc, dest.vpc)
        if peering is not None and not from_tgw:
            return f"add a route `{cidr} -> {peering}` to route table `{table}`"
        common = sorted(set(tgws_of(topo, vpc)) & set(tgws_of(topo, dest.vpc)))
        mine = tgws_of(topo, vpc)
        if common or mine:
            tgw = (common or list(mine))[0]
            return f"add a route `{cidr} -> {tgw}` to route table `{table}`"
        return (f"connect `{vpc}` and `{dest.vpc}` (a peering or a transit gateway) and add a "
                f"route to {cidr} through it to route table `{table}`")
    svc = catalogue.service(dest.service)
    region = topo.vpcs[vpc].region
    own = own_endpoint_fix(topo, vpc, dest.service, dest.region)
    if own is not None and not from_tgw:
        return own
    remote = remote_endpoint(topo, vpc, dest.service, dest.region)
    if remote is not None and not from_tgw:
        return _remote_endpoint_fix(topo, vpc, table, dest.service, dest.region, remote)
    if svc is not None and svc.gateway and dest.region == region and not from_tgw:
        title = service_title(dest.service)
        return (f"add {article(title)} {title} gateway endpoint with route table `{table}` "
                "(free), or a route `0.0.0.0/0` to a NAT gateway")
    nat = nat_for(topo, vpc, az, table)
    if nat is not None:
        return f"add a route `0.0.0.0/0 -> {nat}` to route table `{table}`"
    igw = topo.vpcs[vpc].internet_gateway
    if igw is not None:
        return (f"add a NAT gateway in a subnet that routes to `{igw}`, and a route "
                f"`0.0.0.0/0` to it in route table `{table}`")
    if svc is not None and svc.interface and dest.region == region:
        return (f"add an interface endpoint for `{dest.service}` to `{vpc}`, or give it an "
                "internet gateway and a NAT gateway")
    return f"give `{vpc}` an internet gateway and a NAT gateway, and route `0.0.0.0/0` to it"


def _remote_endpoint_fix(topo: Topology, vpc: str, table: str, service: str, region: str,
                         remote: str) -> str:
    """Use the interface endpoint `remote` of a connected VPC: the name must resolve to it (a
    hosted zone associated with `vpc`, which answers only with both DNS settings on) and `table`
    must route to the endpoint's subnets."""
    name = service_dns_name(service, region)
    ep = topo.endpoints[remote]
    v = topo.vpcs[vpc]
    zones = sorted((z for z in topo.hosted_zones.values()
                    if z.domain == name and topo.endpoints[z.alias_to].vpc != vpc),
                   key=lambda z: (vpc not in z.vpcs, z.alias_to != remote, z.name))
    steps: list[str] = []
    if not zones:
        steps.append(f"associate a private hosted zone for `{name}` aliased to `{remote}` (in "
                     f"`{ep.vpc}`) with `{vpc}`")
    elif vpc not in zones[0].vpcs:
        steps.append(f"add `{vpc}` to the `vpcs` of hosted zone `{zones[0].name}`")
    if not (v.dns_support and v.dns_hostnames):
        steps.append(f"turn on `dns_support` and `dns_hostnames` in `{vpc}`"
                     + (f" so that hosted zone `{zones[0].name}` answers"
                        if zones and vpc in zones[0].vpcs else ""))
    sub = topo.subnets[ep.subnets[0]]
    probe = PrivateDest(sub.cidr, ep.vpc, sub.name, f"the ENI of `{remote}`")
    m = lookup_vpc(topo, table, probe)
    if m is None or m.route.target_kind in ("local", "internet-gateway", "nat-gateway") \
            or not steps:
        steps.append(f"route to that endpoint's subnets from route table `{table}`")
    if len(steps) == 1:
        return steps[0]
    return ", ".join(steps[:-1]) + ", and " + steps[-1]


def no_tgw_route(topo: Topology, tgw: str, table: str, dest: Dest) -> str:
    if isinstance(dest, SiteDest):
        return (f"propagate the VPN or Direct Connect gateway attachment that reaches "
                f"`{dest.network}` into TGW route table `{table}`, or add a static route "
                f"`{dest.net}` to it")
    if isinstance(dest, PrivateDest):
        att = attachment_of(topo, dest.vpc, tgw)
        if att is not None:
            return f"add `{att}` to the propagations of TGW route table `{table}`"
        cidr = vpc_cidr_of(topo, dest)
        for name in topo.transit_gateways[tgw].attachments:
            a = topo.tgw_attachments[name]
            if a.peer is not None and attachment_of(topo, dest.vpc, a.peer) is not None:
                return f"add a static route `{cidr} -> {name}` to TGW route table `{table}`"
        return f"attach `{dest.vpc}` to `{tgw}` and propagate its attachment into `{table}`"
    for name in topo.transit_gateways[tgw].attachments:
        a = topo.tgw_attachments[name]
        if a.vpc is not None and topo.vpcs[a.vpc].nat_gateways:
            return f"add a static route `0.0.0.0/0 -> {name}` to TGW route table `{table}`"
    return f"add a static route `0.0.0.0/0` to an egress VPC's attachment in `{table}`"
