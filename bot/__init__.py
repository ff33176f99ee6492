"""PCN Advisor's conversational front end: the dialogue core (`bot.dialogue`), Slack (`bot.slack`)
and the terminal chat (`bot.chat`), all on the same rules engine and the same store as the service."""
