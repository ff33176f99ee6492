"""Cited answers to free-text questions, from the index; "not found" rather than a guess.

An answer lists our own guidance notes on the topic (each cited), the matching source passages
under their headings when the documents are installed, the rules and checklist items that touch
the topic, and where the sources disagree on a point a passage is about (and the reading we
follow). It never composes new advice.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

from sqlalchemy import Engine

from engine import wording
from engine.disagreements import for_passage, listed
from engine.knowledge import Knowledge, sources_dir

from . import index
from .query import STOPWORDS, concepts, covers, glossary, stem, words

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


#: Where a question asks two things at once ("can we employ X through the federation and still claim
#: the reimbursement?"): each part is searched on its own, so passages on both are found.
TWO_PARTS = re.compile(r"\b(?:and|but|while)\s+(?:still|also)\b|\band\s+(?:keep|remain)\b|\bwithout\s+losing\b", re.I)
#: Words that ask what a term means; they are not part of the topic.
MEANING = {"stand", "stands", "mean", "means", "meaning", "define", "definition", "acronym", "abbreviation"}
DEFINING = re.compile(r"^\s*(?:what|who)\s+(?:is|are|does|do)\b|\b(?:stand\s+for|mean|meaning|define|definition)\b", re.I)
NOT_FOUND = "I could not find anything in the guidance that answers this."


def defined(k: Knowledge, question: str) -> list[dict]:
    """The glossary terms a question uses, as written or in lower case ("what is arrs?")."""
    found = {t["id"]: t for t in k.glossary.used(question)}
    asked = set(words(question))
    for t in k.glossary.terms:
        if any(a.lower() in asked for a in t.get("abbreviations") or [] if len(a) >= 3):
            found.setdefault(t["id"], t)
    return list(found.values())


def _wanted(k: Knowledge, text: str, terms: list[dict]) -> list[list[str]]:
    """The concepts of (part of) a question: the glossary's synonyms, and each defined term's names."""
    groups = glossary(str(k.directory / "glossary.yaml"))
    named = [[n.lower() for n in [t["term"], *(t.get("also") or []), *(t.get("abbreviations") or [])]] for t in terms]
    # a term every passage is about ("PCN") is no topic: as a stopword it stays out of the concepts
    groups = [g for g in named if not STOPWORDS & set(g)] + groups
    return [c for c in concepts(text, groups) if not (len(c) == 1 and c[0] in MEANING)]


def _hits(engine: Engine, k: Knowledge, text: str, terms: list[dict]) -> list[dict]:
    wanted = _wanted(k, text, terms)
    if not wanted:
        return []
    need = max(1, math.ceil(0.6 * len(wanted)))
    return [h for h in _scored(index.search(engine, wanted), wanted) if h["covered"] >= need]


def _merge(lists: list[list[dict]]) -> list[dict]:
    """Hits of each part in turn (best of each first), each passage once."""
    out, seen = [], set()
    for i in range(max((len(x) for x in lists), default=0)):
        for hits in lists:
            if i < len(hits) and hits[i]["pid"] not in seen:
                seen.add(hits[i]["pid"])
                out.append(hits[i])
    return out


def _shape(h: dict) -> dict:
    """A hit as an answer shows it: `text` whole, and `detail`, what follows the title (guidance notes
    often open with their title, so a card with a heading shows the detail beneath it)."""
    text, title = h["body"].strip(), h["title"].strip()
    detail = text
    if text.startswith(title) and len(text) > len(title):
        detail = text[len(title):].lstrip(" .:;—-").strip() or text
    return {"id": h["pid"], "kind": h["kind"], "title": title, "text": text, "detail": detail, "citation": h["citation"]}


def answer(engine: Engine, k: Knowledge, question: str, top: int = 3, today: dt.date | None = None) -> dict:
    """Answer a question with what its terms mean, cited guidance and source passages, or say nothing was
    found (our guidance in the words in force `today`, e.g. ICB rather than CCG)."""
    day = today or dt.date.today()
    said = wording.terms(k, day)
    k = wording.for_day(k, day)
    srcs = sources_dir()
    index.ensure(engine, k, srcs, said)
    terms = defined(k, question)
    if not DEFINING.search(question):
        # not asked what a word means: define only the abbreviations it uses (what people look up), two at most
        asked = set(words(question))
        terms = [t for t in terms if any(a.lower() in asked for a in t.get("abbreviations") or [])][:2]
    parts = [p for p in TWO_PARTS.split(question) if p.strip()] or [question]
    per_part = [_hits(engine, k, p, terms) for p in parts]
    hits = per_part[0] if len(per_part) == 1 else _merge(per_part)
    guidance = [h for h in hits if h["kind"] in GUIDANCE_KINDS][:top]
    passages = [h for h in hits if h["kind"] == "source"][:top]
    found = bool(guidance or passages or terms)
    rule_ids, item_ids = [], []
    for h in guidance + passages:
        rule_ids += [r for r in h["rules"] if r not in rule_ids]
        item_ids += [i for i in h["checklist"] if i not in item_ids]
    return {
        "question": question,
        "found": found,
        "definitions": [{"id": t["id"], "term": t["term"], "abbreviations": list(t.get("abbreviations") or []),
                         "definition": " ".join(t["definition"].split()), "citation": t.get("citation"),
                         "basis": t.get("basis", "source")} for t in terms],
        "guidance": [_shape(h) for h in guidance],
        "sources": [_shape(h) for h in passages],
        "sources_installed": srcs is not None,
        "rules": [{"id": r, "description": k.rule(r)["description"], "citation": k.rule(r)["citation"]}
                  for r in rule_ids[:8] if r in {x["id"] for x in k.rules}],
        "checklist": [{"id": i, "text": k.checklist[i]["text"].strip(), "citation": k.checklist[i]["citation"]}
                      for i in item_ids[:8] if i in k.checklist],
        "disagreements": listed(k, [i for h in guidance + passages for i in for_passage(k, h["pid"], h["citation"], h["body"])]),
        "offer_escalation": True,
        "message": None if found else NOT_FOUND,
    }
