"""Words for people: the explanation paragraph of a flow and "the way in a few words".

The walkers write one sentence per decision (resolver, each route table, each gateway); this
module closes the paragraph with what the packet crosses (Regions, backbone or internet) and, for a
blocked flow, why it stops and what to change. Everything is deterministic Markdown, names in
backticks, one paragraph.
"""

from __future__ import annotations

from vpcdocs.analysis.paths.trace import Blocked, Trace
from vpcdocs.analysis.result import FlowResult, HopKind, Network


def paragraph(trace: Trace, blocked: Blocked | None, network: Network,
              regions: tuple[str, ...]) -> str:
    parts = list(trace.sentences)
    if blocked is not None:
        parts.append(blocked.why)
        parts.append(f"The flow is blocked (`{blocked.reason.value}`); to make it work, "
                     f"{blocked.fix}.")
        return " ".join(parts)
    if len(regions) > 1:
        parts.append(f"The flow crosses Regions ({' to '.join(regions)}), so inter-Region data "
                     "transfer applies.")
    if network == Network.AWS_BACKBONE:
        parts.append("Every hop is private: the flow stays on the AWS backbone.")
    return " ".join(parts)


#: The short word for each hop kind that the summary "way" of a flow names.
HOP_WORDS: dict[HopKind, str] = {
    HopKind.GATEWAY_ENDPOINT: "gateway endpoint",
    HopKind.INTERFACE_ENDPOINT: "interface endpoint",
    HopKind.GATEWAY_LOAD_BALANCER_ENDPOINT: "GWLB endpoint",
    HopKind.NAT_GATEWAY: "NAT",
    HopKind.INTERNET_GATEWAY: "IGW",
    HopKind.PEERING: "peering",
    HopKind.TRANSIT_GATEWAY: "TGW",
    HopKind.TRANSIT_GATEWAY_PEERING: "TGW peering",
    HopKind.ENDPOINT_SERVICE: "endpoint service",
    HopKind.LOAD_BALANCER: "LB",
    HopKind.VPN_CONNECTION: "VPN",
    HopKind.VPN_GATEWAY: "VGW",
    HopKind.DIRECT_CONNECT: "DX",
    HopKind.DIRECT_CONNECT_GATEWAY: "DX gateway",
}


def way(result: FlowResult, *, markdown: bool = False) -> str:
    """The way in a few words, e.g. "TGW tgw-a → NAT nat-a → IGW igw" or "local"."""
    q = "`" if markdown else ""
    parts = [f"{HOP_WORDS[h.kind]} {q}{h.id}{q}" for h in result.hops if h.kind in HOP_WORDS]
    if not parts and any(h.kind == HopKind.LOCAL for h in result.hops):
        parts = ["local"]
    text = " → ".join(parts) or "—"
    if result.reason is not None:
        text += f" ✗ {result.reason}"
    return text
