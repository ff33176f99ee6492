"""Socket Mode (`pcn slack --socket`): the same app, fed requests as the Socket Mode client hands them over."""
from __future__ import annotations

import urllib.parse

from slack_bolt.request import BoltRequest

from bot.slack.app import SlackSettings, build_app
from tests.fakes.slack_api import command_body


def test_socket_mode_requests_need_no_signature_and_reach_the_same_listeners(fake_slack, db_engine, user_id):
    app = build_app(SlackSettings(None, "xoxb-test", "xapp-test", fake_slack.url), db_engine=db_engine)
    body = dict(urllib.parse.parse_qsl(command_body(user_id, "start")[0].decode()))
    response = app.dispatch(BoltRequest(body=body, mode="socket_mode"))
    assert response.status == 200
    first = fake_slack.wait_for("chat.postMessage", count=2, channel="D" + user_id)
    assert "How many registered patients" in first[-1]["text"]
