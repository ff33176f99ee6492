"""/v1/assessments: assess facts and store the result; read stored assessments back.

A stored assessment is returned exactly as it was first returned: `id`, `created_at`, `channel`,
then the engine's result. The batch endpoint assesses each fact set on its own: valid ones are
stored, invalid ones come back with their own field errors, and the batch never fails as a whole.
A batch result is a summary with the stored id unless `?include=assessment` asks for the whole
assessment (about 100 KB each, so 1,000 of them make a 100 MB response). The batch response is
therefore streamed: items are assessed, stored and committed a chunk at a time and each chunk's
results are sent before the next is assessed, so a worker holds one chunk whatever the batch's size.
The document is the same JSON object as ever, with `results` first and the counts after it.
Every assessment made here belongs to the key's organisation; another organisation's id is 404, as a
missing one.
"""
from __future__ import annotations

from itertools import chain

import orjson
from flask import current_app, g, request, stream_with_context
from werkzeug.routing import BaseConverter

from core.assessments import assessment_bytes, new_row
from core.jsonutil import dumps_bytes
from core.rawsql import store_assessments
from core.records import utcnow
from engine import Engine, FactsError
from service.api import Blueprint, errors, json_body, json_request_body
from service.auth import authenticate, owned_assessment
from service.db import get_db_engine
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
#: Items assessed, stored and sent together in a streamed batch: bounds what a worker holds at once.
STREAM_CHUNK = 25


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


def assess(engine: Engine, facts: dict) -> tuple[dict, bytes]:
    """The engine's (summary, JSON text) for facts as sent (422 naming each field it rejects)."""
    try:
        return engine.assess_json(facts)
    except FactsError as exc:
        raise ProblemError(422, detail="Some facts are not valid.", errors=exc.errors) from None


def assess_batch(engine: Engine, items: list, first: int = 0, owner_org: str | None = None) -> tuple[list, list]:
    """Assess each item: (outcomes by position, [(position, summary, row to store)] of the valid ones);
    `index` in each outcome counts from `first` (where these items start in the whole batch).

    The engine checks each item and names the fields at fault. Each result is encoded and
    compressed as it is made and only a summary is kept, so a batch holds a thousand compact rows
    rather than a thousand results' objects.
    """
    outcomes: list = [None] * len(items)
    valid = []
    now = utcnow()
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            outcomes[i] = {"index": first + i, "status": 422, "errors": {"item": ["must be a JSON object"]}}
            continue
        try:
            summary, body = engine.assess_json(item)
        except FactsError as exc:
            outcomes[i] = {"index": first + i, "status": 422, "errors": flatten(exc.errors)}
            continue
        row = new_row(item, body, summary["rules_version"], summary["contract_year"], CHANNEL, created_at=now,
                      owner_org=owner_org)
        valid.append((i, {"contract_year": summary["contract_year"], "eligibility": summary["eligibility"],
                          "recommended_model": summary["recommended_model"]}, row))
    return outcomes, valid


def stream_batch(engine: Engine, items: list, db_engine, prefix: str, full: bool, owner_org: str | None = None):
    """The batch response's JSON text, piece by piece: each chunk of items is assessed, stored and
    committed, then its outcomes are sent; `prefix` is the assessments' URL path."""
    created = 0
    for start in range(0, max(len(items), 1), STREAM_CHUNK):
        outcomes, valid = assess_batch(engine, items[start:start + STREAM_CHUNK], start, owner_org)
        store_assessments(db_engine, [row for _, _, row in valid])
        created += len(valid)
        for i, summary, row in valid:
            outcomes[i] = {"index": start + i, "status": 201, "id": row.id, "location": f"{prefix}/{row.id}",
                           **summary}
            if full:
                outcomes[i]["assessment"] = orjson.Fragment(assessment_bytes(row))
        text = b",".join(dumps_bytes(o) for o in outcomes)
        yield b"," + text if start else b'{"results":[' + text
    yield b'],"created":%d,"failed":%d}' % (created, len(items) - created)


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
        row = new_row(raw, body, summary["rules_version"], summary["contract_year"], CHANNEL,
                      owner_org=g.principal.org)
        store_assessments(get_db_engine(), [row])
        location = f"{request.script_root}{blp.url_prefix}/{row.id}"
        return json_response(assessment_bytes(row), 201, {"Location": location})

    @blp.route("/<assessment_id:assessment_id>", methods=["GET"])
    @blp.response(200, AssessmentSchema)
    @errors(blp, 401, 404)
    def read(assessment_id):
        """A stored assessment, exactly as it was returned when made."""
        return json_response(assessment_bytes(owned_assessment(assessment_id)))

    @blp.route("/batch", methods=["POST"])
    @blp.arguments(BatchQuerySchema(), location="query")
    @blp.arguments(batch_cls(), description="Fact sets to assess, each stored when valid.")
    @blp.response(200, BatchResponseSchema)
    @errors(blp, 400, 401, 413, 415, 422)
    def batch(query, args):
        """Assess up to 1,000 fact sets; results in order, each valid one stored."""
        pieces = stream_batch(engine, args["items"], get_db_engine(), f"{request.script_root}{blp.url_prefix}",
                              query.get("include") == "assessment", g.principal.org)
        # the first chunk is stored before anything is sent, so if the database is down the
        # client still gets a problem document rather than a cut-off 200
        first = next(pieces)
        return current_app.response_class(stream_with_context(chain([first], pieces)), mimetype="application/json")

    return blp
