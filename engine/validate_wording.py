"""Checks on wording: each term's values are words, every `{placeholder}` in a text a person reads
names a term (knowledge/terms.yaml; see engine.wording), and an `our_advice` (this tool's own advice
added to a cited flag or checklist item) is text."""
from __future__ import annotations

from .errors import KnowledgeError
from .validate import Problems
from .wording import TERM_UNIT, placeholders


def _texts(node, path: str):
    """(field path, text) for every string under `node`."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "_file":
                yield from _texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")


def _advice(entry: dict):
    """(field, value) of each `our_advice` a checklist item or a rule's flag carries."""
    if "our_advice" in entry:
        yield "our_advice", entry["our_advice"]
    flag = (entry.get("then") or {}).get("flag") if isinstance(entry.get("then"), dict) else None
    if isinstance(flag, dict) and "our_advice" in flag:
        yield "then.flag.our_advice", flag["our_advice"]


def validate_wording(params: list, worded: list) -> None:
    """Raise KnowledgeError for a term whose value is not a word, or a placeholder naming no term in
    any entry of `worded` (the questions, models, rules, checklist items, disagreements, triage rules
    and duties)."""
    p = Problems()
    terms = set()
    for x in params:
        if x.get("unit") != TERM_UNIT:
            continue
        terms.add(x["id"])
        for i, v in enumerate(x["values"]):
            if not isinstance(v.get("value"), str) or not v["value"].strip():
                p.add(x, f"values[{i}].value", "a term's value must be the word to use")
    for entry in worded:
        if not isinstance(entry, dict):
            continue
        for field, text in _advice(entry):
            if not isinstance(text, str) or not text.strip():
                p.add(entry, field, "our_advice, when given, is the text of our own advice")
        for field, text in _texts(entry, ""):
            for name in sorted(placeholders(text) - terms):
                p.add(entry, field, f"unknown placeholder {{{name}}}: not a term in terms.yaml")
    if p:
        raise KnowledgeError(list(p))
