"""The short summary for partners that Slack and Telegram send after a result: the same advice and
points in both, and a link to the full summary when the web pages' public address is set."""
from __future__ import annotations

import json

import engine
from bot.slack.blocks import MAX_BLOCKS
from bot.slack.result import summary_message
from bot.telegram.render import LIMIT, messages
from bot.telegram.result import summary_html
from core.dialogue.replies import Result
from core.outline import outline
from core.outline.summary import BRIEF, summary

K = engine.default_engine().knowledge
FACTS = {"population": 42000, "as_of": "2019-07-01", "operating_model": "lead_provider", "priority_nhs_pension": True}


def _result() -> Result:
    return Result(engine.assess(FACTS), FACTS, assessment_id="abc123")


def test_slack_and_telegram_send_the_same_short_summary_with_a_link(monkeypatch):
    monkeypatch.setenv("PCN_PUBLIC_URL", "https://pcn.example.org/")
    r = _result()
    s = summary(outline(r.assessment, K, assessment_id="abc123"), K)
    slack = summary_message(r, K)
    assert len(slack["blocks"]) <= MAX_BLOCKS
    slack_text = json.dumps(slack["blocks"], ensure_ascii=False)
    telegram = summary_html(r, K)
    assert len(telegram) <= LIMIT
    link = "https://pcn.example.org/assessments/abc123/summary"
    assert link in slack_text and link in telegram
    for part in ("why", "risks", "next_steps"):
        for p in s[part][:BRIEF]:
            assert p["text"][:60] in slack_text and p["text"][:60].replace("'", "&#x27;") in telegram, part
    assert s["decision"]["headline"][:60] in slack_text


def test_without_a_public_address_there_is_no_link_and_telegram_sends_it_after_the_result(monkeypatch):
    monkeypatch.delenv("PCN_PUBLIC_URL", raising=False)
    sent = [text for text, _ in messages([_result()], K)]
    assert "Summary for partners" in sent[-1] and "/assessments/" not in sent[-1]
    assert "Your PCN assessment" in sent[0]
