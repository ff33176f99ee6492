"""The adviser's desk as a practice and an adviser meet it on the web pages: one request opens one case,
the practice can say who it is, keeps a link to its case that works in any browser and sees its own
note and the reply signed as people write; the queue says who is asking, what about, and for how long.
"""
from __future__ import annotations

import datetime as dt
import re

from core.db import session_scope, shared_db_engine
from core.triage import casework
from tests.web.helpers import ADVISER, PASSWORD, finish_interview, post


def sign_in(client):
    return post(client, "/advisers/sign-in", {"name": ADVISER, "password": PASSWORD}, page="/advisers/sign-in")


def reference(location: str) -> str:
    return re.search(r"/cases/([A-Za-z0-9_-]+)$", location).group(1)


def test_one_note_opens_one_case_and_the_practice_keeps_a_link_to_it(app, web_db):
    practice = app.test_client()
    aid = finish_interview(practice, population="20000")      # several points need advice at 20,000
    r = post(practice, f"/assessments/{aid}/adviser",
             {"note": "Can we use the federation for <b>VAT</b>?", "practice_name": "Riverside PCN",
              "contact_email": "manager@riverside.nhs.uk"}, page=f"/assessments/{aid}")
    assert r.status_code == 302 and "/cases/" in r.location
    ref = reference(r.location)
    with session_scope(shared_db_engine(web_db)) as s:
        cases = casework.list_cases(s, assessment_id=aid)
    assert len(cases) == 1 and cases[0].related_flags      # one case, carrying the other points
    # the link works in any browser, not only the one that asked
    page = app.test_client().get(f"/cases/{ref}").text
    assert "Can we use the federation for &lt;b&gt;VAT&lt;/b&gt;?" in page and "<b>VAT</b>" not in page
    assert "Riverside PCN" in page and f"/cases/{ref}" in page
    # the result page shows the practice its own note and the link
    result = practice.get(f"/assessments/{aid}").text
    assert "Your note: Can we use the federation" in result and f"/cases/{ref}" in result
    # asking again while it is open opens nothing new
    again = post(practice, f"/assessments/{aid}/adviser", {"note": "Any news?"}, page=f"/assessments/{aid}")
    assert reference(again.location) == ref
    with session_scope(shared_db_engine(web_db)) as s:
        assert len(casework.list_cases(s, assessment_id=aid)) == 1


def test_an_email_that_is_not_one_is_refused_naming_the_field(app, assessed):
    practice, aid = assessed
    r = post(practice, f"/assessments/{aid}/adviser", {"note": "Help", "contact_email": "not an email"},
             page=f"/assessments/{aid}")
    assert r.status_code == 422 and 'href="#contact_email"' in r.text and "Enter an email address" in r.text
    r = post(practice, "/ask/adviser", {"question": "Who decides?", "practice_name": "x" * 201}, page="/")
    assert r.status_code == 422 and 'href="#practice_name"' in r.text


def test_the_queue_says_who_asks_what_about_and_how_long_they_have_waited(app):
    practice = app.test_client()
    r = post(practice, "/ask/adviser", {"question": "Can our ICB pay the clinical director directly?",
                                         "practice_name": "Hillside Surgery"}, page="/")
    ref = reference(r.location)
    adviser = app.test_client()
    sign_in(adviser)
    queue = adviser.get("/advisers").text
    row = next(tr for tr in re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", queue, re.S)
               if "Hillside Surgery" in tr)
    assert "Can our ICB pay the clinical director directly?" in row
    assert re.search(r">\s*\d+ (minute|hour|day)s?\s*<", row), row
    assert not re.search(r">Case \d+<", queue)
    case_id = int(re.search(r'href="/advisers/cases/(\d+)"', row).group(1))
    post(adviser, f"/advisers/cases/{case_id}/resolve", {"note": "Yes, if the agreement says so."}, page="/advisers")
    page = app.test_client().get(f"/cases/{ref}").text
    today = dt.date.today()
    assert "Yes, if the agreement says so." in page
    assert f"{ADVISER}, {today.day} {today:%B %Y}" in page and "web:adviser" not in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", page)


def test_an_unknown_case_reference_is_not_found(client):
    assert client.get("/cases/not-a-real-reference").status_code == 404
    assert client.get("/cases/" + "x" * 300).status_code == 404
