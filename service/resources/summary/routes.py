"""/v1/assessments/{id}/summary: the one-page summary for partners, as JSON or as an A4 PDF.

The format comes from `?format=` or the Accept header (application/pdf for the PDF). Only the key's
organisation sees its assessments' summaries: another organisation's id is 404, as a missing one.
"""
from __future__ import annotations

from flask import Response, request

from core.outline import outline
from core.outline.pdf import summary_pdf
from core.outline.summary import summary
from engine import Engine
from service.api import Blueprint, errors
from service.auth import authenticate, owned_assessment

from ..assessments.routes import json_response
from .schemas import FORMATS, SummaryQuerySchema, SummarySchema


def chosen_format(query: dict) -> str:
    """json or pdf: `?format=` first, else the best match for Accept, else json."""
    if query.get("format"):
        return query["format"]
    best = request.accept_mimetypes.best_match(list(FORMATS.values()), default=FORMATS["json"])
    return next(name for name, mime in FORMATS.items() if mime == best)


def blueprint(engine: Engine) -> Blueprint:
    """The summary blueprint."""
    blp = Blueprint("summary", __name__, url_prefix="/v1/assessments/<string:assessment_id>/summary",
                    description="The one-page summary of an assessment for the practices' partners.")
    blp.before_request(lambda: authenticate("assess") and None)

    @blp.route("", methods=["GET"])
    @blp.arguments(SummaryQuerySchema(), location="query")
    # Documented by hand: flask-smorest's `response` allows one content type, this has two.
    @blp.doc(responses={"200": {"description": "The summary for partners", "content": {
        "application/json": {"schema": SummarySchema},
        "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}})
    @errors(blp, 401, 404, 422)
    def read(query, assessment_id):
        """The summary for partners: the decision, why, risks, next steps, who can help, the answers
        it rests on, the date, rules version and sources; JSON, or PDF by Accept: application/pdf."""
        row = owned_assessment(assessment_id)
        k = engine.knowledge
        short = summary(outline(row.result, k, assessment_id=assessment_id), k, made=row.created_at.date())
        if chosen_format(query) == "pdf":
            return Response(summary_pdf(short), mimetype="application/pdf", headers={
                "Content-Disposition": f'inline; filename="summary-{assessment_id}.pdf"'})
        return json_response(short)

    return blp
