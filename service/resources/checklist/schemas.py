"""Shapes of an assessment's checklist: items with their done state, and the PATCH body."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from ..assessments.schemas import ChecklistItemSchema, Open, StrictBoolean, text_field

FORMATS = {"json": "application/json", "markdown": "text/markdown", "csv": "text/csv"}


class FormatQuerySchema(ma.Schema):
    """How to render the checklist; overrides the Accept header."""

    class Meta:
        unknown = ma.EXCLUDE  # other query parameters are ignored, as everywhere else

    format = fields.String(validate=validate.OneOf(list(FORMATS)),
                           metadata={"description": "json, markdown or csv (default: from Accept, else json)"})


class ChecklistEntrySchema(ChecklistItemSchema):
    """A checklist item and whether it is done, by whom and when."""

    done = fields.Boolean(required=True)
    by = fields.String(required=True, allow_none=True)
    at = fields.DateTime(required=True, allow_none=True)


class ChecklistSchema(Open):
    """An assessment's checklist with each item's state."""

    assessment_id = fields.String(required=True)
    items = fields.List(fields.Nested(ChecklistEntrySchema), required=True)


class ItemPatchSchema(ma.Schema):
    """Mark an item done or not done; `by` defaults to the API key's name."""

    done = StrictBoolean(required=True)
    by = text_field(255, min_length=1,
                    metadata={"description": "Who made the change (default: the API key's name)"})
