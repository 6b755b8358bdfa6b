"""The one registry of diagnostic codes (`vpcdocs.codes`): every code is documented in
docs/diagnostics.md (generated from it, and kept current), and every code it lists is one the
code can emit."""

from __future__ import annotations

import re
from pathlib import Path

from vpcdocs.codes import CODE_DOCS, DiagnosticCode, diagnostics_page

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "diagnostics.md"
SOURCES = sorted((ROOT / "vpcdocs").rglob("*.py"))


def test_every_code_has_its_documentation() -> None:
    assert set(CODE_DOCS) == set(DiagnosticCode)
    for code, doc in CODE_DOCS.items():
        assert code.value == code.name
        assert doc.text.strip() and doc.text.rstrip().endswith("."), code


def test_the_page_is_current() -> None:
    """Regenerate with `python -m vpcdocs.codes > docs/diagnostics.md`."""
    assert PAGE.read_text(encoding="utf-8") == diagnostics_page()


def test_the_page_lists_every_code_once() -> None:
    listed = re.findall(r"^\| `([A-Z0-9_]+)` \| (error|warning|info) \|", PAGE.read_text(), re.M)
    assert sorted(code for code, _ in listed) == sorted(c.value for c in DiagnosticCode)


def test_every_registered_code_is_emitted_somewhere() -> None:
    """No dead entries: each code appears as `DiagnosticCode.X` where a diagnostic is made (the
    registry itself aside)."""
    used: set[str] = set()
    for path in SOURCES:
        if path.name == "codes.py" and path.parent.name == "vpcdocs":
            continue
        used |= set(re.findall(r"\bDiagnosticCode\.([A-Z0-9_]+)\b", path.read_text(encoding="utf-8")))
    assert used == {c.value for c in DiagnosticCode}


def test_no_code_is_written_as_a_bare_string() -> None:
    """Diagnostics take their code from the registry (mypy checks `error()`/`warning()`; this
    catches a string slipped in where a code is built some other way)."""
    bare = re.compile(r"""\b(?:error|warning|info|err|warn|PydanticCustomError)\(\s*["'][A-Z0-9_]+["']""")
    offenders = [f"{p.relative_to(ROOT)}" for p in SOURCES if bare.search(p.read_text())]
    assert offenders == []
