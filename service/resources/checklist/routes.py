"""/v1/assessments/{id}/checklist: an assessment's to-do list, and ticking items off.

The checklist is read as JSON, Markdown or CSV (by `?format=` or the Accept header). Each item's
done state records who changed it and when; the assessment itself never changes.
"""
from __future__ import annotations

from flask import Response, g, request

from core import exports
from core.assessments import checklist_with_state, get_assessment, set_checklist_item, state_json
from service.api import Blueprint, errors
from service.auth import authenticate
from service.db import get_session
from service.errors import ProblemError

from ..assessments.routes import json_response, not_found
from .schemas import FORMATS, ChecklistEntrySchema, ChecklistSchema, FormatQuerySchema, ItemPatchSchema

TEXT_CONTENT = {"text/markdown": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}}


def chosen_format(query: dict) -> str:
    """json, markdown or csv: `?format=` first, else the best match for Accept, else json."""
    if query.get("format"):
        return query["format"]
    best = request.accept_mimetypes.best_match(list(FORMATS.values()), default=FORMATS["json"])
    return next(name for name, mime in FORMATS.items() if mime == best)


def blueprint() -> Blueprint:
    """The checklist blueprint."""
    blp = Blueprint("checklist", __name__, url_prefix="/v1/assessments/<string:assessment_id>/checklist",
                    description="An assessment's setup checklist and who ticked what off.")
    blp.before_request(lambda: authenticate("assess") and None)

    @blp.route("", methods=["GET"])
    @blp.arguments(FormatQuerySchema(), location="query")
    # Documented by hand: flask-smorest's `response` allows one content type, this has three.
    @blp.doc(responses={"200": {"description": "The checklist", "content": {
        "application/json": {"schema": ChecklistSchema}, **TEXT_CONTENT}}})
    @errors(blp, 401, 404, 422)
    def read(query, assessment_id):
        """The assessment's checklist with each item's state, as JSON, Markdown or CSV."""
        session = get_session()
        try:
            items = checklist_with_state(session, assessment_id)
        except KeyError:
            raise not_found(assessment_id) from None
        fmt = chosen_format(query)
        if fmt == "markdown":
            return Response(exports.markdown(assessment_id, items), mimetype="text/markdown")
        if fmt == "csv":
            return Response(exports.csv_text(items), mimetype="text/csv",
                            headers={"Content-Disposition": f'inline; filename="checklist-{assessment_id}.csv"'})
        return json_response({"assessment_id": assessment_id, "items": items})

    @blp.route("/<string:item_id>", methods=["PATCH"])
    @blp.arguments(ItemPatchSchema())
    @blp.response(200, ChecklistEntrySchema)
    @errors(blp, 400, 401, 404, 413, 415)
    def update(patch, assessment_id, item_id):
        """Mark one checklist item done or not done, recording who and when."""
        session = get_session()
        row = get_assessment(session, assessment_id)
        if row is None:
            raise not_found(assessment_id)
        item = next((i for i in row.result.get("checklist") or [] if i["id"] == item_id), None)
        if item is None:
            raise ProblemError(404, detail="This assessment's checklist has no such item.",
                               errors={"item_id": [f"no checklist item {item_id!r} in this assessment"]})
        by = patch.get("by") or g.api_key_name
        state = set_checklist_item(session, assessment_id, item_id, patch["done"], by)
        session.commit()
        return json_response({**item, **state_json(state)})

    return blp
