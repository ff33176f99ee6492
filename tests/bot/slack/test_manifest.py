"""The Slack app manifest matches what the app listens for."""
from __future__ import annotations

from pathlib import Path

import yaml

import bot.slack

MANIFEST = Path(bot.slack.__file__).with_name("manifest.yaml")


def test_manifest_routes_everything_to_slack_events_and_asks_only_for_needed_scopes():
    m = yaml.safe_load(MANIFEST.read_text())
    urls = {m["settings"]["event_subscriptions"]["request_url"], m["settings"]["interactivity"]["request_url"]}
    urls |= {c["url"] for c in m["features"]["slash_commands"]}
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")
    assert [c["command"] for c in m["features"]["slash_commands"]] == ["/pcn"]
    assert set(m["settings"]["event_subscriptions"]["bot_events"]) == {"app_home_opened", "message.im"}
    assert set(m["oauth_config"]["scopes"]["bot"]) == {"commands", "chat:write", "im:write", "im:history",
                                                       "channels:read", "groups:read"}
    assert m["features"]["app_home"]["home_tab_enabled"] and m["settings"]["interactivity"]["is_enabled"]


def test_the_manifest_ships_with_the_package():
    import tomllib
    root = Path(bot.slack.__file__).resolve().parents[2]
    data = tomllib.loads((root / "pyproject.toml").read_text())
    assert "slack/*.yaml" in data["tool"]["setuptools"]["package-data"]["bot"]
