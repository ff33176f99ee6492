"""Shape of the summary for partners (core.outline.summary) as the API returns it."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from ..assessments.schemas import Open

FORMATS = {"json": "application/json", "pdf": "application/pdf"}


class SummaryQuerySchema(ma.Schema):
    """How to return the summary; overrides the Accept header."""

    class Meta:
        unknown = ma.EXCLUDE  # other query parameters are ignored, as everywhere else

    format = fields.String(validate=validate.OneOf(list(FORMATS)),
                           metadata={"description": "json or pdf (default: from Accept, else json)"})


class SummaryPointSchema(Open):
    text = fields.String(required=True)
    label = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True,
                           metadata={"description": "good, risk, unknown, blocker, warning, info, ... or null"})
    status_text = fields.String(required=True, allow_none=True, metadata={"description": "The status in words"})
    basis = fields.String(required=True, allow_none=True, metadata={"description": "source, derived or judgement"})
    ref = fields.Integer(required=True, allow_none=True, metadata={"description": "Number of its entry in `sources`"})


class SummarySourceSchema(Open):
    n = fields.Integer(required=True)
    title = fields.String(required=True)
    section = fields.String(required=True)


class SummaryDecisionSchema(Open):
    headline = fields.String(required=True)
    confidence_text = fields.String(required=True, allow_none=True)
    model_name = fields.String(required=True, allow_none=True)
    chosen_name = fields.String(required=True, allow_none=True)
    eligibility = fields.String(required=True, allow_none=True)


class SummaryMetaSchema(Open):
    as_of = fields.String(required=True)
    contract_year = fields.String(required=True)
    rules_version = fields.String(required=True)
    assessment_id = fields.String(required=True, allow_none=True)
    made = fields.String(required=True, metadata={"description": "The day the assessment was made"})


class SummarySchema(Open):
    """The one-page summary for partners: the decision, why, risks, next steps, who can help, the
    answers it rests on and the numbered sources the points cite."""

    title = fields.String(required=True)
    meta = fields.Nested(SummaryMetaSchema, required=True)
    decision = fields.Nested(SummaryDecisionSchema, required=True)
    dates = fields.String(allow_none=True, metadata={
        "description": "The note on dates, shown first, when the assessment's date is beyond the guidance"})
    why = fields.List(fields.Nested(SummaryPointSchema), required=True)
    risks = fields.List(fields.Nested(SummaryPointSchema), required=True)
    next_steps = fields.List(fields.Nested(SummaryPointSchema), required=True)
    contacts = fields.List(fields.Nested(SummaryPointSchema), required=True)
    answers = fields.List(fields.Nested(SummaryPointSchema), required=True)
    sources = fields.List(fields.Nested(SummarySourceSchema), required=True)
