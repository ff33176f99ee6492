"""One triage desk behind every front end: a case opened in Telegram, resolved by an adviser in Slack,
and the reply reaches the Telegram chat at once (not only with the person's next message)."""
from __future__ import annotations

import json
import uuid

from core.db import session_scope, shared_db_engine
from core.triage import casework
from tests.bot.slack.test_triage_flow import CHANNEL, command, leave_only_open, press, submit
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_user import SECRET as TELEGRAM_SECRET
from tests.fakes.telegram_user import TelegramUser


def test_a_telegram_case_resolved_in_slack_reaches_the_chat(make_app, fake_slack, db_url):
    adviser = "UADV" + uuid.uuid4().hex[:8].upper()
    with FakeTelegramAPI() as telegram:
        app = make_app(PCN_ADVISER_CHANNEL=CHANNEL, PCN_ADVISERS=adviser, TELEGRAM_BOT_TOKEN="123:test-token",
                       TELEGRAM_WEBHOOK_SECRET=TELEGRAM_SECRET, TELEGRAM_API_URL=telegram.url)
        person = TelegramUser(app.test_client(), telegram)
        person.say("/adviser who signs the network agreement for a merged practice?",
                   until=lambda new: any("LMC advisers" in m["text"] for m in new))
        with session_scope(shared_db_engine(db_url)) as s:
            [case] = [c.id for c in casework.list_cases(s, user_ref=f"{person.chat_id}:{person.user_id}")]
        leave_only_open(db_url, case)
        slack = app.test_client()
        assert command(slack, adviser, "triage").status_code == 200
        queue = fake_slack.wait(lambda _: [m for m in fake_slack.named("chat.postMessage", channel="D" + adviser)
                                           if f"case:{case}:" in json.dumps(m)], what="the queue")[0]
        press(slack, adviser, queue, "pcn_triage_resolve", "D" + adviser, case)
        view = fake_slack.wait(lambda _: [v for v in fake_slack.named("views.open")
                                          if f'"c": {case}' in v["view"]["private_metadata"]], what="the modal")[-1]["view"]
        submit(slack, adviser, view, "The merged practice signs once, as one member.")
        told = telegram.wait(lambda _calls: [m for m in person.messages() if "LMC adviser has replied" in m["text"]],
                             what="the adviser's reply in Telegram")
        assert "signs once, as one member" in told[0]["text"]
