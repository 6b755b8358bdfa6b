"""The on-disk cache of compiled templates and finished SVGs (vpcdocs.render.cache): where it
lives (never the repository, never under test unless asked), that it is off when asked, and that
it can never change what vpcdocs writes: same bytes cold, warm and off, and a damaged entry is a
miss, not a wrong picture or a failed render."""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from vpcdocs.analysis.analysis import Analysis as Design
from vpcdocs.analysis.analysis import analyse as analyse_design
from vpcdocs.fs import temps
from vpcdocs.loader import load_file
from vpcdocs.render import cache, graphviz_run
from vpcdocs.render.markdown.env import make_environment, render_page
from vpcdocs.site import diagrams
from vpcdocs.site.pages import design_pages

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "vpcdocs" / "data" / "starter.yaml"


@pytest.fixture(autouse=True)
def _cache_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/conftest.py turns the cache off for the run; these tests turn it on (each names
    its own folder)."""
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)


@pytest.fixture
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(folder))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if len(p.name) == 64) if folder.is_dir() else []


# --------------------------------------------------------------------------- where and when


def test_key_parts_cannot_run_together() -> None:
    assert cache.key("ab", "c") != cache.key("a", "bc")
    assert cache.key("a", "") != cache.key("a")
    assert cache.key("x", b"y") == cache.key("x", "y")
    assert len(cache.key()) == 64


def test_cache_dir_is_created_private(cache_root: Path) -> None:
    assert cache.cache_dir() == cache_root.resolve()
    if hasattr(os, "getuid"):
        assert stat.S_IMODE(cache_root.stat().st_mode) == 0o700
    blobs = cache.store("svg")
    assert blobs is not None and blobs.folder == cache_root.resolve() / "svg"


def test_no_cache_env_turns_everything_off(
    cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    assert cache.cache_dir() is None and cache.store("svg") is None
    assert cache.bytecode_cache(["x"]) is None
    assert not cache_root.exists()
    for off in ("", "0", "no", "false"):
        monkeypatch.setenv(cache.NO_CACHE_ENV, off)
        assert cache.enabled()


def test_default_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_DIR_ENV, raising=False)
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == (tmp_path / "xdg" / "vpcdocs").resolve()
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == (tmp_path / "home" / ".cache" / "vpcdocs").resolve()
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/xdg")  # not absolute: ignored (XDG spec)
    assert cache.cache_dir() == (tmp_path / "home" / ".cache" / "vpcdocs").resolve()


def test_never_inside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    monkeypatch.chdir(repo / "docs")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(repo / ".cache"))
    assert cache.cache_dir() is None
    assert not (repo / ".cache").exists()
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "elsewhere"))
    assert cache.cache_dir() == (tmp_path / "elsewhere").resolve()


def test_unusable_folders_turn_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(blocked))
    assert cache.cache_dir() is None and cache.store("svg") is None
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(blocked / "below"))
    assert cache.cache_dir() is None
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # others could plant entries: not used
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(shared))
    assert cache.cache_dir() is None


# --------------------------------------------------------------------------- verified entries


def test_store_round_trip_and_damaged_entries_are_misses(cache_root: Path) -> None:
    blobs = cache.store("svg")
    assert blobs is not None
    one, two = cache.key("one"), cache.key("two")
    payload = b"<svg>\n\x00binary\nlines</svg>\n"
    assert blobs.get(one) is None
    blobs.put(one, payload)
    blobs.put(two, b"other")
    assert blobs.get(one) == payload and blobs.get(two) == b"other"
    assert not [p for p in blobs.folder.iterdir() if p.name.startswith((".tmp-", temps.MARKER))]
    path = blobs.folder / one
    good = path.read_bytes()
    damaged = {
        "truncated": good[:-3],
        "cut in the header": good[:30],
        "empty": b"",
        "flipped byte": good[:-5] + bytes([good[-5] ^ 1]) + good[-4:],
        "longer": good + b"x",
        "another key's entry": (blobs.folder / two).read_bytes(),
        "garbage": os.urandom(200),
    }
    for what, data in damaged.items():
        path.write_bytes(data)
        assert blobs.get(one) is None, what
        assert not path.exists(), f"{what}: a damaged entry is deleted"
    with pytest.raises(ValueError):
        blobs.get("../../etc/passwd")


def test_store_errors_are_silent(cache_root: Path) -> None:
    blobs = cache.store("svg")
    assert blobs is not None
    blobs.folder.rmdir()  # e.g. cleared by another process
    blobs.put(cache.key("x"), b"data")
    assert blobs.get(cache.key("x")) is None


def test_prune_drops_least_recently_used_and_stale_temp_files(cache_root: Path) -> None:
    blobs = cache.BlobStore(cache_root, max_bytes=10**9)
    cache_root.mkdir()
    keys = [cache.key(str(i)) for i in range(6)]
    for i, k in enumerate(keys):
        blobs.put(k, bytes(2000))
        os.utime(cache_root / k, (1000 + i, 1000 + i))
    os.utime(cache_root / keys[0], (5000, 5000))  # used recently: kept
    stale = cache_root / ".tmp-dead.part"
    stale.write_bytes(b"half")
    os.utime(stale, (0, 0))
    fresh = cache_root / ".tmp-busy.part"
    fresh.write_bytes(b"being written")
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    gone = cache_root / f".tmp-{child.pid}-abcd1234.part"  # its writer was killed
    gone.write_bytes(b"half")
    live = cache_root / f".tmp-{os.getpid()}-abcd1234.part"
    live.write_bytes(b"being written")
    child_dead = cache_root / f"{temps.MARKER}{child.pid}-abcd1234"  # the writer's, killed
    child_dead.write_bytes(b"half")
    blobs.max_bytes = 10_000
    blobs.prune()
    kept = {p.name for p in entries(cache_root)}
    assert sum(p.stat().st_size for p in entries(cache_root)) <= 10_000
    assert keys[0] in kept and keys[1] not in kept and keys[5] in kept
    assert not stale.exists() and fresh.exists()
    assert not gone.exists() and live.exists()
    assert not child_dead.exists()


# --------------------------------------------------------------------------- compiled templates


def test_templates_come_from_the_cache_and_render_the_same(
    cache_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.md.j2").write_text("# {{ title }}\n\n{% for x in items %}- {{ x }}\n{% endfor %}")
    context: dict[str, object] = {"title": "A <b> & B", "items": ["x|y", 3]}

    def render() -> bytes:
        return render_page(make_environment(folder), "t.md.j2", {"page_path": "index.md",
                                                                  **context})

    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    plain = render()
    monkeypatch.delenv(cache.NO_CACHE_ENV)
    assert render() == plain  # cold: compiles and stores
    stored = entries(cache_root / "jinja")
    assert len(stored) == 1

    def no_compiling(*args: object, **kwargs: object) -> object:
        raise AssertionError("compiled although the bytecode was cached")

    with monkeypatch.context() as patch:
        patch.setattr(jinja2.Environment, "compile", no_compiling)
        assert render() == plain  # warm: no compiling at all
    # a damaged entry is compiled afresh, never a failure
    stored[0].write_bytes(stored[0].read_bytes()[:-10])
    assert render() == plain
    # an edited template is not served from the cache
    (folder / "t.md.j2").write_text("# {{ title }} (edited)\n")
    assert render() == b"# A &lt;b&gt; &amp; B (edited)\n"


# --------------------------------------------------------------------------- finished SVGs


@pytest.fixture(scope="module")
def starter() -> Design:
    result = load_file(str(STARTER))
    assert result.ok and result.topology is not None, result.diagnostics
    return analyse_design(result.topology)


needs_dot = pytest.mark.skipif(graphviz_run.find_dot() is None, reason="Graphviz not installed")


@needs_dot
def test_svgs_are_identical_off_cold_and_warm_and_warm_runs_no_dot(
    starter: Design, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenes = diagrams.page_scenes(starter)
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    off = diagrams.render_svgs(scenes, workers=1)
    assert not cache_root.exists()
    monkeypatch.delenv(cache.NO_CACHE_ENV)
    cold = diagrams.render_svgs(scenes)
    assert len(entries(cache_root / "svg")) == len(scenes)

    def no_dot(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("ran dot although every SVG was cached")

    def no_dot_text(*args: object, **kwargs: object) -> str:
        raise AssertionError("built DOT text although every SVG was cached")

    from vpcdocs.render import dot

    with monkeypatch.context() as patch:
        patch.setattr(graphviz_run, "render", no_dot)
        patch.setattr(dot, "scene_to_dot", no_dot_text)  # found by scene, not by DOT text
        warm = diagrams.render_svgs(scenes)
    assert off == cold == warm
    # a scene that changes is drawn again (the scene is part of the key)
    first = sorted(scenes)[0]
    changed = {first: dataclasses.replace(scenes[first], title="Another title")}
    drawn = diagrams.render_svgs(changed)[first]
    assert b"Another title" in drawn and drawn != off[first]


@needs_dot
def test_the_link_base_is_part_of_the_key(
    starter: Design, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cached SVG is never served for another link base than the one it was finished with."""
    first = sorted(diagrams.page_scenes(starter))[0]
    scenes = {first: diagrams.page_scenes(starter)[first]}
    plain = diagrams.render_svgs(scenes)[first]
    other = diagrams.render_svgs(scenes, link_base="https://docs.example.com/net/")[first]
    assert other != plain and b"https://docs.example.com/net/" in other
    assert len(entries(cache_root / "svg")) == 2
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    assert diagrams.render_svgs(scenes, link_base="https://docs.example.com/net/")[first] == other


@needs_dot
def test_damaged_svg_entries_are_drawn_again(
    starter: Design, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenes = diagrams.page_scenes(starter)
    expected = diagrams.render_svgs(scenes)
    stored = entries(cache_root / "svg")
    assert len(stored) >= 2
    # swap two entries' files, truncate another: each is a miss and is drawn again
    a, b = stored[0].read_bytes(), stored[1].read_bytes()
    stored[0].write_bytes(b)
    stored[1].write_bytes(a)
    if len(stored) > 2:
        stored[2].write_bytes(stored[2].read_bytes()[: len(stored[2].read_bytes()) // 2])
    assert diagrams.render_svgs(scenes) == expected
    # the key covers the path (links are relative to it) and the dot version
    monkeypatch.setattr(diagrams, "_graphviz_version", lambda program, mtime: "99.0")
    count = len(entries(cache_root / "svg"))
    assert diagrams.render_svgs(scenes) == expected
    assert len(entries(cache_root / "svg")) == count + len(scenes)


@needs_dot
def test_pages_are_byte_identical_with_and_without_cache(
    starter: Design, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    off = design_pages(starter)
    monkeypatch.delenv(cache.NO_CACHE_ENV)
    cold = design_pages(starter)
    warm = design_pages(starter)
    assert off == cold == warm
    assert any(p.endswith(".svg") for p in off) and any(p.endswith(".md") for p in off)
    assert entries(cache_root / "jinja") and entries(cache_root / "svg")


@needs_dot
def test_any_change_to_a_scene_draws_it_again_and_only_it(
    starter: Design, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SVG cache is keyed by the scene (`scene_key`), not by its DOT text: every field that
    the picture is made from is in the key, what it is merely called in messages is not, and
    an edited scene comes out as a cold run draws it."""
    scenes = diagrams.page_scenes(starter)
    first, second = sorted(scenes)[:2]
    diagrams.render_svgs(scenes)
    node = scenes[first].nodes[0]
    edits = {
        "node label": dataclasses.replace(
            scenes[first], nodes=(dataclasses.replace(node, label=node.label + " x"),
                                  *scenes[first].nodes[1:])),
        "direction": dataclasses.replace(scenes[first], direction="TB"),
        "rows": dataclasses.replace(scenes[first], rows=((node.id,),)),
    }
    drawn: list[str] = []
    real = graphviz_run.render

    def counting(source: str, *args: object, **kwargs: object) -> bytes:
        drawn.append(source)
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(graphviz_run, "render", counting)
    for what, scene in edits.items():
        drawn.clear()
        warm = diagrams.render_svgs({**scenes, first: scene})
        assert len(drawn) == 1, f"{what}: drew {len(drawn)} pictures"
        with monkeypatch.context() as patch:
            patch.setenv(cache.NO_CACHE_ENV, "1")
            cold = diagrams.render_svgs({**scenes, first: scene}, workers=1)
        assert warm == cold, what
    # where a scene comes from (for messages) does not change its picture or its key
    moved = dataclasses.replace(scenes[second], subject="another subject", origin=None)
    assert diagrams.scene_key(moved) == diagrams.scene_key(scenes[second])
    from vpcdocs.render.dot import scene_to_dot

    assert str(scene_to_dot(moved)) == str(scene_to_dot(scenes[second]))


def test_every_field_of_a_scene_shows_in_its_key() -> None:
    """`scene_key` is the repr of the scene's fields: a field left out of a repr (repr=False)
    would be left out of the key, and a cached picture could be served after it changed."""
    from vpcdocs.render import scene as scene_module

    for cls in (scene_module.Scene, scene_module.Node, scene_module.Edge, scene_module.Cluster,
                scene_module.Legend, scene_module.LegendEntry):
        hidden = {f.name for f in dataclasses.fields(cls) if not f.repr}
        assert hidden <= {"_node_index"}, f"{cls.__name__}: {hidden} not in the repr"
