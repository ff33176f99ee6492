"""`pcn slack --socket`: Slack's subcommand of the `pcn` command line (a `pcn.commands` entry point)."""
from __future__ import annotations


def register(subparsers) -> None:
    """Add `slack` to the `pcn` command line."""
    slack = subparsers.add_parser("slack", help="run the Slack app (Socket Mode, for development)")
    slack.add_argument("--socket", action="store_true", required=True,
                       help="connect to Slack over Socket Mode (needs SLACK_APP_TOKEN and SLACK_BOT_TOKEN)")
    slack.set_defaults(func=_slack)


def _slack(args) -> int:
    from .socket import run

    return run(args)
