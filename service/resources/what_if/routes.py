"""/v1/assessments/{id}/what-if: what would change for a stored assessment if some facts were different.

The stored assessment is the "before", exactly as it was returned; the "after" is the same facts as
sent, on the same date unless `as_of` is among the changes, with the changes made. Nothing is stored.
Only the key's organisation may ask about its assessments (any other id is 404).
"""
from __future__ import annotations

from engine import Engine, FactsError
from service.api import Blueprint, errors
from service.auth import authenticate, owned_assessment
from service.errors import ProblemError
from service.resources.assessments.routes import json_response

from .schemas import WhatIfRequestSchema, WhatIfSchema


def _summary(result: dict) -> dict:
    return {"eligibility": result["eligibility"]["status"], "recommended_model": result["recommended_model"],
            "contract_year": result["contract_year"], "as_of": result["as_of"]}


def blueprint(engine: Engine) -> Blueprint:
    """The what-if blueprint, re-assessing with `engine`."""
    blp = Blueprint("what_if", __name__, url_prefix="/v1/assessments/<string:assessment_id>",
                    description="What changes for a stored assessment if some facts were different.")
    blp.before_request(lambda: authenticate("assess") and None)

    @blp.route("/what-if", methods=["POST"])
    @blp.arguments(WhatIfRequestSchema())
    @blp.response(200, WhatIfSchema)
    @errors(blp, 400, 401, 404, 413, 415, 422)
    def what_if(body, assessment_id):
        """Compare a stored assessment with the same network after some facts change."""
        row = owned_assessment(assessment_id)
        changes = body["changes"]
        try:
            compared = engine.what_if(row.facts or {}, changes, before=row.result)
        except FactsError as exc:
            raise ProblemError(422, detail="Some changed facts are not valid.",
                               errors={"changes": [f"{k}: {m}" for k, ms in sorted(exc.errors.items())
                                                   for m in ms]}) from None
        return json_response({"assessment_id": row.id, "changes": changes, "before": _summary(compared["before"]),
                              "after": _summary(compared["after"]), "diff": compared["diff"]})

    return blp
