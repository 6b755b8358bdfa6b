"""The small scenario framework of the paths tests (helpers only, no tests here).

A scenario is a YAML file under tests/scenarios/paths/ with two keys: `topology` (a complete
topology file) and `expect` (per flow id, the parts of its paths-json result that matter):

    expect:
      web-to-s3:
        reachable: true            # reachable, network, reason, cross_region, to_region: equal
        codes: [VIA_GATEWAY_ENDPOINT, PUBLIC_DNS]   # codes, regions: equal lists
        hops: [workload web, subnet app-a, ...]     # "<kind> <id>" for every hop, in order
        kinds: [workload, subnet, ...]              # the kind of every hop, in order
        routes: ["pl-… -> s3-gw"]   # the `route` of every hop that has one, in order
        azs: {interface-endpoint: eu-west-1b}       # the az of the first hop of that kind
        says: ["..."]               # substrings of the explanation
        fix: ["..."]                # substrings of the fix
        assumptions: ["..."]        # substrings, one per assumption ([] means none at all)

The full JSON of each scenario is also compared with tests/golden/paths/<scenario>.json.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from vpcdocs.analysis.result import FlowResult
from vpcdocs.loader import load_bytes
from vpcdocs.model import Topology

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios" / "paths"


def scenario_files(folder: Path = SCENARIO_DIR) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def topology_text(data: dict[str, Any]) -> str:
    buffer = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, buffer)
    return buffer.getvalue()


def load_scenario(path: Path) -> tuple[Topology, dict[str, dict[str, Any]]]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    result = load_bytes(path.name, topology_text(data["topology"]).encode("utf-8"))
    assert result.ok and result.topology is not None, [str(d) for d in result.errors]
    return result.topology, dict(data.get("expect") or {})


def problems(result: FlowResult, expected: dict[str, Any]) -> list[str]:
    """What differs between a result and its expectation (empty when it matches)."""
    got = result.to_json()
    out: list[str] = []
    for key in ("reachable", "network", "reason", "cross_region", "to_region"):
        if key in expected and got[key] != expected[key]:
            out.append(f"{key}: got {got[key]!r}, expected {expected[key]!r}")
    for key in ("codes", "regions"):
        if key in expected and got[key] != list(expected[key]):
            out.append(f"{key}: got {got[key]}, expected {expected[key]}")
    if "hops" in expected:
        hops = [f"{h['kind']} {h['id']}" for h in got["hops"]]
        if hops != list(expected["hops"]):
            out.append(f"hops: got {hops}, expected {expected['hops']}")
    if "kinds" in expected:
        kinds = [h["kind"] for h in got["hops"]]
        if kinds != list(expected["kinds"]):
            out.append(f"kinds: got {kinds}, expected {expected['kinds']}")
    if "routes" in expected:
        routes = [h["route"] for h in got["hops"] if "route" in h and h["kind"] != "local"]
        routes = [r for r in routes if not r.endswith(" -> local")]
        if routes != list(expected["routes"]):
            out.append(f"routes: got {routes}, expected {expected['routes']}")
    for kind, az in (expected.get("azs") or {}).items():
        found = next((h.get("az") for h in got["hops"] if h["kind"] == kind), None)
        if found != az:
            out.append(f"az of {kind}: got {found}, expected {az}")
    for text in expected.get("says", ()):
        if text not in result.explanation:
            out.append(f"explanation lacks {text!r}: {result.explanation}")
    for text in expected.get("fix", ()):
        if result.fix is None or text not in result.fix:
            out.append(f"fix lacks {text!r}: {result.fix}")
    if "assumptions" in expected:
        wanted = list(expected["assumptions"])
        if not wanted and result.assumptions:
            out.append(f"assumptions: expected none, got {list(result.assumptions)}")
        for text in wanted:
            if not any(text in a for a in result.assumptions):
                out.append(f"no assumption with {text!r}: {list(result.assumptions)}")
    return out
