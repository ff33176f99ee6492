"""The practice's pages through Flask's test client: start, interview, check, result, checklist, ask."""
from __future__ import annotations

import re

from tests.web.helpers import current_qid, post, token


def test_start_page_says_what_the_tool_does_and_starts(client):
    r = client.get("/")
    assert r.status_code == 200 and "Start now" in r.text and "never more than 10" in r.text
    r = post(client, "/start")
    assert r.status_code == 302 and "/questions/" in r.location
    page = client.get("/questions", follow_redirects=True).text
    assert "<h1" in page and "Why we ask" in page and "Not sure" in page and "Question 1" in page


def test_questions_without_a_conversation_go_to_the_start(client):
    assert client.get("/questions").location.endswith("/")
    assert client.get("/check").location.endswith("/")


def test_a_bad_answer_shows_an_error_summary_linking_to_the_field(client):
    post(client, "/start")
    qid = current_qid(client)
    r = post(client, f"/questions/{qid}", {"answer": "lots and lots"}, page="/questions")
    assert r.status_code == 422
    assert "There is a problem" in r.text and 'href="#answer"' in r.text and 'id="answer"' in r.text
    assert "Error:" in r.text.split("</title>")[0]
    r = post(client, f"/questions/{qid}", {"answer": ""}, page="/questions")
    assert r.status_code == 422 and "Enter a number" in r.text


def test_not_sure_back_and_change(client):
    post(client, "/start")
    first = current_qid(client)
    post(client, f"/questions/{first}", {"answer": "42000"}, page="/questions")
    second = current_qid(client)
    assert second != first
    post(client, f"/questions/{second}", {"answer": "__unsure__"}, page="/questions")
    assert current_qid(client) not in (first, second)
    post(client, f"/questions/{current_qid(client)}", {"action": "back"}, page="/questions")
    assert current_qid(client) == second
    # going back shows the answer that was given, ready to keep or change
    assert re.search(r'value="__unsure__"[^>]*checked', client.get("/questions", follow_redirects=True).text)
    post(client, f"/questions/{second}", {"action": "back"}, page="/questions")
    assert current_qid(client) == first and 'value="42000"' in client.get("/questions", follow_redirects=True).text
    post(client, f"/questions/{first}", {"answer": "42000"}, page="/questions")
    post(client, f"/questions/{second}", {"answer": "__unsure__"}, page="/questions")
    page = client.get(f"/questions/{first}?change=1")
    assert page.status_code == 200 and 'value="42000"' in page.text and 'name="change"' in page.text
    r = post(client, f"/questions/{first}", {"answer": "50000", "change": "1"}, page="/questions")
    assert r.status_code == 302
    assert client.get("/questions?change=no_such_question", follow_redirects=True).status_code == 404


def test_a_choice_must_be_one_of_the_options(client):
    post(client, "/start")
    r = post(client, "/questions/operating_model", {"answer": "made_up"}, page="/questions")
    assert r.status_code == 422 and "Select an answer" in r.text
    assert post(client, "/questions/no_such_question", {"answer": "x"}, page="/questions").status_code == 404


def test_check_answers_then_result(assessed):
    client, aid = assessed
    page = client.get("/check").text
    assert "Check your answers" in page and "Change" in page and "42,000 patients" in page
    r = client.get(f"/assessments/{aid}")
    assert r.status_code == 200
    for text in ("Eligibility", "Recommended", "Operating models", "Funding", "Things to watch", "Ask an LMC adviser"):
        assert text in r.text
    assert r.text.count('class="nhsuk-table__row"') >= 6
    assert "BMA, The primary care network handbook" in r.text
    # assessed today (2026/27): the duty shown is Enhanced Access, which replaced extended hours on 1 October 2022
    assert "Enhanced Access the network must offer" in r.text and "hours a week" in r.text
    assert "Extended hours the network must offer" not in r.text


def test_unknown_assessment_is_a_404_page(client):
    r = client.get("/assessments/" + "0" * 32)
    assert r.status_code == 404 and "Page not found" in r.text and r.mimetype == "text/html"
    assert client.get("/assessments/nope/checklist").status_code == 404


def test_checklist_ticks_save_to_the_shared_state_and_download(assessed):
    client, aid = assessed
    page = client.get(f"/assessments/{aid}/checklist").text
    first = re.search(r'name="done" type="checkbox" value="([^"]+)"', page).group(1)
    r = post(client, f"/assessments/{aid}/checklist", {"done": first, "name": "=Pat"}, page=f"/assessments/{aid}/checklist")
    assert r.status_code == 302
    page = client.get(f"/assessments/{aid}/checklist").text
    assert "Done by =Pat (a practice using the web pages)" in page and "Saved: 1 item changed" in page
    csv = client.get(f"/assessments/{aid}/checklist.csv")
    assert csv.mimetype == "text/csv" and "attachment" in csv.headers["Content-Disposition"]
    # who ticked it is the name typed (kept inert: a formula-like one is quoted), beside the web session
    assert f"{first}," in csv.text and re.search(r",yes,'=Pat,\d{1,2} \w+ \d{4},web:practice,", csv.text)
    md = client.get(f"/assessments/{aid}/checklist.md")
    assert md.mimetype == "text/markdown" and "- [x]" in md.text and "(done by =Pat, " in md.text
    assert client.get(f"/assessments/{aid}/checklist.pdf").status_code == 404


def test_ask_a_question_and_pass_it_to_an_adviser(client):
    r = client.get("/ask?question=who+chooses+the+clinical+director")
    assert r.status_code == 200 and "Answer" in r.text and "Ask an LMC adviser" in r.text
    r = post(client, "/ask/adviser", {"question": "Can our pharmacist work across two networks?"}, page="/")
    assert r.status_code == 302
    page = client.get("/ask").text
    assert "Can our pharmacist work across two networks?" in page and "waiting for an adviser" in page.lower()
    assert post(client, "/ask/adviser", {"question": "  "}, page="/").status_code == 422


def test_practice_names_are_escaped(client):
    post(client, "/start")
    r = post(client, "/questions/practices", {"answer": "<script>alert(1)</script>, A81001, 9200", "change": "1"},
             page="/questions")
    assert r.status_code in (302, 422)
    assert "<script>alert(1)</script>" not in client.get("/questions/practices?change=1").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/questions/practices?change=1").text
    r = client.get("/ask?question=<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;" in r.text


def test_start_token_is_kept_in_the_session(client):
    token(client)
    post(client, "/start")
    with client.session_transaction() as s:
        assert len(s["practice"]) >= 32


def test_an_unreadable_what_if_shows_the_form_again_with_the_error_at_its_field(assessed):
    client, aid = assessed
    r = client.get(f"/assessments/{aid}/what-if?population=lots&operating_model=federation")
    assert r.status_code == 422 and 'href="#wi-population"' in r.text
    field = re.search(r'<input[^>]*id="wi-population"[^>]*>', r.text).group(0)
    assert 'value="lots"' in field and 'aria-describedby="wi-population-error"' in field
    assert 'id="wi-population-error"' in r.text and '<option value="federation" selected>' in r.text
    r = client.get(f"/assessments/{aid}/what-if?operating_model=federation")
    assert r.status_code == 200 and "Compared with your saved result" in r.text
