"""The summary for partners: what it holds, and its PDF fitting on one or two A4 pages for typical
results (long answers lists included)."""
from __future__ import annotations

import re

import pytest

import engine
from core.outline import outline
from core.outline.pdf import latin, summary_pdf
from core.outline.summary import summary, text

E = engine.default_engine()
K = E.knowledge
YES_NO = [q for q, v in K.questions.items() if v["type"] == "boolean"]
TYPICAL = [
    {"population": 42000, "as_of": "2019-07-01"},
    {"population": 96800, "as_of": "2019-07-01", "priorities": ["limit_partner_liability", "keep_nhs_pension"]},
    {"population": 28500, "as_of": "2026-12-03", "exceptional_circumstances": True, "operating_model": "federation"},
    {"population": 60000, "as_of": "2020-06-01", "operating_model": "lead_provider", **{q: False for q in YES_NO}},
    {"practices": [{"name": f"Practice {n}", "ods_code": f"A{n}2345", "list_size": 8000} for n in range(1, 9)],
     "as_of": "2021-06-01", **{q: True for q in YES_NO[::2]}},
]


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


@pytest.mark.parametrize("facts", TYPICAL)
def test_the_pdf_is_one_or_two_a4_pages(facts):
    s = summary(outline(E.assess(facts), K, assessment_id="abc123"), K)
    pdf = summary_pdf(s)
    assert pdf.startswith(b"%PDF") and 1 <= pages(pdf) <= 2, pages(pdf)


def test_the_summary_holds_the_decision_why_risks_steps_answers_date_rules_and_sources():
    a = E.assess(TYPICAL[2])
    s = summary(outline(a, K), K)
    assert s["decision"]["headline"] == a["decision"]["headline"]
    assert s["meta"]["rules_version"] == a["rules_version"] and s["meta"]["as_of"] == "2026-12-03"
    assert s["risks"] and s["next_steps"] and s["contacts"] and s["answers"]
    refs = [p["ref"] for part in ("why", "risks", "next_steps", "contacts", "answers") for p in s[part] if p["ref"]]
    assert sorted(set(refs)) == [r["n"] for r in s["sources"]]          # every source listed is cited, once
    words = text(s)
    assert words.startswith("SUMMARY FOR PARTNERS") and "28,500 patients" in words and "SOURCES" in words


def test_text_outside_latin_1_is_written_plainly_not_lost():
    assert latin("A › B – “C” ✓ £5") == "A > B - \"C\" + £5"


def test_the_summary_opens_with_the_note_on_dates_beyond_the_guidance():
    today = summary(outline(E.assess(TYPICAL[2]), K), K)
    assert today["dates"].startswith("2026/27 is beyond the years the handbook covers in full")
    lines = [ln for ln in text(today).splitlines() if ln]
    assert lines[2].startswith("NOTE ON DATES: 2026/27 is beyond") and lines[3] == today["decision"]["headline"]
    covered = summary(outline(E.assess(TYPICAL[0]), K), K)
    assert covered["dates"] is None and "NOTE ON DATES" not in text(covered)
