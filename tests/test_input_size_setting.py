"""The topology size limit is a setting: `vpcdocs --max-input-size`, $VPCDOCS_MAX_INPUT_SIZE,
`max_input_size` in .vpcdocs.yml (in that order), else the loader's default, which admits the
largest generated design (benchmarks/topologies.py, size L: about 12 MB)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from vpcdocs.cli import cli
from vpcdocs.config import parse_config, parse_size
from vpcdocs.loader.yamlsrc import MAX_BYTES

COURSE = Path(__file__).resolve().parent.parent / "examples" / "course.yaml"


@pytest.mark.parametrize(("text", "size"), [
    (2048, 2048), ("2048", 2048), ("2KiB", 2048), ("2K", 2048), ("2KB", 2000),
    ("32MiB", 32 * 1024 * 1024), ("1.5 GiB", 3 * 1024**3 // 2), ("64mb", 64_000_000),
])
def test_sizes_are_read_with_units(text: object, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "2x", "-5", "MiB", True, [1], 10])
def test_bad_sizes_are_refused_with_a_reason(text: object) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


def test_the_default_admits_size_l() -> None:
    assert MAX_BYTES >= 24 * 1024 * 1024  # L is ~12 MB: twice that with room


def invoke(args: list[str], cwd: Path, env: dict[str, str | None] | None = None,
           ) -> tuple[int, str]:
    """Run the command line in `cwd` (where .vpcdocs.yml is looked for)."""
    here = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, args, env=env or {"VPCDOCS_MAX_INPUT_SIZE": None})
    finally:
        os.chdir(here)
    return result.exit_code, result.output


def test_the_option_the_variable_and_the_config_set_the_limit(tmp_path: Path) -> None:
    size = COURSE.stat().st_size
    small = f"{size - 1}"
    code, out = invoke(["--max-input-size", small, "validate", str(COURSE)], tmp_path)
    assert code == 1 and f"the limit is {size - 1:,} bytes" in out
    code, _ = invoke(["--max-input-size", str(size), "validate", str(COURSE)], tmp_path)
    assert code == 0
    code, out = invoke(["validate", str(COURSE)], tmp_path, env={"VPCDOCS_MAX_INPUT_SIZE": small})
    assert code == 1 and "FILE_TOO_LARGE" in out
    (tmp_path / ".git").mkdir()
    (tmp_path / ".vpcdocs.yml").write_text(f"max_input_size: {small}\n", encoding="utf-8")
    for args in (["validate", str(COURSE)], ["paths", str(COURSE)]):
        code, out = invoke(args, tmp_path)
        assert code == 1 and "FILE_TOO_LARGE" in out, args
    # the command line wins over the file
    code, _ = invoke(["--max-input-size", "1MiB", "validate", str(COURSE)], tmp_path)
    assert code == 0


def test_a_bad_value_is_a_usage_error_or_a_located_diagnostic(tmp_path: Path) -> None:
    code, out = invoke(["--max-input-size", "lots", "validate", str(COURSE)], tmp_path)
    assert code == 2 and "--max-input-size" in out
    result = parse_config(".vpcdocs.yml", b"strict: false\nmax_input_size: lots\n", root=tmp_path)
    assert result.config is None
    assert [(d.code, d.location.line) for d in result.diagnostics] == [("CONFIG_TYPE", 2)]
    ok = parse_config(".vpcdocs.yml", b"max_input_size: 64MiB\n", root=tmp_path)
    assert ok.config is not None and ok.config.max_input_size == 64 * 1024 * 1024
