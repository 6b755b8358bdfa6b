"""The bundled AWS price table: parsing, the topology's overrides, and rate lookup.

Every charge vpcdocs reports is a rate from this table times a quantity, so the table is kept as
data (`vpcdocs/data/prices.yaml`: per region, with `as_of`, and per figure the AWS pricing page it
is published on, the date it was read and how sure it is) and this module only reads it. A figure
the table does not know (`usd: null`, or a region it has no section for) is never copied silently:
`rate()` falls back to the us-east-1 figure and says so (`assumed=True` and a note in plain words),
so the caller can list it as an assumption. `confidence_words()` says how sure a figure is, in
the words readers see ("list price, read 2026-09-25").

Units follow AWS's price list: 1 TB = 1,024 GB and 1 PB = 1,048,576 GB (the AmazonVPC offer's
interface-endpoint byte tiers are 0-1048576-5242880 GB, the data-transfer tiers end at 10240 GB,
and the facts file's "1 TB processed adds about $10.24" agrees). A month is 730 hours.

Parsing (`parse_price_table`) works on plain data so tests can pass a dict; the file is read once,
by `load_price_table()`. Everything else is pure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

HOURS_PER_MONTH = 730
"""The contract's month (paths-json.md): 730 hours."""

GB_PER_TB = 1024
GB_PER_PB = 1024 * 1024

FALLBACK_REGION = "us-east-1"
"""The documented fallback: a figure missing for a region is taken from this region."""

CONFIDENCES = ("list", "estimate", "unknown", "override")
"""`list`: AWS's list price for the region; `estimate`: not confirmed for the region on the AWS
page; `unknown`: no figure (`usd: null`); `override`: set by the topology's `pricing` section."""

_READ_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

_UNIT_SUFFIX = {"usd_per_hour": "/h", "usd_per_gb": "/GB"}
_TOP_LEVEL = ("as_of", "currency", "keys", "sources", "inter_region_pairs", "regions")

INTERFACE_ENDPOINT_GB_TIER_KEYS: tuple[tuple[float | None, str], ...] = (
    (1 * GB_PER_PB, "interface_endpoint_gb"),
    (5 * GB_PER_PB, "interface_endpoint_gb_next_4pb"),
    (None, "interface_endpoint_gb_over_5pb"),
)
"""Interface-endpoint per-GB tiers: (cumulative upper bound in GB per month, price key)."""

INTERNET_EGRESS_TIER_KEYS: tuple[tuple[float | None, str], ...] = (
    (10 * GB_PER_TB, "internet_egress_gb"),
    (50 * GB_PER_TB, "internet_egress_gb_next_40tb"),
    (150 * GB_PER_TB, "internet_egress_gb_next_100tb"),
    (None, "internet_egress_gb_over_150tb"),
)
"""Internet-egress tiers after the free allowance: (cumulative upper bound in GB, price key).

The free allowance (`internet_egress_free_gb`) is account-wide across regions, so it is not part
of these tiers: subtract it once, before applying them.
"""


@dataclass(frozen=True)
class KeyInfo:
    """What one price key measures: `unit` (usd_per_hour, usd_per_gb, gb_per_month), `label`
    (the words readers see: "NAT gateway data processing") and `description` (for maintainers)."""

    unit: str
    label: str
    description: str


@dataclass(frozen=True)
class Source:
    """An AWS pricing page figures are published on (what the site links)."""

    id: str
    url: str
    title: str


@dataclass(frozen=True)
class Figure:
    """One price in one region; `usd is None` means the table does not know it (then `source`
    and `read` are None and `confidence` is `unknown`)."""

    usd: float | None
    source: str | None
    confidence: str
    read: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY


@dataclass(frozen=True)
class RegionPair:
    """An inter-region rate for one pair of regions, both directions."""

    regions: tuple[str, str]
    usd: float
    source: str | None
    confidence: str
    read: str | None = None


@dataclass(frozen=True)
class PriceTable:
    """The whole price table. Mappings are read-only and sorted by key."""

    as_of: str
    currency: str
    keys: Mapping[str, KeyInfo]
    sources: Mapping[str, Source]
    regions: Mapping[str, Mapping[str, Figure]]
    inter_region_pairs: tuple[RegionPair, ...]


@dataclass(frozen=True)
class Rate:
    """A price as used: `assumed` is True when it is not the region's own figure (see `note`)."""

    usd: float
    region: str
    key: str
    source: str | None
    assumed: bool
    note: str | None
    confidence: str = "list"
    read: str | None = None


class PriceTableError(ValueError):
    """The price data is malformed; the message lists every problem found."""


# ---------------------------------------------------------------------------------------------
# Parsing


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType({k: mapping[k] for k in sorted(mapping)})


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _read_text(value: object) -> str | None:
    """`read` as text: the YAML loader gives a `date` for YYYY-MM-DD and an int for YYYY."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and _READ_RE.match(value):
        return value
    return None


def _parse_figure(
    where: str, raw: object, source_ids: Iterable[str], problems: list[str]
) -> Figure | None:
    if not isinstance(raw, Mapping) or "usd" not in raw:
        problems.append(f"{where}: expected {{usd, source, read, confidence}} or {{usd: null}}, "
                        f"got {raw!r}")
        return None
    if raw["usd"] is None:
        if set(raw) != {"usd"}:
            problems.append(f"{where}: a null figure has no other fields")
            return None
        return Figure(None, None, "unknown")
    extra = sorted(set(raw) - {"usd", "source", "read", "confidence"})
    missing = sorted({"usd", "source", "read", "confidence"} - set(raw))
    if extra or missing:
        problems.append(f"{where}: unknown fields {extra}, missing fields {missing}")
        return None
    usd, source, confidence = raw["usd"], raw["source"], raw["confidence"]
    read = _read_text(raw["read"])
    ok = True
    if not (_is_number(usd) and math.isfinite(usd) and usd >= 0):
        problems.append(f"{where}: usd must be a number >= 0 or null, got {usd!r}")
        ok = False
    if source not in set(source_ids):
        problems.append(f"{where}: unknown source {source!r}")
        ok = False
    if confidence not in ("list", "estimate"):
        problems.append(f"{where}: confidence must be list or estimate, got {confidence!r}")
        ok = False
    if read is None:
        problems.append(f"{where}: read must be a date (YYYY-MM-DD, YYYY-MM or YYYY), "
                        f"got {raw['read']!r}")
        ok = False
    if not ok:
        return None
    return Figure(float(usd), str(source), str(confidence), read)


def _parse_keys(raw: object, problems: list[str]) -> dict[str, KeyInfo]:
    keys: dict[str, KeyInfo] = {}
    if not isinstance(raw, Mapping) or not raw:
        problems.append("keys: expected a non-empty mapping")
        return keys
    for name, info in raw.items():
        if not isinstance(info, Mapping) or set(info) != {"unit", "label", "description"}:
            problems.append(f"keys.{name}: expected {{unit, label, description}}")
            continue
        keys[str(name)] = KeyInfo(str(info["unit"]), str(info["label"]), str(info["description"]))
    return keys


def _parse_sources(raw: object, problems: list[str]) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    if not isinstance(raw, Mapping) or not raw:
        problems.append("sources: expected a non-empty mapping")
        return sources
    for sid, info in raw.items():
        if not isinstance(info, Mapping) or set(info) != {"url", "title"}:
            problems.append(f"sources.{sid}: expected {{url, title}}")
            continue
        if not str(info["url"]).startswith("https://"):
            problems.append(f"sources.{sid}: the url must be an https:// address")
            continue
        sources[str(sid)] = Source(str(sid), str(info["url"]), str(info["title"]))
    return sources


def _parse_pairs(
    raw: object, regions: Iterable[str], sources: Iterable[str], problems: list[str]
) -> list[RegionPair]:
    pairs: list[RegionPair] = []
    if raw is None:
        return pairs
    if not isinstance(raw, list):
        problems.append("inter_region_pairs: expected a list")
        return pairs
    known = set(regions)
    for i, item in enumerate(raw):
        where = f"inter_region_pairs[{i}]"
        if not isinstance(item, Mapping) or "regions" not in item:
            problems.append(f"{where}: expected {{regions, usd, source, read, confidence}}")
            continue
        names = item["regions"]
        if not (isinstance(names, list) and len(names) == 2 and names[0] != names[1]):
            problems.append(f"{where}: regions must be two different region names")
            continue
        for name in names:
            if name not in known:
                problems.append(f"{where}: region {name!r} has no section in regions")
        figure = _parse_figure(
            where, {k: v for k, v in item.items() if k != "regions"}, sources, problems
        )
        if figure is None:
            continue
        if figure.usd is None:
            problems.append(f"{where}: a pair exception needs a usd figure")
            continue
        a, b = sorted(str(n) for n in names)
        pairs.append(RegionPair((a, b), figure.usd, figure.source, figure.confidence, figure.read))
    return pairs


def _as_of_text(value: object) -> str | None:
    """`as_of` as ISO text: the YAML loader gives a `date`; a test may pass a string."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def parse_price_table(data: Mapping[str, Any]) -> PriceTable:
    """Build a `PriceTable` from plain data (the YAML document); raise `PriceTableError`."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise PriceTableError("price table: expected a mapping at the top level")
    unknown = sorted(set(data) - set(_TOP_LEVEL))
    missing = sorted(set(_TOP_LEVEL) - set(data) - {"inter_region_pairs"})
    if unknown:
        problems.append(f"price table: unknown top-level keys {unknown}")
    if missing:
        problems.append(f"price table: missing top-level keys {missing}")
    as_of_text = _as_of_text(data.get("as_of"))
    if as_of_text is None:
        problems.append(f"as_of: expected a date (YYYY-MM-DD), got {data.get('as_of')!r}")
    if data.get("currency") != "USD":
        problems.append(f"currency: expected USD, got {data.get('currency')!r}")

    keys = _parse_keys(data.get("keys"), problems)
    sources = _parse_sources(data.get("sources"), problems)

    regions: dict[str, Mapping[str, Figure]] = {}
    raw_regions = data.get("regions")
    if not isinstance(raw_regions, Mapping) or not raw_regions:
        problems.append("regions: expected a non-empty mapping")
        raw_regions = {}
    for region, raw_figures in raw_regions.items():
        if not isinstance(raw_figures, Mapping):
            problems.append(f"regions.{region}: expected a mapping of price keys")
            continue
        for name in sorted(set(keys) - set(raw_figures)):
            problems.append(f"regions.{region}: missing key {name} (use usd: null if unknown)")
        figures: dict[str, Figure] = {}
        for name, raw in raw_figures.items():
            if name not in keys:
                problems.append(f"regions.{region}: unknown key {name}")
                continue
            figure = _parse_figure(f"regions.{region}.{name}", raw, sources, problems)
            if figure is not None:
                figures[str(name)] = figure
        regions[str(region)] = _frozen(figures)

    fallback = regions.get(FALLBACK_REGION)
    if fallback is None:
        problems.append(f"regions: the fallback region {FALLBACK_REGION} is missing")
    else:
        for name in sorted(keys):
            figure = fallback.get(name)
            if figure is not None and figure.usd is None:
                problems.append(
                    f"regions.{FALLBACK_REGION}.{name}: the fallback region needs every figure"
                )

    pairs = _parse_pairs(data.get("inter_region_pairs"), regions, sources, problems)
    if problems:
        raise PriceTableError("invalid price table:\n  " + "\n  ".join(problems))
    return PriceTable(
        as_of=str(as_of_text),
        currency="USD",
        keys=_frozen(keys),
        sources=_frozen(sources),
        regions=_frozen(regions),
        inter_region_pairs=tuple(sorted(pairs, key=lambda p: p.regions)),
    )


@cache
def load_price_table() -> PriceTable:
    """The bundled table (`vpcdocs/data/prices.yaml`), read and parsed once."""
    from ruamel.yaml import YAML

    text = (resources.files("vpcdocs") / "data" / "prices.yaml").read_text(encoding="utf-8")
    return parse_price_table(YAML(typ="safe").load(text))


# ---------------------------------------------------------------------------------------------
# Overrides


def with_overrides(
    table: PriceTable, as_of: str | None, regions: Mapping[str, Mapping[str, float]]
) -> PriceTable:
    """The table with the topology's `pricing` section applied.

    `as_of` replaces the table's date when given. Each `regions[r][key]` replaces that figure
    (no source, confidence `override`); a region the table has no section for
    is added, its other figures unknown. An unknown key or a value that is not a number >= 0
    raises `ValueError` naming it.
    """
    problems: list[str] = []
    new_regions: dict[str, Mapping[str, Figure]] = dict(table.regions)
    for region in sorted(regions):
        figures = dict(
            table.regions.get(region) or {k: Figure(None, None, "unknown") for k in table.keys}
        )
        for key in sorted(regions[region]):
            value = regions[region][key]
            if key not in table.keys:
                problems.append(
                    f"pricing.regions.{region}: unknown key {key!r} "
                    f"(known keys: {', '.join(table.keys)})"
                )
            elif not (_is_number(value) and math.isfinite(value) and value >= 0):
                problems.append(f"pricing.regions.{region}.{key}: expected a number >= 0")
            else:
                figures[key] = Figure(float(value), None, "override")
        new_regions[region] = _frozen(figures)
    if problems:
        raise ValueError("; ".join(problems))
    return PriceTable(
        as_of=table.as_of if as_of is None else as_of,
        currency=table.currency,
        keys=table.keys,
        sources=table.sources,
        regions=_frozen(new_regions),
        inter_region_pairs=table.inter_region_pairs,
    )


# ---------------------------------------------------------------------------------------------
# Lookup


def unknown_regions(table: PriceTable, regions: Iterable[str]) -> list[str]:
    """The regions (sorted, once each) that have no section in the table."""
    return sorted({r for r in regions if r not in table.regions})


def format_figure(table: PriceTable, key: str, value: float) -> str:
    """A figure as text in its key's unit: `$0.045/h`, `$0.0035/GB`, `100 GB`."""
    unit = table.keys[key].unit
    if unit in _UNIT_SUFFIX:
        return f"${value:g}{_UNIT_SUFFIX[unit]}"
    if unit == "gb_per_month":
        return f"{value:g} GB"
    return f"{value:g} ({unit})"


def rate(table: PriceTable, region: str, key: str) -> Rate:
    """The price `key` in `region`.

    When the region has no section, or its figure is null, the us-east-1 figure is used and the
    result says so (`assumed=True`, `note`). Raises `KeyError` only for a key the table does
    not define.
    """
    if key not in table.keys:
        raise KeyError(f"unknown price key {key!r}")
    figures = table.regions.get(region)
    figure = figures.get(key) if figures is not None else None
    if figure is not None and figure.usd is not None:
        return Rate(figure.usd, region, key, figure.source, assumed=False, note=None,
                    confidence=figure.confidence, read=figure.read)
    fallback = table.regions[FALLBACK_REGION][key]
    assert fallback.usd is not None  # enforced by parse_price_table
    used = format_figure(table, key, fallback.usd)
    label = table.keys[key].label
    if figures is None:
        note = (f"No prices for {region} in vpcdocs' price table: the {FALLBACK_REGION} figure "
                f"for {label} ({used}) is used")
    else:
        note = (f"No {region} figure for {label} in vpcdocs' price table: the {FALLBACK_REGION} "
                f"figure ({used}) is used")
    return Rate(fallback.usd, region, key, fallback.source, assumed=True, note=note,
                confidence="unknown", read=fallback.read)


def confidence_words(rate: Rate) -> str:
    """How sure a rate is, in the words the pages use: "list price, read 2026-09-25";
    "estimate, read 2026: not confirmed for eu-west-1 on the AWS page"; "estimate: no eu-west-1
    figure in vpcdocs' price table, the us-east-1 figure is used"; "set in this design's
    `pricing` section"."""
    if rate.assumed:
        return (f"estimate: no {rate.region} figure in vpcdocs' price table, the "
                f"{FALLBACK_REGION} figure is used")
    if rate.confidence == "override":
        return "set in this design's `pricing` section"
    if rate.confidence == "estimate":
        return f"estimate, read {rate.read}: not confirmed for {rate.region} on the AWS page"
    return f"list price, read {rate.read}"


def inter_region_rate(table: PriceTable, src_region: str, dst_region: str) -> Rate:
    """Per-GB transfer from `src_region` to `dst_region`: a pair exception, else the source's
    `inter_region_gb` (with `rate()`'s fallback)."""
    if src_region == dst_region:
        raise ValueError(f"inter-region rate asked for one region ({src_region})")
    wanted = tuple(sorted((src_region, dst_region)))
    for pair in table.inter_region_pairs:
        if pair.regions == wanted:
            return Rate(pair.usd, src_region, "inter_region_gb", pair.source, False, None,
                        confidence=pair.confidence, read=pair.read)
    return rate(table, src_region, "inter_region_gb")


def _tier_rates(
    table: PriceTable, region: str, keys: tuple[tuple[float | None, str], ...]
) -> list[tuple[float | None, Rate]]:
    return [(bound, rate(table, region, key)) for bound, key in keys]


def interface_endpoint_gb_tier_rates(
    table: PriceTable, region: str
) -> list[tuple[float | None, Rate]]:
    """Interface-endpoint per-GB tiers with their `Rate`s (to report assumed figures)."""
    return _tier_rates(table, region, INTERFACE_ENDPOINT_GB_TIER_KEYS)


def interface_endpoint_gb_tiers(table: PriceTable, region: str) -> list[tuple[float | None, float]]:
    """Interface-endpoint per-GB tiers: (cumulative upper bound in GB per month or None, $/GB).

    The tiers apply to all interface endpoints of a region together (per month).
    """
    return [(bound, r.usd) for bound, r in interface_endpoint_gb_tier_rates(table, region)]


def internet_egress_tier_rates(table: PriceTable, region: str) -> list[tuple[float | None, Rate]]:
    """Internet-egress per-GB tiers with their `Rate`s (to report assumed figures)."""
    return _tier_rates(table, region, INTERNET_EGRESS_TIER_KEYS)


def internet_egress_tiers(table: PriceTable, region: str) -> list[tuple[float | None, float]]:
    """Internet-egress tiers: (cumulative upper bound in GB per month or None, $/GB).

    They apply to egress after the free allowance, which is account-wide (see
    `INTERNET_EGRESS_TIER_KEYS`).
    """
    return [(bound, r.usd) for bound, r in internet_egress_tier_rates(table, region)]


def tiered_cost(gb: float, tiers: list[tuple[float | None, float]]) -> float:
    """The cost of `gb` under `tiers` [(cumulative upper bound in GB, or None for no bound, $/GB)].

    Bounds must increase and the last must be None. Each GB is charged at its tier's price.
    """
    if not (math.isfinite(gb) and gb >= 0):
        raise ValueError(f"tiered_cost: gb must be a finite number >= 0, got {gb!r}")
    if not tiers or tiers[-1][0] is not None:
        raise ValueError("tiered_cost: the last tier must have no upper bound (None)")
    lower = 0.0
    for bound, _ in tiers[:-1]:
        if bound is None or not bound > lower:
            raise ValueError("tiered_cost: tier bounds must be increasing numbers > 0")
        lower = bound
    total = 0.0
    lower = 0.0
    for upper, price in tiers:
        if gb <= lower:
            break
        span = gb - lower if upper is None else min(gb, upper) - lower
        total += span * price
        if upper is None:
            break
        lower = upper
    return total


_CENT = Decimal("0.01")
# quantize needs every digit of the result: the default 28 fail from 1e26 USD on, which a valid
# `gb_per_month` (any finite number) reaches; 330 digits hold any finite float in cents.
_WIDE = Context(prec=330)


def round_usd(x: float) -> float:
    """`x` rounded to cents, half up (0.125 -> 0.13), via its shortest decimal form. A
    non-finite `x` (only from overflowing sums) is returned as it is."""
    if not math.isfinite(x):
        return x
    return _round_text(repr(x))


@lru_cache(maxsize=1 << 16)
def _round_text(text: str) -> float:
    """`round_usd` of the float written `text` (keyed by the text, so -0.0 and 0.0 stay apart);
    a design's figures repeat (the same rates, volumes and sums), so most are looked up."""
    return float(Decimal(text).quantize(_CENT, rounding=ROUND_HALF_UP, context=_WIDE))
