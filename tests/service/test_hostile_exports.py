"""Checklist exports stay inert whatever people typed. Who ticked an item is written in the downloads
(`api-key:NAME`, the key's name as typed on the command line): hostile names come back in the
Markdown and CSV on one line and in one cell, as text: no heading, list item, link, image or HTML
in the rendered Markdown, no formula in the CSV. So does the name typed on the web page's form,
written as who ticked. Free text sent with an API tick (its note) is never written in the
downloads, hostile or not, and cannot change their shape."""
from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass

import pytest
from markdown_it import MarkdownIt

from core.api_keys import create_key
from core.db import session_scope, shared_db_engine
from core.exports import CSV_COLUMNS, FORMULA_START
from service import create_app
from tests.service.conftest import new_key
from tests.web.helpers import finish_interview, token

HOSTILE_BY = {
    "forged-heading-and-item": "Dr A\n# Forged heading\n- [x] Forged item",
    "crlf-heading": "x\r\n## Also forged",
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "javascript-link": "[click me](javascript:alert(1))",
    "image": "![pixel](https://evil.example/p.png)",
    "autolink": "<https://evil.example>",
    "bare-urls": "see https://evil.example and www.evil.example",
    "emphasis-and-code": "`code` **bold** _em_ ~~strike~~",
    "entities": "&lt;b&gt; &amp; &#60;script&#62;",
    "table": "| a | b |\n|---|---|",
    "reference-link": "[x]\n\n[x]: https://evil.example",
    "formula": '=HYPERLINK("https://evil.example","x")',
    "plus": "+1+1",
    "minus": "-2+3",
    "at": "@SUM(A1:A2)",
    "tab-formula": "\t=1",
    "cr-formula": "\r=1",
    "fullwidth-equals": "\uff1d1+1",
    "rtl-override": "\u202eevil\u202c",
    "unicode-line-breaks": "a\u2028b\u2029c\x85d",
    "backslash-and-math": "\\ $x^2$ \\",
}
#: What a value becomes on one line (breaks, tabs and direction marks are single spaces).
FLATTEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]+")
RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@dataclass
class Place:
    """An assessment to tick and download, from the API (a key's) or from the web pages (a browser's)."""

    client: object
    auth: dict
    aid: str
    items: list
    web: bool
    by: str = "web:practice"   # who the place's own ticks are recorded as


@pytest.fixture(scope="module")
def places(db_url):
    """The API's place and the web pages' place, on this database, and a store of keys made."""
    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "exports-test-secret-key-for-web-pages"})
    client = app.test_client()
    name, key = new_key(db_url)
    auth = {"Authorization": f"Bearer {key}"}
    body = client.post("/v1/assessments", json={"population": 42000, "as_of": "2020-06-01"}, headers=auth).get_json()
    api = Place(client, auth, body["id"], [i["id"] for i in body["checklist"]], web=False, by=f"api-key:{name}")
    browser = app.test_client()
    aid = finish_interview(browser)
    sheet = browser.get(f"/assessments/{aid}/checklist.csv").get_data(as_text=True)
    web = Place(browser, {}, aid, [row["id"] for row in csv.DictReader(io.StringIO(sheet))], web=True)
    return {"api": api, "web": web, "db_url": db_url, "keys": {}}


def tick(places, kind: str, via: str) -> tuple[Place, str]:
    """Tick the first item, the hostile value being the note (API), the key's name (API) or the name
    given on the web page's form; (the place, the value as recorded)."""
    typed = HOSTILE_BY[kind]
    if via == "web-name":
        web = places["web"]
        page = f"/assessments/{web.aid}/checklist"  # untick first: the form records changes only
        web.client.post(page, data={"csrf_token": token(web.client, page)})
        saved = web.client.post(f"/assessments/{web.aid}/checklist", data={
            "csrf_token": token(web.client, f"/assessments/{web.aid}/checklist"), "name": typed, "done": [web.items[0]]})
        assert saved.status_code == 302
        return web, " ".join(typed.split())[:100]     # the form keeps a name on one line
    api = places["api"]
    if via == "note":
        ticked = api.client.patch(f"/v1/assessments/{api.aid}/checklist/{api.items[0]}",
                                  json={"done": True, "note": typed}, headers=api.auth)
        assert ticked.status_code == 200 and ticked.get_json()["note"] == typed   # stored as typed
        return api, typed
    name = f"{typed} #{kind}".strip()  # key names are unique, 1 to 100 characters, stripped
    if kind not in places["keys"]:
        with session_scope(shared_db_engine(places["db_url"])) as session:
            places["keys"][kind] = create_key(session, name)
    ticked = api.client.patch(f"/v1/assessments/{api.aid}/checklist/{api.items[0]}", json={"done": True},
                              headers={"Authorization": f"Bearer {places['keys'][kind]}"})
    assert ticked.status_code == 200, ticked.get_json()
    return api, "api-key:" + name


def downloads(place: Place) -> tuple[str, str]:
    """(Markdown, CSV) of the checklist, from the API or from the web pages."""
    if place.web:
        md = place.client.get(f"/assessments/{place.aid}/checklist.md")
        sheet = place.client.get(f"/assessments/{place.aid}/checklist.csv")
    else:
        md = place.client.get(f"/v1/assessments/{place.aid}/checklist?format=markdown", headers=place.auth)
        sheet = place.client.get(f"/v1/assessments/{place.aid}/checklist?format=csv", headers=place.auth)
    assert md.status_code == 200 and md.mimetype == "text/markdown"
    assert sheet.status_code == 200 and sheet.mimetype == "text/csv"
    return md.get_data(as_text=True), sheet.get_data(as_text=True)


def visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


@pytest.mark.parametrize("via", ["note", "key-name", "web-name"])
@pytest.mark.parametrize("kind", list(HOSTILE_BY))
def test_what_people_typed_stays_one_inert_line_and_one_cell(places, kind, via):
    place, recorded = tick(places, kind, via)
    items = place.items
    md, sheet = downloads(place)
    flat = FLATTEN.sub(" ", recorded)

    # Markdown: as many lines and list items as items; rendered, nothing but the expected structure
    item_lines = [line for line in md.splitlines() if line.startswith("- [")]
    assert len(item_lines) == len(items)
    assert [line for line in md.splitlines() if line.startswith("#")] == \
        [line for line in md.splitlines() if line.startswith(("# Setup checklist", "## "))]
    rendered = RENDER.render(md)
    assert rendered.count("<li>") == len(items)
    for tag in ("<a ", "<img", "<script", "<table", "<code", "<strong", "<em>", "<s>", "<h3"):
        assert tag not in rendered, (tag, rendered[:2000])
    assert rendered.count("<h1>") == 1
    line = next(line for line in item_lines if "(done by " in line)
    written = line.split("(done by ", 1)[1].rsplit(" [", 1)[0].replace("\\\\", "")
    assert not re.findall(r"(?<!\\)[<>\[\]`*_~|&$@]", written), written         # no markup character
    assert not re.search(r"(?<!\\)://|www\.", written.lower()), written  # no bare URL GitHub would link

    # CSV: one line per row, every column in each, no cell starting like a formula
    assert sheet.count("\r\n") == len(items) + 1 and "\n" not in sheet.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(sheet)))
    assert rows[0] == CSV_COLUMNS and len(rows) == len(items) + 1
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    for row in rows[1:]:
        assert not any(cell.startswith(FORMULA_START) for cell in row), row
    row = next(row for row in rows[1:] if row[0] == items[0])
    by, who = row[CSV_COLUMNS.index("by")], row[CSV_COLUMNS.index("who")]

    if via == "key-name":  # the name is kept, as text, on one line and in its own cell
        assert flat in visible_text(rendered) and by == flat == who, (by, flat)
    elif via == "web-name":  # the name typed is who ticked, as text, on one line and in its own cell
        quoted = "'" + flat if flat.startswith(FORMULA_START) else flat   # a formula-like name is quoted
        assert flat in visible_text(rendered) and who == quoted and by == place.by, (who, flat)
    else:                  # free text is no part of the downloads
        assert flat not in visible_text(rendered) and flat not in sheet
        assert by == place.by
