"""`vpcdocs diagram`: views by selector, format by suffix, atomic writes, and the exit codes
(0 written, 1 bad topology or Graphviz problem, 2 usage) with one-line messages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from vpcdocs.cli import cli
from vpcdocs.render import graphviz_run
from vpcdocs.write import TEMP_PREFIX

REPO = Path(__file__).resolve().parent.parent
COURSE = str(REPO / "examples" / "course.yaml")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diagram", *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def needs_dot() -> None:
    if graphviz_run.find_dot() is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz `dot` is missing in CI")
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz); CI runs this")


@pytest.mark.parametrize(
    ("selector", "title"),
    [
        ((), "Course network — summary (5 VPCs in 2 Regions"),
        (("--region", "eu-west-2"), "Course network — Region eu-west-2"),
        (("--flow", "web-to-s3"), "Flow web-to-s3"),
        (("--vpc", "london-vpc"), "VPC london-vpc"),
        (("--service", "orders-api"), "Endpoint service orders-api"),
    ],
)
def test_each_view_as_dot_without_graphviz(tmp_path: Path, selector: tuple[str, ...], title: str) -> None:
    out = tmp_path / "view.dot"
    code, output = run(COURSE, *selector, "-o", str(out), env={"VPCDOCS_DOT": "/nonexistent"})
    assert code == 0, output
    text = out.read_text("utf-8")
    assert text.startswith("digraph") and title in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view-icons", "view.dot"], \
        "the DOT and its icons, no temporary file left behind"


def test_gv_suffix_is_dot_too(tmp_path: Path) -> None:
    code, _ = run(COURSE, "-o", str(tmp_path / "view.GV"))
    assert code == 0 and (tmp_path / "view.GV").read_text("utf-8").startswith("digraph")


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF"),
                                               (".drawio", b"<mxfile ")])
def test_rendered_formats(needs_dot: None, tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"flow{suffix}"
    code, output = run(COURSE, "--flow", "batch-to-dynamodb", "-o", str(out))
    assert code == 0, output
    assert out.read_bytes().startswith(magic)


def test_svg_links_only_with_link_base(needs_dot: None, tmp_path: Path) -> None:
    plain, linked = tmp_path / "plain.svg", tmp_path / "linked.svg"
    assert run(COURSE, "--vpc", "orders-vpc", "-o", str(plain))[0] == 0
    assert run(COURSE, "--vpc", "orders-vpc", "-o", str(linked), "--link-base", "https://x.test/docs")[0] == 0
    assert b"https://x.test/docs/vpcs/orders-vpc/" in linked.read_bytes()
    assert b"xlink:href=\"vpcs/" not in plain.read_bytes() and b"https://" not in plain.read_bytes()


def test_existing_file_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "view.dot"
    out.write_text("old")
    assert run(COURSE, "-o", str(out))[0] == 0
    assert out.read_text("utf-8").startswith("digraph")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_selectors_are_mutually_exclusive(tmp_path: Path) -> None:
    code, output = run(COURSE, "--flow", "web-to-s3", "--vpc", "london-vpc", "-o", str(tmp_path / "x.dot"))
    assert code == 2 and "cannot be combined" in output
    assert not (tmp_path / "x.dot").exists()


@pytest.mark.parametrize(
    ("option", "bad", "suggestion"),
    [("--flow", "web-to-s4", "web-to-s3"), ("--vpc", "londn-vpc", "london-vpc"),
     ("--service", "order-api", "orders-api"), ("--region", "eu-west-3", "eu-west-2")],
)
def test_unknown_id_exits_2_with_the_closest_name(
    tmp_path: Path, option: str, bad: str, suggestion: str
) -> None:
    code, output = run(COURSE, option, bad, "-o", str(tmp_path / "x.dot"))
    assert code == 2
    assert f"`{bad}`" in output and f"did you mean `{suggestion}`" in output


def test_unknown_suffix_exits_2(tmp_path: Path) -> None:
    code, output = run(COURSE, "-o", str(tmp_path / "x.jpeg"))
    assert code == 2 and ".svg" in output


def test_never_overwrites_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "out.svg"
    folder.mkdir()
    (folder / "keep").write_text("x")
    code, output = run(COURSE, "-o", str(folder))
    assert code == 2 and "is a directory" in output
    assert (folder / "keep").read_text() == "x"


def test_missing_output_folder_exits_2(tmp_path: Path) -> None:
    code, output = run(COURSE, "-o", str(tmp_path / "nope" / "x.dot"))
    assert code == 2 and "does not exist" in output


def test_graphviz_missing_exits_1_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "x.svg"
    code, output = run(COURSE, "-o", str(out), env={"VPCDOCS_DOT": "/nonexistent/dot"})
    assert code == 1
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: Graphviz") and "install" in lines[0]
    assert not out.exists()


def test_invalid_topology_exits_1_with_diagnostics(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("vpcdocs: 1\nvpcs:\n  a: {region: eu-west-1}\n")
    out = tmp_path / "x.dot"
    code, output = run(str(bad), "-o", str(out))
    assert code == 1 and "bad.yaml:" in output and "error[" in output
    assert not out.exists()


def test_a_dot_file_renders_with_plain_graphviz_from_its_folder(tmp_path: Path, needs_dot: None) -> None:
    """`dot -Tsvg net.dot` (no -Gimagepath, nothing vpcdocs knows) draws it with its icons: they
    are copied beside it into `net-icons/`, named relatively, so the bytes hold no machine path
    and are the same written from any folder."""
    import subprocess

    first, second = tmp_path / "a", tmp_path / "deeper" / "b"
    for folder in (first, second):
        folder.mkdir(parents=True)
        code, output = run(COURSE, "--vpc", "london-vpc", "-o", str(folder / "net.dot"))
        assert code == 0, output
        assert "icons in net-icons/" in output
    dot_text = (first / "net.dot").read_bytes()
    assert dot_text == (second / "net.dot").read_bytes()
    assert str(tmp_path).encode() not in dot_text and b"site-packages" not in dot_text
    icons = sorted(p.name for p in (first / "net-icons").iterdir())
    assert "route-table.png" in icons and "nat-gateway.png" in icons
    for icon in icons:
        assert f'src="net-icons/{icon}"'.encode() in dot_text
        assert (first / "net-icons" / icon).read_bytes() == (second / "net-icons" / icon).read_bytes()
    done = subprocess.run([graphviz_run.find_dot() or "dot", "-Tsvg", "net.dot"], cwd=first,
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert b"Warning" not in done.stderr and b"No or improper image" not in done.stderr
    assert done.stdout.count(b"<image") >= len(icons)
