"""Time every stage of vpcdocs on a generated design, the whole commands, and the floor.

    python benchmarks/run.py --size S                 # the CI smoke run (about a minute)
    python benchmarks/run.py --size M --record        # also writes benchmarks/RESULTS.md
    python benchmarks/run.py --size L --only load,paths   # no site build (hours on 2 cores)

One run, in order:
* stages, in this process, each timed once: read (bytes and YAML), schema, rules (and building
  the model), analyse (every path), price, DOT (scenes and DOT text), Graphviz (`dot` and
  finishing the SVGs, as many `dot` processes as `render_svgs` runs), pages (templates), write
  (the docs folder, through the one writer), MkDocs (`build_site` on those pages);
* whole commands, each its own process, with its peak memory (`validate`, `paths`, a cold
  `generate`, a no-op `generate --check`, a `generate` after editing one flow, `build`, a
  `build` after editing one flow);
* the floor: Graphviz alone on the emitted DOT files (the same number of processes at once)
  and `mkdocs build` alone on the emitted pages, with the config vpcdocs generates.
The design comes from `benchmarks/topologies.py`; the render cache is off for cold runs (its
own folder, emptied) and kept for the runs after an edit, as a user's machine would have it.
The numbers are wall-clock seconds on the machine named in the output: on a machine shared with
other work they vary; compare ratios measured in the same run. Never used as a test assertion:
`tests/test_benchmarks.py` runs `--size S` only to see that the benchmark still works.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from topologies import design, shape_of  # noqa: E402

STAGES = ("load", "paths", "generate", "build")


@dataclass
class Results:
    size: str
    design_bytes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    stages: list[tuple[str, float]] = field(default_factory=list)
    stage_peak_mib: float = 0.0
    commands: list[tuple[str, float, float, int]] = field(default_factory=list)
    floor: list[tuple[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes (`dot`, `mkdocs`) so far: on a
    shared machine a fairer figure than wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(results: Results, name: str, function: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    value = function()
    seconds = time.perf_counter() - started
    results.stages.append((name, seconds))
    print(f"  stage {name:<10} {seconds:9.2f} s", flush=True)
    return value


# A child inherits the peak memory of the process that forked it (Linux keeps the larger of the
# two across exec), so commands are started through this small launcher: it forks the command
# from its own small memory and reports the command's peak (KiB) on the file descriptor given.
_LAUNCHER = (
    "import os, sys\n"
    "fd = int(sys.argv[1]); pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execvp(sys.argv[2], sys.argv[2:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "os.write(fd, str(usage.ru_maxrss).encode())\n"
    "sys.exit(os.waitstatus_to_exitcode(status) & 255)\n"
)


def run_command(results: Results, name: str, argv: Sequence[str], env: dict[str, str],
                cwd: Path, ok: Sequence[int] = (0,)) -> float:
    """Run `argv` as its own process; record wall time and peak memory (its maxrss)."""
    read_end, write_end = os.pipe()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, str(write_end), *argv],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd,
                          pass_fds=(write_end,))
    seconds = time.perf_counter() - started
    os.close(write_end)
    with os.fdopen(read_end, "rb") as handle:
        peak = int(handle.read() or b"0") / 1024
    if done.returncode not in ok:
        raise SystemExit(f"{name}: exit {done.returncode}\n"
                         f"{done.stderr.decode(errors='replace')}")
    results.commands.append((name, seconds, peak, done.returncode))
    print(f"  command {name:<34} {seconds:9.2f} s {peak:8.0f} MiB", flush=True)
    return seconds


def in_process(results: Results, path: Path, work: Path, only: set[str]) -> dict[str, Any]:
    """The stages, timed one by one in this process (the order `vpcdocs build` runs them)."""
    from vpcdocs.inputs import read_limited
    from vpcdocs.loader import partial, semantic
    from vpcdocs.loader.build import Builder
    from vpcdocs.loader.suggest import Suggester
    from vpcdocs.loader.yamlsrc import read_yaml

    raw = _timed(results, "read", lambda: read_limited(path, 1 << 40))
    source = _timed(results, "yaml", lambda: read_yaml(path.name, raw, max_bytes=1 << 40))
    assert source.data is not None, source.diagnostics[:3]
    suggester = Suggester()
    checked = _timed(results, "schema",
                     lambda: partial.validate(source.data, source.positions, suggester))
    assert checked.topology is not None and not checked.diagnostics, checked.diagnostics[:3]

    def rules() -> Any:
        _, found = semantic.check(checked.topology, source.positions, checked.damage, suggester)
        assert not any(d.is_error for d in found), found[:3]
        return Builder(checked.topology, source.positions).build()

    topology = _timed(results, "rules", rules)
    results.counts = {
        "regions": len(topology.regions()), "vpcs": len(topology.vpcs),
        "subnets": sum(len(v.subnets) for v in topology.vpcs.values()),
        "endpoints": len(topology.endpoints), "flows": len(topology.flows),
    }
    out: dict[str, Any] = {"topology": topology}
    if not only & {"paths", "generate", "build"}:
        return out
    from vpcdocs.analysis.analysis import analyse

    design_ = _timed(results, "analyse", lambda: (lambda a: (a.flows, a)[1])(analyse(topology)))
    _timed(results, "price", lambda: design_.report)
    out["analysis"] = design_
    if not only & {"generate", "build"}:
        return out
    from vpcdocs.render.dot import scene_to_dot
    from vpcdocs.render.markdown.env import make_environment, render_page
    from vpcdocs.render.markdown.groups import large_site
    from vpcdocs.site import pages as site_pages
    from vpcdocs.site.diagrams import page_scenes, render_svgs

    def dot() -> tuple[dict[str, Any], dict[str, str]]:
        scenes = page_scenes(design_)
        return scenes, {p: scene_to_dot(s) for p, s in scenes.items()}

    scenes, sources = _timed(results, "DOT", dot)
    started = time.perf_counter()
    svgs = render_svgs(scenes)  # the cache is off in this process (VPCDOCS_NO_CACHE)
    # render_svgs builds the DOT text again before drawing: that share is the DOT stage's
    graphviz = time.perf_counter() - started - dict(results.stages)["DOT"]
    results.stages.append(("Graphviz", max(graphviz, 0.0)))
    print(f"  stage {'Graphviz':<10} {graphviz:9.2f} s ({len(svgs)} diagrams)", flush=True)

    def pages() -> dict[str, bytes]:
        env = make_environment(None)
        rendered = {p.path: render_page(env, p.template, p.context)
                    for p in site_pages._pages(design_, svgs, False)}
        rendered.update(svgs)
        return dict(sorted(rendered.items()))

    files = _timed(results, "pages", pages)
    from vpcdocs.write import write_tree

    _timed(results, "write", lambda: write_tree(work / "stage-docs", files))
    out.update(files=files, sources=sources)
    if "build" in only:
        from vpcdocs.commands.generate import site_title
        from vpcdocs.site.build import build_site

        _timed(results, "MkDocs", lambda: build_site(
            files, work / "stage-site", site_name=site_title(topology),
            nav=site_pages.site_nav(topology), large=large_site(topology)))
    return out


def floor(results: Results, made: dict[str, Any], work: Path, only: set[str]) -> None:
    """What Graphviz and MkDocs take alone on what vpcdocs emitted."""
    from vpcdocs.render.dot import icon_dirs, icon_root
    from vpcdocs.render.graphviz_run import find_dot
    from vpcdocs.render.markdown.groups import large_site
    from vpcdocs.site.mkdocs_config import TABLES_JS, config_text, generated_config, tables_js
    from vpcdocs.site.pages import site_nav

    program = find_dot()
    assert program is not None, "Graphviz is not installed"
    folder = work / "floor-dot"
    folder.mkdir()
    sources: dict[str, str] = made["sources"]
    files = []
    for n, text in enumerate(sources.values()):
        files.append(folder / f"{n:06}.dot")
        files[-1].write_text(text, encoding="utf-8")
    from vpcdocs.site.forked import cores

    workers = cores()  # as many as render_svgs runs
    root = icon_root()
    # the icon folders vpcdocs' own rendering passes: the `diagrams` icons, then vpcdocs' own
    imagepath = os.pathsep.join(str(d) for d in icon_dirs())

    def draw(dot_file: Path) -> None:
        args = [program, "-Tsvg", f"-Gimagepath={imagepath}", "-o", str(dot_file) + ".svg"]
        done = subprocess.run([*args, str(dot_file)], capture_output=True, cwd=root)
        if done.returncode == -signal.SIGABRT:  # dot 2.43 in newrank mode: as render() does
            text = dot_file.read_text(encoding="utf-8")
            plain = re.sub(r"\bnewrank=true\s?", "", text, count=1)
            done = subprocess.run(args, input=plain.encode("utf-8"), capture_output=True,
                                  cwd=root)
        done.check_returncode()

    started, cpu = time.perf_counter(), _children_cpu()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(draw, files))
    seconds = time.perf_counter() - started
    results.floor.append((f"Graphviz alone ({len(files)} DOT files, {workers} at once)", seconds))
    print(f"  floor Graphviz {seconds:9.2f} s ({_children_cpu() - cpu:.2f} s CPU)", flush=True)
    if "build" not in only:
        return
    topology = made["topology"]
    site = work / "floor-mkdocs"
    docs = site / "docs"
    pages: dict[str, bytes] = dict(made["files"])
    large = large_site(topology)
    if large:
        pages[TABLES_JS] = tables_js()
    for rel, data in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(data)
    config = generated_config(topology.title or "Network design", nav=site_nav(topology),
                              large=large)
    (site / "mkdocs.yml").write_text(config_text(config), encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml"),
                    "-d", str(site / "site")], check=True, capture_output=True, env=env)
    seconds = time.perf_counter() - started
    results.floor.append((f"mkdocs build alone ({len(pages)} files)", seconds))
    print(f"  floor MkDocs   {seconds:9.2f} s ({_children_cpu() - cpu:.2f} s CPU)", flush=True)
    size = sum(f.stat().st_size for f in (site / "site").rglob("*") if f.is_file())
    results.notes.append(f"site size: {size / 1e6:.1f} MB ({len(pages)} docs files)")


def edit_one_flow(text: str) -> str:
    """The design with one flow's monthly volume changed (the first flow of the `flows:` map)."""
    head, sep, tail = text.partition("\nflows:\n")
    line, nl, rest = tail.partition("\n")
    assert "gb_per_month: " in line, line
    before, _, volume = line.rpartition("gb_per_month: ")
    number = volume.rstrip("}")
    return head + sep + before + f"gb_per_month: {int(number) + 7}" + "}" + nl + rest


def commands(results: Results, path: Path, work: Path, only: set[str]) -> None:
    """The whole commands, each in its own process."""
    vpcdocs = [sys.executable, "-m", "vpcdocs"]
    cache = work / "cache"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", VPCDOCS_CACHE_DIR=str(cache))
    env.pop("VPCDOCS_NO_CACHE", None)
    run_command(results, "validate", [*vpcdocs, "validate", str(path)], env, work)
    if only & {"paths", "generate", "build"}:
        run_command(results, "paths --format json", [*vpcdocs, "paths", str(path), "--format",
                                                      "json"], env, work)
    if only & {"generate", "build"}:
        docs = work / "docs"
        shutil.rmtree(cache, ignore_errors=True)
        cold = run_command(results, "generate (cold: no cache)",
                           [*vpcdocs, "generate", str(path), "-o", str(docs)], env, work)
        run_command(results, "generate --check (no-op)",
                    [*vpcdocs, "generate", str(path), "-o", str(docs), "--check"], env, work)
        edited = work / "edited.yaml"
        edited.write_text(edit_one_flow(path.read_text(encoding="utf-8")), encoding="utf-8")
        shutil.copyfile(path, work / "original.yaml")
        shutil.copyfile(edited, path)
        try:
            again = run_command(results, "generate after editing one flow",
                                [*vpcdocs, "generate", str(path), "-o", str(docs)], env, work)
        finally:
            shutil.copyfile(work / "original.yaml", path)
        results.notes.append(f"generate after one edited flow / cold generate: {again / cold:.2f}")
    if "build" in only:
        shutil.rmtree(cache, ignore_errors=True)
        build = [*vpcdocs, "build", str(path), "-o", str(work / "site"), "--no-config"]
        cold = run_command(results, "build (cold: no cache)", build, env, work)
        shutil.copyfile(path, work / "original.yaml")
        path.write_text(edit_one_flow(path.read_text(encoding="utf-8")), encoding="utf-8")
        try:
            again = run_command(results, "build after editing one flow", build, env, work)
        finally:
            shutil.copyfile(work / "original.yaml", path)
        results.notes.append(f"build after one edited flow / cold build: {again / cold:.2f}")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory = 0.0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    dot = shutil.which("dot")
    version = subprocess.run([dot, "-V"], capture_output=True, text=True).stderr.strip() \
        if dot else "no Graphviz"
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), "
            f"{memory:.1f} GiB, load average {load:.1f} at start; Python "
            f"{platform.python_version()}; {version}")


def report(results: Results, machine_text: str) -> str:
    lines = [f"## Size {results.size}", "",
             f"Design: {results.design_bytes / 1e3:,.0f} KB, "
             + ", ".join(f"{v:,} {k}" for k, v in results.counts.items()) + ".", "",
             f"Machine: {machine_text}.", ""]
    if results.stages:
        lines += ["| Stage (in one process) | Seconds |", "|---|--:|"]
        lines += [f"| {name} | {seconds:.2f} |" for name, seconds in results.stages]
        lines += [f"| (peak memory of the process) | {results.stage_peak_mib:,.0f} MiB |", ""]
    if results.commands:
        lines += ["| Command (own process) | Seconds | Peak MiB |", "|---|--:|--:|"]
        lines += [f"| {n} | {s:.2f} | {m:,.0f} |" for n, s, m, _ in results.commands]
        lines.append("")
    if results.floor:
        lines += ["| Floor | Seconds |", "|---|--:|"]
        lines += [f"| {name} | {seconds:.2f} |" for name, seconds in results.floor]
        lines.append("")
    lines += [f"* {note}" for note in results.notes]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", default="S", help="S, M, L or REGIONS,VPCS,FLOWS")
    parser.add_argument("--only", default=",".join(STAGES),
                        help=f"comma-separated, of {', '.join(STAGES)} (default: all)")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--record", type=Path, nargs="?", const=ROOT / "benchmarks" / "RESULTS.md",
                        help="append the results to this Markdown file (default RESULTS.md)")
    args = parser.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    if only - set(STAGES):
        parser.error(f"--only: unknown {sorted(only - set(STAGES))}")
    shape = shape_of(args.size)
    os.environ["VPCDOCS_NO_CACHE"] = "1"  # the in-process stages always draw every diagram
    machine_text = machine()
    print(f"machine: {machine_text}", flush=True)
    with tempfile.TemporaryDirectory(prefix="vpcdocs-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = Results(args.size)
        text = design(shape)
        path = work / "design.yaml"
        path.write_text(text, encoding="utf-8")
        results.design_bytes = len(text.encode("utf-8"))
        made = in_process(results, path, work, only)
        results.stage_peak_mib = _peak_mib()
        if only & {"generate", "build"}:
            floor(results, made, work, only)
        del made
        commands(results, path, work, only)
        text_out = report(results, machine_text)
        print(text_out)
        if args.record is not None:
            with args.record.open("a", encoding="utf-8") as handle:
                handle.write("\n" + text_out)
        (work / "results.json").write_text(json.dumps(
            {"stages": results.stages, "commands": results.commands, "floor": results.floor},
            indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
