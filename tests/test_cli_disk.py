"""The commands that write (`generate`, `build`, `serve`, `inject`, `diagram`, the docs hook) as
real processes against hostile conditions: concurrent runs, kills, full and read-only disks,
paths through files, damaged manifests, hand-added manifest entries, symbolic links, files kept
in a site, bad and busy addresses. Each failure must be one line naming the path and the cause,
exit 1 (2 for usage errors), no traceback, and the previous output intact.

This module imports nothing of vpcdocs beyond its command line, so it also runs against older
versions (which is how each test was seen to fail before the fix)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from disk import ROOT, cli_code, files, leftovers, remount_read_only, run_killed, tmpfs, vpcdocs

SMALL = (ROOT / "tests" / "test_cli_site.py").read_text().split('SMALL = """\\\n')[1].split('"""')[0]
OTHER = SMALL.replace("web-to-s3:", "web-to-s3-renamed:").replace("100", "700")
MANIFEST = ".vpcdocs-manifest.json"


@pytest.fixture
def designs(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(SMALL)
    b.write_text(OTHER)
    return a, b


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The pages of SMALL and OTHER, as a generate into an empty folder writes them."""
    pages = {}
    for name, text in (("a", SMALL), ("b", OTHER)):
        folder = tmp_path_factory.mktemp(f"reference-{name}")
        (folder / f"{name}.yaml").write_text(text)
        done = vpcdocs("generate", f"{name}.yaml", "--out", "out", cwd=folder)
        assert done.returncode == 0, done.stderr
        pages[name] = {k: v for k, v in files(folder / "out").items() if k != MANIFEST}
    return pages


SUMMARY = re.compile(r": (\d+) new, (\d+) changed, (\d+) removed, (\d+) unchanged")


def expected_counts(start: dict[str, bytes], pages: dict[str, bytes]) -> tuple[int, ...]:
    return (
        sum(p not in start for p in pages),
        sum(p in start and start[p] != pages[p] for p in pages),
        sum(p not in pages for p in start),
        sum(start.get(p) == pages[p] for p in pages),
    )


# --------------------------------------------------------------------------- concurrent runs


def test_concurrent_generates_never_get_stuck_and_report_exactly(
    tmp_path: Path, designs: tuple[Path, Path], reference: dict[str, dict[str, bytes]]
) -> None:
    """(Many more rounds, without the rendering, in test_write_races.py.)"""
    a, b = designs
    pages = {a: reference["a"], b: reference["b"]}
    out = tmp_path / "docs"
    assert vpcdocs("generate", str(a), "--out", str(out)).returncode == 0
    order = [b, a, b]
    children = [
        subprocess.Popen([sys.executable, "-m", "vpcdocs", "generate", str(d), "--out", str(out)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "VPCDOCS_LOCK_TIMEOUT": "120"})
        for d in order
    ]
    results = [(child.wait(timeout=300), *child.communicate()) for child in children]
    for code, _stdout, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
    counts = [tuple(int(x) for x in SUMMARY.search(stdout).groups())  # type: ignore[union-attr]
              for _, stdout, _ in results]
    # the runs took turns: some order explains every run's report exactly
    fits = []
    for perm in itertools.permutations(range(len(order))):
        state, ok = pages[a], True
        for i in perm:
            if expected_counts(state, pages[order[i]]) != counts[i]:
                ok = False
                break
            state = pages[order[i]]
        if ok:
            fits.append(perm)
    assert fits, counts
    last = order[fits[0][-1]]
    assert {k: v for k, v in files(out).items() if k != MANIFEST} == pages[last]
    check = vpcdocs("generate", str(last), "--out", str(out), "--check")
    assert check.returncode == 0, check.stderr
    other = a if last == b else b
    assert vpcdocs("generate", str(other), "--out", str(out)).returncode == 0  # never stuck
    assert leftovers(out) == []


def test_a_busy_docs_folder_fails_after_waiting(tmp_path: Path, designs: tuple[Path, Path]) -> None:
    a, _ = designs
    out = tmp_path / "docs"
    assert vpcdocs("generate", str(a), "--out", str(out)).returncode == 0
    before = files(out)
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as another vpcdocs run holds it
        busy = vpcdocs("generate", str(a), "--out", str(out), env={"VPCDOCS_LOCK_TIMEOUT": "0.3"})
    finally:
        os.close(fd)
    assert busy.returncode == 1
    assert "another vpcdocs run is writing this folder" in one_error_line(busy)
    assert files(out) == before and leftovers(out) == []


# --------------------------------------------------------------------------- kills


@pytest.mark.parametrize("kill_at", [9])  # at every point: test_write_races.py
def test_a_killed_generate_leaves_nothing_stuck(
    tmp_path: Path, designs: tuple[Path, Path], kill_at: int
) -> None:
    a, b = designs
    out = tmp_path / "docs"
    assert vpcdocs("generate", str(a), "--out", str(out)).returncode == 0
    killed = run_killed(cli_code("generate", str(b), "--out", str(out)), kill_at=kill_at,
                        calls="replace,unlink")
    assert killed.returncode == -9, killed.stderr
    orphans = leftovers(out)
    check = vpcdocs("generate", str(a), "--out", str(out), "--check")
    assert check.returncode == 1
    for orphan in orphans:
        assert f"{orphan}: stale" in check.stderr
    again = vpcdocs("generate", str(a), "--out", str(out))  # not the design the killed run had
    assert again.returncode == 0, again.stderr
    assert leftovers(out) == []
    assert vpcdocs("generate", str(a), "--out", str(out), "--check").returncode == 0


@pytest.mark.parametrize(("calls", "kill_at"), [("replace", 5)])
def test_a_generate_stopped_by_sigterm_cleans_up(
    tmp_path: Path, designs: tuple[Path, Path], calls: str, kill_at: int
) -> None:
    a, b = designs
    out = tmp_path / "docs"
    assert vpcdocs("generate", str(a), "--out", str(out)).returncode == 0
    stopped = run_killed(cli_code("generate", str(b), "--out", str(out)), kill_at=kill_at,
                         calls=calls, signum=signal.SIGTERM)
    assert stopped.returncode == 128 + signal.SIGTERM, stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert leftovers(out) == []  # its temporaries went with it
    assert vpcdocs("generate", str(a), "--out", str(out)).returncode == 0
    assert vpcdocs("generate", str(a), "--out", str(out), "--check").returncode == 0


def test_a_build_stopped_by_sigterm_cleans_up(tmp_path: Path, designs: tuple[Path, Path]) -> None:
    a, b = designs
    site = tmp_path / "site"
    assert vpcdocs("build", str(a), "--site-dir", str(site), cwd=tmp_path).returncode == 0
    before = files(site)
    stopped = run_killed(cli_code("build", str(b), "--site-dir", str(site)), kill_at=20,
                         calls="shutil.copyfile", cwd=tmp_path, signum=signal.SIGTERM)
    assert stopped.returncode == 128 + signal.SIGTERM, stopped.stderr
    assert files(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "site"]


@pytest.mark.parametrize(
    ("calls", "kill_at"),
    [
        ("shutil.copyfile", 20),  # while MkDocs copies the theme into the new site
        ("vpcdocs.site.build.exchange", 1),  # just before the swap
        ("shutil.rmtree", 1),  # just after it, before the old site is removed
    ],
)
def test_a_killed_build_leaves_no_orphan(
    tmp_path: Path, designs: tuple[Path, Path], calls: str, kill_at: int
) -> None:
    a, b = designs
    site = tmp_path / "site"
    assert vpcdocs("build", str(a), "--site-dir", str(site), cwd=tmp_path).returncode == 0
    before = files(site)
    killed = run_killed(cli_code("build", str(b), "--site-dir", str(site)), kill_at=kill_at,
                        calls=calls, cwd=tmp_path)
    assert killed.returncode == -9, killed.stderr
    after = files(site)  # wholly old, or wholly new
    assert after == before or ("b.yaml" in after["index.html"].decode() and ".vpcdocs-site" in after)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".vpcdocs-tmp-")]
    again = vpcdocs("build", str(b), "--site-dir", str(site), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "left by a killed build" in again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "site"]


PAUSE_AT_SWAP = """
import os, sys, time
from pathlib import Path
paused, go, site = Path(os.environ["PAUSED"]), Path(os.environ["GO"]), os.environ["SITE"]
def hold():
    paused.touch()
    while not go.exists():
        time.sleep(0.05)
import vpcdocs.site.build as build
if hasattr(build, "exchange"):  # the swap is one step: pause just before it
    real_exchange = build.exchange
    def exchange(a, b):
        hold()
        return real_exchange(a, b)
    build.exchange = exchange
else:  # the swap is two renames: pause between them (old site aside, new one not yet in)
    real_rename = os.rename
    def rename(src, dst):
        result = real_rename(src, dst)
        if str(src) == site:
            hold()
        return result
    os.rename = rename
sys.argv = ["vpcdocs", "build", os.environ["DESIGN"], "--site-dir", site]
from vpcdocs.cli import main
main()
"""


def test_racing_builds_take_turns(tmp_path: Path, designs: tuple[Path, Path]) -> None:
    """A second build that comes while the first is swapping its site in (once: errno 39,
    ENOTEMPTY, and a traceback) waits for it instead."""
    a, b = designs
    site = tmp_path / "site"
    assert vpcdocs("build", str(a), "--site-dir", str(site), cwd=tmp_path).returncode == 0
    env = {**os.environ, "PAUSED": str(tmp_path / "paused"), "GO": str(tmp_path / "go"),
           "SITE": str(site), "DESIGN": str(a), "VPCDOCS_LOCK_TIMEOUT": "300"}
    first = subprocess.Popen([sys.executable, "-c", PAUSE_AT_SWAP], cwd=tmp_path, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not (tmp_path / "paused").exists() and first.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    second = subprocess.Popen([sys.executable, "-m", "vpcdocs", "build", str(b), "--site-dir",
                               str(site)], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    with contextlib.suppress(subprocess.TimeoutExpired):
        second.wait(timeout=15)  # it waits for the lock (an unlocked build would finish)
    (tmp_path / "go").touch()
    for child in (first, second):
        _, stderr = child.communicate(timeout=600)
        assert child.returncode == 0, stderr
        assert "Traceback" not in stderr
    assert (site / "index.html").is_file() and (site / ".vpcdocs-site").is_file()
    assert "b.yaml" in (site / "index.html").read_text()  # the second build came last
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "go", "paused",
                                                          "site"]


def test_a_busy_site_fails_after_waiting(tmp_path: Path, designs: tuple[Path, Path]) -> None:
    a, _ = designs
    site = tmp_path / "site"
    assert vpcdocs("build", str(a), "--site-dir", str(site), cwd=tmp_path).returncode == 0
    before = files(site)
    fd = os.open(site, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        busy = vpcdocs("build", str(a), "--site-dir", str(site), cwd=tmp_path,
                       env={"VPCDOCS_LOCK_TIMEOUT": "0.3"})
    finally:
        os.close(fd)
    assert busy.returncode == 1
    assert "another vpcdocs run is writing this folder" in one_error_line(busy)
    assert files(site) == before


# --------------------------------------------------------------------------- broken filesystems


def test_paths_through_a_file(tmp_path: Path, designs: tuple[Path, Path]) -> None:
    a, _ = designs
    (tmp_path / "notes.txt").write_text("mine")
    for args in (["generate", str(a), "--out", "notes.txt/docs"],
                 ["generate", str(a), "--out", "notes.txt/docs", "--check"],
                 ["build", str(a), "--site-dir", "notes.txt/site"]):
        result = vpcdocs(*args, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert "notes.txt is a file, not a folder" in one_error_line(result)
    assert sorted(os.listdir(tmp_path)) == ["a.yaml", "b.yaml", "notes.txt"]


def test_a_manifest_of_nested_brackets(tmp_path: Path, designs: tuple[Path, Path]) -> None:
    a, _ = designs
    out = tmp_path / "docs"
    out.mkdir()
    (out / MANIFEST).write_bytes(b"[" * 200_000)
    for extra in ([], ["--check"]):
        result = vpcdocs("generate", str(a), "--out", str(out), *extra)
        assert result.returncode == 1
        line = result.stderr.splitlines()[0]
        assert line.startswith(f"{out / MANIFEST}:1:65: error[MANIFEST_NESTING]:"), result.stderr
        assert "Traceback" not in result.stderr
    assert sorted(os.listdir(out)) == [MANIFEST]


def test_full_and_read_only_disks(tmp_path: Path, designs: tuple[Path, Path]) -> None:
    a, b = designs
    with tmpfs(tmp_path / "disk", "640k") as mount:
        out = mount / "docs"
        site = mount / "site"
        assert vpcdocs("generate", str(a), "--out", str(out)).returncode == 0
        before = files(out)
        big = tmp_path / "big.yaml"
        big.write_text(SMALL.replace("title: Small", "title: Small\ndescription: |\n  "
                                     + "Lots of words. " * 30000))
        full = vpcdocs("generate", str(big), "--out", str(out))
        assert full.returncode == 1
        assert "No space left on device" in one_error_line(full)
        assert files(out) == before and leftovers(mount) == []
        nospace = vpcdocs("build", str(a), "--site-dir", str(site), cwd=tmp_path)
        assert nospace.returncode == 1
        assert "No space left on device" in one_error_line(nospace)
        assert sorted(os.listdir(mount)) == ["docs"]
        remount_read_only(mount)
        for args in (["generate", str(b), "--out", str(out)],
                     ["generate", str(a), "--out", str(mount / "new")],
                     ["build", str(a), "--site-dir", str(site)]):
            result = vpcdocs(*args, cwd=tmp_path)
            assert result.returncode == 1, result.stderr
            assert "Read-only file system" in one_error_line(result)
        assert vpcdocs("generate", str(a), "--out", str(out), "--check").returncode == 0
        assert files(out) == before


# --------------------------------------------------------------------------- ownership


def test_a_hand_added_manifest_entry_deletes_nothing(tmp_path: Path,
                                                     designs: tuple[Path, Path]) -> None:
    a, _ = designs
    out = tmp_path / "docs"
    assert vpcdocs("generate", str(a), "--out", str(out)).returncode == 0
    (out / "notes.md").write_text("years of notes\n")
    document = json.loads((out / MANIFEST).read_text())
    document["sha256"]["notes.md"] = hashlib.sha256(b"years of notes\n").hexdigest()
    (out / MANIFEST).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    result = vpcdocs("generate", str(a), "--out", str(out))
    assert (out / "notes.md").read_text() == "years of notes\n"
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{out / 'notes.md'}" in result.stderr and "does not delete them" in result.stderr


# --------------------------------------------------------------------------- site.keep


def test_build_keeps_cname_and_listed_files(tmp_path: Path, designs: tuple[Path, Path]) -> None:
    a, b = designs
    site = tmp_path / "site"
    assert vpcdocs("build", str(a), "--site-dir", str(site), cwd=tmp_path).returncode == 0
    (site / "CNAME").write_text("docs.example.com\n")
    (site / ".nojekyll").write_text("")
    (site / "robots.txt").write_text("User-agent: *\n")
    again = vpcdocs("build", str(b), "--site-dir", str(site), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (site / "CNAME").read_text() == "docs.example.com\n"
    assert (site / ".nojekyll").exists() and not (site / "robots.txt").exists()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".vpcdocs.yml").write_text("site:\n  keep: [CNAME, extra/, robots.txt]\n")
    (site / "robots.txt").write_text("User-agent: *\n")
    (site / "extra").mkdir()
    (site / "extra" / "a.txt").write_text("a")
    assert vpcdocs("build", str(a), "--site-dir", str(site), cwd=tmp_path).returncode == 0
    assert (site / "robots.txt").exists() and (site / "extra" / "a.txt").read_text() == "a"
    assert (site / "CNAME").exists() and not (site / ".nojekyll").exists()
    (tmp_path / ".vpcdocs.yml").write_text("site:\n  keep: [../outside]\n")
    bad = vpcdocs("build", str(a), "--site-dir", str(site), cwd=tmp_path)
    assert bad.returncode == 1
    assert ".vpcdocs.yml:2:10: error[CONFIG_PATH]: `site.keep` must stay inside the site" in (
        bad.stderr)


# --------------------------------------------------------------------------- symbolic links


def test_inject_and_diagram_write_through_symlinks(tmp_path: Path,
                                                   designs: tuple[Path, Path]) -> None:
    a, _ = designs
    real = tmp_path / "shared" / "README.md"
    real.parent.mkdir()
    real.write_text("# Project\n\n<!-- BEGIN_VPCDOCS -->\n<!-- END_VPCDOCS -->\n")
    (tmp_path / "README.md").symlink_to("shared/README.md")
    result = vpcdocs("inject", "README.md", "--topology", str(a), "--docs", "docs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "README.md").is_symlink()
    assert "web-to-s3" in real.read_text()
    (tmp_path / "out").mkdir()
    (tmp_path / "link.svg").symlink_to("out/picture.svg")
    drawn = vpcdocs("diagram", str(a), "-o", "link.svg", cwd=tmp_path)
    assert drawn.returncode == 0, drawn.stderr
    assert (tmp_path / "link.svg").is_symlink()
    assert b"<svg" in (tmp_path / "out" / "picture.svg").read_bytes()
    (tmp_path / "change.dot").symlink_to("out/change.dot")
    changed = vpcdocs("diff", str(a), str(designs[1]), "--diagram", "change.dot", cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    assert (tmp_path / "change.dot").is_symlink()
    assert b"digraph" in (tmp_path / "out" / "change.dot").read_bytes()
    os.mkfifo(tmp_path / "pipe.dot")  # writing into a FIFO would block forever
    piped = vpcdocs("diff", str(a), str(designs[1]), "--diagram", "pipe.dot", cwd=tmp_path,
                    timeout=120)
    assert piped.returncode == 1
    assert "pipe.dot: is not a regular file" in one_error_line(piped)
    os.mkfifo(tmp_path / "pipe.svg")
    piped = vpcdocs("diagram", str(a), "-o", "pipe.svg", cwd=tmp_path)
    assert piped.returncode == 1
    assert "pipe.svg: is not a regular file" in one_error_line(piped)
    assert (tmp_path / "pipe.svg").is_fifo()
    (tmp_path / "loop.svg").symlink_to("loop.svg")
    looped = vpcdocs("diagram", str(a), "-o", "loop.svg", cwd=tmp_path)
    assert looped.returncode == 1
    assert "loop.svg: is a symbolic link that loops" in one_error_line(looped)
    assert (tmp_path / "loop.svg").is_symlink()
    assert not leftovers(tmp_path)


# --------------------------------------------------------------------------- serve


@pytest.fixture
def private_tmp(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "tmp"
    folder.mkdir()
    yield folder


def start_serve(design: Path, addr: str, tmp: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "vpcdocs", "serve", str(design), "-a", addr],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=design.parent,
        env={**os.environ, "TMPDIR": str(tmp)},
    )


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_reports_the_real_port_and_cleans_up_when_stopped(
    designs: tuple[Path, Path], private_tmp: Path, stop: signal.Signals
) -> None:
    a, _ = designs
    child = start_serve(a, "127.0.0.1:0", private_tmp)
    try:
        assert child.stderr is not None
        line = child.stderr.readline()
        found = re.search(r"Serving .* at http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        port = int(found.group(1))
        assert port != 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert b"Small" in response.read()
        assert len(list(private_tmp.iterdir())) == 1  # its private folder, while it runs
        child.send_signal(stop)
        child.wait(timeout=60)
    finally:
        child.kill()
        child.wait()
    assert list(private_tmp.iterdir()) == []


def test_serve_removes_the_folder_of_a_killed_preview(
    designs: tuple[Path, Path], private_tmp: Path
) -> None:
    a, _ = designs
    first = start_serve(a, "127.0.0.1:0", private_tmp)
    assert first.stderr is not None
    assert "Serving" in first.stderr.readline()
    first.kill()
    first.wait()
    assert len(list(private_tmp.iterdir())) == 1  # SIGKILL: nothing could clean up
    second = start_serve(a, "127.0.0.1:0", private_tmp)
    try:
        assert second.stderr is not None
        assert "Serving" in second.stderr.readline()
        assert len(list(private_tmp.iterdir())) == 1  # only its own
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=60)
    assert list(private_tmp.iterdir()) == []


def test_serve_refuses_a_busy_or_bad_address(
    designs: tuple[Path, Path], private_tmp: Path
) -> None:
    a, _ = designs
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = vpcdocs("serve", str(a), "-a", f"127.0.0.1:{port}", cwd=a.parent,
                       env={"TMPDIR": str(private_tmp)})
    assert busy.returncode == 2
    assert "Serving" not in busy.stderr and "Traceback" not in busy.stderr
    assert "Address already in use" in busy.stderr
    for addr in ("nowhere.invalid:8000", "127.0.0.1:70000", "127.0.0.1:port", ":8000",
                 "999.1.1.1:8000"):
        bad = vpcdocs("serve", str(a), "-a", addr, cwd=a.parent,
                      env={"TMPDIR": str(private_tmp)})
        assert bad.returncode == 2, (addr, bad.stderr)
        assert "Serving" not in bad.stderr and "Traceback" not in bad.stderr
    assert list(private_tmp.iterdir()) == []


# --------------------------------------------------------------------------- the docs hook


def test_the_docs_hook_takes_the_lock(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "network.yaml").write_text(SMALL)
    out = tmp_path / "docs" / "network"
    out.mkdir(parents=True)
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        busy = vpcdocs("hook", "docs", cwd=tmp_path, env={"VPCDOCS_LOCK_TIMEOUT": "0.2"})
    finally:
        os.close(fd)
    assert busy.returncode == 1
    assert "another vpcdocs run is writing this folder" in one_error_line(busy)
    assert os.listdir(out) == []
    shutil.rmtree(out)
    assert vpcdocs("hook", "docs", cwd=tmp_path).returncode == 1  # wrote the docs
    assert vpcdocs("hook", "docs", cwd=tmp_path).returncode == 0
