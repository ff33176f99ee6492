"""The dialogue core, channel-agnostic: questions chosen from `knowledge/` by what can still change the
outcome, plain-English answers, commands, state saved between turns, replies as data to render."""
