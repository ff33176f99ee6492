"""Bolt listeners for escalation and the advisers: the practice's *Ask an LMC adviser* button,
Claim and Resolve clicks, and the resolve modal's submission.

As everywhere in the Slack app, the ack is immediate and the work (database, Web API) runs in a
lazy listener; `advisers.py` holds the advisers' side of the work.
"""
from __future__ import annotations

import re

from . import advisers, blocks
from .advice import ESCALATE_ACTION
from .cases import CLAIM_ACTION, RESOLVE_ACTION, RESOLVE_VIEW
from .context import ack_only, bot_of, reported, team_of
from .post import deliver
from .slackbot import user_ref


@reported
def escalate_action(body, action, context, client):
    """*Ask an LMC adviser* under an answer (about its question) or a result (about the assessment)."""
    bot = bot_of(context)
    user_id = body["user"]["id"]
    data = blocks.button_data(action.get("value"))
    question = data.get("q") if isinstance(data.get("q"), str) else None
    aid = data.get("a") if isinstance(data.get("a"), str) else None
    replies = bot.conversations.escalate(user_ref(team_of(body), user_id), question=question, assessment_id=aid)
    deliver(bot, client, (body.get("channel") or {}).get("id") or bot.dm(client, user_id), replies)
    advisers.announce_new(bot, client, replies)


@reported
def claim_action(body, action, context, client):
    """Claim: the case becomes the adviser's, unless another adviser was first."""
    advisers.claim(bot_of(context), client, body, action)


@reported
def resolve_action(body, action, context, client):
    """Resolve: open the modal for the reply to the practice."""
    advisers.open_resolve(bot_of(context), client, body, action)


def ack_resolve_view(ack, view):
    """Close the modal, or keep it open with an error when the note is blank."""
    if not advisers.note_of(view).strip():
        ack(response_action="errors", errors={advisers.NOTE_BLOCK: "Write a reply for the practice."})
    else:
        ack()


@reported
def resolve_submitted(body, view, context, client):
    """The reply was written: resolve the case and pass the reply on."""
    advisers.resolved(bot_of(context), client, body, view)


def register(app) -> None:
    """Attach the escalation and adviser listeners to a Bolt app."""
    app.action(re.compile(rf"^{ESCALATE_ACTION}"))(ack=ack_only, lazy=[escalate_action])
    app.action(re.compile(rf"^{CLAIM_ACTION}"))(ack=ack_only, lazy=[claim_action])
    app.action(re.compile(rf"^{RESOLVE_ACTION}"))(ack=ack_only, lazy=[resolve_action])
    app.view(RESOLVE_VIEW)(ack=ack_resolve_view, lazy=[resolve_submitted])
