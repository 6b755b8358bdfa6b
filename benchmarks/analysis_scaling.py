"""How the analysis grows with flows and with VPCs, separately (issue 16: "10x the flows, at most
12x the time; not growing with unrelated VPCs").

    python benchmarks/analysis_scaling.py                       # the default ladder
    python benchmarks/analysis_scaling.py 4,100,1000 4,100,10000

Each shape (REGIONS,VPCS,FLOWS of `benchmarks/topologies.py`; the same Regions and VPCs with
more flows draw the same VPCs, subnets and endpoints, and more workloads to carry the flows)
is loaded and analysed in its own process. Loading is not counted (another benchmark's
matter); the analysis (`analyse`: paths, prices, findings) and the `paths --format json` text
(`json_chunks`, written to nowhere) are, in CPU seconds (user + system of this process: what
the machine's load does not inflate much) and wall seconds, with the process's peak memory.
Ratios between rows are what to read: 10x the flows should cost about 10x; 10x the VPCs with
the same flows about the same. Then what `paths --format json` itself does (the flows without
the cost report, `analyse_flows`, and their text), in one process and in two
(`paths_parallel`; CPU then counts the children too). Never a test assertion.
"""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

LADDER = ("4,100,1000", "4,100,10000", "20,1000,10000", "20,1000,100000")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(shape_text: str) -> dict[str, float]:
    """Load `shape_text` (not timed), then time the analysis and the JSON text."""
    from topologies import SIZES, Shape, design

    from vpcdocs.analysis.analysis import analyse, analyse_flows
    from vpcdocs.commands.paths import json_chunks
    from vpcdocs.commands.paths_parallel import ParallelPaths
    from vpcdocs.loader import load_bytes

    if shape_text.upper() in SIZES:
        shape = SIZES[shape_text.upper()]
    else:
        regions, vpcs, flows = (int(x) for x in shape_text.split(","))
        shape = Shape(regions, vpcs, flows)
    text = design(shape)
    loaded = load_bytes(f"{shape_text}.yaml", text.encode("utf-8"), max_bytes=1 << 40)
    assert loaded.topology is not None, [str(d) for d in loaded.diagnostics[:3]]
    topology = loaded.topology
    wall, cpu = time.perf_counter(), _cpu()
    made = analyse(topology)
    made.diagnostics  # noqa: B018  # the findings, as `paths` reports them
    analyse_wall, analyse_cpu = time.perf_counter() - wall, _cpu() - cpu
    wall, cpu = time.perf_counter(), _cpu()
    size = sum(len(chunk) for chunk in json_chunks(made.flows))
    json_wall, json_cpu = time.perf_counter() - wall, _cpu() - cpu
    del made
    # what `paths --format json` does: the flows alone, then their text, in one process...
    wall, cpu = time.perf_counter(), _cpu()
    # (a copy of the topology: a new object has a new, empty index of remembered lookups)
    flows = analyse_flows(dataclasses.replace(topology)).flows
    sum(len(chunk) for chunk in json_chunks(flows))
    paths_wall, paths_cpu = time.perf_counter() - wall, _cpu() - cpu
    del flows
    # ... and in two (paths_parallel; the children's CPU counted once they are waited for)
    wall, cpu = time.perf_counter(), _cpu() + _children_cpu()
    parallel = ParallelPaths.start(dataclasses.replace(topology), 2)
    assert parallel is not None
    sum(len(chunk) for chunk in parallel.chunks())
    parallel_wall = time.perf_counter() - wall
    parallel_cpu = _cpu() + _children_cpu() - cpu
    return {
        "vpcs": len(topology.vpcs), "flows": len(topology.flows),
        "analyse_cpu": analyse_cpu, "analyse_wall": analyse_wall,
        "json_cpu": json_cpu, "json_wall": json_wall,
        "paths_cpu": paths_cpu, "paths_wall": paths_wall,
        "parallel_cpu": parallel_cpu, "parallel_wall": parallel_wall,
        "json_mb": size / 1e6,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average": os.getloadavg()[0],
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(measure(argv[1])))
        return 0
    rows = []
    for shape_text in argv or LADDER:
        done = subprocess.run([sys.executable, __file__, "--one", shape_text],
                              capture_output=True, text=True, check=True)
        row = json.loads(done.stdout.splitlines()[-1])
        rows.append((shape_text, row))
        print(f"{shape_text:>16}: analyse {row['analyse_cpu']:7.2f} s CPU "
              f"({row['analyse_wall']:7.2f} s wall), JSON {row['json_cpu']:6.2f} s CPU, "
              f"peak {row['peak_mib']:6.0f} MiB, load {row['load_average']:.1f}", flush=True)
    print()
    print("`analyse`: the whole analysis with the cost report; `paths`: what `paths --format "
          "json` does (the flows alone and their text), in one process and in two.")
    print()
    print("| Shape (Regions, VPCs, flows) | analyse CPU s | analyse wall s | JSON CPU s "
          "| per flow ms CPU | paths CPU s (1 process) | paths wall s (1) "
          "| paths CPU s (2 processes) | paths wall s (2) | peak MiB | load avg |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for shape_text, row in rows:
        per_flow = 1000 * (row["analyse_cpu"] + row["json_cpu"]) / max(1, row["flows"])
        print(f"| {shape_text} | {row['analyse_cpu']:.2f} | {row['analyse_wall']:.2f} "
              f"| {row['json_cpu']:.2f} | {per_flow:.2f} | {row['paths_cpu']:.2f} "
              f"| {row['paths_wall']:.2f} | {row['parallel_cpu']:.2f} "
              f"| {row['parallel_wall']:.2f} | {row['peak_mib']:,.0f} "
              f"| {row['load_average']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
