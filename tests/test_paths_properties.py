"""Properties of the path analysis that must hold for any design:

* adding a VPC that nothing else refers to never changes another flow's result;
* the order of keys in the file never changes the output;
* the output is byte-identical across runs, and across processes with different hash seeds.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from vpcdocs.analysis.paths import analyse
from vpcdocs.analysis.paths.codes import DNS_CODES
from vpcdocs.commands.paths import json_text
from vpcdocs.loader import load_bytes, load_file
from vpcdocs.loader.catalogue import services

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCENARIOS = Path(__file__).resolve().parent / "scenarios" / "paths"
SETTINGS = settings(max_examples=15,
                    suppress_health_check=[HealthCheck.too_slow])


def _read(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return dict(data["topology"] if "topology" in data and "vpcdocs" not in data else data)


BASES = {
    "course": _read(EXAMPLES / "course.yaml"),
    "hub-and-spoke": _read(EXAMPLES / "hub-and-spoke.yaml"),
    "peering": _read(SCENARIOS / "peering.yaml"),
    "default-flows": _read(SCENARIOS / "default-flows.yaml"),
}


def _dump(data: dict[str, Any]) -> bytes:
    """The design as a file: JSON (which is YAML) keeps key order and is quick to write."""
    return json.dumps(data, indent=1).encode("utf-8")


@functools.cache
def _reference(base: str) -> tuple[str, dict[str, dict[str, Any]]]:
    """The JSON text and per-flow results of an unchanged base design (computed once)."""
    loaded = load_bytes("t.yaml", _dump(BASES[base]))
    assert loaded.topology is not None
    results = analyse(loaded.topology)
    return json_text(results), {r.id: r.to_json() for r in results}


def _results(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    loaded = load_bytes("topology.yaml", _dump(data))
    assert loaded.ok and loaded.topology is not None, [str(d) for d in loaded.errors]
    return {r.id: r.to_json() for r in analyse(loaded.topology)}


INTERFACE_SERVICES = sorted(n for n, s in services().items() if s.interface)


def _targets(base: str) -> list[tuple[str, str]]:
    """(service, Region) of the base design's flows to AWS services: an unrelated VPC that
    offers exactly these through its own endpoints is the most likely to disturb them."""
    loaded = load_bytes("t.yaml", _dump(BASES[base]))
    assert loaded.topology is not None
    return sorted({(f.to, f.region or "") for f in loaded.topology.flows.values()
                   if f.to_kind.value == "service"})


@st.composite
def unrelated_vpc(draw: st.DrawFn, targets: list[tuple[str, str]]) -> tuple[str, dict[str, Any]]:
    """A VPC in 172.16.0.0/12 (no base design uses it) with its own subnets, tables, gateways,
    endpoints (often for the services the base's flows use) and workloads; every name starts
    with `zz` so it is new."""
    tag = "zz" + draw(st.text("abcdefgh", min_size=1, max_size=4))
    regions = sorted({r for _, r in targets} | {"eu-west-1"})
    region = draw(st.sampled_from(regions))
    second = draw(st.integers(16, 31))
    n_subnets = draw(st.integers(1, 3))
    subnets = {f"{tag}-s{i}": {"az": f"{region}{'abc'[i]}", "cidr": f"172.{second}.{i}.0/24",
                               "route_table": f"{tag}-rt"} for i in range(n_subnets)}
    routes: list[dict[str, str]] = []
    vpc: dict[str, Any] = {"region": region, "cidr": f"172.{second}.0.0/16", "subnets": subnets}
    if draw(st.booleans()):
        vpc["internet_gateway"] = f"{tag}-igw"
        routes.append({"to": "0.0.0.0/0", "via": f"{tag}-igw"})
    vpc["route_tables"] = {f"{tag}-rt": {"routes": routes}}
    first = f"{tag}-s0"
    endpoints: dict[str, Any] = {}
    if draw(st.booleans()):
        endpoints[f"{tag}-gw"] = {"type": "gateway", "service": draw(st.sampled_from(
            ["s3", "dynamodb"])), "route_tables": [f"{tag}-rt"]}
    wanted = [svc for svc, r in targets if r == region] + draw(
        st.lists(st.sampled_from(INTERFACE_SERVICES), max_size=2))
    for i, svc in enumerate(sorted(set(wanted))):
        if svc not in INTERFACE_SERVICES or svc in ("s3", "dynamodb"):
            continue
        endpoints[f"{tag}-if{i}"] = {"type": "interface", "service": svc, "subnets": [first],
                                     "private_dns": draw(st.booleans())}
    if endpoints:
        vpc["endpoints"] = endpoints
    vpc["workloads"] = {f"{tag}-w{i}": {"subnet": first, "public_ip": draw(st.booleans())}
                        for i in range(draw(st.integers(0, 2)))}
    return f"{tag}-vpc", vpc


@SETTINGS
@given(base=st.sampled_from(sorted(BASES)), data=st.data())
def test_an_unrelated_vpc_changes_no_other_flow(base: str, data: st.DataObject) -> None:
    design = copy.deepcopy(BASES[base])
    before = _reference(base)[1]
    name, vpc = data.draw(unrelated_vpc(_targets(base)))
    design["vpcs"][name] = vpc
    after = _results(design)
    common = set(before) & set(after)
    assert common == set(before)
    for fid in sorted(common):
        assert after[fid] == before[fid], fid


def _shuffled(value: Any, rnd: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rnd.shuffle(keys)
        return {k: _shuffled(value[k], rnd) for k in keys}
    if isinstance(value, list):
        return [_shuffled(v, rnd) for v in value]
    return value


@SETTINGS
@given(base=st.sampled_from(sorted(BASES)), rnd=st.randoms(use_true_random=False))
def test_key_order_never_changes_the_output(base: str, rnd: random.Random) -> None:
    reordered = load_bytes("t.yaml", _dump(_shuffled(BASES[base], rnd))).topology
    assert reordered is not None
    assert json_text(analyse(reordered)) == _reference(base)[0]


def test_output_is_byte_identical_across_runs() -> None:
    topology = load_bytes("t.yaml", _dump(BASES["hub-and-spoke"])).topology
    assert topology is not None
    assert json_text(analyse(topology)) == json_text(analyse(topology))


def test_output_is_byte_identical_across_processes() -> None:
    """Another interpreter with another hash seed (set iteration order) prints the same bytes."""
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from vpcdocs.loader import load_file; "
         "from vpcdocs.analysis.paths import analyse; from vpcdocs.commands.paths import "
         "json_text; sys.stdout.write(json_text(analyse(load_file(sys.argv[1]).topology)))",
         "examples/hub-and-spoke.yaml"],
        cwd=ROOT, env=dict(os.environ, PYTHONHASHSEED=seed), capture_output=True, check=True)
    here = load_file(ROOT / "examples" / "hub-and-spoke.yaml").topology
    assert here is not None
    assert done.stdout.decode("utf-8") == json_text(analyse(here))


def _mutate(data: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    """Break or change a design in the ways reviews find: drop a route or a propagation, turn
    DNS settings or private DNS off, make a peering pending, narrow security groups and allow
    lists, take acceptance away, drop a TGW attachment subnet or a hosted-zone association."""
    d = copy.deepcopy(data)
    for _ in range(rnd.randint(1, 4)):
        v = d["vpcs"][rnd.choice(sorted(d["vpcs"]))]
        endpoints = list((v.get("endpoints") or {}).values())
        op = rnd.randrange(11)
        if op == 0 and v.get("route_tables"):
            routes = v["route_tables"][rnd.choice(sorted(v["route_tables"]))].get("routes") or []
            if routes:
                routes.pop(rnd.randrange(len(routes)))
        elif op == 1:
            v[rnd.choice(["dns_support", "dns_hostnames"])] = rnd.random() < 0.5
        elif op == 2 and d.get("peerings"):
            d["peerings"][rnd.choice(sorted(d["peerings"]))]["status"] = "pending"
        elif op == 3 and d.get("transit_gateways"):
            tgw = d["transit_gateways"][rnd.choice(sorted(d["transit_gateways"]))]
            for table in (tgw.get("route_tables") or {}).values():
                props = table.get("propagations") or []
                if props:
                    props.pop(rnd.randrange(len(props)))
        elif op == 4:
            for e in endpoints:
                if "allow_from" in e:
                    e["allow_from"] = ["10.99.0.0/16"]
        elif op == 5:
            for e in endpoints:
                if e.get("type") == "interface" and "service_region" not in e:
                    e["private_dns"] = rnd.random() < 0.5
        elif op == 6:
            for w in (v.get("workloads") or {}).values():
                w["public_ip"] = rnd.random() < 0.5
        elif op == 7 and d.get("transit_gateways"):
            tgw = d["transit_gateways"][rnd.choice(sorted(d["transit_gateways"]))]
            att = tgw["attachments"][rnd.choice(sorted(tgw["attachments"]))]
            if len(att.get("subnets") or ()) > 1:
                att["subnets"].pop()
        elif op == 8 and d.get("endpoint_services"):
            d["endpoint_services"][rnd.choice(sorted(d["endpoint_services"]))][
                "allowed_principals"] = []
        elif op == 9:
            for e in endpoints:
                if "accepted" in e:
                    e["accepted"] = False
        elif op == 10 and d.get("hosted_zones"):
            zone = d["hosted_zones"][rnd.choice(sorted(d["hosted_zones"]))]
            zone["vpcs"] = zone["vpcs"][:1]
    return d


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(sorted(BASES)), rnd=st.randoms(use_true_random=False))
def test_any_changed_design_gives_well_formed_results(base: str, rnd: random.Random) -> None:
    loaded = load_bytes("t.yaml", _dump(_mutate(BASES[base], rnd)))
    if not loaded.ok or loaded.topology is None:
        return  # the change made the file invalid; the loader reports it
    for r in analyse(loaded.topology):
        assert (r.reason is None) == r.reachable == (r.fix is None)
        assert [h.kind.value for h in r.hops[:2]] == ["workload", "subnet"]
        dns = [c for c in r.codes if c in DNS_CODES]
        if r.to_kind != "workload" and r.reason != "NO_ENDPOINT":
            assert len(dns) == 1, (r.id, r.codes)
        assert r.explanation.endswith(".") and "None" not in r.explanation
        assert r.fix is None or r.fix in r.explanation
