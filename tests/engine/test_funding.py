"""Funding: the handbook's stated formulas, and where its printed example table disagrees.

The knowledge base follows the formulas (tests/scenarios/funding.yaml); this file records each
printed figure that differs and why, so a reader can see the disagreement is known, not a bug.
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.funding import whole_pounds

# "Funding examples for different sizes of PCN" as printed (population: CD, total).
PRINTED = {30000: (20627, 92595), 40000: (27503, 159426), 50000: (34279, 181202),
           70000: (48131, 225054), 100000: (68558, 362404)}
DISAGREE = {30000: {"total"}, 50000: {"clinical_director", "total"}, 100000: {"clinical_director", "total"}}


def _funding(pcn_engine, population):
    return pcn_engine.assess({"population": population, "as_of": "2019-07-01"})["funding"]


@pytest.mark.parametrize("population", sorted(PRINTED))
def test_printed_examples_table_against_the_formula(pcn_engine, population):
    f = _funding(pcn_engine, population)
    printed_cd, printed_total = PRINTED[population]
    assert f["total"] == f["network_payment"] + f["clinical_director"] + f["clinical_pharmacist"] + f["social_prescriber"]
    differs = {name for name, printed in (("clinical_director", printed_cd), ("total", printed_total))
               if f[name] != printed}
    assert differs == DISAGREE.get(population, set())


def test_the_30000_total_is_misprinted(pcn_engine):
    """Printed £92,595, but £45,000 + £20,627 + £37,810 + £34,113 = £137,550."""
    assert _funding(pcn_engine, 30000)["total"] == 137550


def test_the_50000_cd_figure_differs_between_two_printed_tables(pcn_engine, sources):
    """The CD table prints £34,379 (0.25 × £137,516); the examples table prints £34,279."""
    text = (sources / "000_a67a7b468067886e.txt").read_text(encoding="utf-8")
    assert re.search(r"0\.25 WTE per 50,000 population\s+137,516\s+34,379", text)
    assert re.search(r"50,000\s+£75,000\s+£34,279", text)
    assert _funding(pcn_engine, 50000)["clinical_director"] == whole_pounds(0.25 * 137516) == 34379


def test_the_100000_cd_figure_does_not_follow_the_sliding_scale(pcn_engine):
    """Printed £68,558; 0.5 WTE × £137,516 = £68,758."""
    assert _funding(pcn_engine, 100000)["clinical_director"] == 68758


@pytest.mark.parametrize("population, line, printed, ours", [
    (30000, "total", 92595, 137550), (50000, "clinical_director", 34279, 34379), (50000, "total", 181202, 181302),
    (100000, "clinical_director", 68558, 68758), (100000, "total", 362404, 362604)])
def test_the_printed_figure_stands_beside_ours_with_the_disagreement(pcn_engine, population, line, printed, ours):
    a = pcn_engine.assess({"population": population, "as_of": "2019-07-01"})
    note = a["funding"]["printed"][line]
    assert a["funding"][line] == ours and note["printed"] == printed
    assert f"£{printed:,}" in note["note"]
    assert note["disagreement"] in {d["id"] for d in a["disagreements"]}


def test_no_printed_note_where_the_table_has_no_row_or_agrees(pcn_engine):
    for population in (29999, 30001, 40000, 42000, 70000, 99999, 100001):
        assert pcn_engine.assess({"population": population, "as_of": "2019-07-01"})["funding"]["printed"] == {}


def test_rounding_is_half_up_after_the_formula():
    assert whole_pounds(48130.6) == 48131
    assert whole_pounds(44998.5) == 44999
    assert whole_pounds(20627.4) == 20627


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False) | st.integers(0, 10**7).map(lambda n: n + 0.5))
def test_rounding_matches_the_amount_as_written_rounded_half_up(amount):
    # a pound figure is rounded as its shortest decimal form reads, never as float noise pushes it
    written = int(Decimal(repr(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert whole_pounds(amount) == written


def test_rounding_just_under_a_half_goes_down():
    assert whole_pounds(0.49999999999999994) == 0
    assert whole_pounds(math.nextafter(12.5, 0)) == 12
    assert whole_pounds(-2.5) == -3


def test_engagement_payment_goes_to_practices_and_is_outside_the_total(pcn_engine):
    f = _funding(pcn_engine, 40000)
    assert f["practice_engagement"] == 70400
    assert f["total"] == 159426
    assert "practice_engagement" not in f["notes"]["total"]
