"""/adviser opens a triage case; an adviser resolving it over HTTP sends the reply to the chat, and a
reply not yet told comes with the person's next message."""
from __future__ import annotations

import uuid

from core.db import session_scope, shared_db_engine
from core.triage import casework


def _adviser_key(db_url) -> str:
    from core.api_keys import create_key

    with session_scope(shared_db_engine(db_url)) as s:
        return create_key(s, f"adviser-{uuid.uuid4().hex[:8]}", "adviser")


def _cases(db_url, ref: str) -> list:
    with session_scope(shared_db_engine(db_url)) as s:
        return [casework.case_json(c, casework.events(s, c.id)) for c in casework.list_cases(s, user_ref=ref)]


def test_adviser_reply_resolved_over_http_reaches_the_chat(tg_user, tg_app, fake_telegram, db_url):
    u = tg_user()
    opened = u.say("/adviser we can't agree who holds the network agreement",
                   until=lambda new: len(new) >= 2 and any("LMC advisers" in m["text"] for m in new))
    assert any("passed this to the LMC advisers" in m["text"] for m in opened)
    ref = f"{u.chat_id}:{u.user_id}"
    case = _cases(db_url, ref)[0]
    assert case["conversation"]["channel"] == "telegram"
    r = tg_app.test_client().post(f"/v1/triage/cases/{case['id']}/resolve",
                                  json={"note": "Use the BMA template <agreement> & schedule."},
                                  headers={"Authorization": f"Bearer {_adviser_key(db_url)}"})
    assert r.status_code == 200, r.get_json()
    told = fake_telegram.wait(lambda _calls: [m for m in u.messages() if "LMC adviser has replied" in m["text"]],
                              what="the adviser's reply")
    assert "&lt;agreement&gt; &amp; schedule" in told[0]["text"]
    fake_telegram.wait(lambda _calls: "notified" in [e["action"] for e in _cases(db_url, ref)[0]["events"]],
                       what="the case marked as told")
    # the next message does not repeat it
    u.say("/help", until=lambda new: "/checklist" in new[-1]["text"])
    assert sum("LMC adviser has replied" in m["text"] for m in u.messages()) == 1


def test_reply_not_yet_told_comes_with_the_next_message(tg_user, db_url):
    u = tg_user()
    u.say("/adviser please check our VAT position", until=lambda new: len(new) >= 2 and any("LMC advisers" in m["text"] for m in new))
    ref = f"{u.chat_id}:{u.user_id}"
    case_id = _cases(db_url, ref)[0]["id"]
    with session_scope(shared_db_engine(db_url)) as s:    # resolved elsewhere, with nobody told
        casework.resolve(s, case_id, "adviser@lmc", "VAT is usually not due on these payments.")
    new = u.say("/status", until=lambda new: any("started" in m["text"] or "answered" in m["text"]
                                                 or "finished" in m["text"] or "carry on" in m["text"] for m in new))
    told = [m for m in new if "LMC adviser has replied" in m["text"]]
    assert told and "VAT is usually" in told[0]["text"]
    assert new.index(told[0]) < len(new) - 1           # before the answer to /status
