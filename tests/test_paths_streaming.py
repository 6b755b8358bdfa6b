"""`vpcdocs paths --format json` writes the document one flow at a time (`json_chunks`): the
bytes are those of the whole document encoded at once (`document_text(paths_document(...))`),
for every flow, one flow, none, and a generated design with names and text of every kind."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner
from pricing_support import from_text

from vpcdocs.analysis.analysis import analyse
from vpcdocs.analysis.result import paths_document
from vpcdocs.cli import cli
from vpcdocs.commands.paths import document_text, json_chunks

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from topologies import Shape, design  # noqa: E402


def whole(flows: tuple) -> str:  # type: ignore[type-arg]
    return document_text(paths_document(flows))


def test_the_pieces_are_the_whole_document() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml"))[:6]:
        made = analyse(from_text(path.read_text(encoding="utf-8"), path.name))
        assert "".join(json_chunks(made.flows)) == whole(made.flows), path.name
        assert "".join(json_chunks(made.flows[:1])) == whole(made.flows[:1])
        assert "".join(json_chunks(reversed(made.flows))) == whole(made.flows)
    assert "".join(json_chunks(())) == whole(())


def test_a_generated_design_streams_the_same_bytes() -> None:
    made = analyse(from_text(design(Shape(regions=3, vpcs=12, flows=200))))
    assert "".join(json_chunks(made.flows)) == whole(made.flows)
    assert len(list(json_chunks(made.flows))) == len(made.flows) + 2


def test_the_command_prints_the_document(tmp_path: Path) -> None:
    path = ROOT / "examples" / "course.yaml"
    made = analyse(from_text(path.read_text(encoding="utf-8"), str(path)))
    done = CliRunner().invoke(cli, ["paths", str(path), "--format", "json"])
    assert done.exit_code == 0, done.output
    assert done.stdout == whole(made.flows)
    one = made.flows[1].id
    done = CliRunner().invoke(cli, ["paths", str(path), "--format", "json", "--flow", one])
    assert done.stdout == whole((made.flow(one),))
