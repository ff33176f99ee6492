"""The interview API: a goal-driven interview, one question at a time."""
