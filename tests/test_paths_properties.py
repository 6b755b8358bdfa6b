"""Properties of the path analysis that must hold for any design:

* adding a VPC that nothing else refers to never changes another flow's result;
* the order of keys in the file never changes the output;
* the output is byte-identical across runs, and across processes with different hash seeds.
"""

from __future__ import annotations

import copy
import io
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from vpcdocs.analyse.paths import analyse
from vpcdocs.commands.paths import json_text
from vpcdocs.loader import load_bytes
from vpcdocs.loader.catalogue import services

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCENARIOS = Path(__file__).resolve().parent / "scenarios" / "paths"
SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _read(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return dict(data["topology"] if "topology" in data and "vpcdocs" not in data else data)


BASES = {
    "course": _read(EXAMPLES / "course.yaml"),
    "hub-and-spoke": _read(EXAMPLES / "hub-and-spoke.yaml"),
    "peering": _read(SCENARIOS / "peering.yaml"),
    "default-flows": _read(SCENARIOS / "default-flows.yaml"),
}


def _dump(data: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    YAML(typ="safe").dump(data, buffer)
    return buffer.getvalue().encode("utf-8")


def _results(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    loaded = load_bytes("topology.yaml", _dump(data))
    assert loaded.ok and loaded.topology is not None, [str(d) for d in loaded.errors]
    return {r.id: r.to_json() for r in analyse(loaded.topology)}


INTERFACE_SERVICES = sorted(n for n, s in services().items() if s.interface)


@st.composite
def unrelated_vpc(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A VPC in 172.16.0.0/12 (no example uses it) with its own subnets, tables, gateways,
    endpoints and workloads; every name starts with `zz` so it is new."""
    tag = "zz" + draw(st.text("abcdefgh", min_size=1, max_size=4))
    region = draw(st.sampled_from(["eu-west-1", "eu-west-2", "us-east-1"]))
    second = draw(st.integers(16, 31))
    igw = draw(st.booleans())
    n_subnets = draw(st.integers(1, 3))
    subnets = {f"{tag}-s{i}": {"az": f"{region}{'abc'[i]}", "cidr": f"172.{second}.{i}.0/24",
                               "route_table": f"{tag}-rt"} for i in range(n_subnets)}
    routes: list[dict[str, str]] = []
    vpc: dict[str, Any] = {"region": region, "cidr": f"172.{second}.0.0/16", "subnets": subnets}
    if igw:
        vpc["internet_gateway"] = f"{tag}-igw"
        routes.append({"to": "0.0.0.0/0", "via": f"{tag}-igw"})
    vpc["route_tables"] = {f"{tag}-rt": {"routes": routes}}
    first = f"{tag}-s0"
    endpoints: dict[str, Any] = {}
    if draw(st.booleans()):
        endpoints[f"{tag}-gw"] = {"type": "gateway", "service": draw(st.sampled_from(
            ["s3", "dynamodb"])), "route_tables": [f"{tag}-rt"]}
    for i, svc in enumerate(draw(st.lists(st.sampled_from(INTERFACE_SERVICES), max_size=3,
                                          unique=True))):
        if svc in ("s3", "dynamodb"):
            continue
        endpoints[f"{tag}-if{i}"] = {"type": "interface", "service": svc, "subnets": [first],
                                     "private_dns": draw(st.booleans())}
    if endpoints:
        vpc["endpoints"] = endpoints
    vpc["workloads"] = {f"{tag}-w{i}": {"subnet": first, "public_ip": draw(st.booleans())}
                        for i in range(draw(st.integers(0, 2)))}
    return f"{tag}-vpc", vpc


@SETTINGS
@given(base=st.sampled_from(sorted(BASES)), extra=unrelated_vpc())
def test_an_unrelated_vpc_changes_no_other_flow(base: str,
                                                extra: tuple[str, dict[str, Any]]) -> None:
    data = copy.deepcopy(BASES[base])
    before = _results(data)
    name, vpc = extra
    data["vpcs"][name] = vpc
    after = _results(data)
    common = set(before) & set(after)
    assert common == set(before) if data.get("flows") else common
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
    data = BASES[base]
    reordered = _shuffled(data, rnd)
    first = load_bytes("t.yaml", _dump(data)).topology
    second = load_bytes("t.yaml", _dump(reordered)).topology
    assert first is not None and second is not None
    assert json_text(analyse(second)) == json_text(analyse(first))


def test_output_is_byte_identical_across_runs() -> None:
    topology = load_bytes("t.yaml", _dump(BASES["hub-and-spoke"])).topology
    assert topology is not None
    assert json_text(analyse(topology)) == json_text(analyse(topology))


def test_output_is_byte_identical_across_processes() -> None:
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-m", "vpcdocs", "paths", "examples/hub-and-spoke.yaml",
             "--format", "json"], cwd=ROOT, env=env, capture_output=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1
