"""Requests Slack did not sign are refused; slow work never delays the acknowledgement; retries and
replays run once. That nothing happened is checked once the app has settled (every piece of work
set going has finished, `SlackUser.settle`), never after a sleep."""
from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

from tests.fakes.slack_api import action_body, command_body, dm_event, event_body, signed_headers
from tests.fakes.slack_user import SECRET, question_of


def test_forged_signatures_get_401_and_do_nothing(slack_user, user_id, fake_slack):
    u = slack_user(user_id)
    assert u.send(command_body(user_id), secret="not-the-secret").status_code == 401
    body, ct = command_body(user_id)
    headers = signed_headers(SECRET, body, ct)
    tampered = body.replace(b"text=", b"text=restart")
    assert u.client.post("/slack/events", data=tampered, headers=headers).status_code == 401
    assert u.client.post("/slack/events", data=body, headers={"Content-Type": ct}).status_code == 401
    u.settle()
    sentinel = u.turn(lambda: u.command(""))    # a signed request: the app does post for this one
    u.settle()
    assert u.messages() == sentinel             # and for nothing before it


def test_forgers_are_throttled_per_address(make_app, user_id):
    client = make_app(PCN_AUTH_FAILURE_LIMIT="3 per minute").test_client()
    body, ct = command_body(user_id, "help")
    forged = signed_headers("not-the-secret", body, ct)
    assert [client.post("/slack/events", data=body, headers=forged).status_code for _ in range(3)] == [401] * 3
    refused = client.post("/slack/events", data=body, headers=forged)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    # Slack's own requests come from other addresses and are not held back
    good = client.post("/slack/events", data=body, headers=signed_headers(SECRET, body, ct),
                       environ_base={"REMOTE_ADDR": "10.3.3.3"})
    assert good.status_code == 200


def test_requests_older_than_five_minutes_get_401(slack_user, user_id, fake_slack):
    u = slack_user(user_id)
    stale = int(time.time()) - 6 * 60
    assert u.send(command_body(user_id), timestamp=stale).status_code == 401
    assert u.send(event_body(dm_event(user_id, "42000"), "EvStale" + user_id), timestamp=stale).status_code == 401
    fresh = int(time.time()) - 60
    assert u.send(command_body(user_id, "help"), timestamp=fresh).status_code == 200


def test_a_retried_event_is_handled_once(slack_user, user_id, fake_slack, make_app):
    u = slack_user(user_id)
    u.turn(lambda: u.command(""))
    event = event_body(dm_event(user_id, "42000"), "EvRetry" + user_id)
    second = u.turn(lambda: u.send(event))
    assert question_of(second[-1]) != "population"
    count = len(u.messages())
    # Slack retries the same event id, to this instance and to another worker on the same database
    assert u.send(event, retry=1).status_code == 200
    other = slack_user(user_id, app=make_app())
    assert other.send(event, retry=2).status_code == 200
    u.settle()
    other.settle()
    assert len(u.messages()) == count
    third = u.turn(lambda: u.say("1 July 2019" if question_of(second[-1]) == "as_of" else "not sure"))
    assert "Got it" in str(third[-1]["blocks"])


def test_acknowledged_without_waiting_for_the_web_api(slack_user, user_id, fake_slack):
    u = slack_user(user_id)
    u.command("help")               # Bolt calls auth.test once, on an app's first request
    u.settle()
    fake_slack.gate.clear()         # every Web API call now waits until the test lets it go
    pool = ThreadPoolExecutor(1)
    try:
        acks = pool.submit(lambda: (u.command(""), u.say("42000")))
        # answered while no Web API call could finish: the acknowledgements did not wait for one
        assert [r.status_code for r in acks.result(timeout=20)] == [200, 200]
    finally:
        fake_slack.gate.set()
        pool.shutdown()
    fake_slack.wait(lambda _: len([m for m in u.messages() if question_of(m)]) >= 2, what="two questions", timeout=20)


def test_the_apps_own_messages_and_edits_are_ignored(slack_user, user_id, fake_slack):
    u = slack_user(user_id)
    u.turn(lambda: u.command(""))
    count = len(u.messages())
    own = dict(dm_event(user_id, "42000"), bot_id="B0PCN")
    edit = dict(dm_event(user_id, "42000"), subtype="message_changed")
    assert u.send(event_body(own, "EvOwn" + user_id)).status_code == 200
    assert u.send(event_body(edit, "EvEdit" + user_id)).status_code == 200
    u.settle()
    assert len(u.messages()) == count


def test_url_verification_challenge(slack_user, user_id):
    import json
    u = slack_user(user_id)
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    r = u.send((body, "application/json"))
    assert r.status_code == 200 and "abc123" in r.get_data(as_text=True)


def test_without_slack_settings_the_route_says_what_is_missing(db_url, monkeypatch):
    from service import create_app
    for name in ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    r = create_app({"DATABASE_URL": db_url, "TESTING": True}).test_client().post("/slack/events", data=b"x")
    assert r.status_code == 503 and "SLACK_SIGNING_SECRET" in r.get_json()["detail"]


def test_a_failure_after_the_ack_is_reported_to_the_person(slack_user, user_id, fake_slack, make_app, monkeypatch):
    app = make_app()
    bot = app.extensions["pcn_slack"].pcn_bot
    u = slack_user(user_id, app=app)
    u.turn(lambda: u.command(""))

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")
    monkeypatch.setattr(bot.conversations, "say", broken)
    assert u.say("42000").status_code == 200
    sorry = fake_slack.wait(lambda _: fake_slack.named("chat.postMessage", channel=user_id), what="an apology")
    assert "something went wrong" in sorry[0]["text"]


def test_a_replayed_slash_command_runs_once_on_any_instance(slack_user, user_id, fake_slack, make_app, db_url):
    from core.db import session_scope, shared_db_engine
    from core.triage import casework

    u = slack_user(user_id)
    body, ct = command_body(user_id, "adviser Which model suits two practices?")
    headers = signed_headers(SECRET, body, ct)
    assert u.client.post("/slack/events", data=body, headers=headers).status_code == 200
    fake_slack.wait(lambda _: u.messages(), what="the reply to /pcn adviser")
    u.settle()
    count = len(u.messages())
    # the same signed request again, to this instance and to another on the same database
    assert u.client.post("/slack/events", data=body, headers=headers).status_code == 200
    other = slack_user(user_id, app=make_app())
    assert other.client.post("/slack/events", data=body, headers=headers).status_code == 200
    u.settle()
    other.settle()
    assert len(u.messages()) == count
    with session_scope(shared_db_engine(db_url)) as s:
        cases = casework.list_cases(s, user_ref=f"T0PCN:{user_id}")
        assert len(cases) == 1
        assert [e.action for e in casework.events(s, cases[0].id)] == ["opened"]
    # a fresh request (a new timestamp, so a new signature) is handled as ever
    assert u.send(command_body(user_id, "adviser Which model suits two practices?")).status_code == 200
    fake_slack.wait(lambda _: len(u.messages()) > count, what="the reply to the second /pcn adviser")


def test_a_replayed_button_click_runs_once(slack_user, user_id, fake_slack):
    u = slack_user(user_id)
    first = u.turn(lambda: u.command(""))
    u.answer(first[-1])
    # "Start a new assessment" on the App Home tab, clicked once and the same signed click replayed
    action = {"type": "button", "action_id": "pcn_home_start", "block_id": "home", "value": json.dumps({"v": "start"}),
              "text": {"type": "plain_text", "text": "Start a new assessment"}}
    body, ct = action_body(user_id, action)
    headers = signed_headers(SECRET, body, ct)
    restarted = u.turn(lambda: u.client.post("/slack/events", data=body, headers=headers))
    assert question_of(restarted[-1]) == question_of(first[-1])
    count = len(u.messages())
    assert u.client.post("/slack/events", data=body, headers=headers).status_code == 200
    u.settle()
    assert len(u.messages()) == count
