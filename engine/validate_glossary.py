"""Checks on `knowledge/glossary.yaml`: the synonym groups and the defined terms.

Run by `engine.knowledge.load` beside `engine.validate`, with the same problem shape (file, id,
field, message). Every term has a snake_case id of its own, its words in full, a definition, and a
citation naming a known source or `basis: judgement` with a `why`; no name (term, abbreviation or
other name) may belong to two terms, or a text using it would be defined twice over.
"""
from __future__ import annotations

from .errors import KnowledgeError
from .validate import SNAKE, Problems, check_citation

FILE = "glossary.yaml"
KEYS = {"id", "term", "abbreviations", "also", "definition", "citation", "basis", "why"}


def _names(p: Problems, entry: dict, key: str) -> list[str]:
    names = entry.get(key)
    if names is None:
        return []
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        p.add(entry, key, "must be a list of words")
        return []
    return names


def _check_term(p: Problems, t: dict, sources: set, ids: set, owners: dict) -> None:
    if not isinstance(t.get("id"), str) or not SNAKE.match(t["id"]):
        p.add(t, "id", "needs a snake_case id")
    elif t["id"] in ids:
        p.add(t, "id", "duplicate id")
    ids.add(t.get("id"))
    for key in ("term", "definition"):
        if not isinstance(t.get(key), str) or not t[key].strip():
            p.add(t, key, "required text is missing")
    extra = set(t) - KEYS - {"_file"}
    if extra:
        p.add(t, None, f"unexpected keys {sorted(extra)}")
    abbreviations = _names(p, t, "abbreviations")
    for a in abbreviations:
        if not a.isupper():
            p.add(t, "abbreviations", f"{a!r}: an abbreviation is written in capitals")
    names = [n.lower() for n in [t.get("term") or "", *_names(p, t, "also")] if n] + abbreviations
    for n in names:
        if owners.setdefault(n, t.get("id")) != t.get("id"):
            p.add(t, None, f"{n!r} already names the term {owners[n]!r}")
    if "citation" in t:
        check_citation(p, t, t["citation"], sources)
    elif t.get("basis") != "judgement" or not isinstance(t.get("why"), str) or not t["why"].strip():
        p.add(t, "citation", "needs a citation, or `basis: judgement` and a `why` (the sources do not define it)")


def validate_glossary(doc, sources: set) -> None:
    """Raise KnowledgeError listing every problem in glossary.yaml."""
    p = Problems()
    where = {"_file": FILE}
    if not isinstance(doc, dict):
        raise KnowledgeError([{"file": FILE, "field": None, "message": "must be a mapping"}])
    synonyms = doc.get("synonyms", [])
    if not isinstance(synonyms, list) or not all(
            isinstance(g, list) and g and all(isinstance(w, str) and w.strip() for w in g) for g in synonyms):
        p.add(where, "synonyms", "must be a list of groups of words")
    terms = doc.get("terms", [])
    if not isinstance(terms, list):
        p.add(where, "terms", "must be a list")
        terms = []
    ids: set = set()
    owners: dict = {}
    for i, t in enumerate(terms):
        if not isinstance(t, dict):
            p.add(where, f"terms[{i}]", "must be a mapping")
            continue
        _check_term(p, dict(t, _file=FILE), sources, ids, owners)
    if p:
        raise KnowledgeError(p)
