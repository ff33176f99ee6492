"""/v1/knowledge: what the engine knows, read-only: questions, rules, operating models and where
the sources disagree.

Built once per app from the loaded knowledge (it never changes while the process runs), with
dates as ISO strings and the loader's bookkeeping keys left out.
"""
from __future__ import annotations

import datetime as dt

from engine import Engine
from engine.disagreements import all_entries, index
from service.api import Blueprint, errors
from service.auth import authenticate

from ..assessments.routes import json_response
from .schemas import DisagreementListSchema, ModelListSchema, QuestionListSchema, RuleListSchema


def plain(value):
    """Knowledge data as JSON-ready values: ISO dates, no private `_` keys."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def rules_view(k) -> list[dict]:
    """Each rule's id, description, model, dates, file, kinds of conclusion, citation, basis and the
    disagreements its conclusion depends on."""
    disputed = index(k).by_rule
    return [plain({"id": r["id"], "description": r.get("description", ""), "model": r.get("model"),
                   "from": r.get("from"), "until": r.get("until"), "file": r.get("_file", ""),
                   "concludes": sorted(r.get("then") or {}), "citation": r["citation"], "basis": r["basis"],
                   "disagreements": list(disputed.get(r["id"], ()))})
            for r in k.rules]


def models_view(k) -> list[dict]:
    """The operating models, each with the flags its model-scoped rules (or `any`) can raise."""
    out = []
    for mid, m in k.models.items():
        risks = []
        for r in k.rules:
            flag = (r.get("then") or {}).get("flag")
            if not flag or r.get("model") not in (mid, "any"):
                continue
            risks.append(plain({"rule": r["id"], "code": flag.get("code", r["id"]), "category": flag["category"],
                                "severity": flag["severity"], "message": " ".join(flag["message"].split()),
                                "advice": bool(flag.get("advice")), "basis": flag.get("basis", r["basis"]),
                                "when": r.get("when") or [],
                                "from": r.get("from"), "until": r.get("until"), "citation": r["citation"]}))
        out.append({**plain(m), "summary": " ".join(m["summary"].split()), "risks": risks})
    return out


def blueprint(engine: Engine) -> Blueprint:
    """The knowledge blueprint for `engine`'s knowledge."""
    k = engine.knowledge
    version = k.rules_version
    questions = {"rules_version": version, "questions": plain(list(k.questions.values()))}
    rules = {"rules_version": version, "rules": rules_view(k)}
    models = {"rules_version": version, "models": models_view(k)}
    disagreements = {"rules_version": version, "disagreements": plain(all_entries(k))}
    blp = Blueprint("knowledge", __name__, url_prefix="/v1/knowledge",
                    description="The questions, rules, operating models and source disagreements the engine works from.")
    blp.before_request(lambda: authenticate("assess") and None)

    @blp.route("/questions", methods=["GET"])
    @blp.response(200, QuestionListSchema)
    @errors(blp, 401)
    def list_questions():
        """Every question the rules read, with its type, allowed values and citation."""
        return json_response(questions)

    @blp.route("/rules", methods=["GET"])
    @blp.response(200, RuleListSchema)
    @errors(blp, 401)
    def list_rules():
        """Every rule: id, description, the dates it applies between, its citation and basis."""
        return json_response(rules)

    @blp.route("/models", methods=["GET"])
    @blp.response(200, ModelListSchema)
    @errors(blp, 401)
    def list_models():
        """The five operating models and the risks the rules flag for each."""
        return json_response(models)

    @blp.route("/disagreements", methods=["GET"])
    @blp.response(200, DisagreementListSchema)
    @errors(blp, 401)
    def list_disagreements():
        """Where the sources disagree: what each says, the reading followed, why, and what depends on it."""
        return json_response(disagreements)

    return blp
