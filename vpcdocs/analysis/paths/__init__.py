"""The traffic-path analysis (`paths-json.md`): where each flow goes, hop by hop, and why.

    from vpcdocs.analysis.paths import analyse, analyse_flow
    results = analyse(topology)            # tuple[FlowResult, ...], sorted by flow id
    one = analyse_flow(topology, "web-to-s3")

Pure and deterministic: no I/O, no clock, sorted iteration everywhere. Modules: `analyse` (the
order of checks per flow), `dns` (name resolution), `routing` (route selection), `vpc_hops` and
`tgw` (the hop-by-hop walk), `endpoints` and `endpoint_service` (PrivateLink), `addresses`
(symbolic destinations, prefix lists), `codes` (the contract's vocabularies), `trace` and
`walk_types` (what the walk carries), `fixes` and `explain` (the words for people).
"""

from __future__ import annotations

from vpcdocs.analysis.paths.analyse import analyse, analyse_flow, analyse_spec

__all__ = ["analyse", "analyse_flow", "analyse_spec"]
