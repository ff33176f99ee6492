"""What a Slack listener is handed: its `SlackBot` (Bolt's context cannot hold the object itself,
so it carries a key into `BOTS`), who sent the request, and the wrappers every listener uses
(acknowledge at once, report failures to the person)."""
from __future__ import annotations

import functools
import logging
import weakref

from .slackbot import SlackBot

log = logging.getLogger(__name__)


BOTS: "weakref.WeakValueDictionary[str, SlackBot]" = weakref.WeakValueDictionary()


def bot_of(context) -> SlackBot:
    """The `SlackBot` a listener's context points at."""
    return BOTS[context["pcn_bot"]]


SORRY = ("Sorry, something went wrong on our side and I couldn't finish that. Your answers so far are saved: "
         "please try again, or type `/pcn` to carry on.")


def reported(work):
    """Run a listener's work; if it fails, log why and tell the person instead of leaving them waiting."""
    @functools.wraps(work)    # Bolt reads the wrapped function's argument names
    def run(**kwargs):
        try:
            return work(**kwargs)
        except Exception:
            log.exception("Slack listener %s failed", work.__name__)
            who = ((kwargs.get("command") or {}).get("user_id") or (kwargs.get("event") or {}).get("user")
                   or ((kwargs.get("body") or {}).get("user") or {}).get("id"))
            if who and kwargs.get("client") is not None:
                try:
                    kwargs["client"].chat_postMessage(channel=who, text=SORRY)
                except Exception:  # Slack itself may be what failed
                    log.exception("could not tell %s about the failure", who)
    return run


def ack_only(ack):
    """Acknowledge at once; the work follows in a lazy listener."""
    ack()


def team_of(body: dict) -> str | None:
    """The Slack team (workspace) id a request came from."""
    return (body.get("team") or {}).get("id") or body.get("team_id") or (body.get("user") or {}).get("team_id")
