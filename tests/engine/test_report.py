"""The plain-text report: a blocked status, each stream's caveat and the duties are all shown."""
from __future__ import annotations

from engine.report import render


def test_a_blocked_network_shows_blocked_and_why(pcn_engine):
    text = render(pcn_engine.assess({"population": 42000, "as_of": "2019-07-01", "nominated_payee_chosen": False}))
    assert "Eligibility: Blocked" in text and "no nominated payee has been chosen" in text


def test_the_duty_and_the_caveats_are_shown(pcn_engine):
    text = render(pcn_engine.assess({"population": 50000, "as_of": "2020-04-01"}))
    assert "Extended hours the network must offer: 25 h/week" in text
    assert "carried forward: the handbook calls this payment recurrent" in text
    assert "extended access" in text and "not counted as network money" in text
