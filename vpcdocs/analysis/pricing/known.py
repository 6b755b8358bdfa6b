"""Which prices a topology may use: the table with its overrides, and the unknown-region rule.

The contract (paths-json.md) says a region the price table does not know is an error naming the
key to set in `pricing`, while the table's own rule (table.py) is that a null figure of a region it
does know falls back to us-east-1 and is reported as an assumption. The two meet here:

* A region is *known* when the bundled table has at least one figure of its own for it (not
  null, not an override). For a known region, a null figure falls back to us-east-1 with an
  assumption note: the table has looked for that figure and says so.
* A region is *unknown* when it has no section in the bundled table, or only null figures (a
  topology's `pricing.regions` may add a section; its figures are then the only ones the region
  has). For an unknown region, every figure that is actually used must come from the topology's
  `pricing.regions.<region>.<key>`; using one that is not set is an error naming that key. Copying
  a whole region's prices from us-east-1 would be exactly the silent copy the issue forbids.

`table_for(topology)` applies the overrides and reports, before any pricing, the unknown regions
the topology uses that have no override at all, naming the keys its resources and flows need
there (`needed_keys`). The pricing functions then check every rate they used
(`check_rates`), so a partly overridden unknown region fails on exactly the missing figures.
"""

from __future__ import annotations

from collections.abc import Iterable

from vpcdocs.analysis.pricing.table import (
    PriceTable,
    Rate,
    load_price_table,
    with_overrides,
)
from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error
from vpcdocs.model import EndpointType, TargetKind, Topology


class UnknownPriceError(ValueError):
    """Prices are needed for a region the table does not know; `missing` lists (region, key)."""

    def __init__(self, missing: Iterable[tuple[str, str]]) -> None:
        self.missing: tuple[tuple[str, str], ...] = tuple(sorted(set(missing)))
        super().__init__("; ".join(_region_message(r, ks) for r, ks in self.by_region().items()))

    def by_region(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for region, key in self.missing:
            out.setdefault(region, []).append(key)
        return {r: tuple(ks) for r, ks in out.items()}

    def diagnostics(self, topology: Topology) -> tuple[Diagnostic, ...]:
        """One error per region, at the first VPC (else transit gateway) in that region."""
        diags = []
        for region, keys in self.by_region().items():
            diags.append(
                error(
                    DiagnosticCode.UNKNOWN_PRICE_REGION,
                    _region_message(region, keys),
                    _location(topology, region),
                    hint=(
                        f"add e.g. `pricing: {{regions: {{{region}: {{{keys[0]}: <USD>}}}}}}` "
                        "with the figures from the AWS pricing pages"
                    ),
                )
            )
        return tuple(diags)


def _region_message(region: str, keys: tuple[str, ...]) -> str:
    names = ", ".join(f"pricing.regions.{region}.{k}" for k in keys)
    return f"the price table has no figures for {region}: set {names}"


def _location(topology: Topology, region: str) -> Location:
    for vpc in topology.vpcs.values():
        if vpc.region == region:
            return vpc.loc
    for tgw in topology.transit_gateways.values():
        if tgw.region == region:
            return tgw.loc
    for flow in topology.flows.values():
        if flow.region == region:
            return flow.loc
    return Location(topology.source)


def known_region(table: PriceTable, region: str) -> bool:
    """Whether the table has a figure of its own (not null, not an override) for `region`."""
    figures = table.regions.get(region)
    if figures is None:
        return False
    return any(f.usd is not None and f.confidence != "override" for f in figures.values())


def missing_figures(table: PriceTable, rates: Iterable[Rate]) -> tuple[tuple[str, str], ...]:
    """The (region, key) of every used rate that an unknown region would have copied."""
    found = {(r.region, r.key) for r in rates if r.assumed and not known_region(table, r.region)}
    return tuple(sorted(found))


def check_rates(table: PriceTable, rates: Iterable[Rate]) -> None:
    """Raise `UnknownPriceError` when a used rate is a copy for an unknown region."""
    missing = missing_figures(table, rates)
    if missing:
        raise UnknownPriceError(missing)


def regions_used(topology: Topology) -> tuple[str, ...]:
    """Every region the topology puts something in or sends a flow to."""
    regions = {v.region for v in topology.vpcs.values()}
    regions |= {t.region for t in topology.transit_gateways.values()}
    regions |= {s.region for s in topology.endpoint_services.values()}
    regions |= {e.service_region for e in topology.endpoints.values()}
    regions |= {f.region for f in topology.flows.values() if f.region is not None}
    return tuple(sorted(regions))


def needed_keys(topology: Topology, region: str) -> tuple[str, ...]:
    """The price keys the cost report can use in `region` for this topology.

    Resources there (NAT gateways with their address, interface and GWLB endpoints, transit
    gateway attachments, public workload addresses), the per-GB charges of flows there, the
    alternatives priced for flows from there (a NAT gateway, an interface endpoint), cross-AZ
    transfer in a VPC with more than one AZ, and inter-region transfer when the design spans
    more than one region. Tiers above the first are needed only past 1 PB (10 TB for egress)
    and are left to `check_rates`.
    """
    keys: set[str] = set()
    vpcs = [v for v in topology.vpcs.values() if v.region == region]
    names = {v.name for v in vpcs}
    service_flows = [
        f for f in topology.flows.values()
        if f.to_kind is TargetKind.SERVICE and f.source in topology.workloads
        and topology.workloads[f.source].vpc in names
    ]
    if any(n.vpc in names for n in topology.nat_gateways.values()) or service_flows:
        keys |= {"nat_gateway_hour", "nat_gateway_gb", "public_ipv4_hour"}
    endpoints = [e for e in topology.endpoints.values() if e.vpc in names]
    if any(e.type is EndpointType.INTERFACE for e in endpoints) or service_flows:
        keys |= {"interface_endpoint_hour", "interface_endpoint_gb"}
    if any(e.type is EndpointType.GATEWAY_LOAD_BALANCER for e in endpoints):
        keys |= {"gwlb_endpoint_hour", "gwlb_endpoint_gb"}
    if any(w.public_ip and w.vpc in names for w in topology.workloads.values()):
        keys.add("public_ipv4_hour")
    for vpc in vpcs:
        if len({topology.subnets[s].az for s in vpc.subnets}) > 1:
            keys.add("cross_az_gb")
    if any(t.region == region and t.attachments for t in topology.transit_gateways.values()):
        keys |= {"tgw_attachment_hour", "tgw_gb"}
    if len(regions_used(topology)) > 1:
        keys.add("inter_region_gb")
    return tuple(sorted(keys))


def table_for(topology: Topology, table: PriceTable | None = None) -> PriceTable:
    """The price table for `topology`: the bundled one (or `table`) with the topology's `pricing`
    overrides applied. Raises `UnknownPriceError` for an unknown region the topology uses that
    its `pricing` does not mention at all, naming the keys to set (`needed_keys`)."""
    base = load_price_table() if table is None else table
    priced = with_overrides(base, topology.pricing_as_of, topology.pricing_overrides)
    missing = [
        (region, key)
        for region in regions_used(topology)
        if not known_region(priced, region) and region not in topology.pricing_overrides
        for key in needed_keys(topology, region)
    ]
    if missing:
        raise UnknownPriceError(missing)
    return priced


__all__ = [
    "UnknownPriceError",
    "check_rates",
    "known_region",
    "missing_figures",
    "needed_keys",
    "regions_used",
    "table_for",
]
