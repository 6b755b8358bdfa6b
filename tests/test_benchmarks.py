"""`benchmarks/run.py --size S` still runs from start to end (the CI smoke test of the benchmark).

Only that it works and reports every stage, command and floor: timings are never asserted
(they depend on the machine and its load; benchmarks/RESULTS.md holds measured figures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_on_size_s(tmp_path: Path) -> None:
    work = tmp_path / "work"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--size", "S", "--work", str(work)],
        capture_output=True, text=True, timeout=1200,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert [name for name, _ in found["stages"]] == [
        "read", "yaml", "schema", "rules", "analyse", "price", "DOT", "Graphviz", "pages",
        "write", "MkDocs"]
    assert [row[0] for row in found["commands"]] == [
        "validate", "paths --format json", "generate (cold: no cache)",
        "generate --check (no-op)", "generate after editing one flow", "build (cold: no cache)",
        "build after editing one flow"]
    assert all(row[3] == 0 and row[2] > 0 for row in found["commands"])
    assert len(found["floor"]) == 2
    assert "## Size S" in done.stdout and "Machine: " in done.stdout
    # the run leaves the design as generated (the edit is undone) and the pages in the docs folder
    assert (work / "docs" / "index.md").is_file()
    assert (work / "site" / "index.html").is_file()
