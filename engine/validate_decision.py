"""Checks on `knowledge/decision.yaml`: the criteria, every model judged on each, applicability,
headlines and next steps, and the priorities' criteria in insight.yaml.

Run by `engine.knowledge.load` beside `engine.validate`, with the same problem shape (file, id,
field, message): ids are snake_case and known, every judgement and next step is cited, a status is
one of good/risk, a criterion that turns on a question names a yes/no question and the status for
each answer, and this tool's own choices say `basis: judgement`.
"""
from __future__ import annotations

from .errors import KnowledgeError
from .validate import BUILTIN_FACTS, SNAKE, Problems, check_citation, check_clauses

FILE = "decision.yaml"
FIXED = ("good", "risk")
#: The wording the decision fills in, one text per situation.
HEADLINES = ("chosen", "chosen_rival", "chosen_depends", "chosen_not_open", "clear", "close", "none_fits",
             "trade_off", "depends", "depends_trade_off", "depends_none", "nothing")
CONFIDENCES = ("clear", "close", "depends", "none_fits")


def _at(id_: str | None) -> dict:
    return {"_file": FILE, "id": id_}


def validate_decision(doc, sources: set, models: set, questions: dict, priorities: list, params: set) -> None:
    """Raise KnowledgeError listing every problem in decision.yaml (and the priorities' `criteria`)."""
    p = Problems()
    if not isinstance(doc, dict):
        raise KnowledgeError([{"file": FILE, "id": None, "field": None, "message": "required file is missing"}])
    if doc.get("basis") != "judgement" or not isinstance(doc.get("why"), str):
        p.add(_at(None), "basis", "needs `basis: judgement` and a `why`")
    if isinstance(doc.get("margin"), bool) or not isinstance(doc.get("margin"), int) or doc["margin"] < 0:
        p.add(_at(None), "margin", "must be a whole number of points, 0 or more")
    if not isinstance(doc.get("tie_break"), str):
        p.add(_at(None), "tie_break", "required text is missing")
    criteria = []
    for c in doc.get("criteria") or []:
        cid = c.get("id") if isinstance(c, dict) else None
        if not isinstance(cid, str) or not SNAKE.match(cid) or not isinstance(c.get("label"), str):
            p.add(_at(str(cid)), "criteria", "each criterion needs a snake_case id and a label")
            continue
        criteria.append(cid)
        check_citation(p, _at(cid), c.get("citation"), sources)
    if not criteria:
        p.add(_at(None), "criteria", "needs a list of criteria")
    _assessments(p, doc.get("assessments"), criteria, sources, models, questions)
    for pr in priorities:
        for cid in pr.get("criteria") or ():
            if cid not in criteria:
                p.add({"_file": "insight.yaml", "id": pr["id"]}, "criteria", f"unknown criterion {cid!r}")
        if not pr.get("criteria"):
            p.add({"_file": "insight.yaml", "id": pr["id"]}, "criteria", "needs the decision criteria it weighs")
        q = pr.get("question")
        if q is not None and (questions.get(q) or {}).get("type") != "boolean":
            p.add({"_file": "insight.yaml", "id": pr["id"]}, "question", f"{q!r} is not a yes/no question")
    _applicability(p, doc.get("applicability") or [], sources, models, questions, params)
    for qid, text in (doc.get("asks") or {}).items():
        if qid not in questions or not isinstance(text, str):
            p.add(_at("asks"), qid, "must map a question id to a short text")
    heads = doc.get("headlines") or {}
    for key in HEADLINES:
        if not isinstance(heads.get(key), str):
            p.add(_at("headlines"), key, "required text is missing")
    for i, step in enumerate(doc.get("next_steps") or []):
        if not isinstance(step, dict) or not isinstance(step.get("text"), str):
            p.add(_at("next_steps"), f"next_steps[{i}]", "needs a text")
            continue
        if any(c not in CONFIDENCES for c in step.get("confidence") or ()):
            p.add(_at("next_steps"), f"next_steps[{i}].confidence", f"must be among {CONFIDENCES}")
        if step.get("basis", "source") not in ("source", "judgement"):
            p.add(_at("next_steps"), f"next_steps[{i}].basis", "must be source or judgement")
        check_citation(p, _at("next_steps"), step.get("citation"), sources, f"next_steps[{i}].citation")
    if p:
        raise KnowledgeError(list(p))


def _assessments(p: Problems, table, criteria: list, sources: set, models: set, questions: dict) -> None:
    """Every model judged on every criterion, each judgement well formed and cited."""
    if not isinstance(table, dict) or set(table) != models:
        p.add(_at("assessments"), "assessments", f"must judge exactly the models {sorted(models)}")
        return
    for m, row in table.items():
        if not isinstance(row, dict) or set(row) != set(criteria):
            p.add(_at(m), "assessments", f"must judge exactly the criteria {criteria}")
            continue
        for cid, spec in row.items():
            where = f"assessments.{m}.{cid}"
            if not isinstance(spec, dict):
                p.add(_at(m), where, "must be a mapping")
                continue
            check_citation(p, _at(m), spec.get("citation"), sources, f"{where}.citation")
            if spec.get("basis", "source") not in ("source", "judgement"):
                p.add(_at(m), f"{where}.basis", "must be source or judgement")
            because = spec.get("because")
            if "turns_on" in spec:
                if (questions.get(spec["turns_on"]) or {}).get("type") != "boolean":
                    p.add(_at(m), f"{where}.turns_on", f"{spec['on']!r} is not a yes/no question")
                if spec.get("if_true") not in FIXED or spec.get("if_false") not in FIXED:
                    p.add(_at(m), where, "needs if_true and if_false, each good or risk")
                if not isinstance(because, dict) or any(not isinstance(because.get(s), str)
                                                        for s in ("good", "risk", "unknown")):
                    p.add(_at(m), f"{where}.because", "needs a text for good, risk and unknown")
            else:
                if spec.get("status") not in FIXED:
                    p.add(_at(m), f"{where}.status", "must be good or risk (or turn on a question: `turns_on`)")
                if not isinstance(because, str):
                    p.add(_at(m), f"{where}.because", "required text is missing")
            can_fail = "turns_on" in spec or spec.get("status") == "risk"
            if can_fail and not isinstance(spec.get("act"), str):
                p.add(_at(m), f"{where}.act", "a risk needs what to put in place (`act`)")


def _applicability(p: Problems, entries: list, sources: set, models: set, questions: dict, params: set) -> None:
    names = set(questions) | BUILTIN_FACTS
    for e in entries:
        eid = e.get("id") if isinstance(e, dict) else None
        if not isinstance(eid, str) or not SNAKE.match(eid):
            p.add(_at(str(eid)), "applicability", "each entry needs a snake_case id")
            continue
        if not e.get("models") or any(m not in models for m in e["models"]):
            p.add(_at(eid), "models", "must list known models")
        if e.get("basis", "source") not in ("source", "judgement"):
            p.add(_at(eid), "basis", "must be source or judgement")
        if not isinstance(e.get("why_not"), str):
            p.add(_at(eid), "why_not", "required text is missing")
        for key in ("when", "unconfirmed_when"):
            if key in e:
                check_clauses(p, _at(eid), e[key], key, names, params, set(), False)
        if "unconfirmed_when" in e and e.get("asks") not in questions:
            p.add(_at(eid), "asks", "must name the question that settles it")
        check_citation(p, _at(eid), e.get("citation"), sources)
