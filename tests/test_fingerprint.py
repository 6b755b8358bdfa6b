"""The input fingerprint and the no-op shortcut of `generate` (vpcdocs.fingerprint,
vpcdocs.commands.noop): what the fingerprint covers, that the shortcut is taken only when the
folder holds exactly what was generated, and the property that matters: after any edit, the
incremental output (same folder, warm caches, shortcut allowed) is byte for byte the cold output
(a new folder, no cache)."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from click.testing import CliRunner, Result

import vpcdocs
from vpcdocs.cli import cli
from vpcdocs.fingerprint import input_fingerprint, package_digest
from vpcdocs.render.markdown.env import builtin_templates_dir

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from topologies import Shape, design  # noqa: E402

MANIFEST = ".vpcdocs-manifest.json"


def fingerprint(raw: bytes = b"vpcdocs: 1\n", *, templates: Path | None = None,
                allow_html: bool = False) -> str:
    return input_fingerprint(raw, templates=templates, allow_html=allow_html, graphviz=None,
                             builtin_templates=builtin_templates_dir())


def run(args: list[str], cache: Path) -> Result:
    return CliRunner().invoke(cli, args, env={"VPCDOCS_CACHE_DIR": str(cache),
                                              "VPCDOCS_NO_CACHE": ""})


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- what the fingerprint covers -----------------------------------------------------------


def test_the_fingerprint_covers_the_topology_and_the_options(tmp_path: Path) -> None:
    base = fingerprint()
    assert fingerprint() == base  # the same inputs, the same fingerprint
    assert fingerprint(b"vpcdocs: 1\n# a comment\n") != base
    assert fingerprint(allow_html=True) != base
    folder = tmp_path / "templates"
    folder.mkdir()
    with_folder = fingerprint(templates=folder)
    assert with_folder != base
    (folder / "flow.md.j2").write_text("# {{ flow.id }}\n", encoding="utf-8")
    with_template = fingerprint(templates=folder)
    assert with_template != with_folder
    (folder / "flow.md.j2").write_text("# {{ flow.id }}!\n", encoding="utf-8")
    assert fingerprint(templates=folder) != with_template


def test_the_fingerprint_covers_the_version_and_the_package_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new version, an edited built-in template and an edited price table each change it,
    even without a new version number."""
    package = tmp_path / "vpcdocs"
    shutil.copytree(Path(vpcdocs.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    templates = tmp_path / "templates"
    shutil.copytree(builtin_templates_dir(), templates)
    monkeypatch.setattr(vpcdocs, "__file__", str(package / "__init__.py"))
    package_digest.cache_clear()
    try:
        base = package_digest(templates)
        assert package_digest.__wrapped__(templates) == base
        monkeypatch.setattr(vpcdocs, "__version__", vpcdocs.__version__ + ".post1")
        assert package_digest.__wrapped__(templates) != base
        monkeypatch.undo()
        monkeypatch.setattr(vpcdocs, "__file__", str(package / "__init__.py"))
        prices = package / "data" / "prices.yaml"
        prices.write_bytes(prices.read_bytes() + b"\n# edited\n")
        edited_prices = package_digest.__wrapped__(templates)
        assert edited_prices != base
        page = templates / "flow.md.j2"
        page.write_bytes(page.read_bytes() + b"\n")
        assert package_digest.__wrapped__(templates) != edited_prices
    finally:
        package_digest.cache_clear()


# --- the shortcut --------------------------------------------------------------------------


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "net.yaml"
    path.write_text(design(Shape(regions=1, vpcs=3, flows=6)), encoding="utf-8")
    return path


def test_a_noop_check_skips_the_work_and_still_finds_edited_or_missing_files(
        small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache, out = tmp_path / "cache", tmp_path / "docs"
    assert run(["generate", str(small), "-o", str(out)], cache).exit_code == 0
    assert '"fingerprint"' in (out / MANIFEST).read_text(encoding="utf-8")

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the design was loaded and rendered again")

    import vpcdocs.commands.generate as generate

    real = generate.prepare
    monkeypatch.setattr(generate, "prepare", no_work)
    done = run(["generate", str(small), "-o", str(out), "--check"], cache)
    assert done.exit_code == 0, done.output
    assert "up to date" in done.output
    assert run(["generate", str(small), "-o", str(out)], cache).exit_code == 0
    # an edited page, a missing page: the full check runs and finds them
    monkeypatch.setattr(generate, "prepare", real)
    page = out / "flows" / "index.md"
    original = page.read_bytes()
    page.write_bytes(original + b"edited\n")
    assert run(["generate", str(small), "-o", str(out), "--check"], cache).exit_code == 1
    page.unlink()
    done = run(["generate", str(small), "-o", str(out), "--check"], cache)
    assert done.exit_code == 1 and "flows/index.md" in done.output
    # without the record of this machine (a fresh clone, another cache), the full path runs
    page.write_bytes(original)
    monkeypatch.setattr(generate, "prepare", no_work)
    assert run(["generate", str(small), "-o", str(out), "--check"], tmp_path / "other").exit_code
    # --strict always takes the full path
    assert run(["generate", str(small), "-o", str(out), "--check", "--strict"], cache).exit_code


def test_a_noop_check_reads_only_files_whose_stat_changed(
        small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading every page of an estate-sized folder costs more than the whole no-op budget, so
    a check trusts a file whose stat (size, times, inode) is what this machine recorded when it
    last found the file intact. Any write changes the file's ctime, which cannot be set back:
    an edit that keeps the size and puts the mtime back is still found."""
    import os

    import vpcdocs.commands.generate as generate
    from vpcdocs.commands import noop
    from vpcdocs.write import planning, read_manifest

    cache, out = tmp_path / "cache", tmp_path / "docs"
    assert run(["generate", str(small), "-o", str(out)], cache).exit_code == 0
    listed = len(read_manifest(out).hashes)
    read: list[str] = []
    real_inspect = planning._inspect

    def counted(folder: Path, path: str) -> tuple[str, str | None, os.stat_result | None]:
        read.append(path)
        return real_inspect(folder, path)

    monkeypatch.setattr(planning, "_inspect", counted)
    monkeypatch.setattr(generate, "prepare", lambda *a, **k: pytest.fail("full run"))
    # Files changed within the last 2 s are read again (their stat may not show a change yet).
    check = ["generate", str(small), "-o", str(out), "--check"]
    assert run(check, cache).exit_code == 0
    assert len(read) == listed
    monkeypatch.setattr(noop, "_RACY_NS", 0)  # as if 2 s had passed since the files were written
    read.clear()
    assert run(check, cache).exit_code == 0
    assert read == []  # nothing read: every stat is as recorded
    # The same size, the mtime put back: the ctime shows the write.
    page = out / "flows" / "index.md"
    original, st = page.read_bytes(), page.stat()
    page.write_bytes(original.replace(b"#", b"%", 1))
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    monkeypatch.undo()
    done = run(check, cache)
    assert done.exit_code == 1 and "flows/index.md" in done.output
    # Put back byte for byte (a new ctime): read once, found intact, trusted again after.
    page.write_bytes(original)
    monkeypatch.setattr(noop, "_RACY_NS", 0)
    monkeypatch.setattr(planning, "_inspect", counted)
    monkeypatch.setattr(generate, "prepare", lambda *a, **k: pytest.fail("full run"))
    read.clear()
    assert run(check, cache).exit_code == 0
    assert read == ["flows/index.md"]


def test_a_folder_swapped_for_a_link_is_found_though_every_file_stat_is_the_same(
        small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a link to the moved folder each file has its recorded stat (the same inode): the
    check must still see that the folder is a link (vpcdocs never writes through one)."""
    from vpcdocs.commands import noop

    cache, out = tmp_path / "cache", tmp_path / "docs"
    assert run(["generate", str(small), "-o", str(out)], cache).exit_code == 0
    monkeypatch.setattr(noop, "_RACY_NS", 0)
    check = ["generate", str(small), "-o", str(out), "--check"]
    assert run(check, cache).exit_code == 0
    folder = next(p for p in sorted((out / "flows").iterdir()) if p.is_dir())
    moved = tmp_path / "elsewhere"
    folder.rename(moved)
    folder.symlink_to(moved, target_is_directory=True)
    monkeypatch.setenv("VPCDOCS_CACHE_DIR", str(cache))
    monkeypatch.delenv("VPCDOCS_NO_CACHE", raising=False)
    fingerprint = noop.fingerprint_of(str(small), templates=None, allow_html=False)
    assert noop.unchanged(out, fingerprint) is None
    folder.unlink()
    moved.rename(folder)
    assert noop.unchanged(out, fingerprint) is not None  # the same files in the real folder
    folder.rename(moved)
    folder.symlink_to(moved, target_is_directory=True)
    assert run(check, cache).exit_code == 1


def test_a_recorded_stat_is_trusted_only_when_it_is_older_than_the_check() -> None:
    """A file changed just before its stat was recorded may change again in the same tick of the
    file system's clock without its stat showing it: such a file is never trusted."""
    import os

    from vpcdocs.commands.noop import _RACY_NS, _Record
    from vpcdocs.write import Manifest

    def stat(size: int, mtime: int, ctime: int) -> os.stat_result:
        return cast(os.stat_result, SimpleNamespace(st_size=size, st_mtime_ns=mtime,
                                                    st_ctime_ns=ctime, st_ino=7, st_dev=3))

    taken = 10 * _RACY_NS
    old = stat(5, taken - 2 * _RACY_NS, taken - 2 * _RACY_NS)
    fp = "f" * 64
    manifest = Manifest(b"{}", {"a.md": "0" * 64}, {}, fp)
    record = _Record.of(manifest, taken, {"a.md": old})
    assert _Record.from_bytes(record.to_bytes()) == record
    assert record.trusts("a.md", old)
    assert not record.trusts("b.md", old)  # not recorded
    assert not record.trusts("a.md", stat(6, old.st_mtime_ns, old.st_ctime_ns))
    assert not record.trusts("a.md", stat(5, old.st_mtime_ns, old.st_ctime_ns + 1))
    racy = stat(5, taken - _RACY_NS // 2, taken - _RACY_NS // 2)
    assert not _Record.of(manifest, taken, {"a.md": racy}).trusts("a.md", racy)
    assert _Record.from_bytes(b"f") is None  # a record of another format: not used
    # made for this manifest and fingerprint only
    assert record.covers(manifest, fp)
    assert not record.covers(Manifest(b"{ }", manifest.hashes, {}, fp), fp)
    assert not record.covers(manifest, "e" * 64)


_NOOP_PROBE = """
import sys
from vpcdocs.cli import cli
code = 0
try:
    cli(sys.argv[1:], prog_name="vpcdocs")
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("jinja2", "pydantic", "ruamel")
               or m.startswith(("vpcdocs.loader", "vpcdocs.analysis", "vpcdocs.render.markdown",
                                "vpcdocs.render.views", "vpcdocs.site", "vpcdocs.model")))
print("HEAVY", heavy)
sys.exit(code)
"""


def test_a_noop_check_imports_neither_the_loader_nor_the_renderer(
        small: Path, tmp_path: Path) -> None:
    """Importing the loader, the analysis, the templates or Jinja2 cost more than the rest of a
    no-op run on an estate-sized design (they were pulled in to locate the built-in templates
    and the font stamp); the shortcut needs none of them."""
    import os
    import subprocess

    cache, out = tmp_path / "cache", tmp_path / "docs"
    assert run(["generate", str(small), "-o", str(out)], cache).exit_code == 0
    env = dict(os.environ, VPCDOCS_CACHE_DIR=str(cache), VPCDOCS_NO_CACHE="")
    done = subprocess.run([sys.executable, "-c", _NOOP_PROBE, "generate", str(small), "-o",
                           str(out), "--check"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date" in done.stdout
    assert "HEAVY []" in done.stdout, done.stdout


def _edit_endpoint(text: str, rng: random.Random) -> str:
    """One random endpoint's `allow_from` changed (which callers its security group admits)."""
    lines = text.split("\n")
    candidates = [n for n, line in enumerate(lines) if "allow_from: [" in line]
    n = rng.choice(candidates)
    before, _, rest = lines[n].partition("allow_from: [")
    _, _, after = rest.partition("]")
    allowed = rng.choice(["10.0.0.0/9", "10.0.0.0/8", "192.168.0.0/16"])
    lines[n] = before + "allow_from: [" + allowed + "]" + after
    return "\n".join(lines)


def _edit(text: str, rng: random.Random, step: int) -> str:
    """One random edit of a generated design's flows (they close the file)."""
    head, sep, tail = text.partition("\nflows:\n")
    lines = tail.splitlines()
    kind = rng.choice(["volume", "remove", "add"] if len(lines) > 2 else ["volume", "add"])
    n = rng.randrange(len(lines))
    if kind == "volume":
        before, _, _ = lines[n].rpartition("gb_per_month: ")
        lines[n] = before + f"gb_per_month: {rng.randrange(5000)}}}"
    elif kind == "remove":
        del lines[n]
    else:
        name, _, rest = lines[n].partition(":")
        lines.append(f"  {name.strip()}-copy{step}:{rest}")
    return head + sep + "\n".join(lines) + "\n"


def test_incremental_output_is_the_cold_output_after_random_edits(
        small: Path, tmp_path: Path) -> None:
    """Random edits of the design, the options and the templates: the folder updated in place
    with warm caches holds byte for byte what a cold run into a new folder writes."""
    rng = random.Random(16)
    warm_cache, out = tmp_path / "warm", tmp_path / "docs"
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "concepts.md.j2").write_text("# Concepts\n", encoding="utf-8")
    options: list[str] = []
    assert run(["generate", str(small), "-o", str(out)], warm_cache).exit_code == 0
    changes: list[str] = []
    for step in range(6):
        change = rng.choice(["design", "design", "endpoint", "allow-html", "template"])
        changes.append(change)
        if change == "endpoint":
            small.write_text(_edit_endpoint(small.read_text(encoding="utf-8"), rng),
                             encoding="utf-8")
        elif change == "design":
            small.write_text(_edit(small.read_text(encoding="utf-8"), rng, step),
                             encoding="utf-8")
        elif change == "allow-html":
            options = [] if options and "--allow-html" in options else ["--allow-html"]
        else:
            (templates / "concepts.md.j2").write_text(f"# Concepts {step}\n", encoding="utf-8")
            options = ["--templates", str(templates)]
        args = ["generate", str(small), *options]
        warm = run([*args, "-o", str(out)], warm_cache)
        assert warm.exit_code == 0, warm.output
        cold_out = tmp_path / f"cold{step}"
        cold = run([*args, "-o", str(cold_out)], tmp_path / f"cold-cache{step}")
        assert cold.exit_code == 0, cold.output
        assert tree(out) == tree(cold_out), f"step {step}: {change}"
        # and the no-op run right after changes nothing
        again = run([*args, "-o", str(out)], warm_cache)
        assert again.exit_code == 0 and tree(out) == tree(cold_out)
    assert {"design", "endpoint"} <= set(changes), changes


def test_reading_a_large_manifest_locates_nothing_unless_wrong(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every no-op run reads the manifest: each entry used to be located in the text (a scan
    from the start: quadratic in the entries, seconds on 2,600 files). Only a wrong entry is
    located now, still at its line."""
    from vpcdocs.write import manifest as manifest_module
    from vpcdocs.write.errors import ManifestError

    hashes = {f"flows/f{n:05}/index.md": "0" * 64 for n in range(3000)}
    (tmp_path / MANIFEST).write_bytes(manifest_module.manifest_bytes(hashes))
    calls: list[str] = []
    real = manifest_module._find
    monkeypatch.setattr(manifest_module, "_find",
                        lambda text, needle, nth=1: calls.append(needle) or real(text, needle, nth))
    assert dict(manifest_module.read_manifest(tmp_path).hashes) == hashes
    assert calls == []
    hashes["flows/f01234/index.md"] = "not a hash"
    (tmp_path / MANIFEST).write_bytes(manifest_module.manifest_bytes(hashes))
    with pytest.raises(ManifestError) as caught:
        manifest_module.read_manifest(tmp_path)
    assert ":1239:" in str(caught.value)  # the entry's line (3 header lines before f00000)
