"""What one flow's analysis accumulates on its way: hops, codes, sentences, assumptions, regions.

A `Trace` is created per flow (and a throw-away one for each return-path check) and filled by the
walkers; nothing outside a single `analyse_flow` call ever sees it change. A walker that cannot go
on returns a `Blocked` value: the contract's reason, the sentence saying why, and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Network

from vpcdocs.analysis.paths.codes import Code, Reason
from vpcdocs.analysis.result import Gate, Hop, HopKind, Lookup, Where


@dataclass(frozen=True)
class Blocked:
    reason: Reason
    why: str  # a sentence (Markdown) saying where and why the packet stops
    fix: str  # what to change, as an instruction


@dataclass(frozen=True)
class Edge:
    """A subnet edge the packet crosses (paths-json-hybrid.md "Network ACLs"): the subnet, the
    direction of the rules that apply, the packet's source and destination (a range, or a
    service's public addresses as `(service, region)`), and how many hops precede the lookup."""

    subnet: str
    inbound: bool
    src: IPv4Network | tuple[str, str]
    dst: IPv4Network | tuple[str, str]
    hops: int
    codes: frozenset[Code] = frozenset()  # the codes and sentences so far, restored when a
    sentences: int = 0  # NACL refuses the packet at this edge


@dataclass
class Trace:
    hops: list[Hop] = field(default_factory=list)
    codes: set[Code] = field(default_factory=set)
    sentences: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    uses: list[str] = field(default_factory=list)  # Resolver endpoints its DNS step uses

    lookup: Lookup | None = None  # the DNS step (for the pictures)
    gates: list[Gate] = field(default_factory=list)  # security group checks (for the pictures)
    def edge(self, subnet: str, inbound: bool, src: IPv4Network | tuple[str, str],
             dst: IPv4Network | tuple[str, str]) -> None:
        self.edges.append(Edge(subnet, inbound, src, dst, len(self.hops), frozenset(self.codes),
                               len(self.sentences)))

    def cut(self, edge: Edge) -> None:
        """Back to where `edge` was recorded: what came after it never happened."""
        del self.hops[edge.hops:]
        del self.edges[self.edges.index(edge):]
        del self.sentences[edge.sentences:]
        self.codes = set(edge.codes)
        self.gates[:] = [g for g in self.gates if g.hop < edge.hops]

    def hop(self, kind: HopKind, id: str, where: Where, *, region: str | None = None,
            az: str | None = None, route: str | None = None, note: str | None = None,
            at: str | None = None) -> None:
        """Append a hop. `where` is where it is (internal); `region` and `az` are what the JSON
        shows; `at` is a region the flow visits there, tracked even when not printed."""
        self.hops.append(Hop(kind, id, region, az, route, note, where))
        self.visit(at or region)

    def visit(self, region: str | None) -> None:
        if region is not None and region not in self.regions:
            self.regions.append(region)

    def code(self, *codes: Code) -> None:
        self.codes.update(codes)

    def say(self, sentence: str) -> None:
        self.sentences.append(sentence)

    def assume(self, text: str) -> None:
        if text not in self.assumptions:
            self.assumptions.append(text)
