"""The built sites of both examples show readers no research notes (issue 13's "done when").

`vpcdocs build` of each example (MkDocs, diagrams and all), then a grep over every file of the
site for words that once leaked into it: the name of the maintainers' facts file, "UNCERTAIN"
dates, a "(3rd-party)" source label and the price table's internal "not in the price table"
wording. It also checks the HTML keeps code in table cells on one line (a CIDR never breaks
into `10.20.10.` over `0/24`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vpcdocs.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("course.yaml", "hub-and-spoke.yaml", "hybrid.yaml")
FORBIDDEN = ("UNCERTAIN", "aws-networking-facts", "(3rd-party)", "not in the price table")

_TD = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
_CODE = re.compile(r"<code([^>]*)>")


@pytest.fixture(scope="module", params=EXAMPLES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("built") / "site"
    result = CliRunner().invoke(
        cli, ["build", str(ROOT / "examples" / request.param), "-o", str(site)]
    )
    assert result.exit_code == 0, result.output
    return site


def test_the_built_site_shows_no_research_notes(built: Path) -> None:
    files = [p for p in sorted(built.rglob("*")) if p.is_file()]
    assert any(p.name == "index.html" for p in files)
    found = []
    for path in files:
        data = path.read_bytes()
        for word in FORBIDDEN:
            if word.encode() in data:
                found.append((path.relative_to(built).as_posix(), word))
    assert not found, found


def test_code_in_table_cells_never_breaks(built: Path) -> None:
    cells = 0
    for page in sorted(built.rglob("*.html")):
        for cell in _TD.findall(page.read_text(encoding="utf-8")):
            for attrs in _CODE.findall(cell):
                cells += 1
                assert "white-space: nowrap" in attrs, (page.relative_to(built), cell[:200])
    assert cells > 0
