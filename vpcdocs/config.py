"""The repository's `.vpcdocs.yml`: which topology the hooks document, where, and how.

Pre-commit hooks run with no file arguments (`pass_filenames: false`), so they need to know the
topology file and the docs folder from somewhere stable: a small YAML file at the repository root.

    topology: network.yaml      # default network.yaml
    output: docs/network        # default docs/network
    strict: false               # fail on warnings (loader diagnostics and cost findings)
    inject: [README.md]         # files whose <!-- BEGIN_VPCDOCS --> block the docs hook refreshes
    templates: null             # a folder of Jinja2 templates overriding the built-in ones
    allow_html: false           # keep formatting HTML in descriptions (no script)
    site:
      keep: [CNAME, .nojekyll]  # files `vpcdocs build` carries over from the old site folder

Without the file every default applies. Paths are relative to the folder that holds the file
(the repository root), written with `/`. A problem in the file is a diagnostic
(`FILE:LINE:COL: error[CODE]: message`), all of them at once, never an exception.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from vpcdocs.codes import DiagnosticCode
from vpcdocs.diagnostics import Diagnostic, Location, error, sort_diagnostics

CONFIG_NAME = ".vpcdocs.yml"
MAX_CONFIG_BYTES = 1024 * 1024  # a settings file of a few lines; never read past this
DEFAULT_TOPOLOGY = "network.yaml"
DEFAULT_OUTPUT = "docs/network"

_PATH_KEYS = ("topology", "output", "templates")
_BOOL_KEYS = ("strict", "allow_html")
KNOWN_KEYS = ("allow_html", "inject", "output", "site", "strict", "templates", "topology")
SITE_KEYS = ("keep",)
# Files a user puts into a built site for their host (GitHub Pages: CNAME for a custom domain,
# .nojekyll to publish folders starting with "_"); `vpcdocs build` keeps them across rebuilds.
DEFAULT_SITE_KEEP = ("CNAME", ".nojekyll")
# What a kept path may not be: the site's own marker, or a vpcdocs temporary name.
_SITE_RESERVED = (".vpcdocs-site", ".vpcdocs-tmp-")


@dataclass(frozen=True)
class Config:
    """The settings, every default resolved. Paths are relative to `root`, with `/`."""

    root: Path  # the folder the paths are relative to (where the config file is)
    source: str | None  # the config file's name as shown in messages; None: no file, defaults
    topology: str = DEFAULT_TOPOLOGY
    output: str = DEFAULT_OUTPUT
    strict: bool = False
    inject: tuple[str, ...] = ()
    templates: str | None = None
    allow_html: bool = False
    site_keep: tuple[str, ...] = DEFAULT_SITE_KEEP

    def path(self, relative: str) -> Path:
        """A configured path on disk."""
        return self.root / relative

    @property
    def topology_path(self) -> Path:
        return self.path(self.topology)

    @property
    def output_path(self) -> Path:
        return self.path(self.output)

    @property
    def templates_path(self) -> Path | None:
        return None if self.templates is None else self.path(self.templates)


@dataclass(frozen=True)
class ConfigResult:
    config: Config | None  # None when the file has errors
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return self.config is not None


def find_config(start: Path) -> Path | None:
    """`.vpcdocs.yml` in `start` or the nearest parent, not looking above the repository root
    (the first folder holding `.git`)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def repo_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds `.git`."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def load_config(path: Path | None, *, root: Path, name: str | None = None) -> ConfigResult:
    """Read the config file at `path` (None: no file, every default with paths under `root`).

    `name` is the file name shown in diagnostics (default: `path` as given)."""
    if path is None:
        return ConfigResult(Config(root=root, source=None), ())
    shown = name if name is not None else str(path)
    from vpcdocs.inputs import InputError, read_limited

    try:  # bounded: never blocks on a FIFO nor reads a huge file (vpcdocs.inputs)
        raw = read_limited(path, MAX_CONFIG_BYTES)
    except InputError as exc:
        return ConfigResult(None, (exc.diagnostic(shown),))
    return parse_config(shown, raw, root=path.parent)


def parse_config(name: str, raw: bytes, *, root: Path) -> ConfigResult:
    """Parse the bytes of a config file; `name` is used in diagnostics, `root` for paths."""
    from vpcdocs.loader.yamlsrc import read_yaml

    src = read_yaml(name, raw)
    skipped = (DiagnosticCode.EMPTY_FILE, DiagnosticCode.NOT_A_MAPPING)
    diags = [d for d in src.diagnostics if d.code not in skipped]
    data: Any = src.data
    if data is None:
        if any(d.code is DiagnosticCode.NOT_A_MAPPING for d in src.diagnostics):
            diags.append(
                error(
                    DiagnosticCode.CONFIG_NOT_A_MAPPING,
                    f"{CONFIG_NAME} must be a mapping of settings (`topology: network.yaml`, ...)",
                    Location(name),
                )
            )
        if diags:
            return ConfigResult(None, tuple(sort_diagnostics(diags)))
        return ConfigResult(Config(root=root, source=name), ())  # an empty file: defaults
    values: dict[str, Any] = {}
    for key, value in data.items():
        where = src.positions.key((key,))
        at = src.positions.value((key,))
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(KNOWN_KEYS)}"
            diags.append(error(DiagnosticCode.CONFIG_UNKNOWN_KEY,
                               f"unknown setting `{key}`", where, hint=hint))
        elif key in _BOOL_KEYS:
            if isinstance(value, bool):
                values[key] = value
            else:
                diags.append(_type_error(key, "true or false", value, at))
        elif key in _PATH_KEYS:
            if key == "templates" and value is None:
                values[key] = None
            else:
                checked = _check_path(key, value, at)
                if isinstance(checked, Diagnostic):
                    diags.append(checked)
                else:
                    values[key] = checked
        elif key == "site":
            keep = _site_settings(value, at, src.positions, diags)
            if keep is not None:
                values["site_keep"] = keep
        else:  # inject
            files = _inject_list(value, at, src.positions, name, diags)
            if files is not None:
                values[key] = files
    if any(d.is_error for d in diags):
        return ConfigResult(None, tuple(sort_diagnostics(diags)))
    return ConfigResult(Config(root=root, source=name, **values), tuple(sort_diagnostics(diags)))


def _inject_list(
    value: Any, at: Location, positions: Any, name: str, diags: list[Diagnostic]
) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        diags.append(_type_error("inject", "a list of file paths", value, at))
        return None
    files: list[str] = []
    ok = True
    for i, item in enumerate(value):
        checked = _check_path("inject", item, positions.value(("inject", i)))
        if isinstance(checked, Diagnostic):
            diags.append(checked)
            ok = False
        else:
            files.append(checked)
    return tuple(dict.fromkeys(files)) if ok else None


def _site_settings(
    value: Any, at: Location, positions: Any, diags: list[Diagnostic]
) -> tuple[str, ...] | None:
    """`site: {keep: [...]}`: the paths inside the built site that rebuilds carry over."""
    if value is None:
        return None
    if not isinstance(value, dict):
        diags.append(_type_error("site", "a mapping of settings (`keep: [CNAME]`)", value, at))
        return None
    keep: tuple[str, ...] | None = None
    for key, item in value.items():
        where = positions.key(("site", key))
        if key not in SITE_KEYS:
            diags.append(error(DiagnosticCode.CONFIG_UNKNOWN_KEY, f"unknown setting `site.{key}`", where,
                               hint=f"known keys: {', '.join(SITE_KEYS)}"))
            continue
        items = [item] if isinstance(item, str) else item
        if items is None:
            keep = ()
            continue
        if not isinstance(items, list):
            diags.append(_type_error("site.keep", "a list of paths inside the site", item,
                                     positions.value(("site", key))))
            continue
        paths: list[str] = []
        for i, entry in enumerate(items):
            place = positions.value(("site", key, i)) if not isinstance(item, str) else (
                positions.value(("site", key)))
            checked = _check_path("site.keep", entry, place, within="the site")
            if isinstance(checked, Diagnostic):
                diags.append(checked)
            elif checked.split("/")[0].startswith(_SITE_RESERVED):
                diags.append(error(DiagnosticCode.CONFIG_PATH, f"`site.keep` cannot name `{entry}`: vpcdocs "
                                   "manages that name itself", place))
            else:
                paths.append(checked)
        if len(paths) == len(items):
            keep = tuple(dict.fromkeys(paths))
    return keep


def _type_error(key: str, wanted: str, value: Any, at: Location) -> Diagnostic:
    return error(DiagnosticCode.CONFIG_TYPE, f"`{key}` must be {wanted}, not {_describe(value)}", at)


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"`{value}`"


def _check_path(
    key: str, value: Any, at: Location, within: str = "the repository"
) -> str | Diagnostic:
    """A relative path inside the repository (or `within`), normalised to `/`, without `./`."""
    if not isinstance(value, str) or not value.strip():
        return _type_error(key, "a relative file path", value, at)
    text = value.strip().replace("\\", "/")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(value).is_absolute() or ":" in text:
        return error(
            DiagnosticCode.CONFIG_PATH,
            f"`{key}` must be a path relative to {within} root, not `{value}`",
            at,
            hint="an absolute path would not work on another machine",
        )
    parts = [p for p in PurePosixPath(text).parts if p != "."]
    if ".." in parts:
        return error(
            DiagnosticCode.CONFIG_PATH,
            f"`{key}` must stay inside {within}, not `{value}`", at
        )
    if not parts:
        if key == "output":
            return error(DiagnosticCode.CONFIG_PATH,
                         "`output` must be a folder below the repository root", at)
        return _type_error(key, "a relative file path", value, at)
    return "/".join(parts)


__all__ = [
    "CONFIG_NAME",
    "DEFAULT_OUTPUT",
    "DEFAULT_SITE_KEEP",
    "DEFAULT_TOPOLOGY",
    "Config",
    "ConfigResult",
    "find_config",
    "load_config",
    "parse_config",
    "repo_root",
]
