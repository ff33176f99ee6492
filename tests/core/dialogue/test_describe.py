"""Wording every channel shares: funding rows carry each stream's caveat, then the duties."""
from __future__ import annotations

from core.dialogue.describe import STATUS_TEXT, funding_rows, hours_text


def test_funding_rows_end_with_the_duties_and_carry_caveats(pcn_engine):
    a = pcn_engine.assess({"population": 42000, "as_of": "2020-04-01"})
    rows = funding_rows(a["funding"], pcn_engine.knowledge.funding, a["duties"])
    by_label = {label: (amount, why) for label, amount, why, _c in rows}
    assert rows[-1][0] == "Extended hours the network must offer"
    assert by_label["Extended hours the network must offer"][0] == "21 hours a week"
    amount, why = by_label["Network payment"]
    assert amount == "£63,000" and why.startswith("£1.50 × 42,000 patients; carried forward")
    assert by_label["Clinical director"][0] == "unknown"


def test_without_duties_only_the_streams_and_total_are_listed(pcn_engine):
    a = pcn_engine.assess({"population": 42000, "as_of": "2019-07-01"})
    rows = funding_rows(a["funding"], pcn_engine.knowledge.funding)
    assert rows[-1][0].startswith("Total")


def test_hours_and_the_blocked_status_read_as_words():
    assert hours_text(21.0) == "21 hours a week" and hours_text(17.75) == "17.75 hours a week"
    assert hours_text(None) == "unknown"
    assert STATUS_TEXT["blocked"].startswith("Blocked")
