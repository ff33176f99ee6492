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
from .conclusions import rating
from .knowledge import Knowledge
from .prepared import Prepared


def penalties(k: Knowledge, prep: Prepared, fired: list) -> dict:
    """{model: {priority: (points, [flag codes])}}: what each fired flag on a model costs it under
    each priority whose categories include the flag's (knowledge/insight.yaml `ranking`)."""
    rank = k.insight["ranking"]
    weights = rank["priority_penalty"]
    weighing = [(p["id"], set(p.get("categories") or ())) for p in rank["priorities"]]
    out: dict = {m: {} for m in prep.model_order}
    for variant in fired:
        ev = prep.events[variant]
        if ev.flag and ev.model:
            for pid, cats in weighing:
                if ev.flag["category"] in cats:
                    points, codes = out[ev.model].get(pid, (0, ()))
                    out[ev.model][pid] = (points + weights[ev.flag["severity"]], (*codes, ev.flag["code"]))
    return out


def rerank(k: Knowledge, prep: Prepared, fired: list, models: list, priorities: list | None) -> list:
    """The models with the `priorities` applied: each priority that costs a model points is a reason
    of its own (so a score is always the sum of its reasons), and the rating follows the new score.
    Unchanged without priorities. The order is the decision's (`engine.decision`)."""
    if not priorities:
        return models
    bands = k.insight["ranking"]["rating"]
    penalised = penalties(k, prep, fired)
    labels = {c["value"]: c["label"] for c in k.questions["priorities"]["choices"]}
    cites = {p["id"]: p["citation"] for p in k.insight["ranking"]["priorities"]}
    ranked = []
    for m in models:
        own = penalised[m["id"]]
        points, codes, extra = 0, [], []
        for pid in priorities:
            if pid in own:
                cost, flags = own[pid]
                points += cost
                codes += flags
                if cost:
                    extra.append(_penalty_reason(pid, labels[pid], cost, flags, cites[pid]))
        score = m["score"] - points
        ranked.append(dict(m, score=score, rating=rating(score, m["rating"] == "unsuitable", bands),
                           reasons=[*m["reasons"], *extra], priority_penalty={"points": points, "flags": codes}))
    return ranked


def _penalty_reason(pid: str, label: str, cost: int, flags: tuple, citation: dict) -> dict:
    """A priority's cost to a model, as one of the model's reasons."""
    risks = f"{len(flags)} risk{'s' if len(flags) > 1 else ''}"
    return {"text": f'Counts against your priority "{label}": {risks} of this model touch it.',
            "score": -cost, "rule": f"priority:{pid}", "priority": pid, "flags": list(flags), "citation": citation,
            "basis": "judgement"}


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
