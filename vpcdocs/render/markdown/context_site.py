"""Contexts of the pages about the whole design: the home page, the section index pages and
the concepts page. See context.py for what every page gets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpcdocs.analysis.analysis import Analysis
from vpcdocs.model import EndpointType
from vpcdocs.render.markdown import layout, words
from vpcdocs.render.markdown.context import base
from vpcdocs.render.markdown.context_onprem import SECTION as ONPREM_SECTION
from vpcdocs.render.markdown.layout import DiagramRef
from vpcdocs.render.markdown.rows import (
    endpoint_row,
    finding_rows,
    flow_rows,
    service_row,
    vpc_row,
)

__all__ = ["concepts_context", "home_context", "section_context"]


# --------------------------------------------------------------------------- home


@dataclass(frozen=True)
class Count:
    label: str
    value: int
    page: str | None = None
    always: bool = False  # shown even when 0


def _counts(design: Analysis) -> tuple[Count, ...]:
    topo = design.topology
    by_type = {t: sum(1 for e in topo.endpoints.values() if e.type is t) for t in EndpointType}
    blocked = sum(1 for f in design.flows if not f.reachable)
    return (
        Count("Regions", len(topo.regions()), layout.SECTIONS["regions"], always=True),
        Count("VPCs", len(topo.vpcs), layout.SECTIONS["vpcs"], always=True),
        Count("Subnets", len(topo.subnets)),
        Count("Gateway endpoints", by_type[EndpointType.GATEWAY], layout.SECTIONS["endpoints"]),
        Count("Interface endpoints", by_type[EndpointType.INTERFACE], layout.SECTIONS["endpoints"]),
        Count(
            "Gateway Load Balancer endpoints",
            by_type[EndpointType.GATEWAY_LOAD_BALANCER],
            layout.SECTIONS["endpoints"],
        ),
        Count("Endpoint services", len(topo.endpoint_services), layout.SECTIONS["services"]),
        Count("NAT gateways", len(topo.nat_gateways)),
        Count("VPC peerings", len(topo.peerings)),
        Count("Transit gateways", len(topo.transit_gateways)),
        # hybrid (0, so not shown, in format 1 designs)
        Count("On-premises networks", len(topo.on_premises), ONPREM_SECTION),
        Count("VPN and Direct Connect connections", len(topo.connections), ONPREM_SECTION),
        Count("Private hosted zones", len(topo.hosted_zones)),
        Count("Flows", len(design.flows), layout.SECTIONS["flows"], always=True),
        Count("Blocked flows", blocked, layout.SECTIONS["flows"], always=True),
    )


def home_context(
    design: Analysis, page_path: str, *, allow_html: bool, diagram: DiagramRef | None
) -> dict[str, Any]:
    topo = design.topology
    report = design.report
    context = base(design, page_path, allow_html=allow_html, diagram=diagram)
    context.update(
        description=topo.description,
        counts=_counts(design),
        flows=flow_rows(design, design.flows),
        blocked=flow_rows(design, tuple(f for f in design.flows if not f.reachable)),
        findings=finding_rows(design),
        monthly_total_usd=report.monthly_total_usd,
        resources_usd=report.resources_usd,
        flows_usd=report.flows_usd,
        currency=report.currency,
        prices_as_of=report.prices_as_of,
        regions=tuple(layout.ref_for(topo, "region", r) for r in topo.regions()),
        implicit_flows=not topo.flows_declared,
        source=topo.source.rsplit("/", 1)[-1],
    )
    return context


# --------------------------------------------------------------------------- sections, concepts


def section_context(
    design: Analysis, section: str, page_path: str, *, allow_html: bool
) -> dict[str, Any]:
    topo = design.topology
    context = base(design, page_path, allow_html=allow_html)
    context["section"] = section
    if section == "regions":
        context["rows"] = tuple(
            (
                layout.ref_for(topo, "region", r),
                tuple(vpc_row(topo, v) for v in topo.vpcs if topo.vpcs[v].region == r),
                sum(1 for t in topo.transit_gateways.values() if t.region == r),
                len(
                    flow_rows(
                        design, design.flows_from_region(r)
                    )
                ),
            )
            for r in topo.regions()
        )
    elif section == "vpcs":
        context["rows"] = tuple(vpc_row(topo, v) for v in topo.vpcs)
    elif section == "endpoints":
        context["rows"] = tuple(endpoint_row(design, e) for e in topo.endpoints)
    elif section == "flows":
        context["rows"] = flow_rows(design, design.flows)
    elif section == "services":
        context["rows"] = tuple(service_row(topo, s) for s in topo.endpoint_services)
    else:
        raise ValueError(f"unknown section {section!r}")
    return context


def concepts_context(design: Analysis, page_path: str, *, allow_html: bool) -> dict[str, Any]:
    context = base(design, page_path, allow_html=allow_html)
    context["docs"] = words.AWS_DOCS
    t = design.topology
    # the hybrid sections only for designs that use those keys (format 1 pages are unchanged)
    context["hybrid"] = bool(t.on_premises or t.security_groups or t.network_acls
                             or any(e.policy is not None for e in t.endpoints.values()))
    return context
