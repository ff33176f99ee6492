"""Shapes of /v1/triage/cases and of escalating an assessment to the LMC advisers."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from core.records.triage import STATUSES
from engine.triage import PRIORITIES

from ..assessments.schemas import CitationSchema, FlagSchema, Open, text_field

STATUS_FILTERS = list(STATUSES) + ["active"]


def not_blank(value: str) -> None:
    """Text with something in it besides spaces."""
    if not value.strip():
        raise ma.ValidationError("must not be blank")


class TriageReasonSchema(Open):
    """A triage rule that fired: the priority and/or topic it concluded, why, and its source."""

    rule = fields.String(required=True)
    priority = fields.String(required=True, allow_none=True)
    topic = fields.String(required=True, allow_none=True)
    text = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True)


class ConversationRefSchema(Open):
    """Where the case came from: the channel, the person (or API key) and their conversation."""

    channel = fields.String(required=True, metadata={"example": "slack"})
    user_ref = fields.String(required=True, allow_none=True)
    id = fields.Integer(required=True, allow_none=True)


class EventSchema(Open):
    """One change to a case."""

    action = fields.String(required=True, metadata={"example": "claimed"})
    by = fields.String(required=True)
    at = fields.DateTime(required=True)
    detail = fields.Dict(required=True, allow_none=True)


class CaseSchema(Open):
    """A triage case: why it was opened, its priority and topic with cited reasons, and who has it."""

    id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    priority = fields.String(required=True, validate=validate.OneOf(PRIORITIES))
    topic = fields.String(required=True, metadata={"example": "sub_30k_approval"})
    kind = fields.String(required=True, metadata={"description": "flag, request or question"})
    reasons = fields.List(fields.Nested(TriageReasonSchema), required=True)
    facts = fields.Dict(required=True, metadata={"description": "The case facts the triage rules read"})
    flag = fields.Nested(FlagSchema, required=True, allow_none=True)
    question = fields.String(required=True, allow_none=True)
    note = fields.String(required=True, allow_none=True)
    assessment_id = fields.String(required=True, allow_none=True)
    conversation = fields.Nested(ConversationRefSchema, required=True)
    opened_by = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    claimed_by = fields.String(required=True, allow_none=True)
    claimed_at = fields.DateTime(required=True, allow_none=True)
    resolved_by = fields.String(required=True, allow_none=True)
    resolved_at = fields.DateTime(required=True, allow_none=True)
    resolution = fields.String(required=True, allow_none=True)
    rules_version = fields.String(required=True)
    org = fields.String(required=True, metadata={"description": "The organisation whose case it is: the API key's "
                                                                 "for an API-made assessment, else `default`"})
    practice_name = fields.String(required=True, allow_none=True, metadata={
        "description": "The practice or network name the person asking gave (web pages), if any"})
    contact_email = fields.String(required=True, allow_none=True, metadata={
        "description": "An email address the person asking gave for the reply, if any"})
    reference = fields.String(required=True, allow_none=True, metadata={
        "description": "The case's unguessable reference: the practice's own page is /cases/{reference}"})
    related_flags = fields.List(fields.String(), required=True, metadata={
        "description": "The other advice flags of the assessment this one request covers (one request, one case)"})
    events = fields.List(fields.Nested(EventSchema), metadata={"description": "The history (one case only)"})


class CaseListSchema(Open):
    """Cases, most pressing first."""

    count = fields.Integer(required=True)
    cases = fields.List(fields.Nested(CaseSchema), required=True)


class CaseQuerySchema(ma.Schema):
    """Filters for the queue; all optional."""

    class Meta:
        unknown = ma.EXCLUDE

    status = fields.String(validate=validate.OneOf(STATUS_FILTERS),
                           metadata={"description": "open, claimed, resolved, or active (open or claimed)"})
    priority = fields.String(validate=validate.OneOf(PRIORITIES))
    topic = text_field(64, min_length=1)
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class ResolveSchema(ma.Schema):
    """The adviser's reply, passed on to the practice."""

    note = text_field(4000, not_blank, min_length=1, required=True,
                      metadata={"example": "Speak to the CCG's primary care lead; we can join the call."})


class EscalateSchema(ma.Schema):
    """An optional note for the advisers."""

    note = text_field(2000, allow_none=True,
                      metadata={"description": "What the practice would like help with"})


class EscalationSchema(Open):
    """The cases an escalation opened, and those already open for the same assessment and flag."""

    assessment_id = fields.String(required=True)
    opened = fields.Integer(required=True, metadata={"description": "How many cases are new"})
    cases = fields.List(fields.Nested(CaseSchema), required=True)


class AssessmentCasesSchema(Open):
    """The cases opened about one assessment, with the advisers' replies."""

    assessment_id = fields.String(required=True)
    cases = fields.List(fields.Nested(CaseSchema), required=True)
