"""The wording every channel shares for what a point rests on: judgement marked, disagreements shown."""
from __future__ import annotations

import engine
from core.dialogue.describe import JUDGEMENT, disagreement_lines, funding_rows, marked, score_text
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
    assert "(score +" in text and JUDGEMENT in text and "this tool's own weighing" in text
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
