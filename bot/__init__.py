"""PCN Advisor's chat front ends: Slack (`bot.slack`) and the terminal chat (`bot.chat`), each a thin
adapter over the shared dialogue (`core.dialogue`); neither imports the other or the HTTP service."""
