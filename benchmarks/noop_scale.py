"""The no-op `generate --check` on a docs folder the size of L's, without generating L.

A cold `generate` of L (100,000 flows, a page and a diagram each) takes about an hour on a 2-core
machine; what a no-op check costs depends only on the folder (how many files, how many bytes)
and the topology's size (it is hashed for the fingerprint). So this builds the folder from a real
one: the docs of M (`generate` of `topologies.py M`), copied `--copies` times under `copyNNN/`
(80 copies: ~211,000 files, ~6.6 GB, about what L would hold: a page and a diagram for each of
its 100,000 flows), with a manifest listing every file and the fingerprint of the real L
topology, and this machine's record (`vpcdocs.commands.noop.remember`) as a `generate` run leaves
it. Then it times the real command, `vpcdocs generate L.yaml -o FOLDER --check`, in its own
process, a few times: the first check reads the files written in the last 2 s before the record
and renews it; the next ones read nothing whose stat is unchanged.

    python benchmarks/noop_scale.py --work /tmp/noop-L [--copies 100]

Prints one line per check (wall and CPU seconds, peak memory). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from topologies import design as build_design  # noqa: E402

from vpcdocs.commands import noop  # noqa: E402
from vpcdocs.filenames import sha256_hex  # noqa: E402
from vpcdocs.write.manifest import manifest_bytes  # noqa: E402
from vpcdocs.write.paths import MANIFEST_NAME  # noqa: E402


def vpcdocs(*args: str, env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run `vpcdocs ARGS` in its own process: wall s, CPU s (user + sys), peak KiB, output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "vpcdocs", *args], env=env, text=True,
                          capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"vpcdocs {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return wall, cpu, after.ru_maxrss, (done.stdout + done.stderr).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="a scratch folder")
    parser.add_argument("--copies", type=int, default=80)
    parser.add_argument("--checks", type=int, default=3)
    args = parser.parse_args()
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, VPCDOCS_CACHE_DIR=str(work / "cache"), NO_MKDOCS_2_WARNING="1")
    env.pop("VPCDOCS_NO_CACHE", None)
    os.environ.update(VPCDOCS_CACHE_DIR=env["VPCDOCS_CACHE_DIR"])  # `remember` below uses it
    os.environ.pop("VPCDOCS_NO_CACHE", None)
    m_yaml, l_yaml = work / "M.yaml", work / "L.yaml"
    for size, path in (("M", m_yaml), ("L", l_yaml)):
        if not path.exists():
            path.write_text(build_design(size), encoding="utf-8")
    m_docs = work / "M-docs"
    if not (m_docs / MANIFEST_NAME).exists():
        print("generating M ...", flush=True)
        vpcdocs("generate", str(m_yaml), "-o", str(m_docs), env=env)
    out = work / "L-sized-docs"
    fingerprint = noop.fingerprint_of(str(l_yaml), templates=None, allow_html=False)
    assert fingerprint is not None
    sources = {p.relative_to(m_docs).as_posix(): p for p in sorted(m_docs.rglob("*"))
               if p.is_file() and p.name != MANIFEST_NAME}
    digests = {rel: sha256_hex(path.read_bytes()) for rel, path in sources.items()}
    if not out.is_dir():
        print(f"copying M's docs {args.copies} times ...", flush=True)
        for copy in range(args.copies):
            for rel, source in sources.items():
                target = out / f"copy{copy:03}" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    hashes = {f"copy{copy:03}/{rel}": digest for copy in range(args.copies)
              for rel, digest in digests.items()}
    manifest = manifest_bytes(hashes, fingerprint=fingerprint)
    if not (out / MANIFEST_NAME).is_file() or (out / MANIFEST_NAME).read_bytes() != manifest:
        # the fingerprint covers vpcdocs' own files: a new build of it needs a new manifest
        (out / MANIFEST_NAME).write_bytes(manifest)
        started = time.perf_counter()
        noop.remember(out, fingerprint)  # what the `generate` run that wrote them leaves
        print(f"recorded (as `generate` does after writing) in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"folder: {files:,} files, {total / 1e9:.2f} GB; topology {l_yaml.stat().st_size:,} "
          "bytes", flush=True)
    for n in range(args.checks):
        wall, cpu, peak, output = vpcdocs("generate", str(l_yaml), "-o", str(out), "--check",
                                          env=env)
        print(f"check {n + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak {peak / 1024:.0f} MiB: "
              f"{output.splitlines()[-1] if output else ''}", flush=True)


if __name__ == "__main__":
    main()
