"""How long the loader takes, and how much memory, on ordinary and hostile inputs.

    python benchmarks/loader_bench.py            # prints a table
    python benchmarks/loader_bench.py --record   # also writes benchmarks/loader_bench.txt

The contract: a malformed file gives its diagnostics in under 2 s. Reading YAML in pure Python is
the dominant cost (about 3-6 s per MB on a small VM), which is why `MAX_BYTES` bounds the input;
the "at the limit" rows are the worst cases a user can make the loader work through.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vpcdocs.loader import load_bytes  # noqa: E402
from vpcdocs.loader.yamlsrc import MAX_BYTES, MAX_NODES  # noqa: E402


def alias_bomb(levels: int = 30) -> bytes:
    lines = ["vpcdocs: 1", 'l0: &l0 ["lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return ("\n".join(lines) + "\nvpcs: {}\n").encode()


def near_limit_subnets(*, broken_end: bool = False, overlapping: bool = False) -> bytes:
    """A valid block-style VPC with as many subnets as fit under the limit."""
    head = ("vpcdocs: 1\nvpcs:\n  big-vpc:\n    region: eu-west-1\n    cidr: 10.0.0.0/16\n"
            "    route_tables:\n      big-main: {main: true}\n    subnets:\n")
    out = [head]
    size = len(head)
    i = 0
    while True:
        cidr = "10.0.0.0/28" if overlapping else f"10.0.{i // 16}.{(i % 16) * 16}/28"
        block = f"      subnet-{i}:\n        az: eu-west-1a\n        cidr: {cidr}\n"
        if size + len(block) + 40 > MAX_BYTES or i >= 4095:
            break
        out.append(block)
        size += len(block)
        i += 1
    if broken_end:
        out.append("      broken: {az: eu-west-1a\n")
    return "".join(out).encode()


def many_unknown_references(n: int = 2000) -> bytes:
    lines = ["vpcdocs: 1", "vpcs:", "  v:", "    region: eu-west-1", "    cidr: 10.0.0.0/16",
             "    route_tables:"]
    lines += [f"      table-{i}: {{}}" for i in range(n)]
    lines.append("    subnets:")
    lines += [f"      s{i}: {{az: eu-west-1a, cidr: 10.0.{i % 256}.{(i // 256) * 16}/28, "
              f"route_table: tabel-{i}}}" for i in range(n)]
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
    "at the limit: valid, ~2k subnets": near_limit_subnets,
    "at the limit: syntax error at the end": lambda: near_limit_subnets(broken_end=True),
    "at the limit: every subnet overlaps": lambda: near_limit_subnets(overlapping=True),
    "1000 unknown references, 2000 names": lambda: many_unknown_references(1000),
    "dense: [a, a, ...] up to the node limit": lambda: (
        b"vpcdocs: 1\nvpcs: {}\ntitle: [" + b"a, " * (MAX_NODES - 10) + b"]\n"),
    "dense: lines of 30-deep [[...]]": lambda: (
        b"vpcdocs: 1\nvpcs: {}\n" + (b"a: " + b"[" * 30 + b"]" * 30 + b"\n") * 600),
    "dense: 10,000 explicit ? keys": lambda: b"vpcdocs: 1\nvpcs: {}\n" + b"? a\n: b\n" * 9990,
    "unclosed [ at the end of a dense file": lambda: (
        b"vpcdocs: 1\nvpcs: {}\ntitle: [a" + b", a" * (MAX_NODES - 10)),
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--record", action="store_true",
                        help="write the table to benchmarks/loader_bench.txt")
    args = parser.parse_args()
    load_bytes("warm.yaml", b"vpcdocs: 1\nvpcs: {}\n")  # imports, catalogue, price keys
    rows = [f"vpcdocs loader benchmark; Python {platform.python_version()}, "
            f"{platform.machine()}, MAX_BYTES={MAX_BYTES:,}, MAX_NODES={MAX_NODES:,}; times "
            "are best/worst of "
            f"{args.repeat} (wall clock; CPU is this process only, which other load on the "
            "machine does not inflate); memory is the tracemalloc peak",
            f"{'case':44} {'bytes':>9} {'best s':>7} {'worst s':>8} {'cpu s':>6} {'peak MB':>8}"
            "  result"]
    print("\n".join(rows), flush=True)
    for name, make in CASES.items():
        raw = make()
        best, worst, cpu, peak, codes = measure(raw, args.repeat)
        rows.append(f"{name:44} {len(raw):9,} {best:7.3f} {worst:8.3f} {cpu:6.3f} "
                    f"{peak / 1e6:8.1f}  {' '.join(codes)}")
        print(rows[-1], flush=True)
    if args.record:
        (ROOT / "benchmarks" / "loader_bench.txt").write_text("\n".join(rows) + "\n",
                                                             encoding="utf-8")


if __name__ == "__main__":
    main()
