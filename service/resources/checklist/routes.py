"""/v1/assessments/{id}/checklist: an assessment's to-do list, and ticking items off.

The checklist is read as JSON, Markdown or CSV (by `?format=` or the Accept header). Each item's
done state records who changed it (the API key, as `api-key:NAME`), when, and an optional free
note; the assessment itself never changes. Only the key's organisation sees its checklists.
"""
from __future__ import annotations

from flask import Response, current_app, g, request

from core import exports, plugins
from core.assessments import checklist_with_state, set_checklist_item, state_json
from service.api import Blueprint, errors
from service.auth import authenticate, owned_assessment
from service.db import get_session
from service.errors import ProblemError

from ..assessments.routes import json_response
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
        row = owned_assessment(assessment_id)
        items = checklist_with_state(get_session(), assessment_id)
        fmt = chosen_format(query)
        k = plugins.rules_engine(current_app).knowledge
        if fmt == "markdown":
            return Response(exports.markdown(assessment_id, items, row.result, k), mimetype="text/markdown")
        if fmt == "csv":
            return Response(exports.csv_text(items, k), mimetype="text/csv",
                            headers={"Content-Disposition": f'inline; filename="checklist-{assessment_id}.csv"'})
        return json_response({"assessment_id": assessment_id, "items": items})

    @blp.route("/<string:item_id>", methods=["PATCH"])
    @blp.arguments(ItemPatchSchema())
    @blp.response(200, ChecklistEntrySchema)
    @errors(blp, 400, 401, 404, 413, 415)
    def update(patch, assessment_id, item_id):
        """Mark one checklist item done or not done, recording the key as who, when, and an optional note."""
        session = get_session()
        row = owned_assessment(assessment_id)
        item = next((i for i in row.result.get("checklist") or [] if i["id"] == item_id), None)
        if item is None:
            raise ProblemError(404, detail="This assessment's checklist has no such item.",
                               errors={"item_id": [f"no checklist item {item_id!r} in this assessment"]})
        state = set_checklist_item(session, assessment_id, item_id, patch["done"], g.principal.by, patch.get("note"))
        session.commit()
        return json_response({**item, **state_json(state)})

    return blp
