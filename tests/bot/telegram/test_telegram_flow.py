"""A whole conversation through the webhook: /start, buttons and typed answers, the result, a
checklist tick saved to the state the HTTP checklist endpoint shows; /ask, /status, /whatif."""
from __future__ import annotations

from core.db import session_scope, shared_db_engine
from tests.fakes.telegram_user import buttons, is_checklist, question_of

LIMIT = 4096


def test_start_answers_result_and_checklist_tick(tg_user, tg_app, fake_telegram, db_url):
    u = tg_user()
    first = u.say("/start")
    assert "Welcome" in first[0]["text"] and first[0]["parse_mode"] == "HTML"
    assert question_of(first[-1])
    msgs = u.run_to_result()
    assert all(len(m["text"]) <= LIMIT for m in msgs)
    assert any("Your PCN assessment" in m["text"] for m in msgs)
    # every button fits Telegram's 64-byte callback data
    assert all(len(b["callback_data"].encode()) <= 64 for m in msgs for b in buttons(m))
    # answered questions lost their buttons: each click edited its message to show the answer
    assert fake_telegram.named("editMessageText", chat_id=u.chat_id)
    page = next(m for m in msgs if is_checklist(m))
    first_item = buttons(page)[0]
    assessment_id = first_item["callback_data"].split(":")[1]
    before = len(fake_telegram.named("editMessageText", chat_id=u.chat_id))
    u.post(_callback(u, first_item["callback_data"], page["message_id"]))
    edited = fake_telegram.wait(lambda _calls: fake_telegram.named("editMessageText", chat_id=u.chat_id)[before:],
                                what="the checklist redrawn")[-1]
    assert edited["message_id"] == page["message_id"] and "✅" in buttons(edited)[0]["text"]
    # the tick is stored as the Telegram user's; the chat user's assessment is hidden from API keys
    from core.api_keys import create_key
    from core.assessments import checklist_with_state

    with session_scope(shared_db_engine(db_url)) as s:
        key = create_key(s, f"tg-{u.user_id}")
        items = checklist_with_state(s, assessment_id)
    done = [i["id"] for i in items if i["done"]]
    assert len(done) == 1 and items[0]["done"] and items[0]["by"] == f"telegram:{u.user_id}"
    http = tg_app.test_client().get(f"/v1/assessments/{assessment_id}/checklist",
                                    headers={"Authorization": f"Bearer {key}"})
    assert http.status_code == 404
    # /checklist shows the saved tick again
    again = u.say("/checklist", until=lambda new: is_checklist(new[-1]) and len(new) >= 1)
    assert "✅" in buttons(again[0])[0]["text"]
    status = u.say("/status", until=lambda new: "finished" in new[-1]["text"])
    assert assessment_id in status[-1]["text"]
    whatif = u.say("/whatif", until=lambda new: any("answers so far" in m["text"] for m in new) and len(new) >= 2)
    assert "change" in whatif[0]["text"]
    tried = u.say("/whatif we had 28,500 patients", until=lambda new: any("WHAT IF" in m["text"] for m in new))
    text = "\n".join(m["text"] for m in tried)
    assert "28,500 patients" in text and "Eligibility" in text and "Nothing has been saved" in text


def test_typed_words_why_back_and_ask(tg_user):
    u = tg_user()
    first = u.say("/start")
    qid = question_of(first[-1])
    why = u.press(first[-1], f"a:{qid}:why", until=lambda new: "Why we ask" in new[0]["text"])
    assert "[" in why[0]["text"]                     # cited
    # the answer, then the waiting question again: both may have arrived by the time we look
    said = u.say("/ask who chooses the clinical director?",
                 until=lambda new: any("who chooses the clinical director" in m["text"] for m in new))
    answer = next(m for m in said if "who chooses the clinical director" in m["text"])
    assert "[" in answer["text"] or "adviser" in answer["text"]
    hint = u.say("/ask", until=lambda new: "/ask" in new[-1]["text"])
    assert "Type your question" in hint[-1]["text"]
    helped = u.say("/help", until=lambda new: "/checklist" in new[-1]["text"])
    assert "/adviser" in helped[-1]["text"]


def _callback(u, data, message_id):
    from tests.fakes.telegram_api import callback_update
    from tests.fakes.telegram_user import new_id

    return callback_update(new_id(), u.user_id, data, message_id, u.chat_id, u.chat_type)
