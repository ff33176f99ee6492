"""Cited answers to free-text questions, from the index; "not found" rather than a guess.

An answer lists our own guidance notes on the topic (each cited), the matching source passages
under their headings when the documents are installed, the rules and checklist items that touch
the topic, and where the sources disagree on a point a passage is about (and the reading we
follow). It never composes new advice.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from sqlalchemy import Engine

from engine.disagreements import for_passage, listed
from engine.knowledge import Knowledge, sources_dir
from engine.wording import for_day, terms

from . import index
from .query import concepts, covers, glossary, stem, words

GUIDANCE_KINDS = ("rule", "checklist", "question", "parameter", "model")


@lru_cache(maxsize=4096)
def _terms(text: str) -> tuple[frozenset, str]:
    """A passage's word stems and its words joined by spaces. Cached: the same few hundred passages
    come back question after question, and stemming them each time was 90% of an answer's time."""
    ws = words(text)
    return frozenset(stem(w) for w in ws), " " + " ".join(ws) + " "


def _scored(hits: list[dict], wanted: list[list[str]]) -> list[dict]:
    for h in hits:
        stems, joined = _terms(f"{h['title']} {h['body']}".lower())
        h["covered"] = sum(covers(c, stems, joined) for c in wanted)
    return sorted(hits, key=lambda h: (-h["covered"], -h["score"], h["pid"]))


def answer(engine: Engine, k: Knowledge, question: str, top: int = 3, today: dt.date | None = None) -> dict:
    """Answer a question with cited guidance and source passages, or say nothing was found (our
    guidance in the words in force `today`, e.g. ICB rather than CCG)."""
    day = today or dt.date.today()
    words = terms(k, day)
    k = for_day(k, day)
    srcs = sources_dir()
    index.ensure(engine, k, srcs, words)
    wanted = concepts(question, glossary(str(k.directory / "glossary.yaml")))
    need = max(1, math.ceil(0.6 * len(wanted)))
    hits = [h for h in _scored(index.search(engine, wanted), wanted) if h["covered"] >= need]
    guidance = [h for h in hits if h["kind"] in GUIDANCE_KINDS][:top]
    passages = [h for h in hits if h["kind"] == "source"][:top]
    found = bool(guidance or passages)
    rule_ids, item_ids = [], []
    for h in guidance + passages:
        rule_ids += [r for r in h["rules"] if r not in rule_ids]
        item_ids += [i for i in h["checklist"] if i not in item_ids]

    def shape(h):
        return {"id": h["pid"], "kind": h["kind"], "title": h["title"], "text": h["body"], "citation": h["citation"]}

    return {
        "question": question,
        "found": found,
        "guidance": [shape(h) for h in guidance],
        "sources": [shape(h) for h in passages],
        "sources_installed": srcs is not None,
        "rules": [{"id": r, "description": k.rule(r)["description"], "citation": k.rule(r)["citation"]}
                  for r in rule_ids[:8] if r in {x["id"] for x in k.rules}],
        "checklist": [{"id": i, "text": k.checklist[i]["text"].strip(), "citation": k.checklist[i]["citation"]}
                      for i in item_ids[:8] if i in k.checklist],
        "disagreements": listed(k, [i for h in guidance + passages for i in for_passage(k, h["pid"], h["citation"], h["body"])]),
        "offer_escalation": True,
        "message": None if found else (
            "I could not find anything in the handbook guidance that answers this. "
            "Would you like to ask an LMC adviser?"),
    }
