"""Name resolution: does a flow's name lead to an interface endpoint's ENIs or to public addresses?

Rules (aws-networking-facts.md §2.4, §2.6, §4.3, §6; topology-format.md "Hosted zones and DNS"):
* `via_endpoint`: the client calls the endpoint's own DNS name, which public DNS resolves to the
  endpoint's private ENI addresses (`ENDPOINT_DNS_NAME`); needs no VPC DNS setting.
* Private DNS of an interface endpoint answers only in the endpoint's own VPC, and only when the VPC
  has both `dns_support` and `dns_hostnames` on (`PRIVATE_DNS`). An S3 endpoint with
  `private_dns_inbound_only` answers only queries from Route 53 Resolver inbound endpoints, so
  clients in the VPC keep the public names (AWS S3 guide, privatelink-interface-endpoints.html
  #private-dns).
* A private hosted zone associated with the source VPC (any Region) answers names equal to or under
  its domain (apex and wildcard records assumed), the most specific zone first, again only with
  both DNS settings on (`HOSTED_ZONE_DNS`; Route 53 hosted-zone-private-considerations.html).
* Otherwise the name resolves to the service's public addresses (`PUBLIC_DNS`); with
  `dns_support: false` the VPC has no Amazon resolver and only public names resolve.
* Endpoint services: the service's `private_dns_name` resolves through the consumer endpoint's
  private DNS (own VPC, both settings on) or a hosted zone; with the settings off the query goes
  to public DNS, which does not know the name (`PUBLIC_DNS`, then `DNS_NOT_RESOLVABLE`); without
  a private DNS name the client uses the endpoint's own DNS name.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpcdocs.analysis.paths.addresses import PublicDest, endpoint_dns_name, service_dns_name
from vpcdocs.analysis.paths.codes import Code, Reason
from vpcdocs.analysis.paths.index import index
from vpcdocs.analysis.paths.trace import Blocked
from vpcdocs.model import Endpoint, EndpointService, EndpointType, HostedZone, Topology


@dataclass(frozen=True)
class Resolution:
    code: Code
    name: str  # the name the client looks up
    endpoint: str | None  # the interface endpoint whose ENIs it resolves to; None: public
    sentence: str
    blocked: Blocked | None = None
    zone: str | None = None  # the private hosted zone that answered (HOSTED_ZONE_DNS)


def dns_on(topo: Topology, vpc: str) -> bool:
    v = topo.vpcs[vpc]
    return v.dns_support and v.dns_hostnames


def linked_vpcs(topo: Topology, vpc: str) -> frozenset[str]:
    """The other VPCs `vpc` is peered with or shares a transit gateway with."""
    return index(topo).linked_vpcs(vpc)


def zone_for(topo: Topology, vpc: str, name: str) -> HostedZone | None:
    """The most specific private hosted zone associated with `vpc` that answers `name`."""
    zones = [z for z in index(topo).zones_of_vpc.get(vpc, ())
             if name == z.domain or name.endswith("." + z.domain)]
    zones.sort(key=lambda z: (-len(z.domain), z.name))
    return zones[0] if zones else None


def _interface(topo: Topology, names: tuple[str, ...]) -> list[Endpoint]:
    return [topo.endpoints[n] for n in names
            if topo.endpoints[n].type == EndpointType.INTERFACE]


def resolve_service(topo: Topology, vpc: str, who: str, service: str, region: str,
                    via_endpoint: str | None) -> Resolution:
    """How `who` (a workload in `vpc`) resolves AWS service `service` in `region`."""
    if via_endpoint is not None:
        ep = topo.endpoints[via_endpoint]
        name = endpoint_dns_name(ep.service, ep.service_region)
        return Resolution(
            Code.ENDPOINT_DNS_NAME, name, ep.name,
            f"{who} calls interface endpoint `{ep.name}` by its own DNS name (`{name}`), which "
            "public DNS resolves to the endpoint's private ENI addresses.")
    name = service_dns_name(service, region)
    on = dns_on(topo, vpc)
    same = [e for e in _interface(topo, topo.vpcs[vpc].endpoints)
            if e.service == service and e.service_region == region]
    notes: list[str] = []
    for ep in same:
        if not ep.private_dns:
            notes.append(f"interface endpoint `{ep.name}` has private DNS off, so the name does "
                         "not point at it")
        elif ep.private_dns_inbound_only:
            notes.append(f"private DNS of `{ep.name}` is for inbound resolver endpoints only "
                         "(`private_dns_inbound_only`), so clients inside the VPC keep the "
                         "public addresses")
        elif not on:
            notes.append(f"private DNS of `{ep.name}` does not answer, because `{vpc}` has "
                         "`dns_support` or `dns_hostnames` off")
        else:
            return Resolution(
                Code.PRIVATE_DNS, name, ep.name,
                f"{who} resolves `{name}` to the ENIs of interface endpoint `{ep.name}`: the "
                f"endpoint's private DNS answers inside its own VPC `{vpc}`.")
    zone = zone_for(topo, vpc, name)
    if zone is not None and on:
        target = topo.endpoints[zone.alias_to]
        return Resolution(
            Code.HOSTED_ZONE_DNS, name, target.name,
            f"{who} resolves `{name}` through private hosted zone `{zone.name}` "
            f"(`{zone.domain}`, associated with `{vpc}`) to the ENIs of interface endpoint "
            f"`{target.name}` in `{target.vpc}`.", zone=zone.name)
    if zone is not None:
        notes.append(f"private hosted zone `{zone.name}` does not answer, because `{vpc}` has "
                     "`dns_support` or `dns_hostnames` off")
    linked = linked_vpcs(topo, vpc)
    for ep in index(topo).interface_endpoints.get((service, region), ()):
        if ep.vpc in linked and ep.private_dns and not ep.private_dns_inbound_only:
            notes.append(f"the private DNS of `{ep.name}` answers only inside its own VPC "
                         f"`{ep.vpc}`")
            break
    why = f" ({'; '.join(notes)})" if notes else ""
    return Resolution(
        Code.PUBLIC_DNS, name, None,
        f"{who} resolves `{name}` through public DNS to {PublicDest(service, region).describe()}"
        f"{why}.")


def endpoint_service_name(svc: EndpointService) -> str:
    return f"vpce-….vpce-svc-….{svc.region}.vpce.amazonaws.com"


def resolve_endpoint_service(topo: Topology, vpc: str, who: str, svc: EndpointService,
                             ep: Endpoint, via_endpoint: bool) -> Resolution:
    """How `who` in `vpc` resolves endpoint service `svc`, reached through endpoint `ep`."""
    own = (f"{who} calls endpoint `{ep.name}` by its own DNS name "
           f"(`{endpoint_service_name(svc)}`), which public DNS resolves to the endpoint's "
           "private ENI addresses")
    if via_endpoint or svc.private_dns_name is None:
        why = "" if via_endpoint else f" (`{svc.name}` has no private DNS name)"
        return Resolution(Code.ENDPOINT_DNS_NAME, endpoint_service_name(svc), ep.name,
                          own + why + ".")
    name = svc.private_dns_name
    on = dns_on(topo, vpc)
    if ep.private_dns and ep.vpc == vpc:
        if on:
            return Resolution(
                Code.PRIVATE_DNS, name, ep.name,
                f"{who} resolves `{name}`, the private DNS name of `{svc.name}`, to the ENIs of "
                f"endpoint `{ep.name}` (private DNS, inside its own VPC `{vpc}`).")
        # Without both settings the endpoint's private zone does not answer, so the query goes
        # to public DNS, which has no address for the provider's private name (it only holds the
        # TXT record that proved the domain): resolved publicly, and not resolvable.
        return Resolution(
            Code.PUBLIC_DNS, name, None,
            f"{who} looks up `{name}`, the private DNS name of `{svc.name}`; private DNS of "
            f"endpoint `{ep.name}` does not answer, because `{vpc}` has `dns_support` or "
            "`dns_hostnames` off, so the query goes to public DNS.",
            Blocked(Reason.DNS_NOT_RESOLVABLE,
                    f"Public DNS has no address for `{name}`: a private DNS name resolves only "
                    "through the endpoint's private DNS (or a private hosted zone).",
                    f"turn on `dns_support` and `dns_hostnames` in `{vpc}`, or have clients call "
                    f"the endpoint's own DNS name (`via_endpoint: {ep.name}`)"))
    zone = zone_for(topo, vpc, name)
    if zone is not None and on and zone.alias_to == ep.name:
        return Resolution(
            Code.HOSTED_ZONE_DNS, name, ep.name,
            f"{who} resolves `{name}` through private hosted zone `{zone.name}` (associated "
            f"with `{vpc}`) to the ENIs of endpoint `{ep.name}` in `{ep.vpc}`.", zone=zone.name)
    return Resolution(Code.ENDPOINT_DNS_NAME, endpoint_service_name(svc), ep.name,
                      own + f" (private DNS is off on `{ep.name}`).")
