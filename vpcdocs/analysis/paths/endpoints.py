"""Interface endpoints as destinations: which ENI a client uses, and whether its security group
(`allow_from`) lets the client in.

Rules: an interface endpoint is one ENI per chosen subnet, at most one per AZ (aws-networking-
facts.md §2.1); a client uses the ENI in its own AZ when there is one, else the first by AZ order
(vpcdocs brief). The ENI's security group must allow the client; `allow_from` models its ingress
CIDRs and allows a source whose subnet CIDR lies wholly inside one of them (paths-json.md, facts
§2.2, §4.3: across Regions security groups can only name CIDRs). Absent `allow_from` is allowed
and recorded as an assumption.
"""

from __future__ import annotations

from vpcdocs.analysis.paths.codes import Reason
from vpcdocs.analysis.paths.trace import Blocked, Trace
from vpcdocs.model import Endpoint, Topology


def eni_subnet(topo: Topology, ep: Endpoint, az: str,
               usable: tuple[str, ...] | None = None) -> str:
    """The subnet of the ENI a client in `az` uses (same AZ first, else the first by AZ)."""
    subnets = usable if usable else ep.subnets
    for name in subnets:
        if topo.subnets[name].az == az:
            return name
    return subnets[0]


def has_eni_in(topo: Topology, ep: Endpoint, az: str) -> bool:
    return any(topo.subnets[s].az == az for s in ep.subnets)


def check_allow_from(topo: Topology, trace: Trace, ep: Endpoint, source_subnet: str) -> \
        Blocked | None:
    src = topo.subnets[source_subnet]
    if ep.allow_from is None:
        trace.assume(f"interface endpoint `{ep.name}` states no `allow_from`: its security group "
                     f"is assumed to allow `{source_subnet}` ({src.cidr})")
        return None
    if any(src.cidr.subnet_of(c) for c in ep.allow_from):
        return None
    allowed = ", ".join(f"`{c}`" for c in ep.allow_from) or "nothing"
    return Blocked(
        Reason.SECURITY_GROUP_DENIES,
        f"The security group of `{ep.name}` allows only {allowed}, which does not cover "
        f"`{source_subnet}` ({src.cidr}).",
        f"allow `{src.cidr}` in the `allow_from` of endpoint `{ep.name}`")
