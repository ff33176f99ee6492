"""What the interview API takes (facts to start from, an answer, a topic, a question) and returns."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from service.resources.assessments.schemas import Open, StrictBoolean


class Strict(ma.Schema):
    """Unknown fields are errors that name them."""

    class Meta:
        unknown = ma.RAISE


class InterviewCreateSchema(Strict):
    """Optional: facts already known, as in POST /v1/assessments."""

    optional_body = True

    facts = fields.Dict(keys=fields.String(), metadata={"description": "known answers by question id"})


class InterviewAnswerSchema(Strict):
    """An answer to the question being asked: a value, or not sure."""

    question = fields.String(required=True, metadata={"description": "the id of the question being asked"})
    value = fields.Raw(allow_none=True, metadata={"description": "the answer, as in facts (a number, true/false, "
                                                                 "a choice value, a list of choices, a date, ...)"})
    not_sure = StrictBoolean(metadata={"description": "true to answer \"not sure\""})

    @ma.validates_schema
    def one_answer(self, data, **_kwargs):
        """Exactly one of value and not_sure."""
        unsure = data.get("not_sure") is True
        if unsure and data.get("value") is not None:
            raise ma.ValidationError("give a value or not_sure, not both", "value")
        if not unsure and "value" not in data:
            raise ma.ValidationError("required (or send \"not_sure\": true)", "value")


class InterviewRefineSchema(Strict):
    """Optional: the one topic to refine (otherwise every topic in turn)."""

    optional_body = True

    topic = fields.String(metadata={"description": "a question topic, e.g. governance, funding, workforce"})


class InterviewChangeSchema(Strict):
    """The question to ask again."""

    question = fields.String(required=True)


class InterviewChoiceSchema(ma.Schema):
    """One option of a question."""

    value = fields.String(required=True)
    label = fields.String(required=True)


class InterviewQuestionSchema(ma.Schema):
    """The question being asked."""

    id = fields.String(required=True)
    text = fields.String(required=True)
    help = fields.String(allow_none=True)
    why = fields.String(allow_none=True)
    type = fields.String(required=True, metadata={"description": "boolean, choice, choices, integer, date or "
                                                                "practices"})
    choices = fields.List(fields.Nested(InterviewChoiceSchema), required=True)
    previous = fields.String(allow_none=True, metadata={"description": "the earlier answer, when asked again"})


class InterviewSchema(Open):
    """Where an interview stands."""

    id = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "asking or done"})
    phase = fields.String(required=True, metadata={"description": "decide (what can change the decision) or "
                                                                  "refine (the rest, by topic)"})
    question = fields.Nested(InterviewQuestionSchema, allow_none=True, required=True)
    asked = fields.Integer(required=True, metadata={"description": "answers given so far"})
    remaining = fields.Integer(required=True, metadata={"description": "questions likely still to come, this one "
                                                                      "included"})
    assessment_id = fields.String(allow_none=True, required=True)
    result = fields.Dict(allow_none=True, required=True, metadata={"description": "the assessment (as POST "
                                                                                  "/v1/assessments returns it)"})
    notes = fields.List(fields.String(), required=True)
    topics = fields.List(fields.Dict(), required=True, metadata={"description": "refine offer: {id, label, count, "
                                                                                "skipped}"})
    undecided = fields.List(fields.String(), required=True, metadata={
        "description": "questions that could still change the decision when phase one stopped at its limit"})
