"""How quick are the commands a pre-commit hook runs on every commit?

Measures, on examples/hub-and-spoke.yaml (docs generated once beforehand, so the checks are
no-ops), the wall time of each command (median of --runs) and its start-up: the time a fresh
interpreter takes to import the modules the command imports (found with `python -X importtime`),
which is what lazy imports can save. Also prints the slowest imports of `generate --check`,
to find what to defer. The rendering commands are timed with the cache (vpcdocs.render.cache)
off (VPCDOCS_NO_CACHE=1), cold (emptied before each run) and warm, always in a temporary cache
folder, never the user's. `--breakdown` times the rendering stages in one process instead.

    python benchmarks/hooks_bench.py [--runs 5] [--top 12] [--breakdown]

Recorded (2026-11-26, the project's 2-core machine, dot 2.43, median of 5; other jobs were
running, load average 4 to 5, so figures are high and noisy; compare within a row):

    | command                              | start-up (imports) | cache off |     cold |     warm |
    |--------------------------------------|-------------------:|----------:|---------:|---------:|
    | python -c pass (interpreter)         |               0 ms |         — |        — |    20 ms |
    | vpcdocs --version                    |              28 ms |         — |        — |    44 ms |
    | vpcdocs validate                     |             382 ms |         — |        — |   460 ms |
    | vpcdocs generate --check (no-op)     |             647 ms |   2080 ms |  2136 ms |  1215 ms |
    | hook validate                        |             382 ms |         — |        — |   472 ms |
    | hook docs (no-op)                    |             955 ms |   2215 ms |  2716 ms |  1600 ms |

    Before the cache, on a quieter machine (load about 2.5), the no-op check took 1521 ms; the
    same run with --runs 7 at load 5 gave off 3117 / cold 2956 / warm 1703 ms. Timed with
    /usr/bin/time, `hook docs` used 1.8 to 2.3 s of CPU with the cache off or cold, 0.93 s warm.

    --breakdown (wall / CPU time including the `dot` processes, median of 5):

    | stage                      |       cache off |            cold |            warm |
    |----------------------------|----------------:|----------------:|----------------:|
    | DOT text of the 28 scenes  |   96 /   70 ms |  100 /   70 ms |  102 /   70 ms |
    | SVGs (DOT, dot, finish)    |  727 /  760 ms |  689 /  750 ms |  117 /   80 ms |
    | Markdown (templates)       |  341 /  230 ms |  483 /  250 ms |  127 /   80 ms |

So a warm cache saves about 0.6 s of `dot` and 0.2 s of template compiling (0.8 s of CPU) per
no-op check; a cold cache costs about 20 ms of CPU to fill (3.5 MB for this design). What is left
of a warm no-op check: imports (0.65 s here, pricing data and pydantic models the largest), load,
analyse and price (about 0.3 s), DOT text (0.1 s, not cached: it is the SVG cache's key) and
rendering the Markdown (0.1 s).

Before the cache, a no-op `generate --check` on hub-and-spoke spent (in process, quieter
machine): imports 0.56 s (pydantic building the loader's schema models: about 0.15 s), load
0.13 s, analyse and price 0.15 s, scenes and DOT 0.13 s, `dot` for 28 SVGs 0.62 s, Markdown
0.52 s (of which Jinja2 compiling the 11 templates: 0.48 s), plan 0.02 s.
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


#: The cache folder of the measured commands (set in main): a temporary one, never the user's.
CACHE: dict[str, str] = {}


def _env(mode: str = "warm") -> dict[str, str]:
    """The environment for a cache `mode`: "off" (VPCDOCS_NO_CACHE=1), "cold" or "warm"."""
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.pop("VPCDOCS_NO_CACHE", None)
    env["VPCDOCS_CACHE_DIR"] = CACHE["dir"]
    if mode == "off":
        env["VPCDOCS_NO_CACHE"] = "1"
    return env


def wall(args: list[str], cwd: Path, runs: int, mode: str = "warm",
         ok: tuple[int, ...] = (0,)) -> float:
    """Median wall time in seconds; fails when the command's exit code is not in `ok`. With
    `mode` "cold" the cache folder is emptied before each run, "warm" fills it first."""
    times = []
    if mode == "warm":
        subprocess.run(args, cwd=cwd, env=_env(mode), capture_output=True, check=False)
    for _ in range(runs):
        if mode == "cold":
            shutil.rmtree(CACHE["dir"], ignore_errors=True)
        start = time.perf_counter()
        done = subprocess.run(args, cwd=cwd, env=_env(mode), capture_output=True, check=False)
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


_BREAKDOWN = """
import os, shutil, statistics, sys, time
from vpcdocs.loader import load_file
from vpcdocs.render.dot import scene_to_dot
from vpcdocs.analysis.analysis import analyse as analyse_design
from vpcdocs.render.markdown.env import make_environment, render_page
from vpcdocs.site import diagrams, pages

runs, cache_dir = int(sys.argv[1]), os.environ["VPCDOCS_CACHE_DIR"]
design = analyse_design(load_file(sys.argv[2]).topology)
scenes = diagrams.page_scenes(design)


def cpu():
    t = os.times()  # dot runs as child processes: count their CPU time too
    return t.user + t.system + t.children_user + t.children_system


def markdown():
    env = make_environment()  # a new environment each time, as in a new process
    for page in pages._pages(design, {}, False):
        render_page(env, page.template, page.context)


stages = [
    ("DOT text of the 28 scenes", lambda: [scene_to_dot(s) for s in scenes.values()]),
    ("SVGs (DOT, dot, finish)", lambda: diagrams.render_svgs(scenes)),
    ("Markdown (templates)", markdown),
]
for name, stage in stages:
    cells = []
    for mode in ("off", "cold", "warm"):
        os.environ.pop("VPCDOCS_NO_CACHE", None)
        if mode == "off":
            os.environ["VPCDOCS_NO_CACHE"] = "1"
        if mode == "warm":
            stage()
        walls, cpus = [], []
        for _ in range(runs):
            if mode == "cold":
                shutil.rmtree(cache_dir, ignore_errors=True)
            w, c = time.perf_counter(), cpu()
            stage()
            walls.append(time.perf_counter() - w)
            cpus.append(cpu() - c)
        wall, used = statistics.median(walls) * 1000, statistics.median(cpus) * 1000
        cells.append(f"{wall:4.0f} / {used:4.0f} ms")
    print(f"| {name:<26} | " + " | ".join(cells) + " |")
"""


def breakdown(runs: int) -> None:
    """Rendering stages in one process: wall / CPU time, cache off, cold and warm."""
    print("In process (wall / CPU incl. dot, median):")
    print()
    print(f"| {'stage':<26} | {'cache off':>15} | {'cold':>15} | {'warm':>15} |")
    print(f"|{'-' * 28}|{'-' * 16}:|{'-' * 16}:|{'-' * 16}:|")
    sys.stdout.flush()
    with tempfile.TemporaryDirectory() as tmp:
        CACHE["dir"] = str(Path(tmp) / "cache")
        env = _env()
        subprocess.run([sys.executable, "-c", _BREAKDOWN, str(runs), str(EXAMPLE)], cwd=tmp,
                       env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--breakdown", action="store_true",
                        help="only time the rendering stages in process (cache off/cold/warm)")
    args = parser.parse_args()
    if args.breakdown:
        breakdown(args.runs)
        return

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        CACHE["dir"] = str(Path(tmp) / "cache")
        shutil.copyfile(EXAMPLE, work / "network.yaml")
        (work / ".git").mkdir()  # the repository root for .vpcdocs.yml lookups
        (work / ".vpcdocs.yml").write_text("topology: network.yaml\noutput: docs/network\n")
        cli = _vpcdocs()
        first = subprocess.run([*cli, "generate", "network.yaml", "--out", "docs/network"],
                               cwd=work, env=_env("off"), capture_output=True, check=False)
        if first.returncode != 0:
            raise SystemExit(first.stderr.decode(errors="replace"))
        files = sum(1 for p in (work / "docs/network").rglob("*") if p.is_file())
        hook = [sys.executable, "-P", "-m", "vpcdocs.commands.hook"]
        cases = [
            ("python -c pass (interpreter)", [sys.executable, "-c", "pass"], ["-c", "pass"]),
            ("vpcdocs --version", [*cli, "--version"], ["-m", "vpcdocs", "--version"]),
            ("vpcdocs validate", [*cli, "validate", "network.yaml"],
             ["-m", "vpcdocs", "validate", "network.yaml"]),
            ("vpcdocs generate --check (no-op)",
             [*cli, "generate", "network.yaml", "--out", "docs/network", "--check"],
             ["-m", "vpcdocs", "generate", "network.yaml", "--out", "docs/network", "--check"]),
            ("hook validate", [*hook, "validate"], ["-P", "-m", "vpcdocs.commands.hook",
                                                   "validate"]),
            ("hook docs (no-op)", [*hook, "docs"], ["-P", "-m", "vpcdocs.commands.hook", "docs"]),
        ]
        print(f"examples/hub-and-spoke.yaml, {files} generated files, median of {args.runs} runs")
        print("cache: off = VPCDOCS_NO_CACHE=1, cold = emptied before each run, warm = filled")
        print()
        print(f"| {'command':<36} | {'start-up (imports)':>18} | "
              f"{'cache off':>9} | {'cold':>8} | {'warm':>8} |")
        print(f"|{'-' * 38}|{'-' * 19}:|{'-' * 10}:|{'-' * 9}:|{'-' * 9}:|")
        slowest: list[tuple[float, str]] = []
        for name, command, module_args in cases:
            renders = "no-op" in name  # only these render templates and diagrams
            modes = ("off", "cold", "warm") if renders else ("warm",)
            totals = {mode: wall(command, work, args.runs, mode) for mode in modes}
            startup, rows = imports(module_args, work, args.runs)
            if "generate" in name:
                slowest = rows
            cells = [f"{totals[m] * 1000:>5.0f} ms" if m in totals else "" for m in
                     ("off", "cold", "warm")]
            if not renders:
                cells = ["—", "—", cells[2]]
            print(f"| {name:<36} | {startup * 1000:>15.0f} ms | {cells[0]:>9} | {cells[1]:>8} "
                  f"| {cells[2]:>8} |")
        print()
        print(f"Slowest imports of `generate --check` (cumulative, top {args.top}):")
        top = sorted((r for r in slowest if not r[1].startswith("  ")), reverse=True)
        for seconds, module in top[: args.top]:
            print(f"  {seconds * 1000:7.1f} ms  {module}")


if __name__ == "__main__":
    main()
