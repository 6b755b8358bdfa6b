"""The small icon copies SVG diagrams embed (vpcdocs/render/icons/embed, scripts/shrink_icons.py):
each is what the script makes from an icon vpcdocs uses, the same picture at a smaller size, and
it is embedded only for the very file it was made from."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from vpcdocs.render.svg import EMBED_DIR, embedded_icon

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import shrink_icons  # noqa: E402


def _mean(data: bytes) -> tuple[float, ...]:
    """Mean opacity and opacity-weighted mean colour of a PNG."""
    width, height, channels, rows = shrink_icons.decode(data)
    alpha = channels - 1
    sums = [0.0] * channels
    for line in rows:
        for x in range(width):
            a = line[x * channels + alpha]
            for c in range(alpha):
                sums[c] += line[x * channels + c] * a
            sums[alpha] += a
    return tuple([s / sums[alpha] for s in sums[:alpha]] + [sums[alpha] / (width * height)])


def test_every_copy_stands_for_an_icon_vpcdocs_uses_and_is_smaller() -> None:
    sources = shrink_icons.sources()
    copies = sorted(EMBED_DIR.glob("*.png"))
    assert copies, "no small icon copies are shipped"
    for copy in copies:
        assert copy.stem in sources, f"{copy.name} stands for no icon in use: run the script"
        data = copy.read_bytes()
        width, height, _, _ = shrink_icons.decode(data)
        assert (width, height) == (shrink_icons.SIZE, shrink_icons.SIZE)
        assert len(data) < len(sources[copy.stem])


@pytest.mark.parametrize("which", [0, -1])
def test_the_shipped_copies_are_what_the_script_makes(which: int) -> None:
    """Two of them (making all takes a minute in pure Python): the smallest and largest icon."""
    sources = shrink_icons.sources()
    digest = sorted((d for d in sources if (EMBED_DIR / f"{d}.png").exists()),
                    key=lambda d: len(sources[d]))[which]
    assert shrink_icons.shrink(sources[digest]) == (EMBED_DIR / f"{digest}.png").read_bytes()


def test_a_copy_is_the_same_picture() -> None:
    """Resampling keeps the mean colour and opacity (weighted by opacity: no dark fringes)."""
    sources = shrink_icons.sources()
    digest = min((d for d in sources if (EMBED_DIR / f"{d}.png").exists()),
                 key=lambda d: len(sources[d]))
    before, after = _mean(sources[digest]), _mean((EMBED_DIR / f"{digest}.png").read_bytes())
    assert all(abs(a - b) < 2.0 for a, b in zip(before, after, strict=True)), (before, after)


def test_a_copy_is_embedded_only_for_the_very_file_it_was_made_from() -> None:
    sources = shrink_icons.sources()
    digest = next(d for d in sorted(sources) if (EMBED_DIR / f"{d}.png").exists())
    original = sources[digest]
    assert embedded_icon(original) == (EMBED_DIR / f"{digest}.png").read_bytes()
    changed = original + b"\0"  # e.g. a new release of the `diagrams` icons
    assert hashlib.sha256(changed).hexdigest() != digest
    assert embedded_icon(changed) == changed
