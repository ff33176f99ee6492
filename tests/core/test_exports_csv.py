"""CSV exports are safe to open in a spreadsheet: cells that look like formulas are quoted."""
from __future__ import annotations

from core.exports import csv_text, safe_cell


def test_formula_cells_get_a_leading_quote():
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\uff1d1+1"):
        assert safe_cell(bad) == "'" + bad
    assert safe_cell("plain") == "plain" and safe_cell(None) == ""


def test_cells_are_one_line_with_breaks_and_tabs_as_spaces():
    assert safe_cell("\tx") == "' x" and safe_cell("\rx") == "' x" and safe_cell("\n=1") == "' =1"
    assert safe_cell("a\r\nb\u2028c") == "a b c"
    assert safe_cell("\u202eevil") == " evil"     # no direction override to reverse what follows


def test_checklist_csv_is_safe():
    item = {"id": "x", "category": "c", "text": "=HYPERLINK(\"http://evil\")", "model": None, "done": True,
            "by": "@me", "at": None, "citation": {}}
    text = csv_text([item])
    assert "'=HYPERLINK" in text and ",'@me," in text
