"""The webhook's guards and guarantees: the secret, repeated updates, group chats, no token, long
replies split, and the event loop shared by every app in the process."""
from __future__ import annotations

import pytest

from tests.fakes.telegram_api import BOT_USERNAME, message_update
from tests.fakes.telegram_user import new_id


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", "tg-webhook-secret-012345678"])
def test_forged_or_missing_secret_is_refused_and_nothing_is_sent(tg_user, fake_telegram, secret):
    u = tg_user()
    r = u.post(message_update(new_id(), u.user_id, "/start"), secret=secret)
    assert r.status_code == 401
    # a genuine update afterwards is answered, and is the only thing ever sent to this chat
    u.say("/help", until=lambda new: "/checklist" in new[-1]["text"])
    assert len(u.messages()) == 1


def test_not_an_update_is_rejected(tg_user):
    u = tg_user()
    assert u.client.post("/telegram/webhook", data="nope", headers={"X-Telegram-Bot-Api-Secret-Token":
                                                                    "tg-webhook-secret-0123456789abcdefghijk"}).status_code == 400


def test_the_same_update_twice_is_answered_once(tg_app, tg_user, fake_telegram):
    from telegram import Update

    from bot.telegram import loop

    u = tg_user()
    data = message_update(new_id(), u.user_id, "/help")
    assert u.post(data).status_code == 200                     # through the webhook ...
    fake_telegram.wait(lambda _calls: u.messages(), what="the first answer")
    front = tg_app.extensions["pcn_telegram"]
    loop.call(front.process(Update.de_json(data, None)))      # ... and again, waited for to the end
    loop.call(front.process(Update.de_json(data, None)))
    assert len(u.messages()) == 1


def test_group_chat_answers_only_when_addressed(tg_user):
    group = -new_id()
    u = tg_user(chat_id=group, chat_type="supergroup")
    u.post(message_update(new_id(), u.user_id, "hello everyone", group, "supergroup"))
    u.post(message_update(new_id(), u.user_id, "/help", group, "supergroup"))         # a bare command
    u.post(message_update(new_id(), u.user_id, "/help@another_bot", group, "supergroup"))
    helped = u.say(f"/help@{BOT_USERNAME}", until=lambda new: "/checklist" in new[-1]["text"])
    assert len(helped) == 1 and len(u.messages()) == 1
    asked = u.say(f"@{BOT_USERNAME} /start", until=lambda new: True)
    assert asked
    replied = u.say("about 30k", reply_to_bot=True, until=lambda new: True)
    assert replied


def test_no_token_answers_503_and_the_rest_of_the_app_works(make_tg_app):
    app = make_tg_app(TELEGRAM_BOT_TOKEN="")
    client = app.test_client()
    assert client.post("/telegram/webhook", json={"update_id": 1}).status_code == 503
    assert client.get("/openapi.json").status_code == 200


def test_a_reply_over_4096_characters_is_split(tg_app, fake_telegram):
    from bot.telegram import loop
    from core.dialogue.replies import Say

    front = tg_app.extensions["pcn_telegram"]
    chat = new_id()
    text = "\n\n".join(f"Paragraph {i}: " + "word " * 150 for i in range(12))
    loop.call(front.send(chat, [Say(text)]))
    sent = fake_telegram.named("sendMessage", chat_id=chat)
    assert len(sent) >= 2 and all(len(m["text"]) <= 4096 for m in sent)
    assert all(m["text"].startswith("Paragraph") for m in sent)     # cut on paragraph boundaries
    assert "".join(m["text"] for m in sent).count("Paragraph") == 12


def test_typed_text_is_escaped(tg_user):
    u = tg_user()
    u.say("/start")
    new = u.say("<b>lots</b> & more", until=lambda new: True)
    assert all("<b>lots</b>" not in m["text"] for m in new)


def test_split_keeps_every_character():
    from bot.telegram.render import split

    text = "\n\n".join(("para %d " % i) * 60 for i in range(120)) + "\n\n" + "x" * 9000
    pieces = split(text)
    assert all(len(p) <= 4096 for p in pieces)
    assert "".join(pieces).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")



def test_wrong_secrets_are_throttled_per_address(make_tg_app):
    client = make_tg_app(PCN_AUTH_FAILURE_LIMIT="2 per minute").test_client()
    update = message_update(new_id(), new_id(), "/start")
    wrong = {"X-Telegram-Bot-Api-Secret-Token": "guess"}
    assert [client.post("/telegram/webhook", json=update, headers=wrong).status_code for _ in range(2)] == [401, 401]
    refused = client.post("/telegram/webhook", json=update, headers=wrong)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
