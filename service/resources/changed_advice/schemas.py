"""Shapes of /v1/triage/changed-advice: per organisation an adviser serves, the practices whose advice
changed when the guidance was updated."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from core.change_brief import KINDS
from core.changed_advice import LIMIT
from core.orgs import ORG_PATTERN

from ..assessments.schemas import Open


class PairSchema(Open):
    """A value before the update of the guidance and after it."""

    before = fields.String(required=True, allow_none=True)
    after = fields.String(required=True, allow_none=True)


def _pair(description: str) -> fields.Nested:
    return fields.Nested(PairSchema, required=True, allow_none=True, metadata={"description": description})


def _an_org(value: str) -> None:
    if not ORG_PATTERN.fullmatch(value):
        raise ma.ValidationError("must be an organisation name: 1 to 100 of a-z, 0-9, '_', '.', '-', "
                                 "starting with a letter or digit")


class FundingTotalSchema(Open):
    """Total funding in pounds before and after, and the difference (None where either is unknown)."""

    before = fields.Float(required=True, allow_none=True)
    after = fields.Float(required=True, allow_none=True)
    delta = fields.Float(required=True, allow_none=True)


class ChangedPracticeSchema(Open):
    """One practice's latest assessment, changed by the updated guidance."""

    assessment_id = fields.String(required=True, metadata={"description": "The reassessment (the result now)"})
    previous_id = fields.String(required=True, metadata={"description": "The assessment it reassessed"})
    org = fields.String(required=True)
    channel = fields.String(required=True, metadata={"description": "Where it was made: http (the API), slack, "
                                                                    "telegram or web"})
    practice_name = fields.String(required=True, allow_none=True, metadata={
        "description": "The practice or network name its person gave when asking the advisers, if any"})
    population = fields.Integer(required=True, allow_none=True)
    as_of = fields.String(required=True, allow_none=True)
    contract_year = fields.String(required=True)
    reassessed_at = fields.DateTime(required=True)
    what = fields.List(fields.String(validate=validate.OneOf(KINDS)), required=True, metadata={
        "description": "What changed: status (whether and how it qualifies), advice (the model advised, or how "
                       "sure), new_blockers, funding"})
    status = _pair("The eligibility status before and after")
    advised = _pair("The model advised before and after (null: no one model yet)")
    confidence = _pair("How sure the advice was and is")
    recommended = _pair("The top-ranked model before and after")
    new_blockers = fields.List(fields.String(), required=True)
    funding_total = fields.Nested(FundingTotalSchema, required=True)
    told_at = fields.DateTime(required=True, allow_none=True, metadata={
        "description": "When its person was told in their channel (null: not told, e.g. one made over the API)"})


class OrgChangesSchema(Open):
    """One organisation's practices whose advice changed, newest first."""

    org = fields.String(required=True)
    changed = fields.Integer(required=True, metadata={"description": "How many changed (the list may stop at limit)"})
    practices = fields.List(fields.Nested(ChangedPracticeSchema), required=True)


class ChangedAdviceSchema(Open):
    organisations = fields.List(fields.Nested(OrgChangesSchema), required=True)


class ChangedAdviceQuerySchema(ma.Schema):
    """Which organisation (default: every one the key's LMC serves) and how many practices each."""

    class Meta:
        unknown = ma.EXCLUDE

    org = fields.String(validate=_an_org, metadata={
        "pattern": f"^{ORG_PATTERN.pattern}$", "description": "One organisation the key's LMC serves (404 for any other)"})
    limit = fields.Integer(load_default=LIMIT, validate=validate.Range(min=1, max=500),
                           metadata={"description": "At most this many practices per organisation"})
