"""The ranking: how the five models are ordered, and that the order is this tool's, not the handbook's.

The handbook describes the models and their risks but never ranks them. The engine scores each
model from its rules' fit scores and rates it by the bands in knowledge/insight.yaml (`ranking`).
When the practices name `priorities`, each flag on a model whose category a priority weighs costs
extra points by severity, and the models are re-ranked; without priorities nothing changes. The
`ranking` block states the method, the weights in use, the priorities applied and what networks
in the BMA's survey chose.
"""
from __future__ import annotations

import datetime as dt

from .clauses import holds, resolve
from .conclusions import checklist_for, ranked, rating
from .knowledge import Knowledge
from .prepared import Prepared


def _penalties(k: Knowledge, prep: Prepared, fired: list, priorities: list) -> dict:
    """{model: (points, [flag codes])} for the flags the priorities weigh."""
    rank = k.insight["ranking"]
    weights = rank["priority_penalty"]
    cats = {c for p in rank["priorities"] if p["id"] in priorities for c in p.get("categories") or []}
    out: dict = {m: (0, []) for m in prep.model_order}
    for variant in fired:
        ev = prep.events[variant]
        if ev.flag and ev.model and ev.flag["category"] in cats:
            points, codes = out[ev.model]
            out[ev.model] = (points + weights[ev.flag["severity"]], codes + [ev.flag["code"]])
    return out


def rerank(k: Knowledge, prep: Prepared, fired: list, chosen: str | None, models: list, recommended,
           checklist: list, hits: dict, priorities: list | None) -> tuple[list, str | None, list]:
    """(models, recommended model, checklist) re-ranked by `priorities`; unchanged without any.
    `hits` are the conclusions' checklist hits, from which the checklist follows a new recommendation."""
    if not priorities:
        return models, recommended, checklist
    bands = k.insight["ranking"]["rating"]
    penalties = _penalties(k, prep, fired, priorities)
    out = []
    for m in models:
        points, codes = penalties[m["id"]]
        score = m["score"] - points
        out.append(dict(m, score=score, rating=rating(score, m["rating"] == "unsuitable", bands),
                        priority_penalty={"points": points, "flags": codes}))
    ranked(prep, out)
    best = next((m["id"] for m in out if m["recommended"]), None)
    if best != recommended and not chosen:  # the checklist follows the recommended model
        checklist = checklist_for(k, prep, hits, best)
    return out, best, checklist


def ranking_block(k: Knowledge, priorities: list | None, population, day: dt.date) -> dict:
    """The `ranking` block: method, weights, priorities applied, and the survey's shares that fit."""
    rank = k.insight["ranking"]
    fixed, survey = k.memo.daily("ranking", day, lambda: _on_day(k, day))
    applied = [{"id": p["id"], "categories": p["categories"], "citation": p["citation"]}
               for p in rank["priorities"] if p["id"] in (priorities or [])]
    return dict(fixed, priorities=applied,
                survey=[entry for band, entry in survey
                        if band is None or population is not None and holds(band, population, k, day)])


def _on_day(k: Knowledge, day: dt.date) -> tuple:
    """(the block's fixed part, ((survey band resolved on `day` or None, survey entry), ...))."""
    rank = k.insight["ranking"]
    fixed = {"method": " ".join(rank["method"].split()), "basis": rank["basis"], "why": rank["why"],
             "weights": {"rating": dict(rank["rating"]), "blocker": "unsuitable",
                         "priority_penalty": dict(rank["priority_penalty"]),
                         "fit_scores": "each rule's own fit score (knowledge/rules)"}}
    survey = []
    for s in rank["survey"]:
        band = s.get("population_band")
        if band:
            (op, operand), = band.items()
            band = {op: resolve(operand, k, day)}
        survey.append((band or None, {"model": s["model"], "share": s["share"], "population_band": band or None,
                                      "citation": s["citation"]}))
    return fixed, tuple(survey)
