"""Questions as practices type them: abbreviations, "what does X mean", two things at once ("can we …
and still …"), everyday words. Each must find its passage in the top three, define the terms it asks
about, and read as plain English: no raw values, no markdown, no card repeating its own title, and one
offer of an adviser, not two.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine

from core.answers.answer import answer

H = "000_a67a7b468067886e.txt"
L = "001_94a9586bfa117e3a.txt"

# (question, the glossary term it must define or None, [(source, heading)] of which one must be cited
# by the top three guidance notes or source passages; an empty list: the definition is the answer)
PEOPLES_WORDS = [
    ("What does DES stand for?", "des", []),
    ("What is ARRS?", "arrs", []),
    ("What's an ICB?", "icb", []),
    ("What does CQC mean?", "cqc", []),
    ("what is a nominated payee", "nominated_payee", [(H, "Funding distribution"), (H, "1. Flat practice network")]),
    ("What does WTE mean?", "wte", []),
    ("Can our PCN employ a clinical pharmacist through the federation and still get the reimbursement?", None,
     [(H, "3. GP federation/provider entity")]),
    ("Can our PCN employ a clinical pharmacist through the federation and still get the reimbursement?", None,
     [(H, "Workforce"), (H, "What counts as 'additional workforce'?")]),
    ("Can we set up as a super-practice and still keep the NHS pension for staff?", None,
     [(H, "4. Super-practice as a network")]),
    ("Can we set up as a super-practice and still keep the NHS pension for staff?", None, [(H, "Pensions")]),
    ("Can we use a limited company and still keep NHS pension access for network staff?", None, [(H, "Pensions")]),
    ("We're only 24,000 patients in a rural area - can we still form a network?", None, [(H, "Geography")]),
    ("Do we all have to be in the same CCG area?", "ccg", [(H, "Geography")]),
    ("Who pays the clinical director and how much?", None, [(H, "Clinical director funding"),
                                                          (H, "Appointing a clinical director")]),
    ("Can the clinical director be a nurse rather than a GP?", None, [(H, "Appointing a clinical director")]),
    ("How do we pick our clinical director?", None, [(H, "Appointing a clinical director")]),
    ("Who holds the money for the network?", None, [(H, "Funding distribution")]),
    ("Does the lead practice carry the redundancy risk for network staff?", None, [(H, "2. Lead provider")]),
    ("Will we have to pay VAT if the federation provides staff to us?", "vat", [(H, "3. GP federation/provider entity")]),
    ("Do we need to register with CQC as a network?", "cqc", [(H, "At a glance: risk assessment")]),
    ("Can a community trust be part of our PCN?", None, [(H, "5. Non-GP provider employer models"),
                                                         (H, "Non-practice members")]),
    ("How do votes work if one practice is much bigger than the others?", None, [(H, "Governing/representative body")]),
    ("What if two practices fall out over money?", None, [(H, "Dispute resolution")]),
    ("Do we need a data sharing agreement between the practices?", None, [(H, "Data sharing")]),
    ("What do we have to send to the commissioner to get signed off?", None,
     [(L, "Contracting route and timetable for developing Primary Care Networks"), (H, "Geography")]),
    ("How much is the practice engagement payment?", None, [(H, "Network engagement funding – to practices individually")]),
    ("Do existing practice pharmacists count for reimbursement?", None, [(H, "What counts as 'additional workforce'?")]),
    ("Is there a cap on the number of physios we can claim for?", None,
     [(H, "Forthcoming roles in years two to five of the PCN DES (directed enhanced service)")]),
    ("What are extended hours and who pays for them?", None, [(H, "Extended Hours funding"), (L, "Network Services")]),
    ("How is the 30% of a pharmacist's salary funded?", None, [(H, "Funding the 30% staff costs")]),
    ("Can one big practice be a PCN on its own?", None, [(H, "4. Super-practice as a network")]),
    ("Can our federation hold the NHS contract?", None, [(H, "3. GP federation/provider entity"), (H, "Pensions")]),
    ("Do practices have to sign up to the DES?", "des",
     [(L, "Contracting route and timetable for developing Primary Care Networks")]),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    eng = create_engine(f"sqlite:///{tmp_path_factory.mktemp('words')}/answers.sqlite3")
    yield eng
    eng.dispose()


@pytest.mark.parametrize("question,term,wanted", PEOPLES_WORDS, ids=[f"{i}:{q}" for i, (q, _, _) in enumerate(PEOPLES_WORDS)])
def test_questions_in_peoples_words_find_their_passage_and_define_their_terms(db, pcn_engine, sources, question,
                                                                              term, wanted):
    a = answer(db, pcn_engine.knowledge, question)
    assert a["found"], question
    if term:
        assert term in [d["id"] for d in a["definitions"]], a["definitions"]
        assert all(d["definition"] and (d["citation"] or d["basis"] == "judgement") for d in a["definitions"])
    if wanted:
        cited = [(h["citation"]["source"], h["citation"]["section"], h["citation"].get("part"))
                 for h in a["guidance"][:3] + a["sources"][:3]]
        assert any(src == s and heading in (sec, part) for s, heading in wanted for src, sec, part in cited), cited


def test_an_answer_reads_as_plain_english(db, pcn_engine, sources):
    """No raw values (None, unit ids, ISO dates), no markdown, and no card's detail opening with its own title."""
    for question, _, _ in PEOPLES_WORDS:
        a = answer(db, pcn_engine.knowledge, question)
        for h in a["guidance"] + a["sources"]:
            text = h["text"]
            assert not re.search(r"\bNone\b|\(gbp|\bgbp_|\b\d{4}-\d{2}-\d{2}\b", text), (question, text)
            assert not re.search(r"\]\(|\*\*|__", text), (question, text)
            assert not (len(h["detail"]) > len(h["title"]) and h["detail"].startswith(h["title"])), (question, h["title"])


def test_an_answer_with_nothing_found_leaves_the_adviser_offer_to_the_channel(db, pcn_engine):
    a = answer(db, pcn_engine.knowledge, "What is the capital of France?")
    assert not a["found"] and a["offer_escalation"]
    assert "adviser" not in a["message"].lower()


def test_a_question_about_a_term_is_answered_even_without_the_source_documents(db, pcn_engine, monkeypatch, tmp_path):
    monkeypatch.setenv("PCN_SOURCES_DIR", str(tmp_path / "absent"))
    a = answer(db, pcn_engine.knowledge, "what is arrs")
    assert a["found"] and [d["id"] for d in a["definitions"]] == ["arrs"]
