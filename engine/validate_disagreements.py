"""Checks on `knowledge/disagreements.yaml`: where the sources disagree, and which reading we follow.

Each entry names the sources and what each says (in our words), the reading this tool follows and
why, and `affects`: the prefixed ids (`rule:`, `funding:`, `question:`, `parameter:`, `checklist:`,
`model:`, `triage:`) whose conclusions depend on the point. Optional `when` clauses narrow when the
point matters (e.g. only for a network of exactly 100,000), and `printed` entries name a figure a
source table prints for one population where ours differs. Same problem shape as `engine.validate`.
"""
from __future__ import annotations

from .errors import KnowledgeError
from .validate import SNAKE, Problems, check_citation

REQUIRED_TEXT = ("topic", "we_follow", "why")


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def validate_disagreements(entries: list, sources: set, known: dict) -> None:
    """Raise KnowledgeError naming every problem; `known` maps each id prefix to the ids it may name."""
    p = Problems()
    seen: set = set()
    for d in entries:
        if not isinstance(d, dict):
            p.append({"file": "disagreements.yaml", "id": None, "field": None, "message": "each entry must be a mapping"})
            continue
        if not isinstance(d.get("id"), str) or not SNAKE.match(d["id"]) or d["id"] in seen:
            p.add(d, "id", "needs a unique snake_case id")
        seen.add(d.get("id"))
        for key in REQUIRED_TEXT:
            if not _text(d.get(key)):
                p.add(d, key, "required text is missing")
        listed = d.get("sources")
        if not isinstance(listed, list) or not listed:
            p.add(d, "sources", "needs a list of {source, section, says}")
            listed = []
        for j, s in enumerate(listed):
            if not isinstance(s, dict) or not _text(s.get("says")):
                p.add(d, f"sources[{j}].says", "say what this source says, in our words")
                continue
            check_citation(p, d, {k: v for k, v in s.items() if k != "says"}, sources, f"sources[{j}]")
        affects = d.get("affects", [])
        if not isinstance(affects, list):
            p.add(d, "affects", "must be a list of prefixed ids such as rule:some_rule")
            affects = []
        for j, ref in enumerate(affects):
            kind, _, name = str(ref).partition(":")
            if name not in known.get(kind, ()):
                p.add(d, f"affects[{j}]", f"{ref!r} names nothing in the knowledge base")
        if d.get("when") is not None and not isinstance(d["when"], list):
            p.add(d, "when", "must be a list of clauses")
        for j, pr in enumerate(d.get("printed") or []):
            if not isinstance(pr, dict) or pr.get("funding") not in known["funding"] \
                    or not isinstance(pr.get("population"), int) or not isinstance(pr.get("value"), int) \
                    or not _text(pr.get("contract_year")):
                p.add(d, f"printed[{j}]", "needs funding (a stream or total), contract_year, population and value")
    if p:
        raise KnowledgeError(list(p))
