"""Make Graphviz SVG self-contained and stable: icons embedded once, no paths, tooltips, links.

Graphviz writes each icon as ``<image xlink:href="aws/network/nat-gateway.png">``, which a browser
cannot show from anywhere but the machine that drew it (and not at all through ``<img>``). Here
each distinct icon becomes one ``<image>`` in ``<defs>`` holding the PNG as a base64 data URI,
drawn at the same place and size, and every ``<image>`` becomes a ``<use>`` of it: a 500-node
picture stays small. The PNG embedded is the icon's small copy in `EMBED_DIR` when there is one
for that very file (named by its SHA-256; made by scripts/shrink_icons.py: the stock icons are
200-400 px squares drawn at 72 CSS px, and were ~85 % of the SVG bytes of a large site), else
the icon file itself. Comments (Graphviz puts its version and node names there) are dropped,
hovering shows the tooltip in each ``<title>``, node links get the `link_base` prefix (or are
removed when there is none) and boxes marked "muted" are faded. Pure function: bytes in, bytes out.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Final
from urllib.parse import urlsplit

from vpcdocs.render.graphviz_run import RenderError

__all__ = ["EMBED_DIR", "SVG_NS", "XLINK_NS", "SvgError", "embedded_icon", "finalize_svg",
           "join_link"]

SVG_NS: Final = "http://www.w3.org/2000/svg"
XLINK_NS: Final = "http://www.w3.org/1999/xlink"
_HREF: Final = f"{{{XLINK_NS}}}href"
_XTITLE: Final = f"{{{XLINK_NS}}}title"
_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
_MUTED_OPACITY: Final = "0.5"
_DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
#: Small copies of icons, each named by the SHA-256 of the icon file it stands for.
EMBED_DIR: Final = Path(__file__).resolve().parent / "icons" / "embed"

ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


class SvgError(RenderError, ValueError):
    """The SVG cannot be made self-contained (unparsable, or an icon is missing or not PNG).
    A `RenderError`, so every command reports it as a message, never a traceback."""


def _tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


def join_link(link_base: str, link: str) -> str:
    """`link` (relative) under `link_base`: ``join_link("https://x/docs", "vpcs/a/")`` is
    ``https://x/docs/vpcs/a/``; an empty base leaves the link relative."""
    if not link_base:
        return link
    return link_base.rstrip("/") + "/" + link.lstrip("/")


def _png_size(data: bytes, name: str) -> tuple[int, int]:
    if len(data) < 24 or not data.startswith(_PNG_MAGIC) or data[12:16] != b"IHDR":
        raise SvgError(f"icon {name!r} is not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _icon_name(href: str, icon_roots: tuple[Path, ...]) -> PurePosixPath:
    """The icon's path relative to one of `icon_roots`, refusing anything that would leave them."""
    path = PurePosixPath(href.removeprefix("file://"))
    if path.is_absolute():
        for root in icon_roots:
            try:
                path = PurePosixPath(Path(path).resolve().relative_to(root.resolve()).as_posix())
                break
            except ValueError:
                continue
        else:
            raise SvgError(f"image {href!r} is outside the icon folder")
    if not path.parts or ".." in path.parts:
        raise SvgError(f"image {href!r} is not a plain relative icon name")
    return path


class _Icons:
    """Distinct icons met so far, each file read once. One ``<image>`` definition per icon and
    drawn size (all icons have one size in vpcdocs DOT), placed by ``<use x= y=>``: drawing the
    very same image element at a shifted origin keeps the pixels identical to Graphviz's."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        self.roots = roots
        self.data: dict[str, str] = {}
        self.images: dict[tuple[str, str, str, str], tuple[str, ET.Element]] = {}

    def _data_uri(self, name: PurePosixPath) -> str:
        key = name.as_posix()
        if key not in self.data:
            files = [root.joinpath(*name.parts) for root in self.roots]
            file = next((f for f in files if f.is_file()), files[0])
            try:
                data = file.read_bytes()
            except OSError as exc:
                raise SvgError(f"icon {key!r} cannot be read: {exc.strerror}") from None
            _png_size(data, key)
            self.data[key] = _data_uri(data)
        return self.data[key]

    def image_id(self, href: str, width: str, height: str, aspect: str) -> str:
        name = _icon_name(href, self.roots)
        key = (name.as_posix(), width, height, aspect)
        if key not in self.images:
            stem = re.sub(r"[^A-Za-z0-9]+", "-", name.with_suffix("").as_posix()).strip("-")
            same_stem = sum(1 for other in self.images if other[0] == key[0])
            image_id = f"icon-{stem}" + (f"-{same_stem + 1}" if same_stem else "")
            image = ET.Element(
                _tag("image"),
                {"id": image_id, "width": width, "height": height, "preserveAspectRatio": aspect},
            )
            image.set(_HREF, self._data_uri(name))
            image.tail = "\n"
            self.images[key] = (image_id, image)
        return self.images[key][0]

    def defs(self) -> ET.Element:
        defs = ET.Element(_tag("defs"))
        defs.text = "\n"
        defs.tail = "\n"
        for _, image in sorted(self.images.values(), key=lambda item: item[0]):
            defs.append(image)
        return defs


def embedded_icon(data: bytes) -> bytes:
    """The PNG embedded for an icon file's bytes: its small copy in `EMBED_DIR` when there is
    one for exactly these bytes, else the bytes themselves."""
    small = EMBED_DIR / f"{hashlib.sha256(data).hexdigest()}.png"
    try:
        copy = small.read_bytes()
    except OSError:
        return data
    return copy if copy.startswith(_PNG_MAGIC) else data


@functools.lru_cache(maxsize=128)
def _data_uri(data: bytes) -> str:
    """The data URI of an icon (once per process for each distinct icon)."""
    return "data:image/png;base64," + base64.b64encode(embedded_icon(data)).decode("ascii")


def _embed_icons(root: ET.Element, icons: _Icons) -> None:
    for element in root.iter(_tag("image")):
        href = element.get(_HREF) or element.get("href")
        if not href or href.startswith("data:"):
            continue
        image_id = icons.image_id(
            href,
            element.get("width", "100%"),
            element.get("height", "100%"),
            element.get("preserveAspectRatio", "xMidYMid meet"),
        )
        x, y = element.get("x", "0"), element.get("y", "0")
        element.tag = _tag("use")
        element.attrib.clear()
        element.set(_HREF, f"#{image_id}")
        element.set("x", x)
        element.set("y", y)
    if icons.images:
        root.insert(0, icons.defs())


def _fix_links(root: ET.Element, link_base: str | None) -> None:
    for anchor in root.iter(_tag("a")):
        href = anchor.get(_HREF)
        if href is None or href.startswith("#"):
            continue
        parts = urlsplit(href)
        if link_base is None or parts.scheme or parts.netloc or href.startswith("/"):
            del anchor.attrib[_HREF]
            anchor.attrib.pop("target", None)
        else:
            anchor.set(_HREF, join_link(link_base, href))


def _titles_and_fading(root: ET.Element) -> None:
    """Put each element's tooltip into its `<title>` (Graphviz puts the DOT id there) and fade
    elements whose class says "muted"."""
    for group in root.iter(_tag("g")):
        classes = (group.get("class") or "").split()
        if not {"node", "edge", "cluster"} & set(classes):
            continue
        if "muted" in classes:
            group.set("opacity", _MUTED_OPACITY)
        title = group.find(_tag("title"))
        tooltip = next((a.get(_XTITLE) for a in group.iter(_tag("a")) if a.get(_XTITLE)), None)
        if title is not None and tooltip:
            title.text = tooltip


def finalize_svg(svg: bytes | str, *, icon_root: Path | Sequence[Path],
                 link_base: str | None = None,
                 rewrite: Callable[[ET.Element], object] | None = None) -> bytes:
    """Graphviz SVG → self-contained SVG (UTF-8 bytes).

    `icon_root` is the folder (or folders, searched in order) relative icon names are read from
    (`vpcdocs.render.dot.icon_dirs()`).
    With `link_base` None, node and cluster links are removed (a review picture has nowhere to
    point); with a string, each relative link is prefixed with it (``""`` keeps them relative).
    The result holds no comment, no ``file:`` and no absolute path; its only external references
    are those links. Same input, same bytes. `rewrite`, when given, changes the finished tree
    last, before it is written out (`vpcdocs.site.diagrams` relinks it there, sparing a second
    parse of the whole SVG).
    """
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SvgError(f"Graphviz produced invalid SVG: {exc}") from None
    if root.tag != _tag("svg"):
        raise SvgError(f"not an SVG document (root element {root.tag!r})")
    roots = (icon_root,) if isinstance(icon_root, Path) else tuple(icon_root)
    _embed_icons(root, _Icons(roots))
    _fix_links(root, link_base)
    _titles_and_fading(root)
    if rewrite is not None:
        rewrite(root)
    text = ET.tostring(root, encoding="unicode")
    return (_DECLARATION + text.rstrip("\n") + "\n").encode("utf-8")
