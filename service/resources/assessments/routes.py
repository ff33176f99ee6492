"""/v1/assessments: assess facts and store the result; read stored assessments back.

A stored assessment is returned exactly as it was first returned: `id`, `created_at`, `channel`,
then the engine's result. The batch endpoint assesses each fact set on its own: valid ones are
stored, invalid ones come back with their own field errors, and the batch never fails as a whole.
A batch result is a summary with the stored id unless `?include=assessment` asks for the whole
assessment (about 100 KB each, so 1,000 of them would be a 100 MB response).
"""
from __future__ import annotations

import orjson
from flask import current_app, request
from werkzeug.routing import BaseConverter

from core.assessments import assessment_bytes, get_assessment, new_row
from core.rawsql import store_assessments
from core.records import utcnow
from engine import Engine, FactsError
from service.api import Blueprint, errors, json_body, json_request_body
from service.auth import authenticate
from service.db import get_db_engine, get_session
from service.errors import ProblemError, flatten

from .schemas import (
    BATCH_LIMIT,
    AssessmentSchema,
    BatchQuerySchema,
    BatchResponseSchema,
    batch_request_schema,
    facts_schema,
)

CHANNEL = "http"


class AssessmentId(BaseConverter):
    """A stored assessment's id in a path: any segment but `batch`, so /v1/assessments/batch is only
    the batch endpoint (GET there is a 405 allowing POST, not a lookup of an assessment "batch")."""

    regex = "(?!batch$)[^/]+"


def assessment_id_schema(_converter) -> dict:
    """How the OpenAPI document shows an AssessmentId path parameter."""
    return {"type": "string"}


def json_response(data, status: int = 200, headers: dict | None = None):
    """`data` (an object, or JSON text already encoded) as a JSON response, keys in the engine's order."""
    if isinstance(data, bytes):
        resp = current_app.response_class(data, mimetype="application/json")
    else:
        resp = current_app.json.response(data)
    resp.status_code = status
    resp.headers.update(headers or {})
    return resp


def not_found(assessment_id: str) -> ProblemError:
    """The 404 for an assessment id nobody stored."""
    return ProblemError(404, detail="There is no assessment with this id.",
                        errors={"assessment_id": [f"no assessment {assessment_id!r}"]})


def assess(engine: Engine, facts: dict) -> tuple[dict, bytes]:
    """The engine's (summary, JSON text) for facts as sent (422 naming each field it rejects)."""
    try:
        return engine.assess_json(facts)
    except FactsError as exc:
        raise ProblemError(422, detail="Some facts are not valid.", errors=exc.errors) from None


def assess_batch(engine: Engine, items: list) -> tuple[list, list]:
    """Assess each item: (outcomes by index, [(index, summary, row to store)] of the valid ones).

    The engine checks each item and names the fields at fault. Each result is encoded and
    compressed as it is made and only a summary is kept, so a batch holds a thousand compact rows
    rather than a thousand results' objects.
    """
    outcomes: list = [None] * len(items)
    valid = []
    now = utcnow()
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            outcomes[i] = {"index": i, "status": 422, "errors": {"item": ["must be a JSON object"]}}
            continue
        try:
            summary, body = engine.assess_json(item)
        except FactsError as exc:
            outcomes[i] = {"index": i, "status": 422, "errors": flatten(exc.errors)}
            continue
        row = new_row(item, body, summary["rules_version"], summary["contract_year"], CHANNEL, created_at=now)
        valid.append((i, {"contract_year": summary["contract_year"], "eligibility": summary["eligibility"],
                          "recommended_model": summary["recommended_model"]}, row))
    return outcomes, valid


def blueprint(engine: Engine, batch_limit: int = BATCH_LIMIT) -> Blueprint:
    """The assessments blueprint, its facts schema built from `engine`'s questions."""
    facts_cls = facts_schema(engine.knowledge.questions)
    batch_cls = batch_request_schema(facts_cls, batch_limit)
    blp = Blueprint("assessments", __name__, url_prefix="/v1/assessments",
                    description="Assess a network's facts against the rules and keep the result.")
    blp.before_request(lambda: authenticate("assess") and None)

    @blp.route("", methods=["POST"])
    # The engine checks every fact and names the field at fault, so the body goes to it directly;
    # the facts schema documents it (a marshmallow pass first cost a tenth of the request).
    @blp.doc(**json_request_body(facts_cls, "The facts known so far; leave out or send null for unknown ones."))
    @blp.response(201, AssessmentSchema, headers={"Location": {"schema": {"type": "string"},
                                                               "description": "URL of the stored assessment"}})
    @errors(blp, 400, 401, 413, 415, 422)
    def create():
        """Assess facts and store the assessment."""
        raw = json_body(request)
        summary, body = assess(engine, raw)
        row = new_row(raw, body, summary["rules_version"], summary["contract_year"], CHANNEL)
        store_assessments(get_db_engine(), [row])
        location = f"{request.script_root}{blp.url_prefix}/{row.id}"
        return json_response(assessment_bytes(row), 201, {"Location": location})

    @blp.route("/<assessment_id:assessment_id>", methods=["GET"])
    @blp.response(200, AssessmentSchema)
    @errors(blp, 401, 404)
    def read(assessment_id):
        """A stored assessment, exactly as it was returned when made."""
        row = get_assessment(get_session(), assessment_id)
        if row is None:
            raise not_found(assessment_id)
        return json_response(assessment_bytes(row))

    @blp.route("/batch", methods=["POST"])
    @blp.arguments(BatchQuerySchema(), location="query")
    @blp.arguments(batch_cls(), description="Fact sets to assess, each stored when valid.")
    @blp.response(200, BatchResponseSchema)
    @errors(blp, 400, 401, 413, 415, 422)
    def batch(query, args):
        """Assess up to 1,000 fact sets; results in order, each valid one stored."""
        outcomes, valid = assess_batch(engine, args["items"])
        store_assessments(get_db_engine(), [row for _, _, row in valid])
        full = query.get("include") == "assessment"
        for i, summary, row in valid:
            outcomes[i] = {"index": i, "status": 201, "id": row.id,
                           "location": f"{request.script_root}{blp.url_prefix}/{row.id}", **summary}
            if full:
                outcomes[i]["assessment"] = orjson.Fragment(assessment_bytes(row))
        return json_response({"created": len(valid), "failed": len(outcomes) - len(valid), "results": outcomes})

    return blp
