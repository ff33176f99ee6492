"""Free-text answers: realistic practice questions find the right cited passage; others say so."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from core.answers.answer import answer
from core.answers.query import concepts
from tests.pg import postgres_base_url

H = "000_a67a7b468067886e.txt"
L = "001_94a9586bfa117e3a.txt"
W = "002_3561ca07b87a9aba.txt"

# (question, source file, heading that must be cited by one of the top three guidance or source hits)
ANSWERABLE = [
    ("Can a federation employ our pharmacist?", H, "3. GP federation/provider entity"),
    ("Who chooses the clinical director?", H, "Appointing a clinical director"),
    ("Should we hold an election for the CD?", H, "Election"),
    ("We are a rural network of 25,000 patients. Can we still be a PCN?", H, "Geography"),
    ("Is there a maximum size for a network?", H, "Geography"),
    ("What do we need to submit to register as a PCN?", H, "Prerequisites to becoming a PCN"),
    ("How much is the network payment per patient?", H, "Network payment"),
    ("Who gets the £1.76 engagement payment?", H, "Network engagement funding – to practices individually"),
    ("How is the clinical director funded?", H, "Clinical director funding"),
    ("Will staff employed by a limited company get the NHS pension?", H, "Pensions"),
    ("Could our structure attract VAT?", H, "VAT"),
    ("Does a super-practice need another health body to sign up?", H, "4. Super-practice as a network"),
    ("How do we fund the 30% of staff costs?", H, "Funding the 30% staff costs"),
    ("Does a pharmacist already in post before March 2019 count as additional?", H, "What counts as 'additional workforce'?"),
    ("How should disputes between practices be resolved?", H, "Dispute resolution"),
    ("Should the clinical director chair the board?", H, "Decision making"),
    ("Do we need a data sharing agreement?", H, "Data sharing"),
    ("Which HR policies apply to network staff?", H, "HR policies"),
    ("Can a community trust employ staff for the network?", H, "5. Non-GP provider employer models"),
    ("When do first contact physiotherapists join the scheme?", L, "Additional Roles"),
    ("How many hours of extended access must a network of 50,000 provide?", L, "Network Services"),
    ("How are votes weighted on the network board?", H, "Governing/representative body"),
]
UNANSWERABLE = [
    "What is the parking policy at the surgery?",
    "How do I reset my NHSmail password?",
    "What is the capital of France?",
    "Which vaccine brand should we order for flu season?",
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request, tmp_path_factory):
    if request.param == "sqlite":
        eng = create_engine(f"sqlite:///{tmp_path_factory.mktemp('ans')}/answers.sqlite3")
        yield eng
        eng.dispose()
        return
    base = postgres_base_url()
    if base is None:
        pytest.skip("PostgreSQL not reachable at 127.0.0.1:5432")
    admin = create_engine(base)
    schema = f"answers_{uuid.uuid4().hex[:8]}"
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    eng = create_engine(base, connect_args={"options": f"-csearch_path={schema}"})
    yield eng
    eng.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.mark.parametrize("question,source,heading", ANSWERABLE, ids=[q for q, _, _ in ANSWERABLE])
def test_answerable_questions_cite_the_right_heading(db, pcn_engine, sources, question, source, heading):
    a = answer(db, pcn_engine.knowledge, question)
    assert a["found"], question
    cited = [(h["citation"]["source"], h["citation"]["section"], h["citation"].get("part"))
             for h in a["guidance"] + a["sources"]]
    assert any(src == source and heading in (sec, part) for src, sec, part in cited), cited
    assert all(h["citation"]["source"] for h in a["guidance"])


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_unanswerable_questions_say_so_and_offer_an_adviser(db, pcn_engine, question):
    a = answer(db, pcn_engine.knowledge, question)
    assert not a["found"], [h["title"] for h in a["guidance"] + a["sources"]]
    assert a["guidance"] == [] and a["sources"] == [] and a["offer_escalation"]
    assert "could not find" in a["message"] and "adviser" not in a["message"]   # the channel makes the one offer


def test_answers_link_rules_and_checklist_items(db, pcn_engine):
    a = answer(db, pcn_engine.knowledge, "Does a super-practice need another health body to sign up?")
    assert any(r["id"].startswith("super_practice_partner") for r in a["rules"])


def test_glossary_phrases_are_one_concept(pcn_engine):
    groups = [["cd", "clinical director"]]
    assert concepts("Who is the clinical director?", groups) == [["cd", "clinical director"]]


def test_an_answer_on_a_disputed_point_says_where_the_sources_disagree(db, pcn_engine):
    a = answer(db, pcn_engine.knowledge, "Can our clinical director come from outside the network?")
    assert a["found"]
    dispute = next(d for d in a["disagreements"] if d["id"] == "clinical_director_from_network_gps")
    assert dispute["we_follow"] and all(s["says"] and s["citation"]["section"] for s in dispute["sources"])


def test_an_answer_on_an_undisputed_point_lists_no_disagreement(db, pcn_engine):
    a = answer(db, pcn_engine.knowledge, "Do we need a data sharing agreement?")
    assert a["found"] and a["disagreements"] == []


def test_an_answer_today_says_icb_and_one_before_july_2022_says_ccg(db, pcn_engine):
    """Our guidance notes are read in the words of the day asked about: the ICB replaced the CCG on 1 July 2022."""
    import datetime as dt

    question = "How do we claim staff reimbursement each month?"
    today = answer(db, pcn_engine.knowledge, question, today=dt.date(2026, 12, 7))
    notes = " ".join(g["text"] for g in today["guidance"])
    assert "ICB" in notes and "CCG" not in notes and "{commissioner}" not in notes
    before = answer(db, pcn_engine.knowledge, question, today=dt.date(2022, 6, 30))
    assert "CCG" in " ".join(g["text"] for g in before["guidance"])
