"""The assessment in Telegram: HTML sections a phone shows well, split without breaking a tag."""
from __future__ import annotations

import html
import re

import engine
from bot.telegram.render import LIMIT, messages
from core.dialogue.replies import Result

K = engine.default_engine().knowledge


def _result(facts: dict, **kw) -> Result:
    return Result(engine.assess(facts), facts, **kw)


def test_the_result_comes_in_messages_under_the_limit_with_every_tag_closed():
    unsure = [{"id": "provider_holds_nhs_contract", "prompt": "Does <the provider> hold an NHS contract?",
               "depends": []}]
    sent = messages([_result({"population": 28500, "as_of": "2026-12-03", "operating_model": "federation"},
                             unsure=unsure, topics=[{"id": "governance", "label": "Governance", "count": 7}])], K)
    assert len(sent) >= 1 and all(len(text) <= LIMIT and keyboard is None for text, keyboard in sent)
    for text, _ in sent:
        for tag in ("b", "i", "code"):
            assert text.count(f"<{tag}>") == text.count(f"</{tag}>"), text
        assert not re.search(r"<(?!/?(b|i|code)>)", text)    # only Telegram's tags; the rest escaped
    whole = "\n".join(text for text, _ in sent)
    # coverage first, then eligibility; the chosen model's risks; close calls; the refine offer
    assert whole.index("Dates beyond the guidance") < whole.index("<b>Eligibility:")
    # the practices' choice, open to them, is what the advice is about
    assert re.search(r"(★ Advised|◉ Your choice): <b>GP federation / provider entity:</b>", whole)
    assert "<b>Close calls</b>" in whole and "1,500 short of 30,000" in whole
    assert "&lt;the provider&gt;" in whole and "Governance (7)" in whole
    assert "<b>How this was decided</b>" in whole and "does not rank" in whole


def test_a_result_inside_the_sources_years_has_no_dates_warning():
    [(text, _), *_rest] = messages([_result({"population": 42000, "as_of": "2019-07-01"})], K)
    assert "Dates beyond the guidance" not in text and "contract year 2019/20" in text


def test_the_result_shows_a_blocked_status_and_the_extended_hours_duty():
    sent = messages([_result({"population": 42000, "as_of": "2019-07-01", "network_map_agreed": False})], K)
    whole = "\n".join(text for text, _ in sent)
    assert "<b>Eligibility: Blocked until a missing item is put right</b>" in whole
    assert "<b>Extended hours the network must offer:</b> 21 hours a week" in whole


def test_judgement_is_marked_and_the_disagreements_shown_with_the_printed_figure():
    whole = html.unescape("\n".join(text for text, _ in messages([_result({"population": 100000, "as_of": "2019-07-01"})], K)))
    assert "(our judgement)" in whole and "this tool's own weighing" in whole
    assert "<b>Where the sources disagree</b>" in whole and "exactly 100,000 claims two of each role" in whole
    assert "prints £68,558 here" in whole and "£68,758" in whole
    for tag in ("b", "i", "code"):
        assert whole.count(f"<{tag}>") == whole.count(f"</{tag}>")
