"""dot 2.43 aborts (SIGABRT, lib/dotgen/class2.c merge_chain assertion) on some graphs laid out
with `newrank`: the summary overview of the benchmark's 100-VPC design (four transit gateways
peered in a full mesh across Region frames) was one. `vpcdocs build` on it failed with "Graphviz
dot crashed". The renderer lays such a graph out again without newrank."""

from __future__ import annotations

import sys
from pathlib import Path

import vpcdocs
from vpcdocs.loader import load_bytes

ROOT = Path(__file__).resolve().parent.parent


def test_a_graph_dot_aborts_on_with_newrank_still_draws() -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.topologies import design
    finally:
        sys.path.remove(str(ROOT))
    result = load_bytes("m.yaml", design("M").encode("utf-8"))
    assert result.topology is not None
    svg = vpcdocs.draw(vpcdocs.analyse(result.topology), fmt="svg")
    assert svg.startswith(b"<?xml") or b"<svg" in svg[:400]
    assert b"use1-tgw" in svg and b"usw2-tgw" in svg
