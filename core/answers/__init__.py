"""Free-text answers: a full-text index over guidance and source passages, and cited answers."""
