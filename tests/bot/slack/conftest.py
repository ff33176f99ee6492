"""Fixtures for driving the Slack app as one person (the driver is tests/fakes/slack_user.py)."""
from __future__ import annotations

import pytest

from tests.fakes.slack_user import SlackUser


@pytest.fixture
def slack_user(make_app, fake_slack):
    """A function making drivers: slack_user(user_id, app=None)."""
    def make(user: str, app=None, team: str = "T0PCN") -> SlackUser:
        return SlackUser((app or make_app()).test_client(), fake_slack, user, team)
    return make
