"""Bounded reading of the files a user names (vpcdocs.inputs): regular files only, size checked
before reading, never more than the limit + 1 byte read, and never blocking.

Each case is checked on behaviour, never on time: what is refused, with which located message, and
how many bytes were read (counted by wrapping `os.read`). Anything that could block before the
fix (a FIFO) runs in a subprocess with a timeout, so that a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from vpcdocs.diagnostics import format_text
from vpcdocs.inputs import InputError, read_limited
from vpcdocs.loader import load_file
from vpcdocs.loader.yamlsrc import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "examples" / "course.yaml"
TWO_GB = 2 * 1024**3
# Far longer than any of these runs takes; reached only when something blocks.
TIMEOUT = 120
# A run of the CLI needs about 300 MB of address space (drawing included); reading a 2 GB file
# whole needs more than this.
MEMORY = 1024**3

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


class ReadCounter:
    """Counts the bytes `os.read` returns while installed."""

    def __init__(self) -> None:
        self.calls = 0
        self.bytes = 0


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[ReadCounter]:
    counter = ReadCounter()
    real = os.read

    def counting(fd: int, n: int) -> bytes:
        data = real(fd, n)
        counter.calls += 1
        counter.bytes += len(data)
        return data

    monkeypatch.setattr(os, "read", counting)
    yield counter


def refused(path: str | Path, limit: int = MAX_BYTES) -> InputError:
    with pytest.raises(InputError) as caught:
        read_limited(path, limit)
    return caught.value


def sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as out:
        out.truncate(size)
    return path


def _ceiling() -> None:
    """In the child: at most MEMORY bytes of address space, so that a regression that reads a
    huge file whole fails with MemoryError instead of taking the machine's memory."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A process with a memory ceiling; a hang fails the test (TimeoutExpired) instead of
    blocking it."""
    ceiling = _ceiling if sys.platform == "linux" else None
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT,
                          check=False, preexec_fn=ceiling)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "vpcdocs", *args], cwd)


def run_python(code: str, cwd: Path) -> str:
    """What `code` prints, run in its own process (as `run`); it must succeed."""
    done = run([sys.executable, "-c", code], cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


# --- the reader ----------------------------------------------------------------------------------

def test_a_regular_file_is_read_whole(reads: ReadCounter) -> None:
    assert read_limited(COURSE, MAX_BYTES) == COURSE.read_bytes()
    assert reads.bytes == COURSE.stat().st_size


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    link = tmp_path / "network.yaml"
    link.symlink_to(COURSE)
    assert read_limited(link, MAX_BYTES) == COURSE.read_bytes()
    assert load_file(link).ok


def test_a_directory_is_refused_by_type(tmp_path: Path, reads: ReadCounter) -> None:
    exc = refused(tmp_path)
    assert exc.code == "NOT_A_FILE" and "a directory" in exc.message
    assert reads.calls == 0


def test_dev_zero_is_refused_without_reading(reads: ReadCounter) -> None:
    exc = refused("/dev/zero") if Path("/dev/zero").exists() else pytest.skip("no /dev/zero")
    assert exc.code == "NOT_A_FILE" and "a character device" in exc.message
    assert reads.calls == 0


def test_a_symlink_to_a_device_is_refused(tmp_path: Path, reads: ReadCounter) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    link = tmp_path / "network.yaml"
    link.symlink_to("/dev/zero")
    assert refused(link).code == "NOT_A_FILE"
    assert reads.calls == 0


def test_a_socket_is_refused_by_type(tmp_path: Path) -> None:
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets here")
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        exc = refused(path)
    assert exc.code == "NOT_A_FILE" and "a socket" in exc.message


@needs_fifo
def test_a_fifo_is_refused_by_type_in_process(tmp_path: Path) -> None:
    # Safe in-process only because the type is checked before any open; the CLI tests below
    # check the same in a subprocess, where a regression would time out instead of hanging.
    fifo = tmp_path / "network.yaml"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    exc = refused(fifo)
    assert exc.code == "NOT_A_FILE" and "named pipe" in exc.message


def test_a_sparse_2gb_file_is_refused_by_its_size_without_reading(
    tmp_path: Path, reads: ReadCounter
) -> None:
    big = sparse(tmp_path / "network.yaml", TWO_GB)
    exc = refused(big)
    assert exc.code == "FILE_TOO_LARGE"
    assert exc.message == f"file is 2,147,483,648 bytes; the limit is {MAX_BYTES:,} bytes"
    assert reads.calls == 0


def test_the_limit_is_a_parameter_and_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100) == b"x" * 100
    exc = refused(path, 99)
    assert (exc.code, exc.message) == ("FILE_TOO_LARGE", "file is 100 bytes; the limit is 99 bytes")
    assert read_limited(tmp_path / "f", 1000) == b"x" * 100
    (tmp_path / "empty").write_bytes(b"")
    assert read_limited(tmp_path / "empty", 0) == b""


def test_a_file_whose_size_is_not_its_length_is_read_at_most_limit_plus_one(
    reads: ReadCounter,
) -> None:
    # Files under /proc are regular files that say they hold 0 bytes: fstat cannot catch them,
    # the read must stop by itself.
    proc = Path("/proc/self/status")
    if not proc.is_file() or proc.stat().st_size != 0:
        pytest.skip("no /proc")
    exc = refused(proc, 100)
    assert exc.code == "FILE_TOO_LARGE"
    assert exc.message == "file is more than 100 bytes; the limit is 100 bytes"
    assert reads.bytes == 101


def test_a_file_growing_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: ReadCounter
) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def grows(fd: int) -> os.stat_result:
        found = real_fstat(fd)
        with open(path, "ab") as more:  # grows after its size was taken
            more.write(b"y" * 1000)
        return found

    monkeypatch.setattr(os, "fstat", grows)
    exc = refused(path, 50)
    assert exc.code == "FILE_TOO_LARGE"
    assert reads.bytes == 51


def test_a_file_replaced_between_stat_and_open_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_bytes(b"a")
    second.write_bytes(b"b")
    real_open = os.open

    def swapped(path: str | os.PathLike[str], flags: int, *rest: int) -> int:
        return real_open(second if Path(path) == first else path, flags, *rest)

    monkeypatch.setattr(os, "open", swapped)
    exc = refused(first)
    assert exc.code == "CANNOT_READ" and "replaced" in exc.message


def test_missing_and_dangling_paths_are_cannot_read(tmp_path: Path) -> None:
    assert refused(tmp_path / "missing.yaml").message == (
        "cannot read file: No such file or directory")
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "nowhere")
    assert refused(dangling).code == "CANNOT_READ"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file_is_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_bytes(b"vpcdocs: 1\n")
    path.chmod(0)
    assert refused(path).message == "cannot read file: Permission denied"


def test_a_negative_limit_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        read_limited(COURSE, -1)


# --- every file vpcdocs reads from the user goes through it -------------------------------------

def test_the_loader_refuses_a_directory_by_type(tmp_path: Path) -> None:
    result = load_file(tmp_path)
    assert [d.code for d in result.diagnostics] == ["NOT_A_FILE"]
    assert format_text(result.diagnostics[0]).startswith(f"{tmp_path}:1:1: error[NOT_A_FILE]: ")


def test_the_config_file_is_read_bounded(tmp_path: Path) -> None:
    sparse(tmp_path / ".vpcdocs.yml", TWO_GB)
    printed = run_python(
        "from pathlib import Path; from vpcdocs.config import load_config; "
        "from vpcdocs.diagnostics import format_text; "
        "r = load_config(Path('.vpcdocs.yml'), root=Path('.')); "
        "print(r.config, [format_text(d) for d in r.diagnostics])", tmp_path)
    assert printed == ("None ['.vpcdocs.yml:1:1: error[FILE_TOO_LARGE]: file is 2,147,483,648 "
                       "bytes; the limit is 1,048,576 bytes']")


def test_a_template_override_is_read_bounded(tmp_path: Path) -> None:
    sparse(tmp_path / "huge.md.j2", TWO_GB)
    (tmp_path / "small.md.j2").write_bytes(b"Hello {{ 'x' }}\r\nnext\r\n")
    printed = run_python(
        "from pathlib import Path\n"
        "from vpcdocs.render.markdown.env import TemplateError, make_environment, render_page\n"
        "env = make_environment(Path('.'))\n"
        "print(render_page(env, 'small.md.j2', {}))\n"
        "try:\n"
        "    render_page(env, 'huge.md.j2', {})\n"
        "except TemplateError as exc:\n"
        "    print(exc)\n", tmp_path)
    assert printed.splitlines() == [
        "b'Hello x\\nnext\\n'",
        "huge.md.j2: file is 2,147,483,648 bytes; the limit is 1,048,576 bytes",
    ]


def test_the_loader_refuses_a_sparse_2gb_file_without_reading_it(tmp_path: Path) -> None:
    sparse(tmp_path / "network.yaml", TWO_GB)
    done = run_cli("validate", "network.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[0] == (  # diagnostics go to stderr
        "network.yaml:1:1: error[FILE_TOO_LARGE]: file is 2,147,483,648 bytes; the limit is "
        "33,554,432 bytes")


# --- the commands, each in its own process (a FIFO used to block them forever) ------------------

@pytest.fixture
def odd_files(tmp_path: Path) -> Path:
    """A folder with a FIFO, a link to /dev/zero, a 2 GB sparse file and a link to a valid one."""
    if not hasattr(os, "mkfifo") or not Path("/dev/zero").exists():
        pytest.skip("needs named pipes and /dev/zero")
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    sparse(tmp_path / "sparse.yaml", TWO_GB)
    (tmp_path / "link.yaml").symlink_to(COURSE)
    return tmp_path


def test_validate_reports_each_odd_file_and_goes_on(odd_files: Path) -> None:
    done = run_cli("validate", "fifo.yaml", "/dev/zero", "zero.yaml", "sparse.yaml",
                   "link.yaml", cwd=odd_files)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    not_regular = "error[NOT_A_FILE]: not a regular file but"
    assert done.stderr.splitlines() == [  # the diagnostics
        f"fifo.yaml:1:1: {not_regular} a named pipe (FIFO); vpcdocs reads regular files only",
        f"/dev/zero:1:1: {not_regular} a character device; vpcdocs reads regular files only",
        f"zero.yaml:1:1: {not_regular} a character device; vpcdocs reads regular files only",
        "sparse.yaml:1:1: error[FILE_TOO_LARGE]: file is 2,147,483,648 bytes; the limit is "
        "33,554,432 bytes",
        "  hint: split a generated inventory by account or Region, or raise the limit: "
        "`vpcdocs --max-input-size 64MiB ...` or `max_input_size` in .vpcdocs.yml",
    ]
    assert done.stdout.splitlines() == [  # a summary per file
        "fifo.yaml: 1 error",
        "/dev/zero: 1 error",
        "zero.yaml: 1 error",
        "sparse.yaml: 1 error",
        "link.yaml: ok",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["paths", "fifo.yaml"],
        ["cost", "fifo.yaml"],
        ["diagram", "fifo.yaml", "-o", "out.dot"],
        ["generate", "fifo.yaml", "--out", "docs"],
        ["build", "fifo.yaml", "--no-config", "--site-dir", "site"],
        ["diff", "link.yaml", "fifo.yaml"],
        ["inject", "link.yaml", "--topology", "fifo.yaml", "--check"],
    ],
    ids=lambda a: a[0],
)
def test_every_command_refuses_a_fifo_topology(odd_files: Path, args: list[str]) -> None:
    (odd_files / "docs").mkdir()
    done = run_cli(*args, cwd=odd_files)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "fifo.yaml:1:1: error[NOT_A_FILE]: not a regular file but a named pipe (FIFO)" in (
        done.stdout + done.stderr)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("readme", "code"), [("fifo.yaml", "NOT_A_FILE"),
                                              ("zero.yaml", "NOT_A_FILE"),
                                              ("sparse.yaml", "FILE_TOO_LARGE")])
def test_inject_refuses_an_odd_readme(odd_files: Path, readme: str, code: str) -> None:
    done = run_cli("inject", readme, "--topology", "link.yaml", cwd=odd_files)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert f"{readme}:1:1: error[{code}]" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_fifo_config_file_is_refused(odd_files: Path) -> None:
    # (The hook looks for .vpcdocs.yml with is_file(), so it never picks a FIFO; a path given to
    # load_config is read whatever it is.)
    os.mkfifo(odd_files / ".vpcdocs.yml")
    code = ("from pathlib import Path; from vpcdocs.config import load_config; "
            "from vpcdocs.diagnostics import format_text; "
            "r = load_config(Path('.vpcdocs.yml'), root=Path('.')); "
            "print([format_text(d) for d in r.diagnostics])")
    done = subprocess.run([sys.executable, "-c", code], cwd=odd_files, capture_output=True,
                          text=True, timeout=TIMEOUT, check=True)
    assert done.stdout.strip() == (
        "['.vpcdocs.yml:1:1: error[NOT_A_FILE]: not a regular file but a named pipe (FIFO); "
        "vpcdocs reads regular files only']")
