"""The docs-tree writer under stress, in process: the folder lock, exact reports of what a run
changed, full and read-only disks (simulated, and real where a tmpfs can be mounted), damaged
manifests as located errors, hand-added manifest entries, orphaned temporaries, and writes
through symbolic links."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from disk import A, B, files, leftovers, remount_read_only, tmpfs

from vpcdocs.fs import temps
from vpcdocs.fs.lock import folder_lock
from vpcdocs.write import (
    MANIFEST_NAME,
    ConflictError,
    FileSystemError,
    ManifestError,
    WriteError,
    apply,
    atomic_write,
    check,
    check_tree,
    manifest_bytes,
    plan,
    write_tree,
)
from vpcdocs.write import applying as apply_module


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --------------------------------------------------------------------------- the lock


def test_a_second_run_waits_then_fails_with_a_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    before = files(out)
    with folder_lock(out, timeout=0):
        started = time.monotonic()
        with pytest.raises(WriteError, match="another vpcdocs run is writing this folder"):
            write_tree(out, B, timeout=0.3)
        assert time.monotonic() - started >= 0.3  # it waited before giving up
        with pytest.raises(WriteError, match="another vpcdocs run"):
            check_tree(out, B, timeout=0)
    assert files(out) == before
    assert write_tree(out, B).changed  # free again


def test_a_waiting_run_goes_ahead_when_the_first_finishes(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    release = threading.Event()

    def holder() -> None:
        with folder_lock(out):
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    time.sleep(0.1)
    threading.Timer(0.3, release.set).start()
    result = write_tree(out, B, timeout=30)
    thread.join()
    assert files(out) == {**B, MANIFEST_NAME: (out / MANIFEST_NAME).read_bytes()}
    assert set(result.new) == {"flows/c.md", "vpcs/x.md"} and result.removed == ("flows/b.md",)


def test_the_lock_of_a_killed_process_is_free_at_once(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    code = (
        "import os, signal, sys\nfrom pathlib import Path\n"
        "from vpcdocs.fs.lock import folder_lock\n"
        "with folder_lock(Path(sys.argv[1])) as held:\n"
        "    assert held\n    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    child = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True)
    assert child.returncode == -9
    with folder_lock(out, timeout=0) as held:  # no waiting, no stale lock to take over
        assert held
    assert sorted(os.listdir(out)) == []  # and no lock file, ever


def test_a_waiting_run_locks_the_folder_that_replaced_the_one_it_waited_for(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old").write_text("old")
    new = tmp_path / "new"
    new.mkdir()
    (new / "new").write_text("new")
    got: list[list[str]] = []
    first = folder_lock(site)
    first.__enter__()

    def waiter() -> None:
        with folder_lock(site, timeout=30):
            got.append(sorted(os.listdir(site)))

    thread = threading.Thread(target=waiter)
    thread.start()
    time.sleep(0.2)
    os.rename(site, tmp_path / "aside")
    os.rename(new, site)
    first.__exit__(None, None, None)
    thread.join()
    assert got == [["new"]]


# --------------------------------------------------------------------------- exact reports


def test_a_conflict_is_found_before_anything_is_written(tmp_path: Path) -> None:
    """Once, a run said "nothing was changed" after writing two pages."""
    out = tmp_path / "docs"
    write_tree(out, A)
    the_plan = plan(out, B)
    (out / "index.md").write_bytes(b"# edited by hand meanwhile\n")
    before = files(out)
    with pytest.raises(ConflictError, match=r"nothing was changed") as caught:
        apply(the_plan)
    assert "index.md: changed on disk while vpcdocs ran" in str(caught.value)
    assert files(out) == before
    assert leftovers(out) == []


def test_a_late_conflict_names_exactly_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    real_record = apply_module._record

    def record_then_edit(p: object, staged: list[object]) -> None:
        real_record(p, staged)  # type: ignore[arg-type]
        (out / "index.md").write_bytes(b"# edited by hand at the last moment\n")

    monkeypatch.setattr(apply_module, "_record", record_then_edit)
    with pytest.raises(WriteError) as caught:
        apply(plan(out, B))
    message = str(caught.value)
    assert "nothing was changed" not in message
    # renames go in path order: diagrams/overview.svg, flows/c.md, index.md (stops), vpcs/x.md
    assert "diagrams/overview.svg (written), flows/c.md (written)" in message
    assert "index.md: changed on disk while vpcdocs ran" in message
    on_disk = files(out)
    assert on_disk["diagrams/overview.svg"] == B["diagrams/overview.svg"]
    assert on_disk["flows/c.md"] == B["flows/c.md"]
    assert "vpcs/x.md" not in on_disk and on_disk["flows/b.md"] == A["flows/b.md"]
    assert leftovers(out) == []
    monkeypatch.undo()
    (out / "index.md").write_bytes(A["index.md"])  # the user undoes the edit
    result = write_tree(out, B)  # not stuck
    assert result.changed == ("index.md",) and result.new == ("vpcs/x.md",)
    assert check_tree(out, B).up_to_date


def test_the_summary_counts_what_was_done(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert write_tree(out, A).summary() == "4 new, 0 changed, 0 removed, 0 unchanged"
    assert write_tree(out, B).summary() == "2 new, 2 changed, 1 removed, 1 unchanged"
    again = write_tree(out, B)
    assert again.summary() == "0 new, 0 changed, 0 removed, 5 unchanged"
    assert not again.wrote_anything


# --------------------------------------------------------------------------- full and read-only disks


def _fail_nth(monkeypatch: pytest.MonkeyPatch, name: str, n: int, code: int,
              only: str = "") -> None:
    """Make the `n`-th call of `os.<name>` (on a path containing `only`) fail with `code`."""
    real: Callable[..., object] = getattr(os, name)
    count = [0]

    def failing(*args: object, **kwargs: object) -> object:
        if only in str(args[0]):
            count[0] += 1
            if count[0] == n:
                raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)


@pytest.mark.parametrize(
    ("name", "n", "code", "only"),
    [
        ("write", 1, errno.ENOSPC, ""),
        ("write", 4, errno.ENOSPC, ""),
        ("write", 6, errno.EDQUOT, ""),  # the manifests are staged last
        ("fsync", 3, errno.EIO, ""),
        ("mkdir", 1, errno.EROFS, "vpcs"),
        ("open", 1, errno.EROFS, "tmp-"),
        ("open", 5, errno.EACCES, "tmp-"),
    ],
)
def test_a_failing_disk_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, n: int, code: int, only: str
) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    before = files(out)
    _fail_nth(monkeypatch, name, n, code, only)
    with pytest.raises(FileSystemError) as caught:
        write_tree(out, B)
    message = str(caught.value)
    assert os.strerror(code) in message and "was changed" in message
    assert "\n" not in message and str(out) in message
    monkeypatch.undo()
    assert files(out) == before
    assert leftovers(out) == []
    assert sorted(p.name for p in out.iterdir()) == sorted(["diagrams", "flows", "index.md",
                                                            MANIFEST_NAME])  # no vpcs/ left
    assert write_tree(out, B).new == ("flows/c.md", "vpcs/x.md")


def test_a_rename_failing_half_way_leaves_nothing_stuck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    _fail_nth(monkeypatch, "replace", 3, errno.EIO)
    with pytest.raises(WriteError, match=r"Input/output error[\s\S]*stopped half way"):
        write_tree(out, B)
    monkeypatch.undo()
    assert leftovers(out) == []
    other = {**A, "index.md": b"# a third version\n"}
    assert write_tree(out, other).changed  # whatever the next run generates, it goes on
    assert check_tree(out, other).up_to_date


def test_a_real_full_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "64k") as mount:
        out = mount / "docs"
        write_tree(out, A)
        before = files(out)
        big = {**B, "diagrams/overview.svg": b"<svg>" + b"x" * 200_000 + b"</svg>\n"}
        with pytest.raises(FileSystemError, match="No space left on device") as caught:
            write_tree(out, big)
        assert "diagrams/overview.svg" in str(caught.value)
        assert files(out) == before and leftovers(out) == []
        assert write_tree(out, B).new  # the space is free again


def test_a_real_read_only_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "1m") as mount:
        out = mount / "docs"
        write_tree(out, A)
        (out / f"{temps.MARKER}{dead_pid()}-0123abcd").write_bytes(b"half")
        remount_read_only(mount)
        before = files(out)
        with pytest.raises(FileSystemError, match="Read-only file system"):
            write_tree(out, B)
        with pytest.raises(FileSystemError, match=r"docs2: cannot create the folder: Read-only"):
            write_tree(mount / "docs2", A)
        lines = check(check_tree(out, A))  # --check works on a read-only checkout
        assert lines == [f"{temps.MARKER}{lines[0].split(temps.MARKER)[1].split(':')[0]}: "
                         "stale (a temporary file left by a killed vpcdocs run)"]
        assert files(out) == before


def test_a_file_where_a_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileSystemError) as caught:
        write_tree(tmp_path / "notes.txt" / "docs", A)
    assert str(caught.value).endswith("notes.txt is a file, not a folder")
    with pytest.raises(FileSystemError, match=r"notes\.txt is a file, not a folder"):
        check_tree(tmp_path / "notes.txt" / "docs", A)
    assert (tmp_path / "notes.txt").read_text() == "mine"


# --------------------------------------------------------------------------- damaged manifests


@pytest.mark.parametrize(
    ("content", "located"),
    [
        (b"[" * 100_000, r":1:65: error\[MANIFEST_NESTING\]"),
        (b'{"generator": "vpcdocs",\n  "sha256": {"a": [' + b"[" * 5000 + b"]}}",
         r":2:\d+: error\[MANIFEST_NESTING\]"),
        (b'{"generator": "vpcdocs", "manifest_version": 1, "sha256": {}, "n": ' + b"1" * 5000
         + b"}", r":1:1: error\[MANIFEST_SYNTAX\]"),
        (b'{\n "generator": "vpcdocs",\n "generator": "vpcdocs"}',
         r":3:2: error\[MANIFEST_DUPLICATE\]"),
        (b'{"generator": "vpcdocs", "manifest_version": 1,\n "sha256": {"a.md": "beef"}}',
         r":2:13: error\[MANIFEST_ENTRY\]: bad sha256 for 'a.md'"),
        (b"\xff\xfe", r":1:1: error\[MANIFEST_ENCODING\]"),
        (b'{"generator": "vpcdocs",\n  oops}', r":2:3: error\[MANIFEST_SYNTAX\]"),
    ],
)
def test_a_damaged_manifest_is_a_located_error(
    tmp_path: Path, content: bytes, located: str
) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / MANIFEST_NAME).write_bytes(content)
    with pytest.raises(ManifestError, match=located) as caught:
        write_tree(out, A)
    assert str(caught.value).startswith(str(out / MANIFEST_NAME))
    assert (out / MANIFEST_NAME).read_bytes() == content
    assert sorted(os.listdir(out)) == [MANIFEST_NAME]


def test_a_manifest_that_is_not_a_regular_file_is_refused_without_blocking(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    os.mkfifo(out / MANIFEST_NAME)  # reading a FIFO would block forever
    with pytest.raises(ManifestError, match=r"error\[MANIFEST_TYPE\]"):
        plan(out, A)
    os.unlink(out / MANIFEST_NAME)
    with open(out / MANIFEST_NAME, "wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: nothing is read before the size check
    with pytest.raises(ManifestError, match=r"error\[MANIFEST_SIZE\]"):
        plan(out, A)


# --------------------------------------------------------------------------- ownership


def _hand_add(out: Path, path: str, *, key: str = "sha256") -> None:
    document = json.loads((out / MANIFEST_NAME).read_text())
    document.setdefault(key, {})[path] = sha((out / path).read_bytes())
    (out / MANIFEST_NAME).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")


@pytest.mark.parametrize("key", ["sha256", "pending"])
def test_a_hand_added_manifest_entry_never_deletes_a_users_file(tmp_path: Path, key: str) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    (out / "notes.md").write_text("my own notes\n")
    _hand_add(out, "notes.md", key=key)
    result = write_tree(out, A)
    assert (out / "notes.md").read_text() == "my own notes\n"
    assert result.kept == ("notes.md",) and result.removed == ()
    assert check(check_tree(out, A)) == [
        "notes.md: obsolete (vpcdocs cannot vouch for this copy, so it is not deleted for you)"
    ]
    result = write_tree(out, B)  # a later run deletes its own obsolete file, not the user's
    assert result.removed == ("flows/b.md",) and result.kept == ("notes.md",)
    assert (out / "notes.md").read_text() == "my own notes\n"


def test_obsolete_files_that_came_from_elsewhere_are_kept(tmp_path: Path) -> None:
    first = tmp_path / "first"
    write_tree(first, A)
    clone = tmp_path / "clone"  # e.g. a fresh clone of a repository that holds the docs
    clone.mkdir()
    for name, data in files(first).items():
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        (clone / name).write_bytes(data)
    result = write_tree(clone, B)
    assert result.kept == ("flows/b.md",) and (clone / "flows/b.md").exists()
    assert result.changed == ("diagrams/overview.svg", "index.md")  # owned files are updated
    os.unlink(clone / "flows/b.md")  # the user deletes it
    assert write_tree(clone, B).kept == ()
    assert check_tree(clone, B).up_to_date
    # a page that a run here found exactly as vpcdocs generates it is vpcdocs' output: once it
    # is obsolete, it is deleted like one vpcdocs wrote
    other = tmp_path / "other-clone"
    shutil.copytree(first, other)
    assert not write_tree(other, A).wrote_anything  # a no-op run: every page is current
    result = write_tree(other, B)
    assert result.removed == ("flows/b.md",) and result.kept == ()


def test_a_file_replaced_by_the_user_is_not_vouched_for(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    data = (out / "flows/b.md").read_bytes()
    os.unlink(out / "flows/b.md")
    (out / "flows/b.md").write_bytes(data)  # same bytes, but not the file vpcdocs wrote
    assert write_tree(out, B).kept == ("flows/b.md",)


def test_without_a_local_record_nothing_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    state = Path(os.environ["VPCDOCS_STATE_DIR"])
    monkeypatch.setenv("VPCDOCS_STATE_DIR", str(tmp_path / "other-state"))
    assert write_tree(out, B).kept == ("flows/b.md",)
    monkeypatch.setenv("VPCDOCS_STATE_DIR", str(state))
    record = next((state / "owned").glob("*.json"))
    assert record.is_file()


def test_a_state_folder_others_can_write_to_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared-state"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("VPCDOCS_STATE_DIR", str(shared))
    out = tmp_path / "docs"
    write_tree(out, A)
    assert write_tree(out, B).kept == ("flows/b.md",)
    assert not (shared / "owned").exists()


# --------------------------------------------------------------------------- orphans


def test_orphans_of_killed_runs_are_reported_then_removed(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    pid = dead_pid()
    orphans = [out / f"{temps.MARKER}{pid}-0123abcd", out / "flows" / f"{temps.MARKER}{pid}-89ab4567",
               out / "flows" / f"{temps.MARKER}x1y2z3w4"]  # the name older versions used
    for path in orphans:
        path.write_bytes(b"half a page")
    user = out / f"{temps.MARKER}notes.txt"  # not a vpcdocs name: never touched
    user.write_text("mine")
    lines = check(check_tree(out, A))
    assert lines == sorted(
        f"{p.relative_to(out).as_posix()}: stale (a temporary file left by a killed vpcdocs run)"
        for p in orphans
    )
    result = write_tree(out, A)
    assert result.summary().endswith("3 temporary files of killed runs removed")
    assert leftovers(out) == [user.name] and user.read_text() == "mine"
    assert check_tree(out, A).up_to_date


def test_the_temporary_of_a_live_writer_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, A)
    code = (
        "import sys, time\nfrom pathlib import Path\nfrom vpcdocs.fs import temps\n"
        "fd, path = temps.create_file(Path(sys.argv[1]))\nprint(path, flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout is not None
        live = Path(child.stdout.readline().strip())
        os.utime(live, (0, 0))  # old, and yet its writer holds it
        assert check_tree(out, A).up_to_date
        write_tree(out, B)
        assert live.exists()
    finally:
        child.kill()
        child.wait()
    assert write_tree(out, B).orphans_removed == (live.name,)


# --------------------------------------------------------------------------- symbolic links


def test_writing_through_a_symlink_updates_its_target(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "README.md"
    real.parent.mkdir()
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "README.md"
    link.symlink_to(Path("elsewhere") / "README.md")
    chained = tmp_path / "chain.md"
    chained.symlink_to("README.md")
    atomic_write(chained, b"new\n")
    assert link.is_symlink() and chained.is_symlink()
    assert os.readlink(link) == str(Path("elsewhere") / "README.md")
    assert real.read_bytes() == b"new\n" and (real.stat().st_mode & 0o777) == 0o640
    assert leftovers(tmp_path) == []


def test_a_dangling_symlink_gets_its_target_created(tmp_path: Path) -> None:
    link = tmp_path / "out.svg"
    link.symlink_to("made.svg")
    atomic_write(link, b"<svg/>")
    assert link.is_symlink() and (tmp_path / "made.svg").read_bytes() == b"<svg/>"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing-folder/x.svg", "whose folder does not exist"),
        ("loop.svg", "loops"),
        (".", "is a symbolic link to the folder"),
    ],
)
def test_symlinks_vpcdocs_will_not_write_through(tmp_path: Path, target: str, message: str) -> None:
    link = tmp_path / "loop.svg" if target == "loop.svg" else tmp_path / "out.svg"
    link.symlink_to(target)
    with pytest.raises(WriteError, match=message):
        atomic_write(link, b"<svg/>")
    assert link.is_symlink() and os.readlink(link) == target
    assert leftovers(tmp_path) == []


def test_manifest_bytes_without_pending_are_unchanged() -> None:
    """The committed manifest's bytes do not change with this version (no pending: no key)."""
    assert manifest_bytes({"a.md": "0" * 64}) == (
        b'{\n  "generator": "vpcdocs",\n  "manifest_version": 1,\n  "sha256": {\n'
        b'    "a.md": "' + b"0" * 64 + b'"\n  }\n}\n'
    )


def test_single_file_writers_remove_orphans_of_dead_runs_only(tmp_path: Path) -> None:
    """`inject`, `diagram -o` and `init` write beside a file of the user's, without a folder
    lock: there an orphan is a temporary whose process is gone (and nobody holds)."""
    from vpcdocs.write import create_new

    dead = tmp_path / f"{temps.MARKER}{dead_pid()}-0123abcd"
    dead.write_bytes(b"half")
    mine_now = tmp_path / f"{temps.MARKER}{os.getpid()}-89abcdef"  # a live process: kept
    mine_now.write_bytes(b"in flight")
    legacy = tmp_path / f"{temps.MARKER}abcd1234"  # no pid: only a folder lock can tell
    legacy.write_bytes(b"old")
    create_new(tmp_path / "network.yaml", b"vpcdocs: 1\n")
    assert not dead.exists() and mine_now.exists() and legacy.exists()
    assert (tmp_path / "network.yaml").read_bytes() == b"vpcdocs: 1\n"


def test_a_filesystem_without_locks_is_written_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vpcdocs.fs.lock as lock

    out = tmp_path / "docs"
    assert write_tree(out, A).locked
    monkeypatch.setattr(lock, "_try_lock", lambda fd: None)  # e.g. NFS without lockd
    result = write_tree(out, B)
    assert not result.locked and result.new == ("flows/c.md", "vpcs/x.md")
