"""Hostile Slack requests: payloads signed with the real secret but shaped as Slack never sends them
(an empty `actions` list, a view without a type, a NUL character...) are a 400 naming the field,
never a 500 or a traceback in the log; a resolve modal whose private metadata is not ours is ignored
and logged; text a person typed is echoed into mrkdwn escaped, so `<!channel>` or a disguised link
is shown, never acted on. On SQLite and PostgreSQL (`db_url`)."""
from __future__ import annotations

import json
import logging
import time
import urllib.parse

import pytest

from bot.slack.cases import NOTE_ACTION, NOTE_BLOCK, RESOLVE_VIEW
from tests.fakes.slack_api import FORM, action_body, command_body, signed_headers, view_body
from tests.fakes.slack_user import SECRET, question_of

PINGS = ["<!channel>", "<https://evil.example|Log in to NHS>", "<@U0BOSS> & <#C0ALL>"]
ESCAPED = {"<!channel>": "&lt;!channel&gt;", "<https://evil.example|Log in to NHS>": "&lt;https://evil.example|",
           "<@U0BOSS> & <#C0ALL>": "&lt;@U0BOSS&gt; &amp; &lt;#C0ALL&gt;"}


def tracebacks(caplog) -> list[str]:
    """Log records that carry an exception or are errors: none may come from input."""
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR
            or "Traceback" in r.getMessage()]


def payload_body(payload: dict) -> tuple[bytes, str]:
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode(), FORM


def base_action(user: str) -> dict:
    return json.loads(urllib.parse.parse_qs(action_body(user, {"action_id": "pcn_answer:0", "value": "{}"})[0].decode())
                      ["payload"][0])


def base_view(user: str) -> dict:
    view = {"type": "modal", "callback_id": RESOLVE_VIEW, "private_metadata": '{"c": 1}'}
    return json.loads(urllib.parse.parse_qs(view_body(user, view, {NOTE_BLOCK: {NOTE_ACTION: "hi"}})[0].decode())
                      ["payload"][0])


GONE = object()


def changed(base: dict, path: str, value) -> dict:
    """`base` with the field at dotted `path` set to `value` (removed if GONE; a list index is a number)."""
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    node = base
    for k in keys[:-1]:
        node = node[k]
    if value is GONE:
        del node[keys[-1]]
    else:
        node[keys[-1]] = value
    return base


#: (base payload, field path, hostile value, the field the 400 must name)
SHAPES = {
    "empty-actions": ("action", "actions", [], "actions"),
    "actions-object": ("action", "actions", {"0": {}}, "actions"),
    "action-not-object": ("action", "actions", ["x"], "actions"),
    "action-id-number": ("action", "actions.0.action_id", 7, "actions"),
    "action-value-list": ("action", "actions.0.value", ["a"], "actions"),
    "action-selected-option-text": ("action", "actions.0.selected_option", "x", "actions"),
    "user-string": ("action", "user", "U1", "user"),
    "user-id-missing": ("action", "user", {}, "user"),
    "team-number": ("action", "team", 5, "team"),
    "channel-list": ("action", "channel", [], "channel"),
    "message-blocks-text": ("action", "message.blocks", "x", "message"),
    "container-number": ("action", "container", 1, "container"),
    "nul-in-value": ("action", "actions.0.value", '{"q": "population", "v": "4\\u0000"}'.encode().decode("unicode_escape"),
                     "actions"),
    "nul-deep": ("action", "actions.0.extra", [{"x": "a\x00b"}], "actions"),
    "view-without-type": ("view", "view.type", GONE, "view"),
    "view-callback-number": ("view", "view.callback_id", 3, "view"),
    "view-metadata-object": ("view", "view.private_metadata", {"c": 1}, "view"),
    "view-state-values-list": ("view", "view.state.values", [], "view"),
    "view-note-number": ("view", "view.state.values.note.note_input.value", 12, "view"),
    "view-string": ("view", "view", "modal", "view"),
    "authorizations-text": ("action", "authorizations", "x", "authorizations"),
}


@pytest.mark.parametrize("kind", list(SHAPES))
def test_signed_payloads_of_shapes_slack_never_sends_are_a_400_naming_the_field(make_app, user_id, kind, caplog,
                                                                              fake_slack):
    base, path, value, field = SHAPES[kind]
    payload = changed(base_action(user_id) if base == "action" else base_view(user_id), path, value)
    body, ct = payload_body(payload)
    client = make_app().test_client()
    with caplog.at_level(logging.INFO):
        resp = client.post("/slack/events", data=body, headers=signed_headers(SECRET, body, ct))
    assert resp.status_code == 400, resp.data[:300]
    assert resp.mimetype == "application/problem+json"
    assert field in resp.get_json()["errors"], resp.get_json()
    assert not tracebacks(caplog)
    assert any("refused a signed Slack payload" in r.getMessage() for r in caplog.records)   # logged
    assert not fake_slack.named("chat.postMessage", channel=user_id)


def test_the_same_payloads_unsigned_are_a_401_whatever_their_shape(make_app, user_id):
    body, ct = payload_body(changed(base_action(user_id), "actions", []))
    resp = make_app().test_client().post("/slack/events", data=body, headers=signed_headers("not-it", body, ct))
    assert resp.status_code == 401
    assert "X-Slack-Signature" in resp.get_json()["errors"]


@pytest.mark.parametrize("metadata", ["{not json", "[1, 2]", '"c"', "null"])
def test_a_resolve_modal_whose_metadata_is_not_ours_is_ignored_and_logged(make_app, user_id, metadata, caplog,
                                                                          fake_slack):
    payload = changed(base_view(user_id), "view.private_metadata", metadata)
    body, ct = payload_body(payload)
    client = make_app(PCN_ADVISERS=user_id).test_client()
    with caplog.at_level(logging.INFO):
        resp = client.post("/slack/events", data=body, headers=signed_headers(SECRET, body, ct))
        assert resp.status_code == 200, resp.data[:300]
        deadline = time.monotonic() + 10      # the lazy listener logs when it ignores the submission
        while not any("private_metadata" in r.getMessage() for r in caplog.records):
            assert time.monotonic() < deadline, "the ignored submission was not logged"
            time.sleep(0.02)
    assert not tracebacks(caplog)
    assert not fake_slack.named("chat.postMessage", channel=user_id)


@pytest.mark.parametrize("typed", PINGS)
def test_an_unknown_subcommand_is_echoed_escaped(slack_user, user_id, typed):
    resp = slack_user(user_id).command(typed)
    assert resp.status_code == 200
    text = resp.get_json()["text"] if resp.is_json else resp.get_data(as_text=True)
    assert ESCAPED[typed].split(" ")[0].lower() in text
    assert "<" not in text, text      # nothing in the reply is Slack markup: not the echo, not the help


def _no_markup(messages: list[dict], typed: str) -> None:
    """What was typed shows escaped in the posted messages (blocks and fallback text), never raw."""
    seen = json.dumps(messages, ensure_ascii=False).lower()     # the dialogue may lower-case what it echoes
    assert ESCAPED[typed].split(" ")[0].lower() in seen, seen[:800]
    for raw in ("<!channel>", "<https://evil", "<@u0boss>", "<#c0all>"):
        assert raw not in seen, seen[:800]


@pytest.mark.parametrize("typed", PINGS)
def test_couldnt_tell_which_question_echoes_what_was_typed_escaped(slack_user, user_id, fake_slack, typed):
    u = slack_user(user_id)
    u.turn(lambda: u.command(""))
    before = len(u.messages())
    assert u.say(f"change {typed}").status_code == 200
    new = fake_slack.wait(lambda _c: u.messages()[before:] or None, what="the reply to change")
    assert "couldn't tell which question" in new[0]["text"]
    _no_markup(new, typed)


@pytest.mark.parametrize("typed", PINGS)
def test_the_refine_reply_echoes_the_topic_escaped(slack_user, user_id, typed):
    u = slack_user(user_id)
    u.turn(lambda: u.command(""))
    new = u.turn(lambda: u.say(f"refine {typed}"))
    assert "nothing more to ask about" in new[0]["text"] and question_of(new[-1])
    _no_markup(new[:1], typed)


def test_a_signed_command_with_a_nul_is_refused(make_app, user_id, caplog):
    body, ct = command_body(user_id, "ask a\x00b")
    with caplog.at_level(logging.INFO):
        resp = make_app().test_client().post("/slack/events", data=body, headers=signed_headers(SECRET, body, ct))
    assert resp.status_code == 400 and "text" in resp.get_json()["errors"]
    assert not tracebacks(caplog)
