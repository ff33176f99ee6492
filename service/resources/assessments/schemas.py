"""Request and response shapes of /v1/assessments; the facts schema is built from knowledge/.

`facts_schema(questions)` turns each question into a marshmallow field (type, bounds, choices, prompt
as description), so a question added to `knowledge/questions.yaml` appears in the API and its
OpenAPI document with no code change. Every fact is optional and may be null: unknown is not false.
Response schemas allow extra properties, so the engine can add to its contract without breaking
clients that validate against this document. The limits documented are the engine's own
(`engine.facts`, `knowledge/questions.yaml`), read from there, so the document and the checks agree.
"""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from engine.facts import MAX_LIST_SIZE, MAX_PRACTICES, MAX_TEXT, TEXT_PATTERN, text_problem

BATCH_LIMIT = 1000
WHOLE_NUMBER = "A whole number: 12000 and 12000.0 are both read as 12000; 1.5 is refused."


class Open(ma.Schema):
    """A response object that may carry more properties than documented."""

    class Meta:
        unknown = ma.INCLUDE


class StrictBoolean(fields.Boolean):
    """A JSON boolean only: not 1, "yes" or "true"."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ma.ValidationError("must be true or false")
        return value


def plain_text(value: str) -> None:
    """Text a database can keep: no NUL characters and no lone surrogates (`engine.facts`' rule)."""
    problem = text_problem(value)
    if problem:
        raise ma.ValidationError(problem)


def text_field(max_length: int, *more, min_length: int | None = None, metadata: dict | None = None,
               **kwargs) -> fields.String:
    """A String of plain text (see `plain_text`) up to `max_length`, documented with its pattern."""
    meta = {"pattern": TEXT_PATTERN, **(metadata or {})}
    meta["description"] = " ".join(filter(None, [meta.get("description"), "No NUL characters or lone surrogates."]))
    return fields.String(validate=[validate.Length(min=min_length, max=max_length), plain_text, *more],
                         metadata=meta, **kwargs)


class PracticeSchema(ma.Schema):
    """A member practice."""

    name = text_field(MAX_TEXT, allow_none=True, metadata={"example": "Riverside Surgery"})
    ods_code = text_field(MAX_TEXT, allow_none=True, metadata={"example": "A81001"})
    list_size = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=MAX_LIST_SIZE),
                               metadata={"description": f"Registered patients. {WHOLE_NUMBER}", "example": 12000})


def _description(q: dict) -> str:
    parts = [q.get("prompt"), q.get("help")]
    return " ".join(p.strip() for p in parts if p)


def question_field(q: dict) -> fields.Field:
    """The marshmallow field for one question (null always allowed: it means unknown)."""
    meta = {"description": _description(q), "x-topic": q.get("topic")}
    kind = q.get("type")
    if kind == "integer":
        bounds = validate.Range(min=q.get("min"), max=q.get("max"))
        meta["description"] = f"{meta['description']} {WHOLE_NUMBER}".strip()
        return fields.Integer(strict=True, allow_none=True, validate=bounds, metadata=meta)
    if kind == "boolean":
        return StrictBoolean(allow_none=True, metadata=meta)
    if kind == "choice":
        values = [c["value"] for c in q.get("choices") or []]
        field_cls = fields.String if all(isinstance(v, str) for v in values) else fields.Raw
        return field_cls(allow_none=True, validate=validate.OneOf(values), metadata=meta)
    if kind == "choices":
        values = [c["value"] for c in q.get("choices") or []]
        return fields.List(fields.String(validate=validate.OneOf(values)), allow_none=True,
                           validate=validate.Length(max=len(values)), metadata={**meta, "uniqueItems": True})
    if kind == "date":
        return fields.Date(allow_none=True, metadata=meta)
    if kind == "practices":
        return fields.List(fields.Nested(PracticeSchema), allow_none=True,
                           validate=validate.Length(max=MAX_PRACTICES), metadata=meta)
    return fields.Raw(allow_none=True, metadata=meta)  # a type this service does not know yet


def facts_schema(questions: dict) -> type[ma.Schema]:
    """A Schema class with one optional, nullable field per question; unknown fields are errors."""
    # marshmallow's default for unknown fields is RAISE, which also documents additionalProperties: false
    return ma.Schema.from_dict({qid: question_field(q) for qid, q in questions.items()}, name="FactsSchema")


class CitationSchema(Open):
    source = fields.String(required=True)
    section = fields.String(required=True)
    part = fields.String()


def basis_field() -> fields.String:
    """What a conclusion rests on: the cited text, arithmetic on cited figures, or this tool's judgement."""
    return fields.String(required=True, validate=validate.OneOf(["source", "derived", "judgement"]), metadata={
        "description": "source: the cited text says it; derived: arithmetic on cited figures; "
                       "judgement: this tool's own weighing (shown to users as such)"})


class ReasonSchema(Open):
    text = fields.String(required=True)
    status = fields.String(required=True)
    rule = fields.String(required=True, allow_none=True)
    citation = fields.Nested(CitationSchema, required=True, allow_none=True)
    basis = basis_field()


class EligibilitySchema(Open):
    status = fields.String(required=True, validate=validate.OneOf(
        ["eligible", "needs_approval", "blocked", "not_eligible", "unknown"]), metadata={"description": (
            "eligible; needs_approval (only with the commissioner's approval, e.g. under 30,000 patients); "
            "blocked (qualifies, but a blocker such as a missing registration item stops it going ahead until "
            "put right: the reasons name it); not_eligible; unknown (not enough answers yet)")})
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)


class FlagSchema(Open):
    code = fields.String(required=True)
    category = fields.String(required=True)
    severity = fields.String(required=True, validate=validate.OneOf(["blocker", "warning", "info"]))
    model = fields.String(required=True, allow_none=True)
    message = fields.String(required=True)
    advice = fields.Boolean(required=True)
    citation = fields.Nested(CitationSchema, required=True)
    rule = fields.String(required=True)
    basis = basis_field()


class FitReasonSchema(Open):
    text = fields.String(required=True)
    score = fields.Integer(required=True)
    rule = fields.String(required=True, metadata={"description": "the rule, or `priority:<id>` for a stated priority's cost"})
    priority = fields.String(metadata={"description": "set when the reason is what a stated priority costs the model"})
    citation = fields.Nested(CitationSchema, required=True)
    basis = basis_field()


class CriterionSchema(Open):
    """A model judged on one of the handbook's risk-table criteria."""

    id = fields.String(required=True, metadata={"example": "pension"})
    status = fields.String(required=True, validate=validate.OneOf(["good", "risk", "unknown"]))
    condition = fields.String(required=True, allow_none=True)
    because = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True)
    basis = basis_field()


class NextStepSchema(Open):
    text = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True)
    basis = basis_field()


class DecisionSchema(Open):
    """The advice: the model (null while it depends or is a trade-off), how sure, and what next."""

    model = fields.String(required=True, allow_none=True)
    confidence = fields.String(required=True, validate=validate.OneOf(["clear", "close", "depends", "none_fits"]))
    headline = fields.String(required=True)
    depends_on = fields.List(fields.String(), required=True)
    unmet_priorities = fields.List(fields.String(), required=True)
    tied_with = fields.List(fields.String(), required=True)
    next_steps = fields.List(fields.Nested(NextStepSchema), required=True)


class ModelResultSchema(Open):
    id = fields.String(required=True)
    name = fields.String(required=True)
    summary = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True)
    chosen = fields.Boolean(required=True)
    score = fields.Integer(required=True)
    rating = fields.String(required=True, validate=validate.OneOf(["good", "possible", "poor", "unsuitable"]))
    reasons = fields.List(fields.Nested(FitReasonSchema), required=True)
    flags = fields.List(fields.Nested(FlagSchema), required=True)
    rank = fields.Integer(required=True)
    recommended = fields.Boolean(required=True)
    open_questions = fields.List(fields.String(), required=True)
    applicable = fields.Boolean(required=True)
    why_not = fields.String(required=True, allow_none=True)
    criteria = fields.List(fields.Nested(CriterionSchema), required=True)
    unmet_priorities = fields.List(fields.String(), required=True)


class FundingSchema(Open):
    """Each funding stream's amount in whole pounds (null when unknown), plus how each was worked out."""

    total = fields.Float(required=True, allow_none=True)
    notes = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    unknown = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    citations = fields.Dict(keys=fields.String(), values=fields.Nested(CitationSchema), required=True)
    caveats = fields.Dict(keys=fields.String(), values=fields.String(), metadata={"description": (
        "Per stream, what to bear in mind about its figure: a value carried forward from an earlier year "
        "(and why the sources suggest it continues), or a full-year figure in a year the DES began part way")})
    basis = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                        metadata={"description": "Each line's basis: derived (arithmetic on cited figures)"})
    printed = fields.Dict(keys=fields.String(), values=fields.Nested(lambda: PrintedSchema()), required=True,
                          metadata={"description": "Lines where a source table prints another figure for this "
                                                   "very network and year"})


class PrintedSchema(Open):
    """A figure a source table prints where ours differs, and the disagreement that explains why."""

    printed = fields.Integer(required=True)
    disagreement = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True)
    note = fields.String(required=True)


class DutySchema(Open):
    """A duty the network must meet, worked out from its population (e.g. extended hours a week)."""

    id = fields.String(required=True, metadata={"example": "extended_hours"})
    label = fields.String(required=True)
    hours_per_week = fields.Float(required=True, allow_none=True, metadata={"example": 21.0})
    how = fields.String(required=True, allow_none=True)
    unknown = fields.String(required=True, allow_none=True, metadata={"description": "why the figure is unknown"})
    caveat = fields.String(required=True, allow_none=True)
    citation = fields.Nested(CitationSchema, required=True)


class ChecklistItemSchema(Open):
    id = fields.String(required=True)
    text = fields.String(required=True)
    category = fields.String(required=True)
    model = fields.String(required=True, allow_none=True)
    citation = fields.Nested(CitationSchema, required=True)
    rule = fields.String(required=True)


class OpenQuestionSchema(Open):
    id = fields.String(required=True)
    prompt = fields.String(required=True)
    affects = fields.List(fields.String(), required=True)


class ExplanationSchema(Open):
    rule = fields.String(required=True)
    model = fields.String(required=True, allow_none=True)
    because = fields.String(required=True)
    matched = fields.Dict(required=True)
    citation = fields.Nested(CitationSchema, required=True)
    basis = basis_field()


class NearMissSchema(Open):
    """A threshold missed or only just met, or a yes/no answer that alone raised a blocker."""

    kind = fields.String(required=True, validate=validate.OneOf(["threshold", "funding_step", "condition"]))
    status = fields.String(required=True, validate=validate.OneOf(["missed", "barely_met"]))
    rule = fields.String(required=True, allow_none=True)
    model = fields.String(required=True, allow_none=True)
    fact = fields.String(required=True)
    value = fields.Raw(required=True)
    threshold = fields.Raw(required=True)
    gap = fields.Integer(required=True, allow_none=True, metadata={"description": "How far from the threshold"})
    would_change = fields.String(required=True)
    message = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True)


class CoverageTopicSchema(Open):
    """One topic's coverage: `timeless` (the handbook's guidance on structures and their risks),
    `covered` on the date, or `beyond_sources` after `until`, the last contract year the sources reach."""

    id = fields.String(required=True)
    label = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["timeless", "covered", "beyond_sources"]))
    until = fields.String(required=True, allow_none=True)
    citation = fields.Nested(CitationSchema, required=True)


class CoverageSchema(Open):
    """Whether the sources speak to the assessment's contract year."""

    status = fields.String(required=True, validate=validate.OneOf(["covered", "partly", "beyond_sources"]))
    years = fields.List(fields.String(), required=True, metadata={"description": "Contract years the sources cover"})
    partly_years = fields.List(fields.String(), required=True)
    message = fields.String(required=True)
    citation = fields.Nested(CitationSchema, required=True, allow_none=True)
    topics = fields.List(fields.Nested(CoverageTopicSchema), metadata={
        "description": "How far the sources reach for each topic on this date"})
    warning = fields.String(allow_none=True, metadata={
        "description": "What to show first when the date is not squarely inside the sources' years (null when it is)"})


class SurveyShareSchema(Open):
    model = fields.String(required=True)
    share = fields.Float(required=True)
    population_band = fields.Dict(required=True, allow_none=True)
    citation = fields.Nested(CitationSchema, required=True)


class RankingSchema(Open):
    """How the models are ranked (this tool's weighing, not the handbook's) and what others chose."""

    method = fields.String(required=True)
    basis = basis_field()
    why = fields.String(required=True)
    weights = fields.Dict(required=True)
    priorities = fields.List(fields.Dict(), required=True)
    survey = fields.List(fields.Nested(SurveyShareSchema), required=True)


class SaysSchema(Open):
    citation = fields.Nested(CitationSchema, required=True)
    says = fields.String(required=True, metadata={"description": "What this source says, in our words"})


class DisagreementSchema(Open):
    """Where the sources differ on a point, the reading this tool follows, and why."""

    id = fields.String(required=True)
    topic = fields.String(required=True)
    sources = fields.List(fields.Nested(SaysSchema), required=True)
    we_follow = fields.String(required=True)
    why = fields.String(required=True)


class AssessmentSchema(Open):
    """A stored assessment: its id, when and how it was made, and the engine's result."""

    id = fields.String(required=True, metadata={"example": "3f2b0c1e9a8d4f6b8c7d6e5f4a3b2c1d"})
    created_at = fields.DateTime(required=True)
    channel = fields.String(required=True, metadata={"example": "http"})
    rules_version = fields.String(required=True)
    as_of = fields.Date(required=True)
    contract_year = fields.String(required=True, metadata={"example": "2019/20"})
    facts = fields.Dict(required=True, metadata={"description": "The facts as checked and normalised"})
    eligibility = fields.Nested(EligibilitySchema, required=True)
    flags = fields.List(fields.Nested(FlagSchema), required=True)
    models = fields.List(fields.Nested(ModelResultSchema), required=True)
    recommended_model = fields.String(required=True, allow_none=True)
    decision = fields.Nested(DecisionSchema, required=True)
    funding = fields.Nested(FundingSchema, required=True)
    duties = fields.List(fields.Nested(DutySchema), metadata={"description": "What the network must provide (hours a week)"})
    checklist = fields.List(fields.Nested(ChecklistItemSchema), required=True)
    open_questions = fields.List(fields.Nested(OpenQuestionSchema), required=True)
    derived = fields.Dict(required=True)
    explanation = fields.List(fields.Nested(ExplanationSchema), required=True)
    near_misses = fields.List(fields.Nested(NearMissSchema), required=True)
    coverage = fields.Nested(CoverageSchema, required=True)
    ranking = fields.Nested(RankingSchema, required=True)
    disagreements = fields.List(fields.Nested(DisagreementSchema), required=True, metadata={
        "description": "Where the sources disagree on a point this result depends on, and the reading followed"})


class RawList(fields.List):
    """Documented as a list of its inner schema, but each item is checked later, one by one."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list):
            raise ma.ValidationError("must be a list of fact objects")
        return value


def batch_request_schema(facts: type[ma.Schema], limit: int = BATCH_LIMIT) -> type[ma.Schema]:
    """`{"items": [facts, ...]}` with at most `limit` items; items are validated one by one."""
    return ma.Schema.from_dict({"items": RawList(
        fields.Nested(facts), required=True, validate=validate.Length(min=1, max=limit),
        metadata={"description": f"Up to {limit:,} fact sets, each assessed and stored on its own"})},
        name="BatchRequestSchema")


class BatchQuerySchema(ma.Schema):
    """What each stored result carries: a summary with its id (default), or the whole assessment."""

    class Meta:
        unknown = ma.EXCLUDE

    include = fields.String(validate=validate.OneOf(["assessment"]), metadata={
        "description": "`assessment` embeds each full assessment (~100 KB each) instead of a summary"})


class BatchResultSchema(Open):
    """One item's outcome: `201` with the stored assessment's id and summary, or `422` with its field errors."""

    index = fields.Integer(required=True)
    status = fields.Integer(required=True, validate=validate.OneOf([201, 422]))
    id = fields.String()
    location = fields.String()
    contract_year = fields.String()
    eligibility = fields.String(metadata={"description": "The eligibility status"})
    recommended_model = fields.String(allow_none=True)
    assessment = fields.Nested(AssessmentSchema, metadata={"description": "Only with ?include=assessment"})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class BatchResponseSchema(Open):
    """Every item's outcome, in the order sent."""

    created = fields.Integer(required=True)
    failed = fields.Integer(required=True)
    results = fields.List(fields.Nested(BatchResultSchema), required=True)
