"""Checks on `knowledge/insight.yaml`: near-miss wording, source coverage and the ranking data.

Run by `engine.knowledge.load` beside `engine.validate`, with the same problem shape (file, id,
field, message). It checks citations name a known source, ids are snake_case, priorities name flag
categories that exist, survey entries name models that exist, and rules' `near_miss` phrases are text.
"""
from __future__ import annotations

import datetime as dt

from .errors import KnowledgeError
from .validate import CATEGORIES, SEVERITIES, SNAKE, Problems, check_citation

FILE = "insight.yaml"
SECTIONS = ("near_misses", "coverage", "ranking")


def _entry(id_: str | None = None) -> dict:
    return {"_file": FILE, "id": id_}


def _own(p: Problems, block: dict, name: str) -> None:
    """A choice of this tool's (not the sources') must say so and why."""
    if block.get("basis") != "judgement" or not isinstance(block.get("why"), str):
        p.add(_entry(name), "basis", "needs `basis: judgement` and a `why`, or a citation")


def _years(p: Problems, entries, field: str, sources: set) -> None:
    if not isinstance(entries, list) or not entries:
        p.add(_entry("coverage"), field, "needs a list of contract years")
        return
    for i, y in enumerate(entries):
        if not isinstance(y, dict) or not isinstance(y.get("from"), dt.date) or not isinstance(y.get("until"), dt.date):
            p.add(_entry("coverage"), f"{field}[{i}]", "needs year, from and until dates")
            continue
        check_citation(p, _entry(str(y.get("year"))), y.get("citation"), sources, f"{field}[{i}].citation")


def _topics(p: Problems, cov: dict, sources: set) -> None:
    """Each coverage topic: a snake_case id, a label, cited, and either `timeless` or its from/until."""
    topics = cov.get("topics") or []
    if topics and not {"topics_current", "topics_dated", "topic_until"} <= set(cov.get("messages") or {}):
        p.add(_entry("coverage"), "messages", "topics need topics_current, topics_dated and topic_until texts")
    for i, t in enumerate(topics):
        tid = t.get("id") if isinstance(t, dict) else None
        if not isinstance(tid, str) or not SNAKE.match(tid) or not isinstance(t.get("label"), str):
            p.add(_entry("coverage"), f"topics[{i}]", "a topic needs a snake_case id and a label")
            continue
        dated = isinstance(t.get("from"), dt.date) and isinstance(t.get("until"), dt.date)
        if t.get("timeless") is not True and not dated:
            p.add(_entry(tid), f"topics[{i}]", "a topic is `timeless: true` or covered `from` .. `until`")
        check_citation(p, _entry(tid), t.get("citation"), sources, f"topics[{i}].citation")


def validate_insight(doc, sources: set, models: set, params: set, rules: list, questions: dict) -> None:
    """Raise KnowledgeError listing every problem in insight.yaml (and in rules' `near_miss`)."""
    p = Problems()
    if not isinstance(doc, dict) or any(not isinstance(doc.get(s), dict) for s in SECTIONS):
        raise KnowledgeError([{"file": FILE, "id": None, "field": None,
                               "message": f"needs mappings {', '.join(SECTIONS)}"}])
    near = doc["near_misses"]
    if isinstance(near.get("margin"), bool) or not isinstance(near.get("margin"), (int, float)) \
            or not 0 <= near["margin"] < 1:
        p.add(_entry("near_misses"), "margin", "must be a fraction from 0 to 1")
    _own(p, near, "near_misses")
    if not isinstance(near.get("messages"), dict) or not isinstance(near.get("funding_step"), str):
        p.add(_entry("near_misses"), "messages", "needs messages and a funding_step text")

    cov = doc["coverage"]
    _years(p, cov.get("covered"), "covered", sources)
    _years(p, cov.get("partly"), "partly", sources)
    if not isinstance(cov.get("messages"), dict) or set(cov["messages"]) < {"covered", "partly", "beyond_sources", "outside"}:
        p.add(_entry("coverage"), "messages", "needs covered, partly, beyond_sources and outside texts")
    _topics(p, cov, sources)

    rank = doc["ranking"]
    _own(p, rank, "ranking")
    if not isinstance(rank.get("method"), str):
        p.add(_entry("ranking"), "method", "required text is missing")
    bands = rank.get("rating")
    if not isinstance(bands, dict) or set(bands) != {"good", "possible"}:
        p.add(_entry("ranking"), "rating", "needs the good and possible score bands")
    if not isinstance(rank.get("priority_penalty"), dict) or set(rank["priority_penalty"]) != SEVERITIES:
        p.add(_entry("ranking"), "priority_penalty", f"needs a weight for each of {sorted(SEVERITIES)}")
    for pr in rank.get("priorities") or []:
        pid = pr.get("id") if isinstance(pr, dict) else None
        if not isinstance(pid, str) or not SNAKE.match(pid):
            p.add(_entry(str(pid)), "id", "priority id must be snake_case")
            continue
        for c in pr.get("categories") or []:
            if c not in CATEGORIES:
                p.add(_entry(pid), "categories", f"unknown flag category {c!r}")
        check_citation(p, _entry(pid), pr.get("citation"), sources)
    for i, s in enumerate(rank.get("survey") or []):
        if not isinstance(s, dict) or s.get("model") not in models:
            p.add(_entry("survey"), f"survey[{i}].model", "unknown model")
            continue
        if not isinstance(s.get("share"), (int, float)) or not 0 <= s["share"] <= 1:
            p.add(_entry("survey"), f"survey[{i}].share", "must be a fraction from 0 to 1")
        for test in (s.get("population_band") or {}).values():
            if isinstance(test, dict) and test.get("param") not in params:
                p.add(_entry("survey"), f"survey[{i}].population_band", f"unknown parameter {test!r}")
        check_citation(p, _entry("survey"), s.get("citation"), sources, f"survey[{i}].citation")

    for r in rules:
        if "near_miss" in r and (not isinstance(r["near_miss"], str) or not r["near_miss"].strip()):
            p.add(r, "near_miss", "must be a short phrase of what would change")
    p.extend(check_priorities(questions.get("priorities"), [x for x in rank.get("priorities") or []
                                                             if isinstance(x, dict) and "id" in x]))
    if p:
        raise KnowledgeError(list(p))


def check_priorities(question: dict | None, priorities: list) -> list:
    """Problems with the `priorities` question: its choices must be the priorities in insight.yaml."""
    if question is None:
        return []
    values = {c.get("value") for c in question.get("choices") or []}
    known = {pr["id"] for pr in priorities}
    if values != known:
        return [{"file": "questions.yaml", "id": "priorities", "field": "choices",
                 "message": f"must be exactly the priorities in {FILE}: {sorted(known)}"}]
    return []
