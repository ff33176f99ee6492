"""Shapes of the knowledge endpoints: questions, rules (with dates, citations and basis), models and
the sources' disagreements."""
from __future__ import annotations

from marshmallow import fields

from ..assessments.schemas import CitationSchema, DisagreementSchema, Open, basis_field


class ChoiceSchema(Open):
    value = fields.Raw(required=True)
    label = fields.String(required=True)


class QuestionSchema(Open):
    """An input fact the rules read: its type, allowed values, and how to ask for it."""

    id = fields.String(required=True)
    type = fields.String(required=True)
    topic = fields.String()
    prompt = fields.String(required=True)
    help = fields.String()
    why = fields.String()
    min = fields.Integer()
    max = fields.Integer()
    unit = fields.String()
    choices = fields.List(fields.Nested(ChoiceSchema))
    ask_when = fields.List(fields.Dict())
    citation = fields.Nested(CitationSchema, required=True)


class QuestionListSchema(Open):
    rules_version = fields.String(required=True)
    questions = fields.List(fields.Nested(QuestionSchema), required=True)


class RuleSchema(Open):
    """A rule: what it concludes, the dates it applies between, and its source."""

    id = fields.String(required=True)
    description = fields.String(required=True)
    model = fields.String(required=True, allow_none=True)
    from_ = fields.Date(required=True, allow_none=True, data_key="from")
    until = fields.Date(required=True, allow_none=True)
    file = fields.String(required=True)
    concludes = fields.List(fields.String(), required=True)
    citation = fields.Nested(CitationSchema, required=True)
    basis = basis_field()
    disagreements = fields.List(fields.String(), required=True,
                                metadata={"description": "Ids of the disagreements this rule's conclusion depends on"})


class RuleListSchema(Open):
    rules_version = fields.String(required=True)
    rules = fields.List(fields.Nested(RuleSchema), required=True)


class RiskSchema(Open):
    """A risk the rules flag for an operating model, and when it is flagged."""

    rule = fields.String(required=True)
    code = fields.String(required=True)
    category = fields.String(required=True)
    severity = fields.String(required=True)
    message = fields.String(required=True)
    advice = fields.Boolean(required=True)
    basis = basis_field()
    when = fields.List(fields.Dict(), required=True)
    from_ = fields.Date(required=True, allow_none=True, data_key="from")
    until = fields.Date(required=True, allow_none=True)
    citation = fields.Nested(CitationSchema, required=True)


class OperatingModelSchema(Open):
    """One of the five operating models, with the risks the rules can flag for it."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    summary = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True)
    risks = fields.List(fields.Nested(RiskSchema), required=True)


class ModelListSchema(Open):
    rules_version = fields.String(required=True)
    models = fields.List(fields.Nested(OperatingModelSchema), required=True)


class KnownDisagreementSchema(DisagreementSchema):
    """A disagreement with what depends on it."""

    affects = fields.List(fields.String(), required=True,
                          metadata={"description": "Prefixed ids (rule:, funding:, question:, parameter:...)"})
    when = fields.List(fields.Dict(), required=True,
                       metadata={"description": "Clauses narrowing when it matters (empty: always)"})
    printed = fields.List(fields.Dict(), required=True,
                          metadata={"description": "Figures a source table prints where ours differs"})


class DisagreementListSchema(Open):
    rules_version = fields.String(required=True)
    disagreements = fields.List(fields.Nested(KnownDisagreementSchema), required=True)
