"""Checks on `knowledge/contacts.yaml`: who can help a network, each cited.

Run by `engine.knowledge.load` with the same problem shape as the other checks (file, id, field,
message): ids are unique snake_case, name and help are text, every entry cites a known source and
says what it rests on (`source`, or this tool's `judgement`).
"""
from __future__ import annotations

from .errors import KnowledgeError
from .validate import SNAKE, Problems, check_citation

FILE = "contacts.yaml"
BASES = ("source", "judgement")


def validate_contacts(contacts: list, sources: set) -> None:
    """Raise KnowledgeError listing every problem in contacts.yaml."""
    p = Problems()
    seen = set()
    for i, c in enumerate(contacts):
        if not isinstance(c, dict):
            p.add({"_file": FILE}, f"contacts[{i}]", "must be a mapping")
            continue
        cid = c.get("id")
        if not isinstance(cid, str) or not SNAKE.match(cid):
            p.add(c, "id", "must be a snake_case id")
        elif cid in seen:
            p.add(c, "id", "is used twice")
        seen.add(cid)
        for key in ("name", "help"):
            if not isinstance(c.get(key), str) or not c[key].strip():
                p.add(c, key, "required text is missing")
        check_citation(p, c, c.get("citation"), sources)
        if c.get("basis") not in BASES:
            p.add(c, "basis", f"must be one of {list(BASES)}")
    if p:
        raise KnowledgeError(list(p))
