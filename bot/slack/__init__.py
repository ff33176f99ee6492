"""PCN Advisor in Slack: a slack-bolt app mounted in the Flask service at `/slack/events` (HTTP mode)
or run with `pcn slack --socket` (Socket Mode), holding the conversation in a direct message."""
