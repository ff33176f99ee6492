"""Mounting the Slack app in the Flask service at `/slack/events` (HTTP mode).

`register(app)` is this front end's `pcn.frontends` entry point (see `core.plugins`): the service's
app factory calls it; the service never imports Slack. The route is a plain view
that hands the request to Bolt (`to_bolt_request`, then `App.dispatch`), which checks the signature
again. Without `SLACK_SIGNING_SECRET` and `SLACK_BOT_TOKEN`
(in the Flask config or the environment) the route answers 503 and says what is missing. Triage
changes made over HTTP (cases opened, claimed, resolved) are passed to the Slack app too.

The signature (and its timestamp) is checked here, before anything reads the body: an unsigned
request is a 401 whatever its body (a timestamp that is not a whole number of seconds cannot be
signed). A signed body that is not a Slack payload, or a payload of a shape Slack never sends
(`shapes.py`: an empty `actions` list, a view without a type, a NUL character), is a 400 naming the
field, and logged: Bolt would fail on it with an exception and a 500.
Refusals are problem+json (`core.problems`) naming the header or the body, like the API's.
"""
from __future__ import annotations

import logging
import re

from flask import Flask

from core import notices, plugins
from core.dialogue.conversation import Dialogue
from core.dialogue.updates import advice_changed_text
from core.problems import problem_reply
from core.triage import notify

from . import shapes
from .app import SlackSettings, build_app
from .blocks import esc

EXTENSION = "pcn_slack"
ROUTE = "/slack/events"
TIMESTAMP = "X-Slack-Request-Timestamp"
SIGNATURE = "X-Slack-Signature"
#: Seconds since 1970 as Slack sends them; anything else cannot be a signed request.
WHOLE_SECONDS = re.compile(r"[0-9]{1,15}")
log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    """Register `/slack/events` on the Flask app, backed by a Bolt app using the service's database."""
    settings = SlackSettings.from_env(app.config)
    if not settings.http_ready:
        log.info("Slack is not configured (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN)")

        def not_configured():
            return problem_reply(503, "Slack is not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN")

        app.add_url_rule(ROUTE, "slack_events", not_configured, methods=["POST"])
        return

    from slack_bolt.adapter.flask.handler import to_bolt_request, to_flask_response
    from slack_bolt.request.internals import parse_body
    from slack_sdk.signature import SignatureVerifier

    dialogue = Dialogue(plugins.rules_engine(app))
    bolt = build_app(settings, db_engine=plugins.db_engine(app), dialogue=dialogue)
    app.extensions[EXTENSION] = bolt
    _follow_triage(app, bolt)
    verifier = SignatureVerifier(settings.signing_secret)

    def slack_events():
        from flask import request

        stamp = request.headers.get(TIMESTAMP)
        if stamp is not None and not WHOLE_SECONDS.fullmatch(stamp):
            return problem_reply(401, "not a signed Slack request", TIMESTAMP)
        raw = request.get_data()
        if stamp is None or not verifier.is_valid(raw, stamp, request.headers.get(SIGNATURE) or ""):
            return problem_reply(401, "not a signed Slack request", SIGNATURE)
        try:
            wrong = shapes.fault(parse_body(raw.decode("utf-8"), request.mimetype))
            incoming = None if wrong else to_bolt_request(request)
        except Exception:  # only reading untrusted input here; listeners' errors are not caught
            log.info("refused a body that is not a Slack payload")
            return problem_reply(400, "not a Slack payload", "body")
        if wrong is not None:   # signed, but not as Slack sends it: Bolt would fail on it with a 500
            log.warning("refused a signed Slack payload: %s", wrong[1])
            return problem_reply(400, f"not a Slack payload: {wrong[1]}", wrong[0])
        answer = bolt.dispatch(incoming)
        if answer.status == 401:  # Bolt's own refusals (bad signature, stale request): the same shape
            return problem_reply(401, "not a signed Slack request", SIGNATURE)
        if 400 <= answer.status < 500:
            return problem_reply(answer.status, "not a Slack request this app handles", "body")
        return to_flask_response(answer)

    app.add_url_rule(ROUTE, "slack_events", slack_events, methods=["POST"])
    limits = plugins.rate_limits(app)
    if limits is not None:   # forged or stale signatures count against the sender's address
        limits.guard_failures("slack_events")


ORIGIN = "slack"


def _follow_triage(app: Flask, bolt) -> None:
    """Post cases opened over HTTP to the adviser channel, and pass on replies resolved over HTTP."""

    from .advisers import on_http_change

    bot, client = bolt.pcn_bot, bolt.client
    notify.subscribe(app, lambda event, ids: bot.background(on_http_change, bot, client, event, ids), name=ORIGIN)
    # changes advisers make in Slack reach the other front ends (a Telegram practice's reply)
    bot.tell = lambda event, ids: notify.emit(app, event, ids, origin=ORIGIN)
    notices.subscribe(app, lambda items: tell_changed(bot, client, items), name=ORIGIN)


def tell_changed(bot, client, items: list) -> list[str]:
    """A direct message to each Slack person whose advice changed when the guidance was updated; the
    reassessments whose person was sent one (a failure is logged, and the next run tries again)."""
    told = []
    for item in items:
        user_id = (item["user_ref"] or "").rsplit(":", 1)[-1]
        if not user_id:
            continue
        text = advice_changed_text(item, bot.knowledge.models)
        try:
            client.chat_postMessage(channel=bot.dm(client, user_id), text=text,
                                    blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": esc(text)}}])
        except Exception:
            log.exception("could not tell Slack user %s that their advice changed", user_id)
            continue
        told.append(item["assessment_id"])
    return told
