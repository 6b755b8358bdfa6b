"""The per-endpoint-service view: a PrivateLink service from its consumers to its targets.

Left to right: the workloads whose flows use the service, the consumer interface endpoints in
their VPCs (each labelled with the principal that created it, account, role or user, and whether
the connection is accepted), the endpoint service in the provider VPC with its terms (allowed
principals, acceptance, other regions, private DNS name), its load balancer and the targets in
their subnets. A consumer the provider would refuse is joined by a blocked line naming the check
that fails (region, principal, acceptance, in the order AWS applies them).
"""

from __future__ import annotations

from collections.abc import Sequence

from vpcdocs.analysis.paths.addresses import partition
from vpcdocs.analysis.paths.endpoint_service import account_of, principal_allowed
from vpcdocs.analysis.result import FlowResult, HopKind
from vpcdocs.model import Endpoint, EndpointService, Topology
from vpcdocs.render.scene import Arrow, EdgeStyle, Node, Scene
from vpcdocs.render.views import common as c
from vpcdocs.render.views.common import Place, SceneBuilder, Step, UnknownTarget
from vpcdocs.render.views.pages import link_for

__all__ = ["consumer_problem", "service_view"]


def service_view(topology: Topology, results: Sequence[FlowResult], service: str) -> Scene:
    """Provider VPC, load balancer, targets, consumer endpoints with their VPCs, principals and
    acceptance, and the flows that use the service. Raises `UnknownTarget` for an unknown name."""
    if service not in topology.endpoint_services:
        raise UnknownTarget("endpoint service", service, topology.endpoint_services)
    b = SceneBuilder(topology)
    svc = topology.endpoint_services[service]
    lb = topology.load_balancers[svc.load_balancer]
    b.add(_service_node(topology, svc), c.vpc_place(topology, svc.vpc))
    b.add(c.lb_node(topology, lb.name), c.vpc_place(topology, svc.vpc))
    b.structure(svc.name, lb.name, tooltip=f"{svc.name} is served by {lb.name}")
    for target in lb.targets:
        b.add(c.workload_node(topology, target), c.subnet_place(topology, topology.workloads[target].subnet))
        b.structure(lb.name, target, tooltip=f"{lb.name} → target {target}")
    terms = b.add(_terms_node(topology, svc), Place(svc.region))
    b.structure(terms, svc.name, arrow=Arrow.NONE, tooltip=f"who may connect to {svc.name}")
    for ep in topology.endpoints.values():
        if ep.service != service:
            continue
        b.add(_consumer_node(topology, ep, svc), c.vpc_place(topology, ep.vpc))
        problem = consumer_problem(topology, ep, svc)
        cross = topology.vpcs[ep.vpc].region != svc.region
        if problem is not None:
            style, label = EdgeStyle.BLOCKED, f"✗ {c.reason_words(problem)}"
        else:
            style, label = (EdgeStyle.CROSS_REGION if cross else EdgeStyle.BACKBONE), ""
        b.structure(ep.name, svc.name, style=style, label=label,
                    tooltip=f"{ep.name} ({ep.vpc}) → {svc.name}"
                    + (f": {problem}" if problem else ""))
    for result in sorted(results, key=lambda r: r.id):
        if result.to == service:
            c.flow_edges(b, result, _steps(b, topology, result), numbered=False)
    return b.build(f"Endpoint service {service} — {svc.region}", origin=svc.loc,
                   subject=f"the diagram of endpoint service {service}")


def consumer_problem(topology: Topology, ep: Endpoint, svc: EndpointService) -> str | None:
    """The reason code (paths-json.md) the provider refuses this endpoint with, or None:
    region support, then allowed principals, then acceptance, as the analysis checks them."""
    region = topology.vpcs[ep.vpc].region
    if region != svc.region and (
        partition(region) != partition(svc.region) or region not in svc.supported_regions
    ):
        return "REGION_NOT_SUPPORTED"
    if ep.principal is not None and not principal_allowed(ep.principal, svc.allowed_principals):
        return "PRINCIPAL_NOT_ALLOWED"
    if not ep.accepted:
        return "CONNECTION_NOT_ACCEPTED"
    return None


def _service_node(topo: Topology, svc: EndpointService) -> Node:
    node = c.endpoint_service_node(topo, svc.name)
    acceptance = "acceptance required" if svc.acceptance_required else "auto-accept"
    return Node(node.id, f"{svc.name}\nendpoint service\n{acceptance}", icon=node.icon,
                tooltip=node.tooltip, link=node.link)


def _principal(topo: Topology, principal: str) -> str:
    words = c.principal_words(principal)
    account = account_of(principal)
    if account is None or words.startswith("account"):
        name = topo.accounts.get(account or "")
        return f"{words} ({name})" if name else words
    name = topo.accounts.get(account)
    return f"{words} ({name or account})"


def _terms_node(topo: Topology, svc: EndpointService) -> Node:
    """A text box: who may connect and on which terms."""
    lines = ["Allowed principals:"]
    lines += [f"• {_principal(topo, p)}" for p in svc.allowed_principals] or ["• nobody"]
    lines.append("Acceptance: " + ("required" if svc.acceptance_required else "automatic"))
    if svc.supported_regions:
        lines.append("Also from: " + ", ".join(svc.supported_regions))
    if svc.private_dns_name:
        lines.append(f"Private DNS: {svc.private_dns_name}")
    return Node(
        f"terms:{svc.name}",
        "\n".join(lines),
        tooltip=f"terms of {svc.name}: " + "; ".join(line.removeprefix("• ") for line in lines),
        link=link_for(topo, svc.name),
    )


def _consumer_node(topo: Topology, ep: Endpoint, svc: EndpointService) -> Node:
    node = c.endpoint_node(topo, ep.name)
    if ep.accepted:
        state = "accepted" if svc.acceptance_required else "auto-accepted"
    else:
        state = "pending acceptance"
    who = c.principal_words(ep.principal)
    return Node(node.id, f"{ep.name}\nprincipal: {who}\n{state}", icon=node.icon,
                tooltip=f"{node.tooltip}; created by {ep.principal or 'an unknown principal'}; {state}",
                link=node.link)


def _steps(b: SceneBuilder, topo: Topology, result: FlowResult) -> list[Step]:
    """A flow to the service through this picture's nodes, up to the service: the source
    workload (added in its own VPC's box), its endpoint, the service. What the service does
    with the traffic (load balancer, targets) is one fact for every flow, drawn once as
    structure: one style for one meaning, whichever target a flow happens to reach."""
    steps: list[Step] = []
    for i, hop in enumerate(result.hops):
        region = hop.where.region
        node: str | None = None
        if hop.kind == HopKind.WORKLOAD and hop.id in topo.workloads and not steps:
            subnet = topo.workloads[hop.id].subnet
            node = b.add(c.workload_node(topo, hop.id), c.subnet_place(topo, subnet))
        elif hop.kind in (HopKind.INTERFACE_ENDPOINT, HopKind.ENDPOINT_SERVICE) and b.has(hop.id):
            node = hop.id
        if node is not None and (not steps or steps[-1].node != node):
            steps.append(Step(node, i, region))
    if not result.reachable and len(steps) < 2:
        steps.append(Step(result.to, -1, None))
    return steps
