"""Wording every channel shares: judgement marked, disagreements shown, funding rows with caveats, then duties."""
from __future__ import annotations

import re

import engine
from core.dialogue.describe import (
    JUDGEMENT,
    STATUS_TEXT,
    disagreement_lines,
    funding_rows,
    hours_text,
    marked,
    score_text,
)
from core.dialogue.replies import Result
from core.dialogue.text import answer_text, result_text

K = engine.default_engine().knowledge


def test_only_judgement_is_marked():
    assert marked("Text.", {"basis": "judgement"}) == f"Text. {JUDGEMENT}"
    assert marked("Text.", {"basis": "source"}) == marked("Text.", {"basis": "derived"}) == "Text."
    assert score_text({"score": -2}) == f"score -2 {JUDGEMENT}"


def test_a_disagreement_line_cites_each_source_by_title_and_says_what_we_follow():
    a = engine.assess({"population": 50000, "as_of": "2019-07-01"})
    [line] = [x for x in disagreement_lines(a["disagreements"], K.sources) if "£34,279" in x]
    assert line.startswith("Funding: [BMA, The primary care network handbook")
    assert "› Clinical director funding]" in line and "We follow the formula" in line


def test_a_funding_row_says_what_the_table_printed_only_for_that_population():
    rows = {r[0]: r[2] for r in funding_rows(engine.assess({"population": 50000, "as_of": "2019-07-01"})["funding"], K.funding)}
    assert "prints £34,279 here" in rows["Clinical director"] and "prints £181,202" in rows["Total (maximum potential funding)"]
    rows = {r[0]: r[2] for r in funding_rows(engine.assess({"population": 50001, "as_of": "2019-07-01"})["funding"], K.funding)}
    assert not any("prints" in why for why in rows.values())


def test_the_chat_result_marks_judgement_and_lists_the_disagreements():
    text = result_text(Result(engine.assess({"population": 100000, "as_of": "2019-07-01"}), {}), K)
    assert re.search(r"score [+-]\d+ \(our judgement\)", text) and "HOW THIS WAS DECIDED" in text and JUDGEMENT in text and "this tool's own weighing" in text
    assert "WHERE THE SOURCES DISAGREE" in text and "exactly 100,000" in text and "prints £362,404 here" in text


def test_the_chat_answer_shows_the_disagreements():
    dispute = engine.assess({"population": 42000, "cd_background": "external", "as_of": "2019-07-01"})["disagreements"]
    a = {"question": "Can the CD be external?", "found": True, "sources": [], "rules": [], "checklist": [],
         "guidance": [], "disagreements": [d for d in dispute if d["id"] == "clinical_director_from_network_gps"]}
    text = answer_text(a, K)
    assert "Where the sources disagree:" in text and "We follow the fuller section" in text


def test_an_escalation_marks_the_priority_reason_as_judgement():
    from core.dialogue.replies import Escalated
    from core.dialogue.text import escalated_text
    case = {"id": 7, "new": True, "priority": "normal", "topic": "general", "status": "open",
            "reasons": [{"rule": "triage_user_request", "priority": "normal", "text": "The practice asked.",
                         "citation": {"source": "000_a67a7b468067886e.txt", "section": "Background"},
                         "basis": "judgement"}]}
    assert f"The practice asked. {JUDGEMENT}" in escalated_text(Escalated(cases=[case]), K)


def test_why_marks_the_rules_that_rest_on_judgement():
    from core.dialogue.replies import Explain
    from core.dialogue.text import explain_text
    rules = [{"id": "cd_large_network_support", "text": "Bigger networks may add support.", "live": True,
              "citation": {"source": "000_a67a7b468067886e.txt", "section": "Appointing a clinical director"},
              "models": [None], "kind": "rule", "basis": "judgement"},
             {"id": "population_within_range", "text": "30,000 or more qualifies.", "live": True,
              "citation": {"source": "000_a67a7b468067886e.txt", "section": "Geography"},
              "models": [None], "kind": "rule", "basis": "source"}]
    text = explain_text(Explain("population", "How many?", "Size matters.", None, rules), K)
    assert f"Bigger networks may add support. {JUDGEMENT}" in text and f"qualifies. {JUDGEMENT}" not in text


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
