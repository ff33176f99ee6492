"""Shapes of /v1/questions: a question in, a cited answer (or "not found") out."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from ..assessments.schemas import CitationSchema, DisagreementSchema, Open, text_field
from ..triage.schemas import not_blank


class QuestionRequestSchema(ma.Schema):
    """A question in plain English."""

    question = text_field(1000, not_blank, min_length=1, required=True,
                          metadata={"example": "Can a federation employ our pharmacist?"})


class PassageSchema(Open):
    """A guidance note (in our words) or a source passage, with where it comes from."""

    id = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "rule, checklist, question, parameter, model or source"})
    title = fields.String(required=True)
    text = fields.String(required=True)
    detail = fields.String(required=True, metadata={"description": "The text without a title it opens with: what a card shows under its heading"})
    citation = fields.Nested(CitationSchema, required=True)


class DefinitionSchema(Open):
    """What a term the question uses means (knowledge/glossary.yaml), cited, or in our own words."""

    id = fields.String(required=True)
    term = fields.String(required=True)
    abbreviations = fields.List(fields.String(), required=True)
    definition = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True, allow_none=True)
    basis = fields.String(required=True, metadata={"description": "source, or judgement (our own words, no source defines it)"})


class LinkedRuleSchema(Open):
    """A rule that touches the topic."""

    id = fields.String(required=True)
    description = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True)


class LinkedItemSchema(Open):
    """A checklist item that touches the topic."""

    id = fields.String(required=True)
    text = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True)


class AnswerSchema(Open):
    """Guidance notes and source passages on the topic, best first, each cited; or a "not found" message."""

    question = fields.String(required=True)
    found = fields.Boolean(required=True)
    definitions = fields.List(fields.Nested(DefinitionSchema), required=True, metadata={
        "description": "What the abbreviations and terms the question asks about mean"})
    guidance = fields.List(fields.Nested(PassageSchema), required=True)
    sources = fields.List(fields.Nested(PassageSchema), required=True,
                          metadata={"description": "Passages of the source documents (when they are installed)"})
    sources_installed = fields.Boolean(required=True)
    rules = fields.List(fields.Nested(LinkedRuleSchema), required=True)
    checklist = fields.List(fields.Nested(LinkedItemSchema), required=True)
    disagreements = fields.List(fields.Nested(DisagreementSchema), required=True, metadata={
        "description": "Where the sources disagree on a point the passages are about, and the reading followed"})
    offer_escalation = fields.Boolean(required=True)
    message = fields.String(required=True, allow_none=True)
