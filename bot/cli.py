"""The bot's `pcn` subcommands, found through the `pcn.commands` entry-point group:
`pcn chat` (the conversation in a terminal) and `pcn slack --socket` (Slack in Socket Mode)."""
from __future__ import annotations


def register(subparsers) -> None:
    """Add `chat` and `slack` to the `pcn` command line."""
    chat = subparsers.add_parser("chat", help="answer the questions in this terminal and get the assessment")
    chat.add_argument("--json", action="store_true", help="print the final assessment as JSON on stdout "
                                                          "(the conversation goes to stderr)")
    chat.add_argument("--no-save", action="store_true", help="keep answers in memory, not the database")
    chat.add_argument("--new", action="store_true", help="start again instead of resuming")
    chat.add_argument("--user", default=None, help="whose conversation this is (default: your login name)")
    chat.set_defaults(func=_chat)

    slack = subparsers.add_parser("slack", help="run the Slack app (Socket Mode, for development)")
    slack.add_argument("--socket", action="store_true", required=True,
                       help="connect to Slack over Socket Mode (needs SLACK_APP_TOKEN and SLACK_BOT_TOKEN)")
    slack.set_defaults(func=_slack)


def _chat(args) -> int:
    import os
    import sys

    from .chat import run

    try:
        return run(args)
    except BrokenPipeError:   # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _slack(args) -> int:
    from .slack.socket import run

    return run(args)
