"""Pages and their assets go out gzipped to browsers that take it, and assets may be kept a day."""
from __future__ import annotations

import gzip

from tests.web.helpers import finish_interview

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_pages_are_gzipped_for_browsers_that_accept_it(client):
    r = client.get("/", headers=GZIP)
    assert r.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in r.headers["Vary"]
    assert "Start now" in gzip.decompress(r.data).decode()
    plain = client.get("/")
    assert "Content-Encoding" not in plain.headers and "Start now" in plain.text


def test_the_stylesheet_is_a_sixth_of_its_size_and_kept_a_day(client):
    path = "/web-assets/nhsuk/nhsuk-frontend.min.css"
    plain, packed = client.get(path), client.get(path, headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data) == plain.data
    assert len(packed.data) * 5 < len(plain.data)
    assert packed.headers["Cache-Control"] == "public, max-age=86400"
    again = client.get(path, headers=GZIP)           # served from the kept copy: the same bytes
    assert again.data == packed.data


def test_downloads_and_the_api_are_as_before(app):
    c = app.test_client()
    aid = finish_interview(c)
    csv = c.get(f"/assessments/{aid}/checklist.csv", headers=GZIP)
    assert csv.status_code == 200 and csv.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(csv.data) == c.get(f"/assessments/{aid}/checklist.csv").data
    health = c.get("/healthz", headers=GZIP)
    assert "Content-Encoding" not in health.headers      # the API is not the web front end's to change
