"""Helpers for the web tests: CSRF tokens from pages, and walking the interview."""
from __future__ import annotations

import re

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
ADVISER, PASSWORD = "Dr Adviser", "correct horse battery"


def token(client, path: str = "/") -> str:
    """A CSRF token from a page."""
    return TOKEN.search(client.get(path, follow_redirects=True).get_data(as_text=True)).group(1)


def post(client, path: str, data: dict | None = None, page: str = "/"):
    """POST a form with a valid CSRF token."""
    return client.post(path, data={"csrf_token": token(client, page), **(data or {})})


def current_qid(client) -> str | None:
    """The id of the question the interview is waiting on (None once finished)."""
    r = client.get("/questions")
    found = re.search(r"/questions/([a-z_0-9]+)$", r.headers.get("Location", "")) if r.status_code == 302 else None
    return found.group(1) if found else None


def finish_interview(client, population: str = "42000") -> str:
    """Start, answer every question (a population, then "not sure"), and return the assessment id."""
    post(client, "/start")
    first = True
    while (qid := current_qid(client)) is not None:
        value = population if first and qid == "population" else "__unsure__"
        first = False
        r = post(client, f"/questions/{qid}", {"answer": value}, page="/questions")
        assert r.status_code == 302, r.get_data(as_text=True)[:500]
    r = client.get("/check")
    return re.search(r'href="/assessments/([0-9a-f]{32})"', r.get_data(as_text=True)).group(1)


