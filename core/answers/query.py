"""Turning a plain-English question into search terms and concepts.

A concept is one idea in the question (a word, or a glossary phrase) with its alternatives; the
index searches for any alternative, and an answer only counts as found when its passages cover
enough of the question's concepts.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

STOPWORDS = set("""a about above after again against all am an and any are as at be because been before being
below between both but by can cannot could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than that the their theirs them
then there these they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours us get got need needs want wants tell know much many also may might must
shall pcn pcns do does done use using used happen happens go going issue issues problem problems thing things
question questions still okay ok really actually""".split())


@lru_cache(maxsize=2)
def glossary(path: str) -> list[list[str]]:
    """Synonym groups from knowledge/glossary.yaml (lower case)."""
    p = Path(path)
    if not p.is_file():
        return []
    return [[t.lower() for t in group] for group in yaml.safe_load(p.read_text(encoding="utf-8"))["synonyms"]]


def words(text: str) -> list[str]:
    """Lower-case word tokens."""
    return re.findall(r"[a-z0-9][a-z0-9'-]*", text.lower().replace("’", "'"))


@lru_cache(maxsize=65536)   # pure, and called for every word of every candidate passage
def stem(word: str) -> str:
    """A crude stem for coverage checks (the index does its own stemming)."""
    word = word.strip("'-")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def concepts(question: str, groups: list[list[str]]) -> list[list[str]]:
    """The question's concepts, each a list of alternative terms (phrases allowed)."""
    text = " " + " ".join(words(question)) + " "
    out: list[list[str]] = []
    used: set[str] = set()
    for group in groups:  # phrases first, so "clinical director" is one concept
        hit = next((t for t in sorted(group, key=len, reverse=True) if f" {t} " in text), None)
        if hit:
            out.append(group)
            used.update(words(hit))
    for w in words(question):
        if w in used or w in STOPWORDS or len(w) < 3 and not w.isdigit():
            continue
        if not any(w in g for g in out):
            out.append([w])
            used.add(w)
    return out


def covers(concept: list[str], text_stems: set[str], text: str) -> bool:
    """Whether a passage mentions any alternative of a concept."""
    for term in concept:
        parts = words(term)
        if len(parts) > 1:
            if term in text:
                return True
        elif parts and stem(parts[0]) in text_stems:
            return True
    return False
