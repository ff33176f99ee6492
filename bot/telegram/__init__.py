"""The Telegram front end: a webhook in the served app, a polling mode, one event loop per process."""
