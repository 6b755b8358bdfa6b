"""How quick are the commands a pre-commit hook runs on every commit?

Measures, on examples/hub-and-spoke.yaml (docs generated once beforehand, so the checks are
no-ops), the wall time of each command (median of --runs) and its start-up: the time a fresh
interpreter takes to import the modules the command imports (found with `python -X importtime`),
which is what lazy imports can save. Also prints the slowest imports of `generate --check`,
to find what to defer.

    python benchmarks/hooks_bench.py [--runs 5] [--top 12]

Recorded (2026-11-26, the project's 2-core machine, dot 2.43, median of 7; other jobs were
running, load average about 4.5, so figures are high and noisy):

    | command                              | start-up (imports) |    total |
    |--------------------------------------|-------------------:|---------:|
    | python -c pass (interpreter)         |               0 ms |    21 ms |
    | vpcdocs --version                    |              40 ms |    76 ms |
    | vpcdocs validate                     |             322 ms |   501 ms |
    | vpcdocs generate --check (no-op)     |             794 ms |  2520 ms |
    | hook validate                        |             473 ms |   517 ms |
    | hook docs (no-op)                    |             587 ms |  2067 ms |

Where a no-op `generate --check` on hub-and-spoke spends its time (in process, quieter machine):
imports 0.56 s (pydantic building the loader's schema models: about 0.15 s), load 0.13 s, analyse
and price 0.15 s, scenes and DOT 0.13 s, `dot` for 28 SVGs 0.62 s, Markdown 0.52 s (of which
Jinja2 compiling the 11 templates: 0.48 s), plan 0.02 s. Every command module already imports
its heavy modules inside the command function; what is left to save is in rendering: a Jinja2
bytecode cache and a cache of SVGs keyed by the DOT text would take a no-op check to about 1 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hub-and-spoke.yaml"
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


def _vpcdocs() -> list[str]:
    script = Path(sys.executable).parent / "vpcdocs"
    return [str(script)] if script.exists() else [sys.executable, "-m", "vpcdocs"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def wall(args: list[str], cwd: Path, runs: int, ok: tuple[int, ...] = (0,)) -> float:
    """Median wall time in seconds; fails when the command's exit code is not in `ok`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in ok:
            raise SystemExit(f"{' '.join(args)} exited {done.returncode}:\n"
                             f"{done.stderr.decode(errors='replace')}")
    return statistics.median(times)


def imports(module_args: list[str], cwd: Path, runs: int) -> tuple[float, list[tuple[float, str]]]:
    """(median seconds to import what the command imports, [(cumulative s, module)]).

    `-X importtime` lists the modules and their cost but slows every import down, so the
    start-up figure is measured apart: a fresh interpreter imports the same top-level modules,
    in the same order, and times itself."""
    done = subprocess.run([sys.executable, "-X", "importtime", *module_args], cwd=cwd,
                          env=_env(), capture_output=True, check=False, text=True)
    rows: list[tuple[float, str]] = []
    top: list[str] = []
    for line in done.stderr.splitlines():
        m = _LINE.match(line)
        if m is None:
            continue
        depth = max(len(m.group(3)) - 1, 0) // 2
        rows.append((int(m.group(2)) / 1e6, ("  " * depth) + m.group(4)))
        if depth == 0:
            top.append(m.group(4))
    driver = (
        "import importlib, sys, time\n"
        "t = time.perf_counter()\n"
        f"for name in {top!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        pass\n"
        "print(time.perf_counter() - t)\n"
    )
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-P", "-c", driver], cwd=cwd, env=_env(),
                             capture_output=True, check=True, text=True)
        times.append(float(out.stdout.strip()))
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copyfile(EXAMPLE, work / "network.yaml")
        (work / ".git").mkdir()  # the repository root for .vpcdocs.yml lookups
        (work / ".vpcdocs.yml").write_text("topology: network.yaml\noutput: docs/network\n")
        cli = _vpcdocs()
        first = subprocess.run([*cli, "generate", "network.yaml", "--out", "docs/network"],
                               cwd=work, env=_env(), capture_output=True, check=False)
        if first.returncode != 0:
            raise SystemExit(first.stderr.decode(errors="replace"))
        files = sum(1 for p in (work / "docs/network").rglob("*") if p.is_file())
        hook = [sys.executable, "-P", "-m", "vpcdocs.review.hook"]
        cases = [
            ("python -c pass (interpreter)", [sys.executable, "-c", "pass"], ["-c", "pass"]),
            ("vpcdocs --version", [*cli, "--version"], ["-m", "vpcdocs", "--version"]),
            ("vpcdocs validate", [*cli, "validate", "network.yaml"],
             ["-m", "vpcdocs", "validate", "network.yaml"]),
            ("vpcdocs generate --check (no-op)",
             [*cli, "generate", "network.yaml", "--out", "docs/network", "--check"],
             ["-m", "vpcdocs", "generate", "network.yaml", "--out", "docs/network", "--check"]),
            ("hook validate", [*hook, "validate"], ["-P", "-m", "vpcdocs.review.hook",
                                                   "validate"]),
            ("hook docs (no-op)", [*hook, "docs"], ["-P", "-m", "vpcdocs.review.hook", "docs"]),
        ]
        print(f"examples/hub-and-spoke.yaml, {files} generated files, median of {args.runs} runs")
        print()
        print(f"| {'command':<36} | {'start-up (imports)':>18} | {'total':>8} |")
        print(f"|{'-' * 38}|{'-' * 19}:|{'-' * 9}:|")
        slowest: list[tuple[float, str]] = []
        for name, command, module_args in cases:
            total = wall(command, work, args.runs)
            startup, rows = imports(module_args, work, args.runs)
            if "generate" in name:
                slowest = rows
            print(f"| {name:<36} | {startup * 1000:>15.0f} ms | {total * 1000:>5.0f} ms |")
        print()
        print(f"Slowest imports of `generate --check` (cumulative, top {args.top}):")
        top = sorted((r for r in slowest if not r[1].startswith("  ")), reverse=True)
        for seconds, module in top[: args.top]:
            print(f"  {seconds * 1000:7.1f} ms  {module}")


if __name__ == "__main__":
    main()
