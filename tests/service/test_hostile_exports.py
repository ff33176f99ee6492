"""Checklist exports stay inert whatever a person typed: who ticked an item, sent through the real API,
comes back in the Markdown and CSV downloads (API and web pages) on one line and in one cell, as
text: no heading, list item, link, image or HTML in the rendered Markdown, no formula in the CSV."""
from __future__ import annotations

import csv
import html
import io
import re

import pytest
from markdown_it import MarkdownIt

from core.exports import CSV_COLUMNS, FORMULA_START
from service import create_app
from tests.service.conftest import new_key

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
DONE_BY = re.compile(r"\(done by (.*), \d{4}-\d\d-\d\dT[^)]*\)")
RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@pytest.fixture(scope="module")
def api(db_url):
    """(client, auth headers, stored assessment id, its checklist item ids)."""
    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "exports"})
    client = app.test_client()
    auth = {"Authorization": f"Bearer {new_key(db_url)[1]}"}
    stored = client.post("/v1/assessments", json={"population": 42000, "as_of": "2020-06-01"}, headers=auth)
    body = stored.get_json()
    return client, auth, body["id"], [i["id"] for i in body["checklist"]]


def downloads(client, auth, aid, where: str) -> tuple[str, str]:
    """(Markdown, CSV) of the checklist from the API or from the web pages."""
    if where == "api":
        md = client.get(f"/v1/assessments/{aid}/checklist?format=markdown", headers=auth)
        sheet = client.get(f"/v1/assessments/{aid}/checklist?format=csv", headers=auth)
    else:
        md = client.get(f"/assessments/{aid}/checklist.md")
        sheet = client.get(f"/assessments/{aid}/checklist.csv")
    assert md.status_code == 200 and md.mimetype == "text/markdown"
    assert sheet.status_code == 200 and sheet.mimetype == "text/csv"
    return md.get_data(as_text=True), sheet.get_data(as_text=True)


def visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


@pytest.mark.parametrize("where", ["api", "web"])
@pytest.mark.parametrize("kind", list(HOSTILE_BY))
def test_a_hostile_by_stays_one_inert_line_and_one_cell(api, kind, where):
    client, auth, aid, items = api
    by = HOSTILE_BY[kind]
    ticked = client.patch(f"/v1/assessments/{aid}/checklist/{items[0]}", json={"done": True, "by": by},
                          headers=auth)
    assert ticked.status_code == 200 and ticked.get_json()["by"] == by   # stored as typed
    md, sheet = downloads(client, auth, aid, where)
    flat = FLATTEN.sub(" ", by)

    # Markdown: as many lines and list items as items; rendered, nothing but the expected structure
    item_lines = [line for line in md.splitlines() if line.startswith("- [")]
    assert len(item_lines) == len(items)
    assert [line for line in md.splitlines() if line.startswith("#")] == \
        [line for line in md.splitlines() if line.startswith(("# Checklist", "## "))]
    rendered = RENDER.render(md)
    assert rendered.count("<li>") == len(items)
    for tag in ("<a ", "<img", "<script", "<table", "<code", "<strong", "<em>", "<s>", "<h3"):
        assert tag not in rendered, (tag, rendered[:2000])
    assert rendered.count("<h1>") == 1
    assert flat in visible_text(rendered)                  # the name itself is kept, as text
    written = next(DONE_BY.search(line).group(1) for line in item_lines if DONE_BY.search(line))
    bare = written.replace("\\\\", "")
    assert not re.findall(r"(?<!\\)[<>\[\]`*_~|&$@]", bare), written          # no markup character
    assert not re.search(r"(?<!\\)://|www\.", bare.lower()), written  # no bare URL GitHub would link

    # CSV: one line per row, nine cells each, the name in its own cell and never a formula
    assert sheet.count("\r\n") == len(items) + 1 and "\n" not in sheet.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(sheet)))
    assert rows[0] == CSV_COLUMNS and len(rows) == len(items) + 1
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    for row in rows[1:]:
        assert not any(cell.startswith(FORMULA_START) for cell in row), row
    cell = next(row for row in rows[1:] if row[0] == items[0])[CSV_COLUMNS.index("by")]
    assert cell in (flat, "'" + flat), (cell, flat)
