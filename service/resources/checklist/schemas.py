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
    by = fields.String(required=True, allow_none=True,
                       metadata={"description": "Who changed it, as authenticated: `api-key:NAME` for an API key, "
                                                "`slack:USER`, `telegram:CHAT:USER`, `web:...` for the other channels"})
    at = fields.DateTime(required=True, allow_none=True)
    note = fields.String(required=True, allow_none=True, metadata={"description": "Free text given with the change"})


class ChecklistSchema(Open):
    """An assessment's checklist with each item's state."""

    assessment_id = fields.String(required=True)
    items = fields.List(fields.Nested(ChecklistEntrySchema), required=True)


class ItemPatchSchema(ma.Schema):
    """Mark an item done or not done; who did it is always the calling key (`api-key:NAME`)."""

    @ma.pre_load
    def refuse_by(self, data, **kwargs):
        """`by` was free text once: say why it is refused rather than only that it is unknown."""
        if isinstance(data, dict) and "by" in data:
            raise ma.ValidationError({"by": ["is recorded for you as the calling key; send free text as note"]})
        return data

    done = StrictBoolean(required=True)
    note = text_field(255, min_length=1,
                      metadata={"description": "Free text kept with the change (who made it is the key, "
                                               "never this text)"})
