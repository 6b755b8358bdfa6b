"""Real processes against one docs folder: concurrent runs (many rounds) never leave a folder
stuck and each reports exactly what it changed; a run killed before any of its filesystem
calls (every rename, fsync and unlink, one by one) leaves every file old or new, its orphans are
reported by --check and removed by the next run, and whatever the next run generates goes
through."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from disk import A, B, files, leftovers, run_killed

from vpcdocs.write import MANIFEST_NAME, check, check_tree, write_tree

C = {
    "index.md": b"# Network v3\n",
    "flows/b.md": b"# b, back again\n",
    "flows/c.md": b"# c v3\n",
    "regions/eu.md": b"# eu\n",
}

WRITER = """
import json, sys
from pathlib import Path
from vpcdocs.write import write_tree
pages = {k: v.encode() for k, v in json.loads(Path(sys.argv[2]).read_text()).items()}
go = Path(sys.argv[3]) if len(sys.argv) > 3 else None
while go is not None and not go.exists():
    pass
r = write_tree(Path(sys.argv[1]), pages)
print(json.dumps({"new": r.new, "changed": r.changed, "removed": r.removed,
                  "unchanged": r.unchanged, "kept": r.kept}))
"""


def save(tmp_path: Path, name: str, pages: dict[str, bytes]) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({k: v.decode() for k, v in pages.items()}))
    return path


def simulate(start: dict[str, bytes], order: list[dict[str, bytes]]) -> list[dict[str, list[str]]]:
    """The reports runs applied one after the other would give (every file was written by
    vpcdocs in this folder, so obsolete ones are removed)."""
    state = dict(start)
    reports = []
    for pages in order:
        reports.append({
            "new": sorted(p for p in pages if p not in state),
            "changed": sorted(p for p in pages if p in state and state[p] != pages[p]),
            "removed": sorted(p for p in state if p not in pages),
            "unchanged": sorted(p for p in pages if state.get(p) == pages[p]),
            "kept": [],
        })
        state = dict(pages)
    return reports


@pytest.mark.parametrize("round_", range(12))
def test_concurrent_runs_take_turns_and_report_exactly(tmp_path: Path, round_: int) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    (out / "notes.md").write_text("the user's own file\n")
    go = tmp_path / "go"
    sets = [B, C, A] if round_ % 2 else [C, B]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(out), str(save(tmp_path, f"p{i}", pages)), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i, pages in enumerate(sets)
    ]
    go.touch()
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_stdout, stderr) in zip(children, outputs, strict=True):
        assert child.returncode == 0, stderr
        assert "Traceback" not in stderr
    reports = [json.loads(stdout) for stdout, _ in outputs]
    # some order of the runs explains every report exactly, and the last of them won
    explained = [
        order for order in itertools.permutations(range(len(sets)))
        if simulate(A, [sets[i] for i in order]) == [reports[i] for i in order]
    ]
    assert explained, reports
    last = sets[explained[0][-1]]
    assert files(out) == {**last, "notes.md": b"the user's own file\n",
                          MANIFEST_NAME: (out / MANIFEST_NAME).read_bytes()}
    assert leftovers(out) == []
    for pages in (A, B, C):  # never stuck, whatever comes next
        write_tree(out, pages)
        assert check_tree(out, pages).up_to_date


CALLS = "replace,rename,unlink,fsync,rmdir,mkdir,utime"
KILLED_WRITER = """
import json, os
from pathlib import Path
from vpcdocs.write import write_tree
pages = {k: v.encode() for k, v in json.loads(Path(os.environ["PAGES"]).read_text()).items()}
write_tree(Path(os.environ["OUT"]), pages)
"""


def test_a_run_killed_at_any_filesystem_call_never_leaves_the_folder_stuck(tmp_path: Path) -> None:
    b_json = save(tmp_path, "b", B)
    points = 0
    for n in itertools.count(1):
        out = tmp_path / f"docs{n}"
        write_tree(out, A)
        (out / "notes.md").write_text("the user's own file\n")
        child = run_killed(KILLED_WRITER, kill_at=n, calls=CALLS,
                           env={"OUT": str(out), "PAGES": str(b_json)})
        if child.returncode == 0:
            break
        assert child.returncode == -9, child.stderr
        points += 1
        # every file is old or new, never torn, and the user's file is untouched
        on_disk = files(out)
        for path, data in on_disk.items():
            if path == "notes.md":
                assert data == b"the user's own file\n"
            elif path != MANIFEST_NAME and ".vpcdocs-tmp-" not in path:
                assert data in (A.get(path), B.get(path)), (n, path)
        # --check sees the leftovers of the killed run as stale
        orphans = leftovers(out)
        lines = check(check_tree(out, B))
        for orphan in orphans:
            assert f"{orphan}: stale (a temporary file left by a killed vpcdocs run)" in lines
        # the next run goes through, whatever it generates, and cleans up
        result = write_tree(out, C)
        assert sorted(result.orphans_removed) == orphans, n
        assert result.kept == (), n  # everything vpcdocs wrote here is still vouched for
        assert leftovers(out) == []
        assert files(out) == {**C, "notes.md": b"the user's own file\n",
                              MANIFEST_NAME: (out / MANIFEST_NAME).read_bytes()}, n
        assert check_tree(out, C).up_to_date
    assert points > 20  # the write really was cut at every one of its calls
