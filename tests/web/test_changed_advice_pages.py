"""The advisers' page of practices whose advice changed, and the comparison it links to: an adviser sees
the organisations their LMC serves (another organisation is a 404), each practice with what changed,
the structure advised and funding before and after, and whether its person was told; the comparison
page says it in words. On SQLite and PostgreSQL."""
from __future__ import annotations

import re
import uuid

import pytest

from core.db import session_scope, shared_db_engine
from service import create_app
from tests.core.test_changed_advice import changed_world
from tests.web.helpers import PASSWORD, post
from web.users import create_user


@pytest.fixture(scope="module")
def site(db_url):
    """The whole app on the session's database of each kind."""
    return create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "test-secret-key-for-the-web-pages-0002"})


def adviser_of(site, db_url, org: str):
    """A browser signed in as a new adviser of `org`."""
    name = f"Dr Changed {uuid.uuid4().hex[:6]}"
    with session_scope(shared_db_engine(db_url)) as s:
        create_user(s, name, "adviser", PASSWORD, org)
    c = site.test_client()
    assert post(c, "/advisers/sign-in", {"name": name, "password": PASSWORD}, page="/advisers/sign-in").status_code == 302
    return c


def test_an_adviser_sees_per_organisation_which_practices_advice_changed(site, db_url):
    w = changed_world(shared_db_engine(db_url))
    adviser = adviser_of(site, db_url, w.lmc)
    queue = adviser.get("/advisers").text
    assert 'href="/advisers/changed"' in queue
    page = adviser.get("/advisers/changed").text
    assert f"{w.north}: 1 practice with changed advice" in page
    row = page[page.index(f"/assessments/{w.new_ids['north']}/changes"):]
    row = row[:row.index("</tr>")]
    assert "Funding" in row and "Made over the API" in row
    assert re.search(r"£[\d,]+ → £[\d,]+ \(\+£4,200\)", row), row     # 42,000 patients, 10p more each
    for other in (w.south, w.new_ids["south"], w.new_ids["web"]):
        assert other not in page
    assert adviser.get("/advisers/changed", query_string={"org": w.north}).status_code == 200
    assert adviser.get("/advisers/changed", query_string={"org": w.south}).status_code == 404
    assert site.test_client().get("/advisers/changed").status_code == 302     # signed out: to sign in


def test_the_comparison_says_what_changed_in_words_for_those_who_may_see_it(site, db_url):
    w = changed_world(shared_db_engine(db_url))
    adviser = adviser_of(site, db_url, w.lmc)
    page = adviser.get(f"/assessments/{w.new_ids['north']}/changes")
    assert page.status_code == 200
    text = page.text
    assert "What changed when the guidance was updated" in text and "The advice stays the same" in text
    # 42,000 patients at £1.60 instead of £1.50 a patient: £4,200 more
    assert "Core PCN funding" in text and "£63,000 → £67,200 (+£4,200)" in text
    anyone = site.test_client()
    assert anyone.get(f"/assessments/{w.new_ids['north']}/changes").status_code == 404    # an organisation's
    assert anyone.get(f"/assessments/{w.new_ids['web']}/changes").status_code == 200      # a web practice's link
    assert anyone.get(f"/assessments/{w.old_ids['web']}/changes").status_code == 404      # reassessed nothing
    old = anyone.get(f"/assessments/{w.old_ids['web']}").text
    assert "The guidance behind this result has changed since it was made, and with it the funding figures." in old
    assert f'href="/assessments/{w.new_ids["web"]}/changes"' in old
