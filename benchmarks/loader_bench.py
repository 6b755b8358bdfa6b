"""How long the loader takes, and how much memory, on ordinary and hostile inputs.

    python benchmarks/loader_bench.py            # prints a table
    python benchmarks/loader_bench.py --record   # also writes benchmarks/loader_bench.txt
    python benchmarks/loader_bench.py --parser pure   # without libyaml (ruamel.yaml.clib)
    python benchmarks/loader_bench.py --parser both --record   # what loader_bench.txt holds

The contract: a malformed file gives its diagnostics in under 2 s. Reading YAML costs 0.1-0.3 s
per MB with libyaml (3-6 s in pure Python), building the data, the schema and the rules 0.3-0.9 s
more, which is why `MAX_BYTES` and `MAX_NODES` bound the input; the "at the limit" rows are the
worst cases a user can make the loader work through, the "pure re-read" rows those where libyaml
refuses a file and the pure-Python parser reads it again (within `PURE_BYTES` and `PURE_NODES`).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import vpcdocs.loader.yamlsrc as yamlsrc  # noqa: E402
from vpcdocs.loader import load_bytes  # noqa: E402
from vpcdocs.loader.yamlsrc import MAX_BYTES, MAX_NODES, PURE_BYTES, PURE_NODES  # noqa: E402


def alias_bomb(levels: int = 30) -> bytes:
    lines = ["vpcdocs: 1", 'l0: &l0 ["lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return ("\n".join(lines) + "\nvpcs: {}\n").encode()


def near_limit_subnets(*, broken_end: bool = False, overlapping: bool = False,
                       unknown_key: bool = False, limit: int = MAX_BYTES) -> bytes:
    """Valid block-style VPCs (4,096 /28 subnets each) with as many subnets as fit in `limit`."""
    out = ["vpcdocs: 1\nvpcs:\n"]
    size = len(out[0])
    i = 0
    while True:
        vpc, n = divmod(i, 4096)
        if n == 0:
            head = (f"  vpc-{vpc}:\n    region: eu-west-1\n    cidr: 10.{vpc}.0.0/16\n"
                    f"    route_tables:\n      main-{vpc}: {{main: true}}\n    subnets:\n")
            out.append(head)
            size += len(head)
        cidr = f"10.{vpc}.0.0/28" if overlapping else f"10.{vpc}.{n // 16}.{(n % 16) * 16}/28"
        block = f"      subnet-{i}:\n        az: eu-west-1a\n        cidr: {cidr}\n"
        if unknown_key:
            block += "        colour: red\n"
        if size + len(block) + 200 > limit:
            break
        out.append(block)
        size += len(block)
        i += 1
    if broken_end:
        out.append("      broken: {az: eu-west-1a\n")
    return "".join(out).encode()


def flow_arns(limit: int = MAX_BYTES) -> bytes:
    """Endpoint services whose principals are ARNs in `[...]` (libyaml 0.1.7 needs the colons
    stood in for)."""
    lines = ["vpcdocs: 1", "vpcs:", "  p:", "    region: eu-west-1", "    cidr: 10.0.0.0/16",
             "    subnets: {pa: {az: eu-west-1a, cidr: 10.0.0.0/24}}",
             "    route_tables: {pm: {main: true}}", "endpoint_services:"]
    size = sum(len(line) + 1 for line in lines)
    i = 0
    while True:
        line = (f"  svc-{i}: {{vpc: p, load_balancer: {{name: nlb-{i}, type: network, "
                f"subnets: [pa]}}, allowed_principals: [arn:aws:iam::{i:012d}:root, "
                f"arn:aws:iam::{i + 1:012d}:role/app-{i}]}}")
        if size + len(line) + 1 > limit:
            break
        lines.append(line)
        size += len(line) + 1
        i += 1
    return ("\n".join(lines) + "\n").encode()


def many_unknown_references(n: int) -> bytes:
    """`n` subnets, each naming a route table that is misspelt (`n` tables exist)."""
    lines = ["vpcdocs: 1", "vpcs:", "  v:", "    region: eu-west-1",
             "    cidrs: [10.0.0.0/16, 10.1.0.0/16, 10.2.0.0/16]", "    route_tables:"]
    lines += [f"      table-{i}: {{}}" for i in range(n)]
    lines.append("    subnets:")
    lines += [f"      s{i}: {{az: eu-west-1a, cidr: 10.{i // 4096}.{i % 4096 // 16}."
              f"{(i % 16) * 16}/28, route_table: tabel-{i}}}" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


CASES: dict[str, Callable[[], bytes]] = {
    "examples/course.yaml (16 KB, valid)": lambda: (ROOT / "examples/course.yaml").read_bytes(),
    "examples/hub-and-spoke.yaml (25 KB, valid)":
        lambda: (ROOT / "examples/hub-and-spoke.yaml").read_bytes(),
    "starter.yaml (vpcdocs init)": lambda: (ROOT / "vpcdocs/data/starter.yaml").read_bytes(),
    "many-errors case": lambda: (ROOT / "tests/cases/loader/many-errors.yaml").read_bytes(),
    "alias bomb, 30 levels": alias_bomb,
    "10k-deep [ nesting": lambda: b"vpcdocs: 1\nvpcs: " + b"[" * 10_000,
    "10k-deep {a: nesting": lambda: b"vpcdocs: 1\nvpcs: " + b"{a: " * 10_000,
    "10k-deep - nesting": lambda: b"vpcdocs: 1\nvpcs:\n  " + b"- " * 10_000 + b"x\n",
    "5 MB file": lambda: b"vpcdocs: 1\nvpcs: {}\ndescription: |\n" + b"  filler text\n" * 400_000,
    "NUL bytes": lambda: b"vpcdocs: 1\nvpcs: {\x00}\n",
    "random binary, 4 KB": lambda: random.Random(1).randbytes(4096),
    "random binary, at the limit": lambda: random.Random(2).randbytes(MAX_BYTES),
    "empty file": lambda: b"",
    "list document": lambda: b"- vpcdocs: 1\n- vpcs: {}\n",
    "scalar document": lambda: b"just text\n",
    "at the limit: valid, ~16k subnets": near_limit_subnets,
    "at the limit: syntax error at the end": lambda: near_limit_subnets(broken_end=True),
    "at the limit: every subnet overlaps": lambda: near_limit_subnets(overlapping=True),
    "at the limit: every subnet has an unknown key": lambda: near_limit_subnets(unknown_key=True),
    "at the limit: ARNs in [...], valid": flow_arns,
    "at the limit: 10,700 unknown references": lambda: many_unknown_references(10_700),
    "dense: [a, a, ...] up to the node limit": lambda: (
        b"vpcdocs: 1\nvpcs: {}\ntitle: [" + b"a, " * (MAX_NODES - 10) + b"]\n"),
    "dense: lines of 30-deep [[...]]": lambda: (
        b"vpcdocs: 1\nvpcs: {}\n" + (b"a: " + b"[" * 30 + b"]" * 30 + b"\n") * 4800),
    "dense: 80,000 explicit ? keys": lambda: b"vpcdocs: 1\nvpcs: {}\n" + b"? a\n: b\n" * 79_990,
    "unclosed [ at the end of a dense file": lambda: (
        b"vpcdocs: 1\nvpcs: {}\ntitle: [a" + b", a" * (MAX_NODES - 10)),
    "pure re-read: syntax error at the end": lambda: near_limit_subnets(
        broken_end=True, limit=PURE_BYTES),
    "pure re-read: dense, unclosed [ at the end": lambda: (
        b"vpcdocs: 1\nvpcs: {}\ntitle: [a" + b", a" * (PURE_NODES - 10)),
}


def measure(raw: bytes, repeat: int) -> tuple[float, float, float, int, list[str]]:
    """Wall time best and worst, CPU time best, tracemalloc peak, codes."""
    times = []
    cpu = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = load_bytes("bench.yaml", raw)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    tracemalloc.start()
    load_bytes("bench.yaml", raw)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    codes = sorted({d.code for d in result.diagnostics})
    return (min(times), max(times), min(cpu), peak,
            [*codes, f"({len(result.diagnostics)} diagnostics)"])


def table(repeat: int) -> list[str]:
    parser = "libyaml" if yamlsrc.CParser is not None else "pure Python"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = [f"YAML parser: {parser}; MAX_BYTES={MAX_BYTES:,}, MAX_NODES={MAX_NODES:,}; load "
            f"average at the start {load:.1f} on {os.cpu_count()} cores",
            f"{'case':46} {'bytes':>9} {'best s':>7} {'worst s':>8} {'cpu s':>6} {'peak MB':>8}"
            "  result"]
    print("\n".join(rows), flush=True)
    for name, make in CASES.items():
        raw = make()
        best, worst, cpu, peak, codes = measure(raw, repeat)
        rows.append(f"{name:46} {len(raw):9,} {best:7.3f} {worst:8.3f} {cpu:6.3f} "
                    f"{peak / 1e6:8.1f}  {' '.join(codes)}")
        print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--record", action="store_true",
                        help="write the tables to benchmarks/loader_bench.txt")
    parser.add_argument("--parser", choices=["libyaml", "pure", "both"], default="libyaml",
                        help="which YAML parser reads (default: libyaml, as installed)")
    args = parser.parse_args()
    load_bytes("warm.yaml", b"vpcdocs: 1\nvpcs: {}\n")  # imports, catalogue, price keys
    head = (f"vpcdocs loader benchmark; Python {platform.python_version()}, "
            f"{platform.machine()}; times are best/worst of {args.repeat} (wall clock; CPU is "
            "this process only, which other load on the machine does not inflate); memory is "
            "the tracemalloc peak")
    print(head)
    rows = [head]
    c_parser = yamlsrc.CParser
    for which in (["libyaml", "pure"] if args.parser == "both" else [args.parser]):
        if which == "libyaml" and c_parser is None:
            print("libyaml (ruamel.yaml.clib) is not installed")
            continue
        yamlsrc.CParser = c_parser if which == "libyaml" else None
        rows += ["", *table(args.repeat)]
    yamlsrc.CParser = c_parser
    if args.record:
        (ROOT / "benchmarks" / "loader_bench.txt").write_text("\n".join(rows) + "\n",
                                                             encoding="utf-8")


if __name__ == "__main__":
    main()
