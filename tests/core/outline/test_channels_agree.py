"""One assessment in every channel: the CLI text, the terminal chat, Slack blocks and Telegram HTML
show the same decision, the same comparison of the five models (each model's status word and every
point under it) and the same next steps and contacts."""
from __future__ import annotations

import html
import re

import pytest

import engine
from bot.slack.result import result_messages
from bot.telegram.result import result_html
from core.dialogue.replies import Result
from core.dialogue.text import result_text
from core.outline import outline, section_of, status_text
from core.outline.text import render

K = engine.default_engine().knowledge
FACTS = [
    {"population": 96800, "as_of": "2019-07-01", "priority_limit_liability": True, "priority_nhs_pension": True},
    {"population": 42000, "as_of": "2019-07-01", "operating_model": "lead_provider"},
    {"population": 28500, "as_of": "2020-06-01", "exceptional_circumstances": True, "operating_model": "federation"},
]


def _flat(text: str) -> str:
    """Text with markup, escapes and line wrapping taken out, to compare wording only."""
    text = html.unescape(re.sub(r"</?(b|i|code)>", "", text)).replace("\\n", " ")
    return " ".join(text.replace("*", "").replace("_", " ").split())


def _texts(node) -> list[str]:
    """Every "text" string in Slack blocks, in order."""
    if isinstance(node, list):
        return [t for n in node for t in _texts(n)]
    if isinstance(node, dict):
        text = node.get("text")
        return [text] if isinstance(text, str) else [t for v in node.values() for t in _texts(v)]
    return []


def _channels(a: dict, facts: dict) -> dict:
    r = Result(a, facts, assessment_id="abc123")
    slack_text = " ".join(_texts([m["blocks"] for m in result_messages(r, K)]))
    return {"cli": _flat(render(outline(a, K), K.sources)), "chat": _flat(result_text(r, K)),
            "slack": _flat(slack_text), "telegram": _flat(result_html(r, K))}


@pytest.mark.parametrize("facts", FACTS)
def test_every_channel_shows_the_same_decision_and_comparison(facts):
    a = engine.assess(facts)
    o = outline(a, K)
    shown = _channels(a, facts)
    for channel, text in shown.items():
        assert _flat(o["decision"]["headline"]) in text, channel
        if o["decision"]["confidence_text"]:
            assert o["decision"]["confidence_text"] in text, channel
        for m in section_of(o, "comparison")["items"]:
            assert m["label"] in text, (channel, m["label"])
            if m["status"]:
                assert status_text(m["status"]) in text, (channel, m["label"])
            for point in m["children"]:         # every reason or criterion, with its status word
                assert _flat(point["text"])[:70] in text, (channel, point["text"])
                assert status_text(point["status"]) in text, channel
        for sid in ("next_steps", "contacts"):
            for point in (section_of(o, sid) or {"items": []})["items"]:
                assert _flat(point["text"])[:70] in text, (channel, sid)


def test_the_channels_use_the_same_section_titles_in_the_same_order():
    a = engine.assess(FACTS[0])
    o = outline(a, K)
    shown = _channels(a, FACTS[0])
    titles = [_flat(s["title"]) for s in o["sections"] if s["id"] != "checklist"]   # the bots send it apart
    for channel, text in shown.items():
        where = [text.lower().find(t.lower()) for t in titles]
        assert -1 not in where, (channel, [t for t, w in zip(titles, where) if w == -1])
        assert where == sorted(where), channel
