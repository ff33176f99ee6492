"""`pcn chat`: the conversation in a terminal, driven with scripted input to a result."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import engine

# the date has a default (today), so the script sets it with "change the date"; after the first result
# it refines every topic
SCRIPT = ["about 42k", "why?", "change the date", "1 July 2019", "back", "1 July 2019", "flat", "refine"] + \
    ["not sure"] * 80


def pcn(*args, stdin: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine.cli", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


def test_pcn_chat_runs_a_scripted_conversation_to_a_result():
    out = pcn("chat", "--no-save", stdin="\n".join(SCRIPT) + "\n")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Question 1" in text and "How many registered patients" in text
    assert "✓ 42,000 patients" in text and "Why we ask" in text and "(Your answer was: 1 July 2019)" in text
    for heading in ("ADVICE: ", "ELIGIBILITY: ELIGIBLE", "THE FIVE MODELS COMPARED", "FUNDING ESTIMATE",
                    "For the contract year 2019/20", "SETUP CHECKLIST", "WHAT DEPENDS ON YOUR \"NOT SURE\" ANSWERS"):
        assert heading in text
    assert "[BMA, The primary care network handbook (2019) › Geography]" in text
    assert "[★ Advised] Flat practice network" in text or "[◉ Your choice] Flat practice network" in text


def test_pcn_chat_json_emits_the_assessment_pcn_assess_would_give():
    out = pcn("chat", "--no-save", "--json", stdin="\n".join(SCRIPT) + "\n")
    assert out.returncode == 0, out.stderr
    a = json.loads(out.stdout)
    assert "Question 1" in out.stderr            # the conversation went to stderr
    assert a["facts"]["population"] == 42000 and a["facts"]["operating_model"] == "flat_network"
    assert a == json.loads(json.dumps(engine.assess(a["facts"], explain=True)))


def test_pcn_chat_saves_answers_and_carries_on_next_time(tmp_path):
    from core.assessments import list_assessments
    from core.db import session_scope, shared_db_engine
    from core.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'chat.sqlite3'}"
    upgrade(url)
    env = {"DATABASE_URL": url}
    first = pcn("chat", "--user", "gp1", stdin="about 42k\n", env=env)
    assert first.returncode == 0 and "carry on" in first.stdout
    second = pcn("chat", "--user", "gp1", stdin="\n".join(SCRIPT[2:]) + "\n", env=env)
    assert "Picking up where we left off" in second.stdout and "Saved as assessment" in second.stdout
    with session_scope(shared_db_engine(url)) as s:
        rows = list_assessments(s, user_ref="gp1", channel="chat")
        # the first result, then the refined one: each result shown is kept
        assert len(rows) == 2 and all(r.facts["population"] == 42000 for r in rows)
        assert rows[0].facts["operating_model"] == "flat_network"


def test_pcn_chat_json_without_a_result_fails():
    out = pcn("chat", "--no-save", "--json", stdin="about 42k\n")
    assert out.returncode == 1 and "ended before a result" in out.stderr


def test_pcn_slack_socket_says_which_tokens_are_missing():
    env = {k: "" for k in ("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN")}
    out = pcn("slack", "--socket", stdin="", env=env)
    assert out.returncode == 2 and "SLACK_APP_TOKEN and SLACK_BOT_TOKEN" in out.stderr


def test_pcn_chat_asks_escalates_and_shows_the_advisers_reply_next_time(tmp_path):
    from core.db import session_scope, shared_db_engine
    from core.migrate import upgrade
    from core.triage import casework

    url = f"sqlite:///{tmp_path / 'chat.sqlite3'}"
    upgrade(url)
    env = {"DATABASE_URL": url}
    first = pcn("chat", "--user", "gp2", stdin="What is the parking policy at the surgery?\nadviser\n", env=env)
    assert first.returncode == 0, first.stderr
    assert "could not find anything" in first.stdout and "I've passed this to the LMC advisers" in first.stdout
    with session_scope(shared_db_engine(url)) as s:
        [case] = casework.list_cases(s, user_ref="gp2")
        assert case.kind == "question" and case.channel == "chat"
        casework.resolve(s, case.id, "alice", "Parking is a matter for each practice.")
    second = pcn("chat", "--user", "gp2", stdin="", env=env)
    assert "An LMC adviser has replied to Case #" in second.stdout and "Parking is a matter" in second.stdout
    third = pcn("chat", "--user", "gp2", stdin="", env=env)
    assert "An LMC adviser has replied" not in third.stdout
