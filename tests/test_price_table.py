"""Tests for the bundled price table and its reader (vpcdocs.analysis.pricing.table).

Expected money figures are computed here from the table's own figures and the rule under test;
the facts file's worked examples (aws-networking-facts.md §5, us-east-1) are the literals they
must reproduce to the cent.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vpcdocs.analysis.pricing import (
    FALLBACK_REGION,
    GB_PER_PB,
    GB_PER_TB,
    HOURS_PER_MONTH,
    PriceTable,
    PriceTableError,
    confidence_words,
    inter_region_rate,
    interface_endpoint_gb_tier_rates,
    interface_endpoint_gb_tiers,
    internet_egress_tier_rates,
    internet_egress_tiers,
    load_price_table,
    parse_price_table,
    rate,
    round_usd,
    tiered_cost,
    unknown_regions,
    with_overrides,
)

ISSUE_REGIONS = (
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-west-2",
    "eu-central-1",
    "ap-southeast-1",
    "ap-northeast-1",
)

ISSUE_KEYS = (
    "interface_endpoint_hour",
    "interface_endpoint_gb",
    "interface_endpoint_gb_next_4pb",
    "interface_endpoint_gb_over_5pb",
    "gwlb_endpoint_hour",
    "gwlb_endpoint_gb",
    "nat_gateway_hour",
    "nat_gateway_gb",
    "public_ipv4_hour",
    "tgw_attachment_hour",
    "tgw_gb",
    "inter_region_gb",
    "cross_az_gb",
    "internet_egress_free_gb",
    "internet_egress_gb",
    "internet_egress_gb_next_40tb",
    "internet_egress_gb_next_100tb",
    "internet_egress_gb_over_150tb",
    # topology-format-hybrid.md "Pricing keys" (issue 15)
    "vpn_connection_hour",
    "direct_connect_out_gb",
    "resolver_endpoint_hour",
)


@pytest.fixture(scope="module")
def table() -> PriceTable:
    return load_price_table()


def usd(table: PriceTable, key: str, region: str = "us-east-1") -> float:
    r = rate(table, region, key)
    assert not r.assumed, f"{region} {key} should be the region's own figure"
    return r.usd


def small_table_data() -> dict[str, Any]:
    """A minimal table as plain data: two keys, two regions, one null."""
    fig = {"source": "s", "read": "2026-05", "confidence": "list"}
    return {
        "as_of": "2026-06-01",
        "currency": "USD",
        "keys": {
            "nat_gateway_hour": {"unit": "usd_per_hour", "label": "NAT gateway hours",
                                 "description": "NAT per hour"},
            "nat_gateway_gb": {"unit": "usd_per_gb", "label": "NAT gateway data processing",
                               "description": "NAT per GB"},
        },
        "sources": {"s": {"url": "https://example.invalid/", "title": "test"}},
        "inter_region_pairs": [],
        "regions": {
            "us-east-1": {
                "nat_gateway_hour": {"usd": 0.045, **fig},
                "nat_gateway_gb": {"usd": 0.045, **fig},
            },
            "eu-west-2": {
                "nat_gateway_hour": {"usd": 0.05, **fig},
                "nat_gateway_gb": {"usd": None},
            },
        },
    }


# --- the bundled data -------------------------------------------------------------------------


def test_table_loads_with_date_and_currency(table: PriceTable) -> None:
    assert table.currency == "USD"
    assert len(table.as_of) == 10 and table.as_of[4] == "-" and table.as_of[7] == "-"


def test_load_is_cached(table: PriceTable) -> None:
    assert load_price_table() is table


def test_keys_are_exactly_the_issue_keys(table: PriceTable) -> None:
    assert set(table.keys) == set(ISSUE_KEYS)
    for info in table.keys.values():
        assert info.unit in {"usd_per_hour", "usd_per_gb", "gb_per_month"}
        assert info.description and info.label
        assert "_" not in info.label  # the words readers see, never a key


def test_every_issue_region_has_a_section(table: PriceTable) -> None:
    assert set(ISSUE_REGIONS) <= set(table.regions)


def test_every_region_section_has_every_key(table: PriceTable) -> None:
    for region, figures in table.regions.items():
        assert set(figures) == set(table.keys), region


def test_every_figure_has_a_known_source_a_date_and_a_consistent_confidence(
    table: PriceTable,
) -> None:
    for region, figures in table.regions.items():
        for key, figure in figures.items():
            # a null figure is exactly an unknown one: the data never claims a source for it
            assert (figure.usd is None) == (figure.confidence == "unknown"), (region, key)
            if figure.usd is None:
                assert figure.source is None and figure.read is None, (region, key)
                continue
            assert figure.source in table.sources, (region, key)
            assert figure.confidence in {"list", "estimate"}, (region, key)
            assert figure.read is not None and figure.read[:2] == "20", (region, key)
    for pair in table.inter_region_pairs:
        assert pair.source in table.sources and pair.read


def test_every_source_is_used_and_is_an_aws_page(table: PriceTable) -> None:
    used = {f.source for figures in table.regions.values() for f in figures.values()}
    used |= {p.source for p in table.inter_region_pairs}
    assert used - {None} == set(table.sources)
    for source in table.sources.values():
        assert source.title
        assert source.url.startswith("https://aws.amazon.com/"), source


def test_fallback_region_knows_every_figure(table: PriceTable) -> None:
    for key in table.keys:
        assert table.regions[FALLBACK_REGION][key].usd is not None, key


def test_us_east_pair_exception_is_in_the_data(table: PriceTable) -> None:
    pairs = {p.regions: p.usd for p in table.inter_region_pairs}
    assert pairs[("us-east-1", "us-east-2")] == 0.01


# --- the facts file's us-east-1 worked examples, to the cent ---------------------------------


def test_interface_endpoint_in_three_azs_per_month(table: PriceTable) -> None:
    computed = 3 * HOURS_PER_MONTH * usd(table, "interface_endpoint_hour")
    assert round_usd(computed) == 21.90


def test_one_tb_through_an_interface_endpoint(table: PriceTable) -> None:
    computed = tiered_cost(1 * GB_PER_TB, interface_endpoint_gb_tiers(table, "us-east-1"))
    assert round_usd(computed) == 10.24


def test_nat_gateway_hours_per_month(table: PriceTable) -> None:
    assert round_usd(HOURS_PER_MONTH * usd(table, "nat_gateway_hour")) == 32.85


def test_one_tb_of_nat_gateway_processing(table: PriceTable) -> None:
    assert round_usd(1 * GB_PER_TB * usd(table, "nat_gateway_gb")) == 46.08


def test_nat_gateway_public_ipv4_per_month(table: PriceTable) -> None:
    assert round_usd(HOURS_PER_MONTH * usd(table, "public_ipv4_hour")) == 3.65


def test_tgw_vpc_attachment_per_month(table: PriceTable) -> None:
    assert round_usd(HOURS_PER_MONTH * usd(table, "tgw_attachment_hour")) == 36.50


# --- rate(): fallback and notes ---------------------------------------------------------------


def test_known_figure_is_not_assumed(table: PriceTable) -> None:
    r = rate(table, "eu-west-2", "nat_gateway_hour")
    own = table.regions["eu-west-2"]["nat_gateway_hour"].usd
    assert (r.usd, r.assumed, r.note) == (own, False, None)
    assert r.region == "eu-west-2" and r.key == "nat_gateway_hour"


def test_null_figure_uses_us_east_1_and_says_so(table: PriceTable) -> None:
    assert table.regions["eu-west-2"]["gwlb_endpoint_gb"].usd is None  # the case under test
    fallback = table.regions["us-east-1"]["gwlb_endpoint_gb"]
    r = rate(table, "eu-west-2", "gwlb_endpoint_gb")
    assert r.assumed and r.usd == fallback.usd and r.source == fallback.source
    assert r.note == (
        "No eu-west-2 figure for Gateway Load Balancer endpoint data processing in vpcdocs' "
        f"price table: the us-east-1 figure (${fallback.usd:g}/GB) is used"
    )
    assert confidence_words(r) == (
        "estimate: no eu-west-2 figure in vpcdocs' price table, the us-east-1 figure is used")


def test_unknown_region_uses_us_east_1_and_says_so(table: PriceTable) -> None:
    fallback = table.regions["us-east-1"]["nat_gateway_hour"].usd
    r = rate(table, "sa-east-1", "nat_gateway_hour")
    assert r.assumed and r.usd == fallback and r.region == "sa-east-1"
    assert r.note is not None
    assert "No prices for sa-east-1 in vpcdocs' price table" in r.note
    assert f"(${fallback:g}/h)" in r.note and "NAT gateway hours" in r.note


def test_free_allowance_note_is_in_gb(table: PriceTable) -> None:
    r = rate(table, "sa-east-1", "internet_egress_free_gb")
    assert r.note is not None and r.note.endswith(f"({r.usd:g} GB) is used")


def test_unknown_key_raises(table: PriceTable) -> None:
    with pytest.raises(KeyError):
        rate(table, "us-east-1", "nat_gateway_minute")


def test_unknown_regions_lists_sorted_unique(table: PriceTable) -> None:
    got = unknown_regions(table, ["us-east-1", "sa-east-1", "af-south-1", "sa-east-1"])
    assert got == ["af-south-1", "sa-east-1"]


# --- inter-region ------------------------------------------------------------------------------


def test_pair_exception_applies_in_both_directions(table: PriceTable) -> None:
    (pair,) = [p for p in table.inter_region_pairs if p.regions == ("us-east-1", "us-east-2")]
    for src, dst in (("us-east-1", "us-east-2"), ("us-east-2", "us-east-1")):
        r = inter_region_rate(table, src, dst)
        assert (r.usd, r.region, r.assumed, r.source) == (pair.usd, src, False, pair.source)


def test_other_pairs_use_the_source_regions_default(table: PriceTable) -> None:
    r = inter_region_rate(table, "us-east-1", "eu-west-2")
    assert r.usd == usd(table, "inter_region_gb", "us-east-1") and not r.assumed
    back = inter_region_rate(table, "eu-west-2", "us-east-1")
    assert back.usd == usd(table, "inter_region_gb", "eu-west-2")


def test_inter_region_from_a_null_region_is_assumed(table: PriceTable) -> None:
    assert table.regions["eu-central-1"]["inter_region_gb"].usd is None
    r = inter_region_rate(table, "eu-central-1", "eu-west-1")
    assert r.assumed and r.usd == table.regions["us-east-1"]["inter_region_gb"].usd


def test_inter_region_within_one_region_is_an_error(table: PriceTable) -> None:
    with pytest.raises(ValueError):
        inter_region_rate(table, "us-east-1", "us-east-1")


# --- overrides -----------------------------------------------------------------------------------


def test_override_replaces_a_figure_and_the_date(table: PriceTable) -> None:
    t = with_overrides(table, "2026-06-01", {"eu-west-2": {"gwlb_endpoint_gb": 0.004}})
    r = rate(t, "eu-west-2", "gwlb_endpoint_gb")
    assert (r.usd, r.assumed, r.source, r.confidence) == (0.004, False, None, "override")
    assert confidence_words(r) == "set in this design's `pricing` section"
    assert t.as_of == "2026-06-01"
    # the rest of the table is untouched, and the original table too
    assert rate(t, "eu-west-2", "nat_gateway_hour") == rate(table, "eu-west-2", "nat_gateway_hour")
    assert table.regions["eu-west-2"]["gwlb_endpoint_gb"].usd is None


def test_override_without_date_keeps_the_tables(table: PriceTable) -> None:
    assert with_overrides(table, None, {}).as_of == table.as_of


def test_override_adds_an_unknown_region(table: PriceTable) -> None:
    t = with_overrides(table, None, {"sa-east-1": {"nat_gateway_hour": 0.093}})
    assert unknown_regions(t, ["sa-east-1"]) == []
    assert rate(t, "sa-east-1", "nat_gateway_hour").usd == 0.093
    other = rate(t, "sa-east-1", "nat_gateway_gb")
    assert other.assumed and other.usd == table.regions["us-east-1"]["nat_gateway_gb"].usd
    assert set(t.regions["sa-east-1"]) == set(t.keys)


def test_override_of_the_fallback_region_changes_the_fallback(table: PriceTable) -> None:
    t = with_overrides(table, None, {"us-east-1": {"gwlb_endpoint_gb": 0.005}})
    r = rate(t, "eu-west-2", "gwlb_endpoint_gb")
    assert r.assumed and r.usd == 0.005 and r.note is not None and "$0.005/GB" in r.note


@pytest.mark.parametrize(
    "overrides",
    [
        {"eu-west-2": {"nat_gateway_minute": 0.1}},
        {"eu-west-2": {"nat_gateway_hour": -0.1}},
        {"eu-west-2": {"nat_gateway_hour": float("nan")}},
        {"eu-west-2": {"nat_gateway_hour": True}},
    ],
)
def test_bad_override_is_an_error(
    table: PriceTable, overrides: dict[str, dict[str, float]]
) -> None:
    with pytest.raises(ValueError) as err:
        with_overrides(table, None, overrides)
    assert "eu-west-2" in str(err.value)


# --- tiers -------------------------------------------------------------------------------------


def test_interface_endpoint_tiers_follow_the_table(table: PriceTable) -> None:
    figures = table.regions["us-east-1"]
    assert interface_endpoint_gb_tiers(table, "us-east-1") == [
        (1 * GB_PER_PB, figures["interface_endpoint_gb"].usd),
        (5 * GB_PER_PB, figures["interface_endpoint_gb_next_4pb"].usd),
        (None, figures["interface_endpoint_gb_over_5pb"].usd),
    ]


def test_internet_egress_tiers_follow_the_table(table: PriceTable) -> None:
    figures = table.regions["ap-southeast-1"]
    assert internet_egress_tiers(table, "ap-southeast-1") == [
        (10 * GB_PER_TB, figures["internet_egress_gb"].usd),
        (50 * GB_PER_TB, figures["internet_egress_gb_next_40tb"].usd),
        (150 * GB_PER_TB, figures["internet_egress_gb_next_100tb"].usd),
        (None, figures["internet_egress_gb_over_150tb"].usd),
    ]


def test_tier_rates_flag_the_assumed_tiers(table: PriceTable) -> None:
    rates = [r for _, r in interface_endpoint_gb_tier_rates(table, "eu-west-2")]
    assert [r.assumed for r in rates] == [
        table.regions["eu-west-2"][r.key].usd is None for r in rates
    ]
    assert any(r.assumed for r in rates)  # eu-west-2's upper tiers are unknown
    assert not any(r.assumed for _, r in internet_egress_tier_rates(table, "us-east-1"))


def test_crossing_the_first_petabyte(table: PriceTable) -> None:
    figures = table.regions["us-east-1"]
    first = figures["interface_endpoint_gb"].usd
    second = figures["interface_endpoint_gb_next_4pb"].usd
    assert first is not None and second is not None
    got = tiered_cost(GB_PER_PB + 10, interface_endpoint_gb_tiers(table, "us-east-1"))
    assert got == pytest.approx(GB_PER_PB * first + 10 * second)


def test_egress_across_every_tier(table: PriceTable) -> None:
    prices = [p for _, p in internet_egress_tiers(table, "us-east-1")]
    gb = 200 * GB_PER_TB
    expected = (
        10 * GB_PER_TB * prices[0]
        + 40 * GB_PER_TB * prices[1]
        + 100 * GB_PER_TB * prices[2]
        + 50 * GB_PER_TB * prices[3]
    )
    assert tiered_cost(gb, internet_egress_tiers(table, "us-east-1")) == pytest.approx(expected)


def test_tiered_cost_of_nothing_is_zero() -> None:
    assert tiered_cost(0, [(10.0, 1.0), (None, 0.5)]) == 0.0


@pytest.mark.parametrize(
    "tiers",
    [[], [(10.0, 1.0)], [(10.0, 1.0), (5.0, 0.5), (None, 0.1)], [(None, 1.0), (None, 0.5)]],
)
def test_tiered_cost_rejects_bad_tiers(tiers: list[tuple[float | None, float]]) -> None:
    with pytest.raises(ValueError):
        tiered_cost(1.0, tiers)


def test_tiered_cost_rejects_negative_gb() -> None:
    with pytest.raises(ValueError):
        tiered_cost(-1.0, [(None, 1.0)])


@given(
    gb=st.floats(min_value=0, max_value=1e9, allow_nan=False),
    more=st.floats(min_value=0, max_value=1e9, allow_nan=False),
)
def test_tiered_cost_is_monotone_and_bounded(gb: float, more: float) -> None:
    tiers: list[tuple[float | None, float]] = [(100.0, 0.09), (1000.0, 0.05), (None, 0.01)]
    low, high = tiered_cost(gb, tiers), tiered_cost(gb + more, tiers)
    assert 0 <= low <= high + 1e-9
    assert 0.01 * gb - 1e-6 <= low <= 0.09 * gb + 1e-6


# --- rounding -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "expected"),
    [(0.125, 0.13), (2.675, 2.68), (21.900000000000002, 21.9), (0.004, 0.0), (-0.125, -0.13)],
)
def test_round_usd_is_half_up_on_the_decimal_form(x: float, expected: float) -> None:
    assert round_usd(x) == expected


# --- parsing (plain data, no file) ---------------------------------------------------------------


def test_parse_small_table_and_fallback() -> None:
    t = parse_price_table(small_table_data())
    assert t.as_of == "2026-06-01"
    r = rate(t, "eu-west-2", "nat_gateway_gb")
    assert r.assumed and r.usd == 0.045
    assert r.note == (
        "No eu-west-2 figure for NAT gateway data processing in vpcdocs' price table: the "
        "us-east-1 figure ($0.045/GB) is used"
    )
    own = rate(t, "eu-west-2", "nat_gateway_hour")
    assert (own.confidence, own.read, own.source) == ("list", "2026-05", "s")
    assert confidence_words(own) == "list price, read 2026-05"


def _problem(mutate: Any) -> str:
    data = small_table_data()
    mutate(data)
    with pytest.raises(PriceTableError) as err:
        parse_price_table(data)
    return str(err.value)


def test_parse_reports_a_missing_key() -> None:
    msg = _problem(lambda d: d["regions"]["eu-west-2"].pop("nat_gateway_gb"))
    assert "regions.eu-west-2: missing key nat_gateway_gb" in msg


def test_parse_reports_an_unknown_key() -> None:
    msg = _problem(
        lambda d: d["regions"]["eu-west-2"].update(
            nat_gateway_minute={"usd": 1, "source": "s", "confidence": "3rd-party"}
        )
    )
    assert "unknown key nat_gateway_minute" in msg


def test_parse_reports_an_unknown_source_and_a_bad_number_together() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["regions"]["eu-west-2"]["nat_gateway_hour"]["source"] = "nowhere"
        d["regions"]["us-east-1"]["nat_gateway_hour"]["usd"] = -1

    msg = _problem(mutate)
    assert "unknown source 'nowhere'" in msg and "usd must be a number >= 0" in msg


def test_parse_requires_a_complete_fallback_region() -> None:
    msg = _problem(lambda d: d["regions"]["us-east-1"].update(nat_gateway_gb={"usd": None}))
    assert "fallback region needs every figure" in msg
    msg = _problem(lambda d: d["regions"]["us-east-1"]["nat_gateway_gb"].update(usd=None))
    assert "a null figure has no other fields" in msg
    msg = _problem(lambda d: d["regions"].pop("us-east-1"))
    assert "fallback region us-east-1 is missing" in msg


def test_parse_rejects_a_bad_date_and_currency() -> None:
    msg = _problem(lambda d: d.update(as_of="June", currency="EUR"))
    assert "as_of" in msg and "currency" in msg


def test_parse_does_not_change_its_input() -> None:
    data = small_table_data()
    before = copy.deepcopy(data)
    parse_price_table(data)
    assert data == before


def test_parse_reports_a_bad_read_date_and_confidence() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["regions"]["eu-west-2"]["nat_gateway_hour"]["read"] = "last June"
        d["regions"]["us-east-1"]["nat_gateway_hour"]["confidence"] = "3rd-party"

    msg = _problem(mutate)
    assert "read must be a date" in msg and "confidence must be list or estimate" in msg


def test_parse_rejects_a_source_that_is_not_a_web_page() -> None:
    msg = _problem(lambda d: d["sources"]["s"].update(url="docs/aws-networking-facts.md"))
    assert "sources.s: the url must be an https:// address" in msg


def test_the_data_file_shows_readers_no_research_notes() -> None:
    """What the site can show of the price table (sources, labels) names only AWS pages and
    says nothing a reader cannot check; research notes stay in the YAML comments."""
    table = load_price_table()
    shown = " ".join(
        [s.url + " " + s.title for s in table.sources.values()]
        + [k.label for k in table.keys.values()]
    )
    for word in ("UNCERTAIN", "aws-networking-facts", "3rd-party", "third-party", "_gb", "_hour"):
        assert word not in shown, word


# --- the one rounding rule for what people read (vpcdocs.analysis.pricing.rounding) -------------


@pytest.mark.parametrize(
    ("usd", "text"),
    [(0.125, "$0.13"), (2.675, "$2.68"), (1234.5, "$1,234.50"), (0.0, "$0.00"),
     (0.004, "<$0.01"), (-0.004, "-<$0.01"), (-3.0, "-$3.00"), (0.005, "$0.01")],
)
def test_money_is_shown_to_the_cent_half_up(usd: float, text: str) -> None:
    from vpcdocs.analysis.pricing.rounding import usd_text
    from vpcdocs.render.markdown.fmt import usd as page_usd
    from vpcdocs.review.diff_render import money

    assert usd_text(usd) == page_usd(usd) == money(usd) == text


@pytest.mark.parametrize(("gb", "shown"), [(401.5, 402), (892.22, 893), (402.0, 402),
                                           (402.0000000001, 402), (0.01, 1)])
def test_break_even_volumes_are_rounded_up_to_a_whole_gb(gb: float, shown: int) -> None:
    from vpcdocs.analysis.pricing.rounding import break_even_display, break_even_text

    assert break_even_display(gb) == shown
    assert break_even_text(gb) == f"{shown:,} GB"
