"""The LMC advisers' side of Slack: new cases posted to the adviser channel, Claim and Resolve
buttons, the resolve modal, `/pcn triage`, and the practice told of the adviser's reply in its DM.

Advisers are the Slack users in `PCN_ADVISERS`; when that is empty, the members of
`PCN_ADVISER_CHANNEL` (fetched at most once a minute). Anyone else who clicks gets a private
"only advisers" notice and nothing changes. Claims and resolutions go through
`core.triage.casework`, whose conditional updates make the first claim win; changes made over
HTTP reach Slack through `core.triage.notify` (see `mount.py`). The workspace is the `default`
LMC's desk: it sees every case opened in a chat or the web, `default`'s API cases and those of the
organisations `default` serves (`pcn orgs serve default ORG`), never another LMC's.
"""
from __future__ import annotations

import json
import logging
import time

from slack_sdk.errors import SlackApiError

from core.db import session_scope
from core.dialogue.replies import Escalated
from core.orgs import DEFAULT_ORG, served
from core.triage import casework

from . import case_posts
from .advice import adviser_reply_message
from .blocks import button_data, fallback
from .cases import NOTE_ACTION, NOTE_BLOCK, QUEUE_LIMIT, case_message, queue_messages, refreshed, resolve_modal

log = logging.getLogger(__name__)
MEMBERS_TTL = 60.0
NOT_ADVISER = "Only LMC advisers can do that. (Advisers are set with PCN_ADVISERS or PCN_ADVISER_CHANNEL.)"


def is_adviser(bot, client, user_id: str) -> bool:
    """Whether a Slack user is an LMC adviser."""
    s = bot.settings
    if user_id in s.advisers:
        return True
    if s.advisers or not s.adviser_channel:
        return False
    fetched, members = bot._members
    if time.monotonic() - fetched > MEMBERS_TTL:
        try:
            members = _members(client, s.adviser_channel)
        except SlackApiError as exc:   # e.g. the app lacks channels:read: nobody is an adviser, and say why
            log.warning("cannot list the members of %s: %s", s.adviser_channel, exc.response.get("error"))
            return False
        bot._members = (time.monotonic(), members)
    return user_id in members


def _members(client, channel: str) -> frozenset:
    members, cursor = set(), None
    while True:
        page = client.conversations_members(channel=channel, cursor=cursor, limit=1000)
        members |= set(page.get("members") or [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return frozenset(members)


def _db(bot):

    return session_scope(bot.db_engine)


def load(bot, case_id: int) -> tuple[dict | None, tuple]:
    """A case as the API shows it, and (channel, ts) of its adviser-channel post."""

    with _db(bot) as s:
        case = casework.get_case(s, case_id)
        if case is None:
            return None, (None, None)
        return casework.case_json(case), case_posts.find(s, case_id)


def announce(bot, client, cases: list[dict]) -> None:
    """Post new cases to the adviser channel (when one is set) and remember each post."""
    channel = bot.settings.adviser_channel
    if not channel or bot.db_engine is None:
        return
    with _db(bot) as s:
        sees = served(s, DEFAULT_ORG)

    for case in (c for c in cases if c.get("org", DEFAULT_ORG) in sees):
        m = case_message(case, bot.knowledge)
        resp = client.chat_postMessage(channel=channel, text=fallback(m["text"]), blocks=m["blocks"])
        with _db(bot) as s:
            case_posts.remember(s, case["id"], resp["channel"], resp["ts"])
        # claimed or resolved while being posted: its refresh found no post to update, so do it here
        now, post = load(bot, case["id"])
        if now is not None and now["status"] != case["status"]:
            refresh(bot, client, now, post)


def announce_new(bot, client, replies: list) -> None:
    """Post the cases a turn's escalations opened."""
    new = [c for r in replies if isinstance(r, Escalated) for c in r.cases if c["new"]]
    if new:
        announce(bot, client, new)


def refresh(bot, client, case: dict, post: tuple, clicked: tuple | None = None) -> None:
    """Show a case's new state on its channel post and on the message clicked (if another one)."""
    if post[0] and post[1]:
        m = case_message(case, bot.knowledge)
        client.chat_update(channel=post[0], ts=post[1], text=fallback(m["text"]), blocks=m["blocks"])
    if clicked and clicked[0] and clicked[1] and tuple(clicked[:2]) != tuple(post):
        blocks = refreshed(clicked[2], case, bot.knowledge)
        client.chat_update(channel=clicked[0], ts=clicked[1], text="LMC triage queue", blocks=blocks)


def tell_practice(bot, client, case: dict) -> None:
    """Send the adviser's reply to the practice's DM, when the case came from Slack."""
    conv = case.get("conversation") or {}
    if conv.get("channel") != "slack" or not conv.get("user_ref"):
        return

    user_id = conv["user_ref"].rsplit(":", 1)[-1]
    m = adviser_reply_message(case)
    client.chat_postMessage(channel=bot.dm(client, user_id), text=fallback(m["text"]), blocks=m["blocks"])
    with _db(bot) as s:
        casework.add_event(s, case["id"], "notified", "slack", {"channel": "slack"})


def _private(client, body: dict, user_id: str, text: str) -> None:
    channel = (body.get("channel") or {}).get("id")
    if channel:
        client.chat_postEphemeral(channel=channel, user=user_id, text=text)
    else:
        client.chat_postMessage(channel=user_id, text=text)


def _clicked(body: dict) -> tuple:
    message = body.get("message") or {}
    return ((body.get("channel") or {}).get("id"), message.get("ts"), message.get("blocks") or [])


def _case_id(action: dict) -> int | None:
    value = button_data(action.get("value")).get("c")
    return value if isinstance(value, int) else None


def _adviser_click(bot, client, body: dict, action: dict) -> tuple[str, int] | None:
    """(user, case) of a click on a case's button, or None when there is nothing to do (no case, no
    database, or a clicker who is not an adviser, who is told so privately)."""
    user_id, case_id = body["user"]["id"], _case_id(action)
    if case_id is None or bot.db_engine is None:
        return None
    if not is_adviser(bot, client, user_id):
        _private(client, body, user_id, NOT_ADVISER)
        return None
    return user_id, case_id


def claim(bot, client, body: dict, action: dict) -> None:
    """A Claim click: the case is the adviser's unless someone was first."""

    clicked = _adviser_click(bot, client, body, action)
    if clicked is None:
        return
    user_id, case_id = clicked
    try:
        with _db(bot) as s:
            casework.claim(s, case_id, f"slack:{user_id}")
    except (casework.CaseConflict, casework.CaseNotFound) as exc:
        return _private(client, body, user_id, f"Case #{case_id}: {exc if isinstance(exc, casework.CaseConflict) else 'no such case'}.")
    bot.tell("claimed", [case_id])
    case, post = load(bot, case_id)
    refresh(bot, client, case, post, _clicked(body))


def open_resolve(bot, client, body: dict, action: dict) -> None:
    """A Resolve click: the modal asking for the reply to the practice."""
    clicked = _adviser_click(bot, client, body, action)
    if clicked is None:
        return
    user_id, case_id = clicked
    case, _ = load(bot, case_id)
    if case is None or case["status"] == "resolved" or (
            case["status"] == "claimed" and case["claimed_by"] != f"slack:{user_id}"):
        why = "no such case" if case is None else ("already resolved" if case["status"] == "resolved"
                                                   else "claimed by another adviser")
        return _private(client, body, user_id, f"Case #{case_id}: {why}.")
    channel, ts, _ = _clicked(body)
    client.views_open(trigger_id=body["trigger_id"], view=resolve_modal(case, {"ch": channel, "ts": ts}))


def note_of(view: dict) -> str:
    """The note typed in the resolve modal."""
    return ((((view.get("state") or {}).get("values") or {}).get(NOTE_BLOCK) or {}).get(NOTE_ACTION) or {}).get("value") or ""


def metadata(view: dict) -> dict:
    """What the resolve modal carries (the case, where it was clicked); {} if it is not ours."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        meta = None
    if not isinstance(meta, dict):
        log.warning("resolve modal submitted with unreadable private_metadata: ignored")
        return {}
    return meta


def resolved(bot, client, body: dict, view: dict) -> None:
    """The resolve modal was submitted: close the case, update the posts, tell the practice."""

    user_id = body["user"]["id"]
    meta = metadata(view)
    case_id, note = meta.get("c"), note_of(view).strip()
    # a blank note was refused in the ack (the modal stays open), but lazy work runs all the same
    if not isinstance(case_id, int) or not note or bot.db_engine is None or not is_adviser(bot, client, user_id):
        return
    try:
        with _db(bot) as s:
            casework.resolve(s, case_id, f"slack:{user_id}", note)
    except (casework.CaseConflict, casework.CaseNotFound) as exc:
        client.chat_postMessage(channel=user_id, text=f"Case #{case_id} was not resolved: {exc}.")
        return
    bot.tell("resolved", [case_id])
    case, post = load(bot, case_id)
    clicked = None
    if isinstance(meta.get("ch"), str) and isinstance(meta.get("ts"), str) and (meta["ch"], meta["ts"]) != post:
        clicked = (meta["ch"], meta["ts"], _history_blocks(client, meta["ch"], meta["ts"]))
    refresh(bot, client, case, post, clicked if clicked and clicked[2] else None)
    tell_practice(bot, client, case)


def _history_blocks(client, channel: str, ts: str) -> list:
    # the modal carries no message: read the queue message back to update its one case
    try:
        found = client.conversations_history(channel=channel, latest=ts, inclusive=True, limit=1).get("messages") or []
    except Exception:  # no history scope in this channel: the channel post is still updated
        return []
    return (found[0].get("blocks") or []) if found else []


def queue(bot, client, user_id: str, channel: str) -> None:
    """`/pcn triage`: the open cases, most pressing first, with their buttons (advisers only)."""
    if not (bot.settings.advisers or bot.settings.adviser_channel):
        client.chat_postMessage(channel=channel, text="No LMC advisers are set up: set PCN_ADVISERS or PCN_ADVISER_CHANNEL.")
        return
    if not is_adviser(bot, client, user_id):
        client.chat_postMessage(channel=channel, text=NOT_ADVISER)
        return
    if bot.db_engine is None:
        client.chat_postMessage(channel=channel, text="The triage queue needs the database (`pcn db upgrade`).")
        return

    with _db(bot) as s:
        cases = [casework.case_json(c) for c in casework.list_cases(s, status="active", limit=QUEUE_LIMIT + 1,
                                                                     orgs=served(s, DEFAULT_ORG))]
    for m in queue_messages(cases[:QUEUE_LIMIT], bot.knowledge, more=len(cases) > QUEUE_LIMIT):
        client.chat_postMessage(channel=channel, text=fallback(m["text"]), blocks=m["blocks"])


def on_http_change(bot, client, event: str, case_ids: list[int]) -> None:
    """A change made over HTTP: post new cases, update posts, pass replies on to practices."""
    try:
        cases = [c for c in (load(bot, i) for i in case_ids) if c[0] is not None]
        if event == "opened":
            announce(bot, client, [c for c, _ in cases])
            return
        for case, post in cases:
            refresh(bot, client, case, post)
            if event == "resolved":
                tell_practice(bot, client, case)
    except Exception:  # nobody is waiting on this thread: log, never lose the error
        log.exception("triage %s for %s could not reach Slack", event, case_ids)
