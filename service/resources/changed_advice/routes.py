"""GET /v1/triage/changed-advice (advisers): per organisation the key's LMC serves, the practices whose
advice changed when the guidance was updated (`core.changed_advice`), newest first.

An adviser key sees its own organisation and those its LMC serves; `?org=` names one of them, and
any other organisation is a 404, exactly as one nobody named. Any other key gets 403.
"""
from __future__ import annotations

from flask import g

from core.changed_advice import changed_advice
from service.api import Blueprint, errors
from service.auth import authenticate
from service.db import get_session
from service.errors import ProblemError

from ..assessments.routes import json_response
from .schemas import ChangedAdviceQuerySchema, ChangedAdviceSchema


def blueprint() -> Blueprint:
    """The advisers' list of practices whose advice changed."""
    blp = Blueprint("changed_advice", __name__, url_prefix="/v1/triage/changed-advice",
                    description="Practices whose advice changed when the guidance was updated (adviser keys only).")
    blp.before_request(lambda: authenticate("adviser") and None)

    @blp.route("", methods=["GET"])
    @blp.arguments(ChangedAdviceQuerySchema(), location="query")
    @blp.response(200, ChangedAdviceSchema)
    @errors(blp, 401, 403, 404, 422)
    def listed(query):
        """Per organisation, the latest assessments an update of the guidance changed, newest first."""
        orgs = g.principal.sees
        if "org" in query:
            if query["org"] not in orgs:
                raise ProblemError(404, detail="There is no organisation with this name that your LMC serves.",
                                   errors={"org": [f"no organisation {query['org']!r}"]})
            orgs = {query["org"]}
        return json_response({"organisations": changed_advice(get_session(), orgs, query["limit"])})

    return blp
