"""The result and answer pages show what rests on this tool's judgement and where the sources disagree."""
from __future__ import annotations

import html

import engine
from core.assessments import save_assessment
from core.db import session_scope, shared_db_engine


def _stored(web_db, facts: dict) -> str:
    with session_scope(shared_db_engine(web_db)) as s:
        return save_assessment(s, facts, engine.assess(facts), "http").id


def test_the_result_page_marks_judgement_and_shows_the_printed_figure_and_the_disagreement(client, web_db):
    aid = _stored(web_db, {"population": 30000, "as_of": "2019-07-01"})
    page = html.unescape(client.get(f"/assessments/{aid}").text)
    assert "(our judgement)" in page and "this tool's own weighing" in page
    assert "Where the sources disagree" in page and "We follow the sum of the parts: £137,550" in page
    assert "£137,550" in page and "the source's table prints £92,595 here" in page
    assert "Funding examples for different sizes of PCN" in page.split('id="disagreements"')[1]


def test_only_the_points_the_result_depends_on_are_shown(client, web_db):
    aid = _stored(web_db, {"population": 42000, "as_of": "2026-12-03"})
    page = html.unescape(client.get(f"/assessments/{aid}").text)
    shown = page.split('id="disagreements"')[1]
    assert "£300m" in shown                          # the Investment and Impact Fund rule fires
    assert "prints £" not in page and "£92,595" not in shown and "exactly 100,000" not in shown


def test_a_judgement_flag_is_marked_on_the_page(client, web_db):
    aid = _stored(web_db, {"population": 60000, "as_of": "2019-07-01"})
    page = html.unescape(client.get(f"/assessments/{aid}").text)
    line = next(x for x in page.split("<li>") if "extra support staff" in x)
    assert "(our judgement)" in line


def test_an_answer_on_a_disputed_point_shows_the_disagreement(client):
    page = html.unescape(client.get("/ask?question=can+our+clinical+director+come+from+outside+the+network").text)
    assert "Where the sources disagree" in page and "we follow the fuller section" in page


def test_each_disagreement_is_folded_under_its_topic_and_our_reading(client, web_db):
    aid = _stored(web_db, {"population": 42000, "as_of": "2019-07-01", "practice_declined_des": True})
    page = html.unescape(client.get(f"/assessments/{aid}").text)
    shown = page.split('id="disagreements"')[1]
    folded = next(x for x in shown.split('<details class="nhsuk-details web-disagreement">')[1:]
                  if "signing up is a practice's choice" in x)
    assert folded.split("</summary>")[0].endswith("DES</span>")
    assert "We follow the handbook" in folded.split("</div></details>")[0]
