"""The views give the same DOT bytes in any process, hash seed and working directory, and are
pure: drawing twice in one process gives equal scenes, and nothing is written anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from views_support import EXAMPLES, REPO, all_views, case_files

from vpcdocs.render.dot import scene_to_dot

SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from views_support import all_views
from vpcdocs.render.dot import scene_to_dot
out = []
for case in {cases!r}:
    for name, scene in all_views(case):
        out.append("// " + case + "/" + name + "\\n" + scene_to_dot(scene))
sys.stdout.buffer.write("".join(out).encode("utf-8"))
"""


def test_dot_is_identical_across_processes_hash_seeds_and_folders(tmp_path: Path) -> None:
    script = SCRIPT.format(tests=str(REPO / "tests"), cases=list(EXAMPLES))
    outputs = []
    for seed in ("0", "1", "4242"):
        folder = tmp_path / f"cwd-{seed}"
        folder.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=folder, env=env, capture_output=True, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode()
        outputs.append(done.stdout)
        assert list(folder.iterdir()) == [], "drawing wrote into the working directory"
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].count(b"// ") >= 40  # every view of both examples
    assert b"/work/" not in outputs[0] and str(REPO).encode() not in outputs[0]


@pytest.mark.parametrize("case", sorted(case_files()))
def test_views_are_pure(case: str) -> None:
    first = all_views(case)
    second = all_views(case)
    assert [name for name, _ in first] == [name for name, _ in second]
    for (name, a), (_, b) in zip(first, second, strict=True):
        assert a == b, name
        assert scene_to_dot(a) == scene_to_dot(b), name


def test_scene_order_does_not_depend_on_topology_order() -> None:
    """Sorted mappings in, sorted scenes out: node and edge tuples are sorted by id."""
    for _, scene in all_views("hub-and-spoke"):
        ids = [n.id for n in scene.nodes]
        assert ids == sorted(ids)
        keys = [(e.src, e.dst) for e in scene.edges]
        assert keys == sorted(keys)
