"""Errors the engine raises: bad knowledge files, bad facts, and engine failures.

Each carries enough to name what is wrong (file, rule id and field; or the fact field) so that a
caller can show it to a person without a traceback.
"""
from __future__ import annotations


class PCNError(Exception):
    """Base class for every error PCN Advisor raises on purpose."""


class KnowledgeError(PCNError):
    """One or more problems in the knowledge files; `problems` lists them all."""

    def __init__(self, problems: list[dict]):
        self.problems = problems
        super().__init__("; ".join(format_problem(p) for p in problems))


def format_problem(p: dict) -> str:
    """Render one knowledge problem as `file: id: field: message`."""
    parts = [p.get("file") or "?"]
    if p.get("id"):
        parts.append(str(p["id"]))
    if p.get("field"):
        parts.append(str(p["field"]))
    return ": ".join(parts) + f": {p['message']}"


class FactsError(PCNError):
    """Invalid input facts; `errors` maps each bad field to a list of messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in sorted(errors.items())))


class EngineError(PCNError):
    """The rules engine failed; never returned as a silently partial assessment."""
