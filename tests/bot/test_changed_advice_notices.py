"""After a knowledge update, `pcn reassess --notify` tells each person whose advice changed, once, in
their own channel, end to end: people reach a result in Slack, Telegram and on the web pages under the
old knowledge (a copy of `knowledge/`), the 2019/20 network payment changes in a second copy
(`PCN_KNOWLEDGE_DIR`), and the command, run as an operator runs it, sends a Slack DM through the
real Slack SDK and a Telegram message through python-telegram-bot to the fakes on 127.0.0.1 (before
it exits), while the web result page shows the banner linking to the comparison. A second run tells
nobody. On a database of its own, SQLite and PostgreSQL.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from core.migrate import upgrade
from service import create_app
from tests.core.test_versions import knowledge_copy
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_user import SECRET as SLACK_SECRET
from tests.fakes.slack_user import SlackUser
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_user import SECRET as TELEGRAM_SECRET
from tests.fakes.telegram_user import TelegramUser
from tests.web.helpers import current_qid, finish_interview, post

REPO = Path(__file__).resolve().parents[2]
TOLD = "The guidance behind your last PCN Advisor result has been updated"
DATE = "1 July 2019"      # the network payment that changes is 2019/20's


def pcn(env: dict, *argv: str) -> subprocess.CompletedProcess:
    """`pcn ARGV...` in a process of its own, as an operator runs it."""
    return subprocess.run([sys.executable, "-c", "import sys; from engine.cli import main; sys.exit(main(sys.argv[1:]))",
                           *argv], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def web_result_in_2019(client) -> str:
    """A practice on the web pages: the interview, then its date changed to 1 July 2019 (refine "timing");
    the id of that result."""
    first = finish_interview(client)
    assert post(client, "/refine", {"topic": "timing"}, page=f"/assessments/{first}").status_code == 302
    assert current_qid(client) == "as_of"
    assert post(client, "/questions/as_of", {"answer": DATE}, page="/questions").status_code == 302
    return re.search(r'href="/assessments/([0-9a-f]{32})"', client.get("/check").text).group(1)


@pytest.fixture
def own_db(fresh_url):
    upgrade(fresh_url)
    return fresh_url


def test_pcn_reassess_notify_tells_each_channel_once(own_db, tmp_path):
    old_dir, new_dir = knowledge_copy(tmp_path), knowledge_copy(tmp_path, "1.60")
    with FakeSlackAPI() as slack, FakeTelegramAPI() as telegram:
        channels = {"SLACK_SIGNING_SECRET": SLACK_SECRET, "SLACK_BOT_TOKEN": "xoxb-test-token",
                    "SLACK_API_URL": slack.url, "TELEGRAM_BOT_TOKEN": "123:test-token",
                    "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET, "TELEGRAM_API_URL": telegram.url}
        app = create_app({"DATABASE_URL": own_db, "TESTING": True, "KNOWLEDGE_DIR": str(old_dir),
                          "SECRET_KEY": "test-secret-key-for-the-web-pages-0003", **channels})
        in_slack = SlackUser(app.test_client(), slack, "U" + uuid.uuid4().hex[:10].upper())
        in_slack.run_to_result({"as_of": ("type", DATE)})
        in_telegram = TelegramUser(app.test_client(), telegram)
        in_telegram.run_to_result({"as_of": DATE})
        web = app.test_client()
        on_web = web_result_in_2019(web)
        assert "The guidance behind this result has changed" not in web.get(f"/assessments/{on_web}").text
        seen = len(in_slack.messages()), len(in_telegram.messages())

        env = dict(os.environ, DATABASE_URL=own_db, PCN_KNOWLEDGE_DIR=str(new_dir), **channels)
        first = pcn(env, "reassess", "--notify")
        assert first.returncode == 0, first.stderr
        # told before the command ended: nothing is left queued in a process that has gone
        [dm] = [m for m in in_slack.messages()[seen[0]:] if TOLD in m["text"]]
        [message] = [m for m in in_telegram.messages()[seen[1]:] if TOLD in m["text"]]
        for text in (dm["text"], message["text"]):
            assert "the funding figures" in text and re.search(r"network payment: £[\d,]+ to £[\d,]+", text), text
        assert re.search(r"; 3 told in their channel", first.stdout), first.stdout     # Slack, Telegram, web

        page = web.get(f"/assessments/{on_web}").text
        assert "The guidance behind this result has changed" in page and "the funding figures" in page
        link = re.search(r'href="(/assessments/[0-9a-f]{32}/changes)"', page).group(1)
        comparison = web.get(link).text
        assert "What changed when the guidance was updated" in comparison and "(+£4,200)" in comparison

        again = pcn(env, "reassess", "--notify")
        assert again.returncode == 0 and again.stdout.startswith("0 reassessed"), again.stdout + again.stderr
        assert [m for m in in_slack.messages()[seen[0]:] if TOLD in m["text"]] == [dm]
        assert [m for m in in_telegram.messages()[seen[1]:] if TOLD in m["text"]] == [message]
